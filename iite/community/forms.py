from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from iite.core.filetypes import described_uploads
from iite.core.validators import validate_single_line
from iite.events.models import Event

from .administration import users_by_email
from .attachments import MAX_BYTES, MAX_FILES, AttachmentUpload
from .models import FlagReason, ReactionKind, ResourceLicence, Space, WatchedWord

LICENCES = [("", _("No resource shared")), *ResourceLicence.choices]


FILE_HELP = _("PDF, image, office document or plain text, up to %(size)s MB.")


class PostForm(forms.Form):
    text = forms.CharField(
        label=_("Your message"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Plain text with simple formatting: **bold**, *italic*, > quote, - list. "
            "Images need a description: ![what it shows](/media/…)."
        ),
    )
    resource_url = forms.URLField(
        label=_("Share a resource (link)"), required=False, assume_scheme="https"
    )
    resource_licence = forms.ChoiceField(
        label=_("Its open licence"), choices=LICENCES, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for slot in range(1, MAX_FILES + 1):
            label = _("Attach a file (%(slot)s of %(count)s)")
            self.fields[f"attachment_{slot}"] = forms.FileField(
                label=label % {"slot": slot, "count": MAX_FILES},
                required=False,
                help_text=FILE_HELP % {"size": MAX_BYTES // (1024 * 1024)} if slot == 1 else "",
            )
            self.fields[f"alt_{slot}"] = forms.CharField(
                label=_("If it is an image, what it shows"), max_length=300, required=False
            )

    def attachment_uploads(self) -> list[AttachmentUpload]:
        return described_uploads(self.cleaned_data, prefix="attachment", count=MAX_FILES)

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean() or {}
        if data.get("resource_url") and not data.get("resource_licence"):
            self.add_error(
                "resource_licence", _("Choose the licence under which the resource is shared.")
            )
        return data


class ThreadForm(PostForm):
    title = forms.CharField(label=_("Title"), max_length=200, validators=[validate_single_line])
    language = forms.ChoiceField(label=_("Language of the thread"), choices=settings.LANGUAGES)

    field_order = ("title", "language", "text", "resource_url", "resource_licence")


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why should a moderator look at this?"), choices=FlagReason.choices
    )
    note = forms.CharField(label=_("What happened (optional)"), max_length=500, required=False)


class ReactForm(forms.Form):
    kind = forms.ChoiceField(choices=ReactionKind.choices)


class ModerateForm(forms.Form):
    action = forms.ChoiceField(
        choices=[(a, a) for a in ("approve", "hide", "dismiss", "edit", "warn", "suspend")]
    )
    note = forms.CharField(label=_("Note to the member"), max_length=500, required=False)
    text = forms.CharField(
        label=_("Edited text"), max_length=20000, required=False, widget=forms.Textarea
    )
    days = forms.IntegerField(
        label=_("Days of suspension"), min_value=1, max_value=365, required=False
    )


class SpaceForm(forms.ModelForm):
    """A space as staff set it up; its moderators by e-mail address, one a line."""

    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=settings.LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    moderator_emails = forms.CharField(
        label=_("Moderators (e-mail addresses, one a line)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = Space
        fields = [
            "slug", "title", "description", "original_language", "languages", "kind",
            "visibility", "youth", "platform", "course", "series", "network",
        ]  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["series"].queryset = Event.objects.filter(activity__kind="webinar_series")
        if self.instance.pk and not self.is_bound:
            self.initial["moderator_emails"] = "\n".join(
                sorted(user.email for user in self.instance.moderators.all())
            )

    def clean_moderator_emails(self) -> list[Any]:
        try:
            return users_by_email(
                self.cleaned_data["moderator_emails"].split(), field="moderator_emails"
            )
        except ValidationError as problem:
            raise ValidationError(problem.message_dict["moderator_emails"]) from problem


class MemberForm(forms.Form):
    email = forms.EmailField(label=_("Add a member (e-mail address)"))


class WatchedWordForm(forms.ModelForm):
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("Every language")), *settings.LANGUAGES],
        required=False,
    )

    class Meta:
        model = WatchedWord
        fields = ["language", "word", "action"]

    def validate_unique(self) -> None:
        """The service names the field when the word is already watched."""


class PromoteForm(forms.Form):
    title = forms.CharField(
        label=_("Title of the practice"), max_length=300, validators=[validate_single_line]
    )
    summary = forms.CharField(
        label=_("Summary for the library"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A few sentences saying what the practice is and where it worked."),
    )
