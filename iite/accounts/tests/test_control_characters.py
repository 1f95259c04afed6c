"""Reproduction 6: control characters are refused where a name enters, by the API and the page."""

import pytest

from iite.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["Mallory\x1b[2J", "Tab\there", "Line\nbreak", "Nul\x00"])
def test_patch_me_refuses_control_characters_in_the_name(client, person, name):
    """PATCH /api/me/ with ESC, tab, line break or NUL in the name is a 400 naming the field."""
    client.force_login(person)
    response = client.patch("/api/me/", {"name": name}, content_type="application/json")
    assert response.status_code == 400
    assert {error["field"] for error in response.json()["errors"]} == {"body.name"}
    assert User.objects.get(pk=person.pk).name == "Amina Diallo"


def test_patch_me_accepts_names_in_every_script(client, person):
    """Accents, Arabic, Chinese and Cyrillic names pass: only invisible controls are refused."""
    client.force_login(person)
    for name in ["Zoë Ångström", "أمينة ديالو", "李明", "Ольга"]:
        response = client.patch("/api/me/", {"name": name}, content_type="application/json")
        assert response.status_code == 200
        assert User.objects.get(pk=person.pk).name == name


def test_institution_refuses_control_characters(client, person):
    """The institution is one line too."""
    client.force_login(person)
    response = client.patch(
        "/api/me/", {"institution": "School\there"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == (
        "Write this on one line, without tabs or invisible control characters."
    )
