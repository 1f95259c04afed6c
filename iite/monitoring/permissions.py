"""Who may do what with the results framework's monitoring records.

* The public sees the public summary (/results/) and the public activities behind its
  figures: aggregates only, never a person.
* Governing Board members read everything (staff dashboard, workplans, reviews,
  risks, reported values, the annual report) and change nothing.
* Programme officers and administrators edit workplans, reviews, reported values and
  risks; only administrators record the Board's approval of a workplan.
"""

from __future__ import annotations

from typing import Any

from iite.core.registry import register_role_permissions

MODELS = (
    "reportedvalue",
    "workplan",
    "workplanitem",
    "workplanreview",
    "risk",
    "mitigationaction",
    "riskreview",
)
VIEW = [f"monitoring.view_{name}" for name in MODELS] + ["monitoring.view_results_dashboard"]
EDIT = [f"monitoring.{verb}_{name}" for name in MODELS for verb in ("add", "change", "delete")]


def register() -> None:
    register_role_permissions("Governing Board member", VIEW)
    register_role_permissions("Programme officer", VIEW + EDIT)
    register_role_permissions("Administrator", [*VIEW, *EDIT, "monitoring.approve_workplan"])


def can_view_staff_pages(user: Any) -> bool:
    """Staff dashboard, workplans, risks, reported values and the annual report."""
    return bool(user.is_authenticated and user.has_perm("monitoring.view_results_dashboard"))


def can_see_non_public_records(user: Any) -> bool:
    """Non-public activities and participation counts behind a figure."""
    return can_view_staff_pages(user)


def can_edit_reported_values(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_perm("monitoring.change_reportedvalue"))


def can_edit_workplans(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_perm("monitoring.change_workplan"))


def can_approve_workplans(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_perm("monitoring.approve_workplan"))


def can_edit_risks(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_perm("monitoring.change_risk"))
