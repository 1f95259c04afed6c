import re

import pytest
from django.core import mail

from iite.accounts.models import Consent, User
from iite.reference.tests.factories import CountryFactory

from .factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_signs_up_verifies_signs_in_and_reads_their_profile_in_arabic(page, axe):
    """Sign up with the profile, confirm the emailed link, sign in, switch to Arabic."""
    CountryFactory(iso2="JO", iso3="JOR", name={"en": "Jordan", "ar": "الأردن"})
    CountryFactory(iso2="KE", iso3="KEN", name={"en": "Kenya", "ar": "كينيا"})

    page.goto("/en/accounts/signup/")
    assert axe(page) == []
    page.get_by_label("Name", exact=True).fill("Nour Haddad")
    page.get_by_label("Email", exact=True).fill("nour@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_label("Member State of residence", exact=True).select_option(label="Jordan")
    page.get_by_label("Female", exact=True).check()
    page.get_by_label("Age band", exact=True).select_option("25_34")
    page.get_by_label("Role", exact=True).select_option(label="Teacher")
    page.get_by_label("Institution", exact=True).fill("Amman School 4")
    page.get_by_label("Arabic", exact=True).check()
    page.locator("#id_consent").check()
    page.get_by_role("button", name="Sign Up").click()
    page.wait_for_url("**/accounts/confirm-email/")
    assert page.get_by_role("heading", level=1).inner_text() == "Verify Your Email Address"

    user = User.objects.get(email="nour@example.org")
    assert (user.country.iso2, user.sex, user.role, user.languages) == (
        "JO",
        "female",
        "teacher",
        ["ar"],
    )
    assert Consent.objects.filter(user=user).count() == 1
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/confirm-email/\S+/", mail.outbox[0].body).group(0)

    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    # Confirming the address signs the person in (ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION).
    page.wait_for_url("**/en/me/")
    assert page.get_by_label("Name", exact=True).input_value() == "Nour Haddad"
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(lambda url: "/me/" not in url)

    page.goto("/en/accounts/login/")
    assert axe(page) == []
    page.get_by_label("Email", exact=True).fill("nour@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/en/me/")
    assert page.get_by_label("Name", exact=True).input_value() == "Nour Haddad"

    page.get_by_role("link", name="العربيّة").click()
    page.wait_for_url("**/ar/me/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.get_by_role("heading", level=1).inner_text() != "My account"
    assert page.locator("#id_country option:checked").inner_text() == "الأردن"
    assert axe(page) == []
