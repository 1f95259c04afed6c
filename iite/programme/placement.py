"""Where an activity sits in the programme: the workplan items a delivery form can offer.

Workplans belong to monitoring, a layer above events, learning and the programme. So
that an event or course form can place its activity on an item of the year's workplan
without importing monitoring, monitoring registers here (in its AppConfig.ready) how to
list the items still open and how to link one to an activity; the programme's
`activity_for_delivery_save` calls the link when it is given an item.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from iite.core.fields import KeyedModelChoiceField, KeyedModelMultipleChoiceField
from iite.strategy.models import ProgrammePillar, ProgrammeUnit, StrategicObjective
from iite.strategy.selectors import period_current

from . import permissions
from .models import Activity, ActivityStatus


@dataclass(frozen=True)
class WorkplanSource:
    # choices() -> [(item id, label)]: the items of current workplans without an activity.
    choices: Callable[[], list[tuple[int, str]]]
    # link(item_id=, activity=) -> None: records that the item is carried out by the activity.
    link: Callable[..., Any]


_sources: list[WorkplanSource] = []


def register_workplan_source(source: WorkplanSource) -> None:
    """Called once by the monitoring app; a second registration replaces the first."""
    _sources[:] = [source]


def workplan_item_choices() -> list[tuple[int, str]]:
    """The workplan items an activity can be placed on; none when monitoring is absent."""
    return _sources[0].choices() if _sources else []


def workplan_item_link(*, item_id: int, activity: Any) -> None:
    if not _sources:
        raise ValueError("No workplan source is registered.")
    _sources[0].link(item_id=item_id, activity=activity)


# --- The placement fields of a delivery form (event, course) -------------------------------


class PlacementFormMixin:
    """Unit, pillars, objectives and workplan item on an event or course form, or an
    existing activity to attach to (so one piece of work never counts twice).

    Call `placement_init` at the end of the form's __init__; clean() checks the choice and
    `service_values()` gives the service its keyword arguments. The units
    offered are the units the staff member belongs to (all units of the period for
    administrators, and for staff who belong to none, such as content editors); the
    default is their first unit.
    """

    PLACEMENT_FIELDS = ("activity", "unit", "pillars", "objectives", "workplan_item")

    if TYPE_CHECKING:  # provided by the form class it is mixed into
        fields: dict[str, forms.Field]
        data: Any
        initial: Any
        cleaned_data: dict[str, Any]

        def add_error(self, field: str | None, error: Any) -> None: ...

    def placement_init(
        self, *, user: Any, activity: Activity | None, attachable: QuerySet[Activity] | None
    ) -> None:
        self.placement_user = user
        self.placement_activity = activity
        self.placement_default: ProgrammeUnit | None = None
        period = activity.period if activity is not None else period_current()
        units = ProgrammeUnit.objects.filter(period=period).order_by("order", "code")
        own = permissions.user_unit_ids(user)
        if own and not permissions.can_edit_all_activities(user):
            current = activity.unit_id if activity is not None else None
            units = units.filter(Q(pk__in=own) | Q(pk=current))
        if activity is None and attachable is not None:
            if not permissions.can_edit_all_activities(user):
                attachable = attachable.filter(unit_id__in=own)
            self.fields["activity"] = KeyedModelChoiceField(
                label=_("Attach to an existing activity"),
                # Work still to be carried out: planned or under way.
                queryset=attachable.filter(
                    period=period, status__in=(ActivityStatus.PLANNED, ActivityStatus.ONGOING)
                ).order_by("-start_date", "code"),
                required=False,
                help_text=_(
                    "When this is part of an activity already planned, choose it: the work is "
                    "then counted once, and the activity keeps its unit, pillars and objectives."
                ),
            )
        self.fields["unit"] = KeyedModelChoiceField(
            label=_("Programme unit"), queryset=units, required=False
        )
        self.fields["pillars"] = KeyedModelMultipleChoiceField(
            label=_("Programme pillars"),
            queryset=ProgrammePillar.objects.filter(period=period).order_by("order", "code"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["objectives"] = KeyedModelMultipleChoiceField(
            label=_("Strategic objectives"),
            queryset=StrategicObjective.objects.filter(period=period).order_by("order", "code"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        items = workplan_item_choices()
        if items:
            self.fields["workplan_item"] = forms.TypedChoiceField(
                label=_("Workplan item (optional)"),
                choices=[("", "—"), *items],
                coerce=int,
                empty_value=None,
                required=False,
            )
        if activity is not None:
            self.initial.update(
                {
                    "unit": activity.unit_id,
                    "pillars": list(activity.pillars.all()),
                    "objectives": list(activity.objectives.all()),
                }
            )
        elif period is not None:
            self.placement_default = units.filter(pk__in=own).first()
            self.initial.setdefault("unit", self.placement_default)

    def placement_clean(self, cleaned: dict[str, Any]) -> None:
        user = self.placement_user
        attached = cleaned.get("activity")
        own = permissions.user_unit_ids(user)
        everywhere = permissions.can_edit_all_activities(user)
        if attached is not None:
            if not (everywhere or attached.unit_id in own):
                self.add_error("activity", _("You can only attach to your own units' activities."))
            return
        current = self.placement_activity.unit_id if self.placement_activity else None
        unit = cleaned.get("unit")
        if unit is None and "unit" not in self.data:
            # Not on the submitted form (an older page, a script): the activity keeps its
            # unit, a new one goes to the officer's.
            unit = self.placement_activity.unit if self.placement_activity else None
            unit = cleaned["unit"] = unit or self.placement_default
        if unit is None:
            self.add_error("unit", _("Choose the programme unit this activity belongs to."))
            return
        may_place = everywhere or not own or unit.pk in own
        if unit.pk != current and not may_place:
            self.add_error("unit", _("You can only place activities in your own units."))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}  # type: ignore[misc]
        if "unit" in self.fields:
            self.placement_clean(cleaned)
        return cleaned

    def service_values(self) -> dict[str, Any]:
        """The form's own fields and the activity's place, as the services take them."""
        data = dict(self.cleaned_data)
        for name in self.PLACEMENT_FIELDS:
            data.pop(name, None)
        if "unit" in self.fields:
            data.update(self.placement_values())
        return data

    def placement_values(self) -> dict[str, Any]:
        """The service's keyword arguments: the activity to attach to, or the placement."""
        data = self.cleaned_data
        if data.get("activity") is not None:
            return {"activity": data["activity"], "workplan_item": data.get("workplan_item")}
        if self.placement_activity is not None and "unit" not in self.data:
            # The placement was not on the submitted form: the activity keeps its own.
            return {}
        return {
            "unit": data.get("unit"),
            "pillars": list(data.get("pillars") or []),
            "objectives": list(data.get("objectives") or []),
            "workplan_item": data.get("workplan_item"),
        }
