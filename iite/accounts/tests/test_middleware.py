import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_removed
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from iite.accounts.middleware import SESSION_KEY

from .factories import PASSWORD, StaffFactory, UserFactory, give_totp, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return StaffFactory(email="officer@iite.example.org")


def test_staff_without_totp_are_sent_to_set_it_up(client, staff):
    """Any other page sends a staff member without TOTP to the activation page."""
    client.force_login(staff)
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_staff_without_totp_may_reach_mfa_setup_and_sign_out(client, staff):
    """The MFA pages, reauthentication and sign-out stay open so set-up can happen."""
    sign_in(client, staff)
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    assert client.get(reverse("mfa_index")).status_code == 200
    assert client.get(reverse("account_reauthenticate")).status_code == 200
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_staff_without_totp_get_403_from_the_api(client, staff):
    """API calls answer 403 in JSON rather than redirecting to a page."""
    client.force_login(staff)
    response = client.get("/api/me/")
    assert response.status_code == 403
    assert "two-factor" in response.json()["detail"]


def test_staff_with_totp_pass_and_the_check_is_not_repeated(client, staff):
    """Once TOTP is found, the session remembers it: later requests do not query for it."""
    give_totp(staff)
    client.force_login(staff)
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert client.session[SESSION_KEY] == staff.pk
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("core:home"))
    assert response.status_code == 200
    assert not [q for q in captured.captured_queries if "mfa_authenticator" in q["sql"]]


def test_removing_totp_makes_the_check_apply_again(client, staff):
    """After the authenticator is removed, the staff member is sent back to set-up."""
    give_totp(staff)
    client.force_login(staff)
    assert client.get(reverse("accounts:profile")).status_code == 200
    authenticator = Authenticator.objects.get(user=staff, type="totp")
    authenticator.delete()

    class FakeRequest:
        session = client.session

    fake = FakeRequest()
    authenticator_removed.send(
        sender=Authenticator, request=fake, user=staff, authenticator=authenticator
    )
    fake.session.save()
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_another_users_flag_does_not_count(client, staff):
    """The remembered flag is tied to the user it was set for."""
    other = StaffFactory(email="other@iite.example.org")
    client.force_login(staff)
    session = client.session
    session[SESSION_KEY] = other.pk
    session.save()
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302


def test_people_who_are_not_staff_are_not_asked_for_totp(client, person):
    """MFA is optional for everyone else."""
    client.force_login(person)
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_anonymous_visitors_pass(client):
    """The middleware leaves visitors alone."""
    assert client.get(reverse("core:home")).status_code == 200


def test_superusers_need_totp_too(client):
    """A superuser, even without the staff flag, is held to the same rule."""
    root = UserFactory(email="root@example.org", is_superuser=True)
    client.force_login(root)
    assert client.get(reverse("accounts:profile"))["Location"] == reverse("mfa_activate_totp")


def test_staff_sign_in_leads_through_password_confirmation_to_totp_setup(client, staff):
    """A new staff member signs in, confirms the password once and reaches TOTP set-up."""
    response = client.post(
        reverse("account_login"), {"login": staff.email, "password": PASSWORD}, follow=True
    )
    final_url = response.redirect_chain[-1][0]
    assert final_url.startswith(reverse("account_reauthenticate"))
    response = client.post(final_url, {"password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("mfa_activate_totp")
    assert 'src="data:image/svg+xml;base64,' in response.content.decode()
