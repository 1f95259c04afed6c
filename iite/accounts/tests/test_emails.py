"""Account e-mails: the platform's own name and address, the reader's language, and signing in."""

import re

import pytest
from django.contrib.sites.models import Site
from django.core import mail
from django.urls import reverse
from django.utils import translation

from iite.accounts.models import User
from iite.core.sites import site_sync

from .factories import UserFactory
from .test_views import signup_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def platform_site(settings):
    settings.SITE_URL = "https://platform.iite.example.org"
    settings.SITE_NAME = "UNESCO IITE Platform"


def test_the_sites_row_follows_settings_after_migrate(platform_site):
    """After migrate the Sites framework's row carries SITE_NAME and SITE_URL's host."""
    Site.objects.filter(pk=1).update(name="example.com", domain="example.com")
    site_sync()
    site = Site.objects.get(pk=1)
    assert (site.name, site.domain) == ("UNESCO IITE Platform", "platform.iite.example.org")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_signup_email_names_the_platform_never_example_com(client, platform_site, language):
    """The confirmation e-mail greets from the platform's name and domain, in the page's language."""
    Site.objects.filter(pk=1).update(name="example.com", domain="example.com")
    with translation.override(language):
        url = reverse("account_signup")
    client.post(url, signup_data())
    [message] = mail.outbox
    assert "example.com" not in message.body
    assert "UNESCO IITE Platform" in message.body
    assert "platform.iite.example.org" in message.body
    with translation.override(language):
        hello = translation.gettext("Hello from %(site_name)s!") % {
            "site_name": "UNESCO IITE Platform"
        }
    assert hello in message.body


@pytest.mark.parametrize("language", ["ru", "fr"])
def test_password_reset_email_is_in_the_readers_language(client, platform_site, language):
    """Asked for from the English page, the reset e-mail reaches the person in their own language."""
    person = UserFactory(preferred_language=language)
    client.post(reverse("account_reset_password"), {"email": person.email})
    [message] = mail.outbox
    with translation.override(language):
        hello = translation.gettext("Hello from %(site_name)s!") % {
            "site_name": "UNESCO IITE Platform"
        }
    assert hello != "Hello from UNESCO IITE Platform!"
    assert hello in message.body
    assert "example.com" not in message.body


def test_following_the_confirmation_link_signs_the_person_in(client):
    """Confirming the address signs the new person in: no second trip through the login form."""
    client.post(reverse("account_signup"), signup_data())
    [message] = mail.outbox
    link = re.search(r"https?://\S+/confirm-email/\S+/", message.body)
    assert link is not None
    path = link.group(0).split("://", 1)[1].split("/", 1)[1]
    response = client.post("/" + path)
    assert response.status_code == 302
    person = User.objects.get(email="nour@example.org")
    assert client.session.get("_auth_user_id") == str(person.pk)
    assert person.emailaddress_set.get().verified
