"""Reads about a person's own account: their profile, consents and everything held on them."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from iite.core.audit import (
    PersonInTrail,
    audit_personal_data_export,
    history_for,
    person_in_trail,
)
from iite.core.registry import personal_data_handlers
from iite.reference.selectors import country_name

from .consent import consent_text
from .models import Consent, User

EXPORT_FORMAT = "iite-personal-data/1"


def consents_for(user: User) -> QuerySet[Consent]:
    return Consent.objects.filter(user=user).order_by("-given_at")


def profile_data(user: User) -> dict[str, Any]:
    """The profile as stored, with readable labels beside the coded answers."""
    country = user.country
    return {
        "email": user.email,
        "name": user.name,
        "country": (
            {"iso2": country.iso2, "iso3": country.iso3, "name": country_name(country)}
            if country is not None
            else None
        ),
        "sex": user.sex,
        "sex_label": str(user.get_sex_display()) if user.sex else "",
        "age_band": user.age_band,
        "age_band_label": str(user.get_age_band_display()) if user.age_band else "",
        "role": user.role,
        "role_label": str(user.get_role_display()) if user.role else "",
        "institution": user.institution,
        "languages": list(user.languages or []),
        "preferred_language": user.preferred_language,
        "time_zone": user.time_zone,
        "person_key": str(user.person_key),
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "is_staff": user.is_staff,
        "staff_roles": sorted(user.groups.values_list("name", flat=True)),
    }


def account_personal_data(user: User) -> dict[str, Any]:
    """The accounts domain's part of "Download my data"."""

    return {
        "profile": profile_data(user),
        "consents": [
            {
                "purpose": consent.purpose,
                "purpose_label": str(consent.get_purpose_display()),
                "version": consent.version,
                "text": consent_text(consent.purpose, consent.version),
                "language": consent.language,
                "given_at": consent.given_at.isoformat(),
                "withdrawn_at": consent.withdrawn_at.isoformat() if consent.withdrawn_at else None,
            }
            for consent in consents_for(user)
        ],
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
        ],
        # The kind and dates only: secrets and recovery codes never leave the server.
        "authenticators": [
            {
                "type": authenticator.type,
                "created_at": authenticator.created_at.isoformat(),
                "last_used_at": (
                    authenticator.last_used_at.isoformat() if authenticator.last_used_at else None
                ),
            }
            for authenticator in Authenticator.objects.filter(user=user).order_by("created_at")
        ],
    }


def account_identifying_values(user: User) -> set[str]:
    """Every e-mail address and name the person has had here: what names them elsewhere.

    Their account's own history holds the earlier ones (a name corrected, an address
    changed), so erasure finds the entries written before the change too.
    """

    values = {user.email, user.name}
    values.update(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    for entry in history_for(user):
        for field, change in entry.changes_dict.items():
            if field in {"email", "name"}:
                values.update(str(value) for value in change if value and value != "None")
    return {value for value in values if value}


def account_in_trail(user: User) -> PersonInTrail:
    return person_in_trail(user, account_identifying_values(user))


def account_audit_data(user: User) -> dict[str, Any]:
    """The audit trail's part of "Download my data"."""
    return audit_personal_data_export(account_in_trail(user), user)


def user_data_export(user: User) -> dict[str, Any]:
    """Everything the platform holds about the person, one section per domain."""
    data: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "exported_at": timezone.now().isoformat(),
    }
    for handler in personal_data_handlers:
        data[handler.name] = handler.exporter(user)
    return data


def user_language(user: Any, default: str | None = None) -> str:
    """The language to write to this person in: their preference, else `default`, else the site's.

    Every e-mail is rendered in it, whatever language the request that triggered it used.
    """
    preferred = (getattr(user, "preferred_language", "") or "").lower().replace("_", "-")
    if preferred.startswith("zh"):
        preferred = "zh-hans"
    if preferred in settings.LANGUAGE_CODES:
        return preferred
    return default or settings.LANGUAGE_CODE
