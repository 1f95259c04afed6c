"""Who may see and change what in the partner registry, in one place.

Rules
-----
* Staff who hold ``partners.view_partner`` see the whole directory and every profile.
* A partner focal point (a user linked to a Partner by a FocalPoint record AND holding
  ``partners.update_own_partner``, which the "Partner focal point" role gives) sees and
  updates their own organisation's profile only, and only its public-facing fields.
* Programme officers (``partners.change_partner``) manage the partners of their unit's
  activities. Units come from ``programme.UnitMembership`` when that model exists (it
  is looked up at run time, so this app does not depend on it); a partner with no
  activity of any unit yet can be managed by any officer, so that a new partner can be
  entered before it is linked. Without the model, an officer with ``change_partner`` manages
  every partner. Administrators (superusers, or ``partners.merge_partner``) manage all.
* Financial figures (budget lines, extrabudgetary amounts, in-kind values) are visible
  to holders of ``partners.view_financials``: the Administrator and Governing Board
  member roles. Changing them needs the model's own change/add permission as well.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models import Model

from .models import FocalPoint, Partner

FOCAL_POINT_PERMISSION = "partners.update_own_partner"


def _signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_focal_point_of(user: Any, partner: Partner) -> bool:
    """A focal point with the role, linked to this very partner."""
    if not _signed_in(user) or not user.has_perm(FOCAL_POINT_PERMISSION):
        return False
    return FocalPoint.objects.filter(user=user, partner=partner).exists()


def own_partners(user: Any) -> list[Partner]:
    """The organisations a focal point may update (empty for everyone else)."""
    if not _signed_in(user) or not user.has_perm(FOCAL_POINT_PERMISSION):
        return []
    return list(
        Partner.objects.filter(focal_points__user=user).select_related("country").distinct()
    )


def can_view_directory(user: Any) -> bool:
    return _signed_in(user) and user.has_perm("partners.view_partner")


def can_view_partner(user: Any, partner: Partner) -> bool:
    """The full (staff) profile: staff with view_partner, or the partner's own focal point."""
    return can_view_directory(user) or is_focal_point_of(user, partner)


def unit_membership_model() -> type[Model] | None:
    """programme.UnitMembership if the programme domain defines it, else None."""
    try:
        app_label, model_name = "programme", "UnitMembership"
        return apps.get_model(app_label, model_name)
    except LookupError:
        return None


def officer_unit_ids(user: Any) -> set[int] | None:
    """The programme units a user belongs to, or None when units are not recorded."""
    model = unit_membership_model()
    if model is None:
        return None
    user_field = unit_field = None
    for field in model._meta.get_fields():
        related = getattr(field, "related_model", None)
        if not getattr(field, "many_to_one", False) or related is None:
            continue
        if related._meta.label_lower == "strategy.programmeunit":
            unit_field = field.name
        elif related._meta.label_lower == user._meta.label_lower:
            user_field = field.name
    if user_field is None or unit_field is None:
        return None
    return set(
        model._default_manager.filter(**{user_field: user}).values_list(
            f"{unit_field}_id", flat=True
        )
    )


def is_administrator(user: Any) -> bool:
    return _signed_in(user) and (user.is_superuser or user.has_perm("partners.merge_partner"))


def can_manage_partner(user: Any, partner: Partner | None = None) -> bool:
    """Change every field of a partner (and its agreements, focal points, engagements)."""
    if not _signed_in(user) or not user.has_perm("partners.change_partner"):
        return False
    if partner is None or is_administrator(user):
        return True
    units = officer_unit_ids(user)
    if units is None:
        return True
    partner_units = set(
        partner.activities.filter(unit__isnull=False).values_list("unit_id", flat=True)
    )
    if not partner_units:
        return True
    return bool(units & partner_units)


def can_add_partner(user: Any) -> bool:
    return _signed_in(user) and user.has_perm("partners.add_partner")


def can_update_profile(user: Any, partner: Partner) -> bool:
    """Update the profile: managers fully, the partner's own focal point its public fields."""
    return can_manage_partner(user, partner) or is_focal_point_of(user, partner)


def can_merge_partners(user: Any, kept: Partner, removed: Partner) -> bool:
    return (
        _signed_in(user)
        and user.has_perm("partners.merge_partner")
        and can_manage_partner(user, kept)
        and can_manage_partner(user, removed)
    )


def can_view_financials(user: Any) -> bool:
    return _signed_in(user) and user.has_perm("partners.view_financials")


def can_edit_financials(user: Any, model_name: str) -> bool:
    return can_view_financials(user) and user.has_perm(f"partners.change_{model_name}")


def can_view_agreement_documents(user: Any, partner: Partner) -> bool:
    """Signed documents: staff who manage the partner, and Board/admin readers."""
    return can_manage_partner(user, partner) or can_view_financials(user)


def can_view_engagements(user: Any) -> bool:
    return _signed_in(user) and user.has_perm("partners.view_memberstateengagement")


def can_manage_engagements(user: Any) -> bool:
    return _signed_in(user) and user.has_perm("partners.change_memberstateengagement")


ROLE_PERMISSIONS: dict[str, list[str]] = {
    "Administrator": [
        f"partners.{action}_{model}"
        for model in (
            "partner",
            "focalpoint",
            "agreement",
            "agreementdocument",
            "memberstateengagement",
            "budgetline",
            "budgetallocation",
            "extrabudgetaryproject",
            "inkindcontribution",
        )
        for action in ("view", "add", "change", "delete")
    ]
    + ["partners.view_financials", "partners.merge_partner", "partners.view_partnermerge"],
    "Programme officer": [
        "partners.view_partner",
        "partners.add_partner",
        "partners.change_partner",
        "partners.view_focalpoint",
        "partners.add_focalpoint",
        "partners.change_focalpoint",
        "partners.delete_focalpoint",
        "partners.view_agreement",
        "partners.add_agreement",
        "partners.change_agreement",
        "partners.view_agreementdocument",
        "partners.add_agreementdocument",
        "partners.view_memberstateengagement",
        "partners.change_memberstateengagement",
        "partners.add_memberstateengagement",
    ],
    "Governing Board member": [
        "partners.view_partner",
        "partners.view_agreement",
        "partners.view_memberstateengagement",
        "partners.view_financials",
        "partners.view_budgetline",
        "partners.view_budgetallocation",
        "partners.view_extrabudgetaryproject",
        "partners.view_inkindcontribution",
    ],
    "Partner focal point": [FOCAL_POINT_PERMISSION],
}
