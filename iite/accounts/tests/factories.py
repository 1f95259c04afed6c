"""Factories for people: every domain's tests take their users from here."""

from __future__ import annotations

import factory
from allauth.account.models import EmailAddress

from iite.accounts.models import User

PASSWORD = "correct horse battery staple 42"


class UserFactory(factory.django.DjangoModelFactory):
    """A person with a verified primary email address, able to sign in."""

    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Sequence(lambda n: f"Person {n}")
    sex = "female"
    age_band = "25_34"
    role = "teacher"
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified_email(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )


class StaffFactory(UserFactory):
    is_staff = True


def give_totp(user: User) -> None:
    """Activate an authenticator app for the user, as allauth does after a valid code."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(user, generate_totp_secret())


def sign_in(client: object, user: User) -> None:
    """Sign in through allauth's login form, so its authentication records exist."""
    from django.urls import reverse

    response = client.post(  # type: ignore[attr-defined]
        reverse("account_login"), {"login": user.email, "password": PASSWORD}
    )
    assert response.status_code == 302, response.content
    # allauth asks for the password again before MFA changes; do it now.
    response = client.post(  # type: ignore[attr-defined]
        reverse("account_reauthenticate"), {"password": PASSWORD}
    )
    assert response.status_code == 302, response.content
