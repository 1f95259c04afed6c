import pytest

from iite.accounts.models import User
from iite.programme.models import Participation
from iite.programme.services import participation_record

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("method", "path"), [("get", "/api/me/"), ("patch", "/api/me/"), ("get", "/api/me/export")]
)
def test_signed_out_requests_get_401(client, method, path):
    """Every endpoint needs a signed-in person."""
    response = getattr(client, method)(path, content_type="application/json")
    assert response.status_code == 401


def test_get_my_profile(client, person, countries):
    """The profile comes back with the country by code and name."""
    person.country = countries["AT"]
    person.languages = ["fr"]
    person.save()
    client.force_login(person)
    data = client.get("/api/me/").json()
    assert data["email"] == "amina@example.org"
    assert data["name"] == "Amina Diallo"
    assert data["country"] == {"iso2": "AT", "iso3": "AUT", "name": "Austria"}
    assert (data["sex"], data["role"], data["languages"]) == ("female", "teacher", ["fr"])


def test_patch_changes_only_what_is_sent_and_reaches_participation(
    client, person, countries, activity
):
    """A PATCH changes the fields sent; participation records follow."""
    participation_record(activity=activity, person=person)
    client.force_login(person)
    response = client.patch(
        "/api/me/", {"country": "es", "role": "policymaker"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["country"]["iso2"] == "ES"
    person.refresh_from_db()
    assert (person.country, person.role, person.name, person.sex) == (
        countries["ES"],
        "policymaker",
        "Amina Diallo",
        "female",
    )
    assert Participation.objects.get().person_role == "policymaker"


def test_patch_with_bad_values_is_400_with_field_names_and_writes_nothing(client, person):
    """Unknown choices and country codes are named by field; nothing changes."""
    client.force_login(person)
    response = client.patch(
        "/api/me/",
        {"sex": "robot", "country": "XX", "name": "New"},
        content_type="application/json",
    )
    assert response.status_code == 400
    fields = {error["field"] for error in response.json()["errors"]}
    assert fields == {"body.sex", "body.country"}
    assert User.objects.get(pk=person.pk).name == "Amina Diallo"


def test_patch_with_an_unknown_field_is_400(client, person):
    """Fields that are not part of the profile are refused, not ignored."""
    client.force_login(person)
    response = client.patch("/api/me/", {"is_staff": True}, content_type="application/json")
    assert response.status_code == 400
    assert not User.objects.get(pk=person.pk).is_staff


def test_patch_with_malformed_json_is_400(client, person):
    """A body that is not JSON is a 400, not a 500."""
    client.force_login(person)
    response = client.patch("/api/me/", "{not json", content_type="application/json")
    assert response.status_code == 400


def test_export_returns_everything_held(client, person):
    """The export endpoint gives the same data as the download."""
    client.force_login(person)
    data = client.get("/api/me/export").json()
    assert data["format"] == "iite-personal-data/1"
    assert data["account"]["profile"]["email"] == "amina@example.org"
