from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class VerifyForm(forms.Form):
    """One of: a link to the credential, a file, or the JSON text."""

    reference = forms.CharField(
        label=_("Link or identifier of the credential"),
        required=False,
        max_length=500,
        help_text=_("For a credential issued on this platform, e.g. the address of its page."),
    )
    upload = forms.FileField(
        label=_("Credential file (JSON)"),
        required=False,
        help_text=_("The .json file the learner downloaded."),
    )
    text = forms.CharField(
        label=_("Or paste the credential's JSON"),
        required=False,
        max_length=256 * 1024,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false", "dir": "ltr"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        given = [name for name in ("reference", "upload", "text") if data.get(name)]
        if not given and not self.errors:
            raise forms.ValidationError(_("Give a credential: its link, a file or its JSON text."))
        if len(given) > 1:
            raise forms.ValidationError(_("Give only one of: a link, a file or the JSON text."))
        return data


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revocation"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the audit trail; not shown publicly."),
    )
