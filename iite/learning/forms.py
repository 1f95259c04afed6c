from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from iite.accounts.models import PersonRole
from iite.core.i18n import TranslatedFormField
from iite.credentials.models import Achievement
from iite.programme.models import Activity
from iite.programme.placement import PlacementFormMixin

from .models import (
    Course,
    Lesson,
    LessonCaption,
    LessonResource,
    Level,
    Module,
    Platform,
    Question,
    QuestionKind,
    Quiz,
    Topic,
)
from .selectors import CatalogueFilters

ANY = [("", _("Any"))]


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    platform = forms.ChoiceField(label=_("Platform"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    topic = forms.ChoiceField(label=_("Topic"), required=False, choices=ANY + Topic.choices)
    level = forms.ChoiceField(label=_("Level"), required=False, choices=ANY + Level.choices)
    audience = forms.ChoiceField(
        label=_("Audience"), required=False, choices=ANY + PersonRole.choices
    )

    def __init__(self, *args: Any, platforms: list[Platform] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = ANY + list(settings.LANGUAGES)  # type: ignore[attr-defined]
        self.fields["platform"].choices = ANY + [  # type: ignore[attr-defined]
            (platform.slug, str(platform.name)) for platform in platforms or []
        ]

    def filters(self) -> CatalogueFilters:
        """The valid filters; a value that is not one of the choices is ignored."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return CatalogueFilters(
            **{
                name: (data.get(name) or "").strip()
                for name in CatalogueFilters.__dataclass_fields__
            }
        )


def _multiple(label: Any, choices: Any, required: bool = False) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=required, widget=forms.CheckboxSelectMultiple
    )


class PlatformForm(PlacementFormMixin, forms.ModelForm):
    languages = _multiple(_("Languages"), settings.LANGUAGES, required=True)
    website = forms.URLField(label=_("External website"), required=False, assume_scheme="https")
    audiences = _multiple(_("Audience"), PersonRole.choices)

    class Meta:
        model = Platform
        fields = [
            "slug", "name", "tagline", "description", "original_language", "languages",
            "audiences", "partners", "website", "accent_colour", "order", "is_public",
        ]  # fmt: skip
        widgets = {"partners": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # A platform is an activity of the programme too: it belongs to a unit.
        self.placement_init(
            user=user,
            activity=self.instance.activity if self.instance.pk else None,
            attachable=None,
        )


# The activities a new course can carry out instead of making its own.
_COURSE_KINDS = ("course", "learning_resource", "training")


class CourseForm(PlacementFormMixin, forms.ModelForm):
    # Required by the model (Course.clean), which gives the message.
    languages = _multiple(_("Languages of instruction"), settings.LANGUAGES)
    audiences = _multiple(_("Audience"), PersonRole.choices)

    class Meta:
        model = Course
        fields = [
            "slug", "title", "summary", "description", "original_language", "languages",
            "level", "audiences", "topic", "estimated_hours", "licence", "platforms",
            "partners", "achievement",
        ]  # fmt: skip
        widgets = {
            "platforms": forms.CheckboxSelectMultiple,
            "partners": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)

        taken = Course.objects.exclude(pk=self.instance.pk).exclude(achievement=None)
        self.fields["achievement"].queryset = Achievement.objects.exclude(  # type: ignore[attr-defined]
            pk__in=taken.values("achievement_id")
        )
        if self.instance.pk:
            self.fields["slug"].disabled = True
        self.placement_init(
            user=user,
            activity=self.instance.activity if self.instance.pk else None,
            attachable=Activity.objects.filter(
                kind__in=_COURSE_KINDS,
                learning_course__isnull=True,
                learning_platform__isnull=True,
            ),
        )


class ModuleForm(forms.ModelForm):
    class Meta:
        model = Module
        fields = ["title", "summary", "order"]


class LessonForm(forms.ModelForm):
    class Meta:
        model = Lesson
        fields = [
            "title", "kind", "body", "video", "transcript", "estimated_minutes", "is_required",
            "order",
        ]  # fmt: skip


class CaptionForm(forms.ModelForm):
    class Meta:
        model = LessonCaption
        fields = ["language", "file"]
        widgets = {"file": forms.FileInput(attrs={"accept": ".vtt,text/vtt"})}


class ResourceForm(forms.ModelForm):
    class Meta:
        model = LessonResource
        fields = ["title", "language", "file"]


class QuizForm(forms.ModelForm):
    class Meta:
        model = Quiz
        fields = ["title", "passing_score", "max_attempts", "is_required", "order"]


CHOICE_ROWS = 6


class QuestionForm(forms.ModelForm):
    """A question with up to six answer options (for choice questions) in its quiz's language."""

    correct_true = forms.TypedChoiceField(
        label=_("For true/false: the right answer"),
        choices=[("", "—"), ("true", _("True")), ("false", _("False"))],
        coerce=lambda value: value == "true",
        empty_value=None,
        required=False,
    )
    accepted_answers = forms.CharField(
        label=_("For short answers: accepted answers, one per line"),
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        required=False,
        help_text=_("Case, accents and spaces are ignored when comparing."),
    )

    class Meta:
        model = Question
        fields = [
            "kind",
            "text",
            "explanation",
            "points",
            "correct_true",
            "accepted_answers",
            "order",
        ]

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        existing = list(self.instance.choices.all()) if self.instance.pk else []
        for index in range(CHOICE_ROWS):
            choice = existing[index] if index < len(existing) else None
            self.fields[f"choice_{index}_text"] = forms.CharField(
                label=_("Answer %(number)s") % {"number": index + 1},
                required=False,
                max_length=500,
                initial=str(choice.text) if choice else "",
                widget=forms.TextInput(attrs={"dir": "auto"}),
            )
            self.fields[f"choice_{index}_correct"] = forms.BooleanField(
                label=_("Answer %(number)s is correct") % {"number": index + 1},
                required=False,
                initial=choice.is_correct if choice else False,
            )
        if self.instance.pk:
            self.initial["accepted_answers"] = "\n".join(self.instance.accepted_answers or [])
            if self.instance.correct_true is not None:
                self.initial["correct_true"] = "true" if self.instance.correct_true else "false"

    def choice_rows(self) -> list[tuple[Any, Any]]:
        return [
            (self[f"choice_{index}_text"], self[f"choice_{index}_correct"])
            for index in range(CHOICE_ROWS)
        ]

    def clean_accepted_answers(self) -> list[str]:
        text = self.cleaned_data.get("accepted_answers") or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    def choices_data(self, language: str) -> list[dict[str, Any]]:
        return [
            {
                "text": {language: self.cleaned_data[f"choice_{index}_text"].strip()},
                "is_correct": self.cleaned_data[f"choice_{index}_correct"],
            }
            for index in range(CHOICE_ROWS)
            if (self.cleaned_data.get(f"choice_{index}_text") or "").strip()
        ]


class AchievementForm(forms.Form):
    criteria = TranslatedFormField(
        rich=True,
        label=_("What a learner must do to earn the micro-credential"),
        help_text=_("Shown on the course page and inside every credential issued for it."),
    )


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("What needs to change"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class QuizTakeForm(forms.Form):
    """One field per question, labelled with the question, in the quiz's order."""

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.questions = questions
        required = {"required": _("Answer this question.")}
        for question in questions:
            name = str(question.pk)
            label = str(question.text)
            if question.kind == QuestionKind.SINGLE:
                self.fields[name] = forms.ChoiceField(
                    label=label,
                    choices=[(str(c.pk), str(c.text)) for c in question.choices.all()],
                    widget=forms.RadioSelect,
                    error_messages=required,
                )
            elif question.kind == QuestionKind.MULTIPLE:
                self.fields[name] = forms.MultipleChoiceField(
                    label=label,
                    choices=[(str(c.pk), str(c.text)) for c in question.choices.all()],
                    widget=forms.CheckboxSelectMultiple,
                    error_messages=required,
                    help_text=_("Choose every answer that applies."),
                )
            elif question.kind == QuestionKind.TRUE_FALSE:
                self.fields[name] = forms.ChoiceField(
                    label=label,
                    choices=[("true", _("True")), ("false", _("False"))],
                    widget=forms.RadioSelect,
                    error_messages=required,
                )
            else:
                self.fields[name] = forms.CharField(
                    label=label,
                    max_length=300,
                    error_messages=required,
                    widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "off"}),
                )

    def answers(self) -> dict[str, Any]:
        return dict(self.cleaned_data.items())
