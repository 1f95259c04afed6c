"""Writes to accounts: sign-up profile, profile edits, consent, account deletion, staff roles."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from auditlog.context import disable_auditlog
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from iite.core.audit import audit_personal_data_erase
from iite.core.i18n import active_language
from iite.core.registry import STAFF_ROLES, personal_data_handlers, role_permissions
from iite.core.zones import valid_zone

from .consent import PROFILE_PROCESSING_VERSION
from .models import AgeBand, Consent, ConsentPurpose, Sex, User
from .selectors import account_in_trail
from .signals import profile_changed

logger = logging.getLogger(__name__)

ACCOUNTS_HANDLER_NAME = "account"


def _apply_profile(user: User, data: dict[str, Any]) -> list[str]:
    """Copy the profile answers onto the user; returns the names of the fields that changed."""
    values: dict[str, Any] = {}
    if "name" in data:
        values["name"] = (data["name"] or "").strip()
    if "country" in data:
        values["country_id"] = data["country"].pk if data["country"] is not None else None
    if "sex" in data:
        values["sex"] = data["sex"] or Sex.NOT_STATED
    if "age_band" in data:
        values["age_band"] = data["age_band"] or AgeBand.NOT_STATED
    if "role" in data:
        values["role"] = data["role"] or ""
    if "institution" in data:
        values["institution"] = (data["institution"] or "").strip()
    if "languages" in data:
        chosen = set(data["languages"] or [])
        values["languages"] = [code for code in settings.LANGUAGE_CODES if code in chosen]
    if data.get("preferred_language"):
        values["preferred_language"] = data["preferred_language"]
    if "time_zone" in data:
        values["time_zone"] = valid_zone(data["time_zone"]) or ""
    changed = []
    for field, value in values.items():
        if getattr(user, field) != value:
            setattr(user, field, value)
            changed.append(field.removesuffix("_id"))
    return changed


@transaction.atomic
def consent_record(
    *,
    user: User,
    purpose: str = ConsentPurpose.PROFILE_PROCESSING,
    version: str = PROFILE_PROCESSING_VERSION,
    language: str | None = None,
) -> Consent:
    """Record that the person agreed to `purpose` in wording `version`; idempotent."""
    consent, created = Consent.objects.get_or_create(
        user=user,
        purpose=purpose,
        version=version,
        defaults={"language": language or active_language(), "given_at": timezone.now()},
    )
    if not created and consent.withdrawn_at is not None:
        consent.withdrawn_at = None
        consent.given_at = timezone.now()
        consent.save(update_fields=["withdrawn_at", "given_at"])
    return consent


@transaction.atomic
def user_complete_signup(
    *, user: User, data: dict[str, Any], request: HttpRequest | None = None
) -> User:
    """Store the sign-up profile and the consent it was given under."""
    _apply_profile(user, data)
    if not user.preferred_language:
        user.preferred_language = active_language()
    user.save()
    if data.get("consent"):
        consent_record(user=user, language=active_language())
    return user


@transaction.atomic
def profile_update(*, user: User, data: dict[str, Any]) -> list[str]:
    """Save profile changes and announce them (`profile_changed`) in the same transaction.

    Returns the changed field names. Participation copies country, sex, age band and
    role so the indicators read one table; the programme follows the profile on the signal.
    """
    changed = _apply_profile(user, data)
    if changed:
        user.save(update_fields=changed)
        profile_changed.send(sender=User, user=user, fields=frozenset(changed))
    return changed


def time_zone_detected_save(*, user: User, zone: str) -> bool:
    """Keep the zone the person's browser reports, unless they have one (theirs wins)."""
    zone_name = valid_zone(zone)
    if zone_name is None or user.time_zone:
        return False
    user.time_zone = zone_name
    user.save(update_fields=["time_zone"])
    return True


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Erase the person: every domain's eraser, the audit trail, allauth's records, the user.

    Participation records stay with their pseudonymous person_key (the foreign key is
    SET_NULL), so indicators still count the person without naming them. The erasers
    write without audit entries (an entry would repeat the value erased). The trail is
    erased last, with what names the person taken before anything goes: entries about
    their own records go, their names and addresses are replaced in every other entry,
    and the changes they made stay, no longer attributable to them.
    """

    in_trail = account_in_trail(user)
    with disable_auditlog():
        for handler in personal_data_handlers:
            if handler.eraser is not None and handler.name != ACCOUNTS_HANDLER_NAME:
                handler.eraser(user)
        audit_personal_data_erase(in_trail, user)
        Authenticator.objects.filter(user=user).delete()
        EmailAddress.objects.filter(user=user).delete()
        Consent.objects.filter(user=user).delete()
        user.delete()


# --- Staff roles ---------------------------------------------------------------------------


def _permissions_by_name(names: set[str]) -> tuple[list[Permission], list[str]]:
    found: list[Permission] = []
    missing: list[str] = []
    for name in sorted(names):
        app_label, _sep, codename = name.partition(".")
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if permission is None:
            missing.append(name)
        else:
            found.append(permission)
    return found, missing


@transaction.atomic
def staff_roles_sync() -> str:
    """Create the staff-role groups (seven) and give each exactly its registered permissions.

    Domains register their roles' permissions in AppConfig.ready(); this runs from
    setup_platform, after every app is ready. Names that do not exist (yet) are logged
    and skipped, so a domain can register before its models are migrated.
    """
    total = 0
    all_missing: list[str] = []
    for role in STAFF_ROLES:
        group, _created = Group.objects.get_or_create(name=role)
        permissions, missing = _permissions_by_name(role_permissions.get(role, set()))
        group.permissions.set(permissions)
        total += len(permissions)
        for name in missing:
            logger.warning("Staff role %r: permission %r does not exist; skipped.", role, name)
        all_missing.extend(missing)
    summary = f"{len(STAFF_ROLES)} staff roles, {total} permissions"
    if all_missing:
        summary += f"; skipped unknown: {', '.join(sorted(set(all_missing)))}"
    return summary


# Roles held by the institute's own people (and its Governing Board).
INSTITUTE_ROLES = tuple(role for role in STAFF_ROLES if role != "Partner focal point")


@transaction.atomic
def staff_role_assign(*, user: User, role: str) -> User:
    """Give a person a role; institute roles make them staff, so TOTP becomes mandatory.

    A partner focal point works for another organisation: the role lets them update
    their own organisation's profile, and does not make them IITE staff.
    """
    if role not in STAFF_ROLES:
        raise ValueError(f"Unknown staff role {role!r}.")
    group, _created = Group.objects.get_or_create(name=role)
    user.groups.add(group)
    if role in INSTITUTE_ROLES and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return user


@transaction.atomic
def staff_role_remove(*, user: User, role: str) -> User:
    """Take a staff role away; with no role left (and not superuser) they stop being staff."""
    user.groups.remove(*Group.objects.filter(name=role))
    if (
        user.is_staff
        and not user.is_superuser
        and not user.groups.filter(name__in=INSTITUTE_ROLES).exists()
    ):
        user.is_staff = False
        user.save(update_fields=["is_staff"])
    return user


@transaction.atomic
def user_create_many(*, people: Iterable[Mapping[str, Any]]) -> dict[str, User]:
    """Accounts for people known from records rather than from signing up (the demo data
    set, a partner's list of participants).

    Each mapping holds an email and profile fields (name, country, sex, age_band, role,
    preferred_language). The accounts are written in one statement with no usable
    password, so nobody signs in as them until the person resets it; an email that has
    an account already keeps it unchanged. Returns the account of every email, lowercased.
    """
    specs = {str(person["email"]).strip().lower(): dict(person) for person in people}
    existing = set(User.objects.filter(email__in=list(specs)).values_list("email", flat=True))
    unusable = make_password(None)
    User.objects.bulk_create(
        [
            User(**{**spec, "email": email, "password": unusable})
            for email, spec in specs.items()
            if email not in existing
        ],
        batch_size=500,
    )
    return User.objects.in_bulk(list(specs), field_name="email")


def user_person_key_adopt(*, user: User, person_key: uuid.UUID) -> User:
    """The account becomes a person the institute already knew (from an attendance report
    or a sign-in sheet): it takes that person's pseudonymous key, so their earlier
    participation counts as this account's. The caller (programme) moves the records."""
    if user.person_key != person_key:
        User.objects.filter(pk=user.pk).update(person_key=person_key)
        user.person_key = person_key
    return user
