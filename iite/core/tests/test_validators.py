import importlib
import json
import pkgutil
from typing import Any
from urllib.parse import urlencode

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation

from iite.core.validators import (
    strip_control_characters,
    validate_plain_text,
    validate_single_line,
)


@pytest.mark.parametrize("text", ["a\x1bb", "\x00", "x\x7f", "x\x85", "x\x0c"])
def test_control_characters_are_refused_in_plain_text(text):
    """ESC, NUL, DEL, C1 controls and form feed are refused with a message."""
    with pytest.raises(ValidationError) as caught:
        validate_plain_text(text)
    assert caught.value.code == "control_characters"


def test_plain_text_keeps_tabs_and_line_breaks():
    """Multi-line text may hold tabs and line breaks; a single line may not."""
    validate_plain_text("one\ttwo\r\nthree")
    for text in ["one\ttwo", "one\ntwo", "one\u2028two"]:
        with pytest.raises(ValidationError):
            validate_single_line(text)
    validate_single_line("Zoë — 李明 — أمينة")


def test_strip_control_characters():
    """Stripping removes the invisible controls and keeps everything else."""
    assert strip_control_characters("a\x1b[31mb\x00c\td\n") == "a[31mbc\td\n"


# --- Applied at every input ---------------------------------------------------------------------

ESCAPED = "Amina\x1b[2J Kariuki"


def _modules_with_forms() -> None:
    """Import every module of the platform that may define a form (not tests or migrations)."""
    import iite

    for info in pkgutil.walk_packages(iite.__path__, "iite."):
        parts = info.name.split(".")
        if {"tests", "migrations", "management"} & set(parts):
            continue
        importlib.import_module(info.name)


def _form_classes() -> list[type[forms.BaseForm]]:
    _modules_with_forms()
    found: list[type[forms.BaseForm]] = []
    stack: list[type[forms.BaseForm]] = [forms.BaseForm]
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__.startswith("iite.") and cls not in found:
            found.append(cls)
    return found


def _text_fields(field: forms.Field) -> list[forms.Field]:
    """The field's text inputs: itself, or the parts of a multi-value field."""
    if isinstance(field, forms.MultiValueField):
        return [part for inner in field.fields for part in _text_fields(inner)]
    return [field] if isinstance(field, forms.CharField) else []


def test_every_text_field_of_every_form_refuses_control_characters():
    """Walking every form class of the platform: each text field (a translated field's
    inputs included) refuses ESC, with the control-characters message where the field has
    no stricter pattern of its own (e-mail, slug, JSON, UUID)."""
    checked = 0
    for form_class in _form_classes():
        for name, field in form_class.base_fields.items():
            for text_field in _text_fields(field):
                with pytest.raises(ValidationError) as caught:
                    text_field.clean(ESCAPED)
                checked += 1
                if type(text_field) in {forms.CharField, forms.URLField}:
                    codes = {error.code for error in caught.value.error_list}
                    assert "control_characters" in codes, (form_class, name)
    # About 80 form classes with several hundred text inputs when this test was written.
    assert checked >= 200


def test_a_form_names_the_field_and_keeps_line_breaks():
    """The message stands beside the field, in the user's language; multi-line text keeps
    its tabs and line breaks."""

    class Note(forms.Form):
        title = forms.CharField()
        body = forms.CharField(widget=forms.Textarea)

    form = Note({"title": ESCAPED, "body": "one\ttwo\r\nthree"})
    assert not form.is_valid()
    assert list(form.errors) == ["title"]
    with translation.override("en"):
        assert form.errors["title"] == [
            "Remove the invisible control characters (such as ESC) from this text."
        ]
    assert Note({"title": "Amina", "body": "one\ttwo\r\nthree"}).is_valid()


def _schema() -> dict[str, Any]:
    from config.api import api

    return api.get_openapi_schema(path_prefix="/api/")


def _resolve(schema: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _path(template: str, parameters: list[dict[str, Any]], document: dict[str, Any]) -> str:
    for parameter in parameters:
        if parameter["in"] == "path":
            schema = _resolve(parameter.get("schema", {}), document)
            value = {"integer": "1"}.get(schema.get("type", ""), "x")
            if schema.get("format") == "uuid":
                value = "00000000-0000-4000-8000-000000000000"
            template = template.replace("{" + parameter["name"] + "}", value)
    return template


def _operations() -> list[tuple[str, str, dict[str, Any]]]:
    document = _schema()
    return [
        (method, path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ]


@pytest.mark.django_db
def test_every_api_input_refuses_control_characters(client):
    """Walking the OpenAPI document: every query parameter and every string property of
    every JSON body, sent with ESC, answers 400 naming it (body.name, query.q), signed out
    or not, before the operation reads anything."""
    document = _schema()
    checked = 0
    for method, template, operation in _operations():
        parameters = operation.get("parameters", [])
        path = _path(template, parameters, document)
        for parameter in parameters:
            if parameter["in"] != "query":
                continue
            query = urlencode({parameter["name"]: ESCAPED})
            response = getattr(client, method)(f"{path}?{query}")
            assert response.status_code == 400, (method, path, parameter["name"])
            assert response.json()["errors"][0]["field"] == f"query.{parameter['name']}"
            checked += 1
        body = operation.get("requestBody", {}).get("content", {}).get("application/json")
        if body is None:
            continue
        properties = _resolve(body["schema"], document).get("properties", {})
        for name, schema in properties.items():
            if _resolve(schema, document).get("type") not in {"string", None}:
                continue
            response = getattr(client, method)(
                path, data=json.dumps({name: ESCAPED}), content_type="application/json"
            )
            assert response.status_code == 400, (method, path, name)
            fields = [error["field"] for error in response.json()["errors"]]
            # Named, beside what the operation's own schema says of the body.
            assert f"body.{name}" in fields, (method, path, fields)
            checked += 1
    assert checked >= 20


@pytest.mark.django_db
def test_an_api_profile_change_with_esc_is_refused_and_nothing_is_saved(client):
    """The reproduction: PATCH /api/me/ with a name holding ESC is refused, the name kept."""
    from iite.accounts.tests.factories import UserFactory

    user = UserFactory(name="Amina Kariuki")
    client.force_login(user)
    response = client.patch(
        "/api/me/", data=json.dumps({"name": ESCAPED}), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "field": "body.name",
            "message": "Remove the invisible control characters (such as ESC) from this text.",
        }
    ]
    user.refresh_from_db()
    assert user.name == "Amina Kariuki"


def test_nested_strings_and_keys_are_named_by_their_path():
    """Lists and objects are walked: the path names the string or the key."""
    from iite.core.validators import _control_paths

    document = {"items": [{"title": "ok"}, {"title": "a\x00b"}], "k\x07": 1, "text": "a\tb\n"}
    assert sorted(_control_paths(document, "body")) == ["body.items.1.title", "body.k\x07"]
