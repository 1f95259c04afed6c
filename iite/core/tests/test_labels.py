"""A form label ends with its language's punctuation once: no colon after a question mark."""

import pytest
from django import forms
from django.utils import translation


def label_of(label: str, language: str) -> str:
    class Form(forms.Form):
        answer = forms.CharField(label=label)

    with translation.override(language):
        return str(Form()["answer"].label_tag())


@pytest.mark.parametrize(
    ("language", "label", "shown"),
    [
        ("ar", "ما الذي تريد أن تتعلمه؟", "ما الذي تريد أن تتعلمه؟</label>"),
        ("ar", "الاسم", "الاسم:</label>"),
        ("zh-hans", "你想学什么？", "你想学什么？</label>"),
        ("zh-hans", "姓名", "姓名：</label>"),
        ("fr", "Que voulez-vous apprendre ?", "Que voulez-vous apprendre ?</label>"),
        ("fr", "Nom", "Nom\xa0:</label>"),
        ("en", "What do you want to learn?", "What do you want to learn?</label>"),
        ("en", "Name", "Name:</label>"),
    ],
)
def test_a_label_takes_a_colon_only_when_it_does_not_end_in_punctuation(language, label, shown):
    """Arabic "؟" and Chinese "？" end a label as "?" does; Chinese writes its own colon."""
    assert label_of(label, language).endswith(shown)


def test_a_form_rendered_whole_uses_the_same_labels():
    """{{ form }} (Django's div template) goes through the same bound field."""

    class Form(forms.Form):
        answer = forms.CharField(label="ما الذي تريد أن تتعلمه؟")

    with translation.override("ar"):
        html = str(Form())
    assert "تتعلمه؟:" not in html and "تتعلمه؟</label>" in html
