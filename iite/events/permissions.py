"""Who may do what with events, in one place.

Programme officers run events end to end; content editors edit what the public page
says (description, sessions, speakers, accessibility); Governing Board members read
the staff pages and figures. Registrants manage their own registrations.
"""

from __future__ import annotations

from typing import Any

from .models import Registration

ROLE_PERMISSIONS = {
    "Programme officer": [
        "events.add_event",
        "events.change_event",
        "events.view_event",
        "events.publish_event",
        "events.manage_registrations",
        "events.view_registration",
        "events.import_attendance",
        "events.issue_certificates",
        "events.view_event_figures",
        "events.add_eventsession",
        "events.change_eventsession",
        "events.delete_eventsession",
        "events.add_speaker",
        "events.change_speaker",
        "events.delete_speaker",
        "events.add_registrationquestion",
        "events.change_registrationquestion",
        "events.delete_registrationquestion",
        "events.add_consultationquestion",
        "events.change_consultationquestion",
        "events.delete_consultationquestion",
        "events.view_consultationresponse",
    ],
    "Content editor": [
        "events.view_event",
        "events.change_event",
        "events.add_eventsession",
        "events.change_eventsession",
        "events.delete_eventsession",
        "events.add_speaker",
        "events.change_speaker",
        "events.delete_speaker",
    ],
    "Governing Board member": [
        "events.view_event",
        "events.view_event_figures",
        "events.view_consultationresponse",
    ],
}


def can_access_manage(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_perm("events.view_event"))


def can_create_event(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_perm("events.add_event"))


def can_edit_event(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_perm("events.change_event"))


def can_edit_programme(user: Any) -> bool:
    """Capacity, registration settings, sessions and questions: beyond content editing."""
    return bool(user.is_authenticated and user.has_perm("events.publish_event"))


def can_publish_event(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_perm("events.publish_event"))


def can_manage_registrations(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_perm("events.manage_registrations"))


def can_import_attendance(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_perm("events.import_attendance"))


def can_issue_certificates(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_perm("events.issue_certificates"))


def can_view_figures(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_perm("events.view_event_figures"))


def can_view_consultation_results(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_perm("events.view_consultationresponse"))


def can_cancel_registration(user: Any, registration: Registration) -> bool:
    """The registrant themself, or staff who manage registrations."""
    if not user.is_authenticated:
        return False
    return registration.user_id == user.pk or can_manage_registrations(user)
