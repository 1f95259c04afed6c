"""A service's refusal shown on the form that asked for it."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from iite.core.forms import errors_to_form


class _TitleForm(forms.Form):
    title = forms.CharField()


def test_each_message_stands_at_its_field_and_the_rest_above_the_form():
    form = _TitleForm({"title": "x"})
    assert form.is_valid()
    errors_to_form(form, ValidationError({"title": ["Too short."], "unit": ["Choose a unit."]}))
    assert form.errors["title"] == ["Too short."]
    # A field the form does not have: above the form, not lost.
    assert form.non_field_errors() == ["Choose a unit."]


def test_a_message_without_a_field_stands_above_the_form():
    form = _TitleForm({"title": "x"})
    assert form.is_valid()
    errors_to_form(form, ValidationError("The period is closed."))
    assert form.non_field_errors() == ["The period is closed."]
    assert "title" not in form.errors
