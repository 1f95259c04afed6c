from __future__ import annotations

from datetime import datetime
from typing import Any, cast
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from iite.core.fields import KeyedModelChoiceField, KeyedModelMultipleChoiceField
from iite.core.zones import valid_zone, zone_choices
from iite.partners.models import Partner
from iite.programme.models import Activity, Modality
from iite.programme.placement import PlacementFormMixin
from iite.reference.models import PriorityRegion
from iite.strategy.models import TargetGroup
from iite.strategy.selectors import current_period_items

from .models import (
    ConsultationQuestion,
    ConsultationQuestionKind,
    Event,
    EventSession,
    QuestionKind,
    RegistrationQuestion,
    Speaker,
    Theme,
)

KIND_CHOICES = [
    ("global_conference", _("Global conference")),
    ("regional_convention", _("Regional convention or forum")),
    ("webinar", _("Webinar")),
    ("webinar_series", _("Webinar series")),
    ("training", _("Training or workshop")),
    ("round_table", _("Round table")),
    ("youth_forum", _("Youth forum or consultation")),
]


class LocalDateTimeField(forms.DateTimeField):
    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


def _in_zone(value: datetime | None, zone: str) -> datetime | None:
    """A time typed in the event's zone, stored in UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=ZoneInfo(zone)).astimezone(ZoneInfo("UTC"))


class TimesInEventZoneMixin:
    """Times on staff forms are typed and shown in the event's own zone."""

    zone_name: str = "UTC"

    def show_in_zone(self, instance: Any, zone: str) -> None:
        self.zone_name = zone
        for name in ("starts_at", "ends_at"):
            value = getattr(instance, name, None)
            if value is not None:
                self.initial[name] = value.astimezone(ZoneInfo(zone)).replace(tzinfo=None)  # type: ignore[attr-defined]

    def clean_times(self, cleaned: dict[str, Any], zone: str) -> None:
        for name in ("starts_at", "ends_at"):
            if cleaned.get(name) is not None:
                cleaned[name] = _in_zone(cleaned[name].replace(tzinfo=None), zone)
        if (
            cleaned.get("starts_at")
            and cleaned.get("ends_at")
            and cleaned["ends_at"] < cleaned["starts_at"]
        ):
            self.add_error("ends_at", _("The end is before the start."))  # type: ignore[attr-defined]


# Activities another delivery domain carries out (a course, a competition) are not offered.
_NOT_EVENTS = ("course", "platform", "learning_resource", "competition", "award")


class EventForm(TimesInEventZoneMixin, PlacementFormMixin, forms.ModelForm):
    # Most of what staff create is a webinar; a global conference is the rare exception.
    kind = forms.ChoiceField(label=_("Kind"), choices=KIND_CHOICES, initial="webinar")
    modality = forms.ChoiceField(label=_("Modality"), choices=Modality.choices)
    languages = forms.MultipleChoiceField(
        label=_("Languages of delivery"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    partners = KeyedModelMultipleChoiceField(
        label=_("Co-organising partners"),
        queryset=Partner.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    target_regions = KeyedModelMultipleChoiceField(
        label=_("Regions"),
        queryset=PriorityRegion.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    target_groups = KeyedModelMultipleChoiceField(
        label=_("Target groups"),
        queryset=current_period_items(TargetGroup),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    themes = KeyedModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    starts_at = LocalDateTimeField(label=_("Starts (in the event's time zone)"))
    ends_at = LocalDateTimeField(label=_("Ends (in the event's time zone)"))
    time_zone = forms.ChoiceField(
        label=_("Venue's time zone"),
        choices=zone_choices,
        initial="UTC",
        help_text=_("Times below are typed in this zone; pages also show them in the reader's."),
        error_messages={
            "invalid_choice": _("Enter a time zone name such as Europe/Moscow or UTC.")
        },
    )
    joining_url = forms.URLField(
        label=_("Joining link"),
        required=False,
        assume_scheme="https",
        help_text=_("Shown only to confirmed registrants."),
    )

    CONTENT_FIELDS = (
        "title",
        "summary",
        "description",
        "original_language",
        "venue",
        "accessibility_notes",
        "captions",
        "sign_language",
        "accessible_materials",
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "summary",
            "description",
            "original_language",
            "slug",
            "series",
            "starts_at",
            "ends_at",
            "time_zone",
            "venue",
            "joining_url",
            "registration_open",
            "capacity",
            "attendance_threshold",
            "captions",
            "sign_language",
            "accessible_materials",
            "accessibility_notes",
            "consultation_open",
            "consultation_anonymous",
        ]
        labels = {"slug": _("Web address (slug)")}
        help_texts = {
            "slug": _(
                "The end of the event page's address, e.g. ai-webinar-2027; "
                "left empty, it is made from the title."
            )
        }

    def __init__(self, *args: Any, content_only: bool = False, user: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        series_field = cast(forms.ModelChoiceField, self.fields["series"])
        series_field.queryset = Event.objects.filter(activity__kind="webinar_series")
        instance = self.instance
        if instance.pk:
            activity = instance.activity
            self.initial.update(
                {
                    "kind": activity.kind,
                    "modality": activity.modality,
                    "languages": activity.languages,
                    "partners": list(activity.partners.all()),
                    "target_regions": list(activity.target_regions.all()),
                    "target_groups": list(activity.target_groups.all()),
                    "themes": list(instance.themes.all()),
                }
            )
            self.show_in_zone(instance, instance.time_zone)
        if content_only:
            for name in list(self.fields):
                if name not in self.CONTENT_FIELDS:
                    del self.fields[name]
        else:
            self.placement_init(
                user=user,
                activity=instance.activity if instance.pk else None,
                attachable=Activity.objects.filter(event__isnull=True).exclude(
                    kind__in=_NOT_EVENTS
                ),
            )

    def clean_time_zone(self) -> str:
        zone = valid_zone(self.cleaned_data.get("time_zone"))
        if zone is None:
            raise forms.ValidationError(_("Enter a time zone name such as Europe/Moscow or UTC."))
        return zone

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "starts_at" in self.fields:
            self.clean_times(cleaned, cleaned.get("time_zone") or "UTC")
        return cleaned

    def _post_clean(self) -> None:
        # Model validation of the times happens in the service, after the zone applies.
        pass

    def service_values(self) -> dict[str, Any]:
        data = super().service_values()
        if "languages" in data:
            data["languages"] = list(data["languages"])
        return data


class SessionForm(TimesInEventZoneMixin, forms.ModelForm):
    starts_at = LocalDateTimeField(label=_("Starts (in the event's time zone)"))
    ends_at = LocalDateTimeField(label=_("Ends (in the event's time zone)"))

    class Meta:
        model = EventSession
        fields = [
            "title",
            "original_language",
            "starts_at",
            "ends_at",
            "room",
            "language",
            "speakers",
        ]
        widgets = {"speakers": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, event: Event, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.event = event
        speakers = cast(forms.ModelMultipleChoiceField, self.fields["speakers"])
        speakers.queryset = event.speakers.all()
        self.fields["speakers"].required = False
        if self.instance.pk:
            self.show_in_zone(self.instance, event.time_zone)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.clean_times(cleaned, self.event.time_zone)
        return cleaned

    def _post_clean(self) -> None:
        self.instance.event = self.event
        super()._post_clean()  # type: ignore[misc]


class SpeakerForm(forms.ModelForm):
    class Meta:
        model = Speaker
        fields = ["name", "affiliation", "bio", "original_language", "consent_to_publish", "order"]


class OptionsField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "\n".join(str(v) for v in value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [line.strip() for line in str(text).splitlines() if line.strip()]


class RegistrationQuestionForm(forms.ModelForm):
    options = OptionsField(label=_("Options (one per line)"), required=False)

    class Meta:
        model = RegistrationQuestion
        fields = ["label", "original_language", "kind", "options", "required", "order"]


class ConsultationQuestionForm(forms.ModelForm):
    options = OptionsField(label=_("Options (one per line)"), required=False)

    class Meta:
        model = ConsultationQuestion
        fields = ["text", "original_language", "kind", "options", "required", "order"]


class RegistrationForm(forms.Form):
    """The per-event questions; the person's profile supplies everything else."""

    def __init__(self, *args: Any, event: Event, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.questions = list(event.questions.all())
        for question in self.questions:
            name = f"q{question.pk}"
            if question.kind == QuestionKind.CHOICE:
                self.fields[name] = forms.ChoiceField(
                    label=str(question.label),
                    required=question.required,
                    choices=[("", "—")] + [(o, o) for o in question.options],
                )
            else:
                self.fields[name] = forms.CharField(
                    label=str(question.label),
                    required=question.required,
                    max_length=1000,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )

    def answers(self) -> dict[str, str]:
        return {
            str(q.pk): self.cleaned_data.get(f"q{q.pk}", "")
            for q in self.questions
            if self.cleaned_data.get(f"q{q.pk}")
        }


class ConsultationForm(forms.Form):
    def __init__(self, *args: Any, event: Event, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.questions = list(event.consultation_questions.all())
        for question in self.questions:
            name = f"c{question.pk}"
            label = str(question.text)
            if question.kind == ConsultationQuestionKind.CHOICE:
                self.fields[name] = forms.ChoiceField(
                    label=label,
                    required=question.required,
                    choices=[(o, o) for o in question.options],
                    widget=forms.RadioSelect,
                )
            elif question.kind == ConsultationQuestionKind.SCALE:
                self.fields[name] = forms.ChoiceField(
                    label=label,
                    required=question.required,
                    choices=[(str(n), str(n)) for n in range(1, 6)],
                    widget=forms.RadioSelect,
                    help_text=_("1 = not at all, 5 = very much"),
                )
            else:
                self.fields[name] = forms.CharField(
                    label=label,
                    required=question.required,
                    max_length=3000,
                    widget=forms.Textarea(attrs={"rows": 3}),
                )

    def answers(self) -> dict[int, str]:
        return {q.pk: self.cleaned_data.get(f"c{q.pk}", "") for q in self.questions}


class ZoneForm(forms.Form):
    tz = forms.ChoiceField(label=_("Show times in"), choices=zone_choices)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class AttendanceUploadForm(forms.Form):
    reports = MultipleFileField(label=_("Attendance reports (Zoom CSV or Teams)"))
    session = KeyedModelChoiceField(
        label=_("Session"), queryset=EventSession.objects.none(), required=False
    )
    # Shown when a report differs from the event: the second submit says it is this event's.
    confirm = forms.BooleanField(
        label=_("These reports are of this event: import them although they differ from it"),
        required=False,
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["session"]).queryset = event.sessions.all()


class CheckinForm(forms.Form):
    code = forms.CharField(label=_("Check-in code"), max_length=12)


class ResolveForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the platform user"))
