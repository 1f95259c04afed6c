import json

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import translation

from iite.accounts.models import Consent, User
from iite.core import registry
from iite.core.registry import PersonalDataHandler
from iite.programme.models import Participation
from iite.programme.services import participation_record

from .factories import PASSWORD, UserFactory, give_totp, sign_in

pytestmark = pytest.mark.django_db


def signup_data(**overrides):
    data = {
        "name": "Nour Haddad",
        "email": "nour@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "country": "",
        "sex": "female",
        "age_band": "25_34",
        "role": "teacher",
        "institution": "Amman School 4",
        "languages": ["ar", "en"],
        "consent": "on",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "url_name",
    ["account_login", "account_signup", "account_reset_password", "account_reset_password_done"],
)
def test_anonymous_account_pages_use_the_platform_layout(client, url_name):
    """allauth's entrance pages render inside base.html, with our header and labelled inputs."""
    response = client.get(reverse(url_name))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Skip to main content" in content
    assert 'class="site-header"' in content
    assert content.count("<h1") == 1
    if url_name == "account_login":
        assert '<label for="id_login">' in content
        assert '<label for="id_password">' in content


@pytest.mark.parametrize(
    "url_name",
    [
        "account_email",
        "account_change_password",
        "account_logout",
        "mfa_index",
        "mfa_activate_totp",
        "account_reauthenticate",
    ],
)
def test_signed_in_account_pages_use_the_platform_layout(client, person, url_name):
    """allauth's management and MFA pages render inside base.html with the account menu."""
    sign_in(client, person)
    response = client.get(reverse(url_name))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Skip to main content" in content
    if url_name not in {"account_logout", "account_reauthenticate"}:
        assert 'class="account-nav"' in content
    assert content.count("<h1") == 1


def test_totp_activation_page_shows_the_qr_code_inline_and_a_labelled_code_field(client, person):
    """The QR code is a data: URI (no third-party request) and the code input has a label."""
    sign_in(client, person)
    content = client.get(reverse("mfa_activate_totp")).content.decode()
    assert 'src="data:image/svg+xml;base64,' in content
    assert '<label for="id_code">' in content


def test_signup_with_profile_creates_the_account_and_sends_verification(client, countries):
    """Sign-up stores the profile and consent, sends the verification email and does not sign in."""
    response = client.post(
        reverse("account_signup"), signup_data(country=countries["AT"].pk), follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("account_email_verification_sent")
    user = User.objects.get(email="nour@example.org")
    assert (user.name, user.country, user.role, user.languages) == (
        "Nour Haddad",
        countries["AT"],
        "teacher",
        ["en", "ar"],
    )
    assert Consent.objects.filter(user=user, purpose="profile_processing").exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nour@example.org"]
    assert not EmailAddress.objects.get(user=user).verified
    assert "_auth_user_id" not in client.session


def test_signup_without_consent_shows_the_error_at_the_field(client):
    """Missing consent and role are reported at their fields, and no account is made."""
    response = client.post(reverse("account_signup"), signup_data(consent="", role=""))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_consent_errors"' in content
    assert "We can only create your account with your agreement to this." in content
    assert 'id="id_role_errors"' in content
    assert 'aria-invalid="true"' in content
    assert not User.objects.filter(email="nour@example.org").exists()


def test_signup_errors_are_in_the_visitors_language(client):
    """A French visitor reads the field errors in French."""
    with translation.override("fr"):
        url = reverse("account_signup")
    response = client.post(url, signup_data(name="", consent=""))
    content = response.content.decode()
    assert url.startswith("/fr/")
    assert "Ce champ est obligatoire." in content


def test_unverified_account_cannot_sign_in(client):
    """Email verification is mandatory: signing in before it sends the person to verify."""
    client.post(reverse("account_signup"), signup_data())
    response = client.post(
        reverse("account_login"), {"login": "nour@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_verified_person_signs_in_and_lands_on_the_profile(client, person):
    """After sign-in the person arrives at their account page."""
    response = client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")


def test_sixth_failed_login_within_five_minutes_is_refused_with_429(client, person):
    """Five wrong passwords from one address are answered; the sixth attempt gets 429."""
    url = reverse("account_login")
    for _attempt in range(5):
        response = client.post(url, {"login": person.email, "password": "wrong password"})
        assert response.status_code == 200
        assert "The email address and/or password you specified are not correct." in (
            response.content.decode()
        )
    response = client.post(url, {"login": person.email, "password": PASSWORD})
    assert response.status_code == 429
    content = response.content.decode()
    assert "Too many attempts" in content
    assert "Skip to main content" in content
    assert "_auth_user_id" not in client.session


def test_429_page_is_translated(client, person):
    """The throttling page is shown in the visitor's language."""
    with translation.override("ar"):
        url = reverse("account_login")
    for _attempt in range(6):
        response = client.post(url, {"login": person.email, "password": "wrong password"})
    assert response.status_code == 429
    assert 'dir="rtl"' in response.content.decode()
    assert "Too many attempts" not in response.content.decode()


def test_sign_up_is_rate_limited_per_address(client):
    """The eleventh sign-up attempt within an hour from one address gets 429."""
    url = reverse("account_signup")
    for number in range(10):
        response = client.post(url, signup_data(email=f"p{number}@example.org"))
        assert response.status_code == 302
        client.logout()
    response = client.post(url, signup_data(email="p10@example.org"))
    assert response.status_code == 429
    assert not User.objects.filter(email="p10@example.org").exists()


# --- Profile page ---------------------------------------------------------------------------


def test_profile_page_requires_sign_in(client):
    """Visitors are sent to sign in first."""
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_profile_page_shows_the_profile_consents_and_data_rights(client, person, countries):
    """The page pre-fills the profile and links to download, delete and MFA settings."""
    person.country = countries["ES"]
    person.save()
    Consent.objects.create(user=person, purpose="profile_processing", version="2026-11")
    client.force_login(person)
    response = client.get(reverse("accounts:profile"))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'value="Amina Diallo"' in content
    assert f'<option value="{countries["ES"].pk}" selected>Spain</option>' in content
    assert "Processing of my profile" in content
    assert "wording version 2026-11" in content
    assert f'href="{reverse("accounts:data_export")}"' in content
    assert f'href="{reverse("accounts:delete")}"' in content
    assert f'href="{reverse("mfa_index")}"' in content


def test_countries_are_listed_by_name_in_the_active_language(client, person, countries):
    """In French the Member States are ordered by their French names."""
    client.force_login(person)
    with translation.override("fr"):
        url = reverse("accounts:profile")
    content = client.get(url).content.decode()
    positions = [content.index(name) for name in ("Allemagne", "Autriche", "Espagne")]
    assert positions == sorted(positions)


def test_profile_edit_saves_and_reaches_participation(client, person, activity, countries):
    """Editing the profile saves it and updates the person's participation records."""
    participation_record(activity=activity, person=person)
    client.force_login(person)
    response = client.post(
        reverse("accounts:profile"),
        {
            "name": "Amina D.",
            "country": countries["DE"].pk,
            "sex": "not_stated",
            "age_band": "35_44",
            "role": "researcher",
            "institution": "",
            "languages": ["fr"],
            "preferred_language": "fr",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.name, person.role, person.preferred_language) == ("Amina D.", "researcher", "fr")
    record = Participation.objects.get()
    assert (record.country_id, record.person_role, record.sex) == (
        countries["DE"].pk,
        "researcher",
        "not_stated",
    )


def test_profile_edit_with_bad_input_shows_field_errors_and_writes_nothing(client, person):
    """An unknown role and a missing name are reported at their fields; nothing is saved."""
    client.force_login(person)
    response = client.post(
        reverse("accounts:profile"),
        {"name": "", "sex": "robot", "age_band": "25_34", "role": "teacher"},
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_name_errors"' in content
    assert 'id="id_sex_errors"' in content
    assert "Select a valid choice. robot is not one of the available choices." in content
    person.refresh_from_db()
    assert (person.name, person.sex) == ("Amina Diallo", "female")


# --- Download my data ----------------------------------------------------------------------


def test_download_my_data_is_a_json_attachment_with_everything_held(client, person, monkeypatch):
    """The file holds the profile, consents, email addresses and every domain's section."""
    monkeypatch.setattr(
        registry,
        "personal_data_handlers",
        [
            *registry.personal_data_handlers,
            PersonalDataHandler("events", lambda user: [{"registered_for": "Webinar 1"}]),
        ],
    )
    monkeypatch.setattr(
        "iite.accounts.selectors.personal_data_handlers", registry.personal_data_handlers
    )
    Consent.objects.create(user=person, purpose="profile_processing", version="2026-11")
    client.force_login(person)
    response = client.get(reverse("accounts:data_export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="iite-my-data-')
    data = json.loads(response.content)
    assert data["format"] == "iite-personal-data/1"
    assert data["account"]["profile"]["email"] == "amina@example.org"
    assert data["account"]["profile"]["name"] == "Amina Diallo"
    assert data["account"]["profile"]["person_key"] == str(person.person_key)
    assert data["account"]["consents"][0]["version"] == "2026-11"
    assert data["account"]["consents"][0]["text"].startswith("I agree that UNESCO IITE")
    assert data["account"]["email_addresses"] == [
        {"email": "amina@example.org", "verified": True, "primary": True}
    ]
    assert data["events"] == [{"registered_for": "Webinar 1"}]
    assert "password" not in json.dumps(data)


def test_download_my_data_requires_sign_in(client):
    """Nobody downloads data without signing in."""
    response = client.get(reverse("accounts:data_export"))
    assert response.status_code == 302


# --- Delete my account ---------------------------------------------------------------------


def test_delete_page_explains_what_happens(client, person):
    """The confirmation page says what is erased and what is kept anonymised."""
    client.force_login(person)
    content = client.get(reverse("accounts:delete")).content.decode()
    assert "cannot be undone" in content
    assert "kept without your name" in content
    assert '<label for="id_password">' in content


def test_delete_with_wrong_password_keeps_the_account(client, person):
    """A wrong password is reported at the field and nothing is deleted."""
    client.force_login(person)
    response = client.post(reverse("accounts:delete"), {"password": "not it"})
    assert response.status_code == 400
    assert "This is not your current password." in response.content.decode()
    assert User.objects.filter(pk=person.pk).exists()


def test_delete_with_password_erases_the_account_and_keeps_participation(client, person, activity):
    """The account goes, the person is signed out and participation stays anonymised."""
    participation_record(activity=activity, person=person, completed=True)
    key = person.person_key
    client.force_login(person)
    response = client.post(reverse("accounts:delete"), {"password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("core:home")
    assert "Your account and your personal data have been deleted." in response.content.decode()
    assert not User.objects.filter(email="amina@example.org").exists()
    assert "_auth_user_id" not in client.session
    record = Participation.objects.get()
    assert (record.person, record.person_key, record.completed) == (None, key, True)


def test_superuser_cannot_delete_their_own_account(client):
    """The platform keeps its administrator: a superuser's own deletion is refused."""
    admin = UserFactory(email="root@example.org", is_superuser=True, is_staff=True)
    give_totp(admin)
    client.force_login(admin)
    response = client.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert response.status_code == 403
    assert User.objects.filter(pk=admin.pk).exists()
