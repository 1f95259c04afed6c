"""Every event belongs somewhere in the programme: a unit, pillars, objectives, or an
existing activity it carries out."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError

from iite.events.models import Event
from iite.events.services import event_create
from iite.programme.models import Activity, AggregateParticipation, UnitMembership
from iite.programme.tests.factories import OFFICER_PERMS, ActivityFactory
from iite.strategy.tests.factories import ObjectiveFactory, PillarFactory, UnitFactory

from .conftest import role_user

pytestmark = pytest.mark.django_db

WEBINAR = {
    "title_en": "Webinar on media literacy",
    "original_language": "en",
    "kind": "webinar",
    "modality": "online",
    "languages": ["en"],
    "starts_at": "2026-12-20T15:00",
    "ends_at": "2026-12-20T16:30",
    "time_zone": "UTC",
    "attendance_threshold": "50",
}


def unit_officer(unit: Any) -> Any:
    """A programme officer (events and programme permissions) of one unit."""
    user = role_user("Programme officer")
    for perm in OFFICER_PERMS:
        app_label, codename = perm.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    UnitMembership.objects.create(user=user, unit=unit)
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def units(period: Any) -> dict[str, Any]:
    return {code: UnitFactory(period=period, code=code) for code in ("DPLM", "TPDN")}


def test_an_officers_event_is_in_their_unit_and_they_edit_its_activity(client, units):
    """The form offers the officer's unit as the default; the event's activity is in it, so
    its staff page opens for them and the counts they record there are saved."""
    officer = unit_officer(units["TPDN"])
    pillar = PillarFactory(period=units["TPDN"].period, code="P4")
    objective = ObjectiveFactory(period=units["TPDN"].period, code="SO2")
    client.force_login(officer)
    form = client.get("/en/events/manage/new/").context["form"]
    assert form.initial["unit"] == units["TPDN"]
    assert list(form.fields["unit"].queryset) == [units["TPDN"]]
    response = client.post(
        "/en/events/manage/new/",
        {**WEBINAR, "unit": units["TPDN"].pk, "pillars": [pillar.pk], "objectives": [objective.pk]},
    )
    assert response.status_code == 302, response.context["form"].errors
    activity = Event.objects.get().activity
    assert activity.unit == units["TPDN"]
    assert list(activity.pillars.all()) == [pillar]
    assert list(activity.objectives.all()) == [objective]
    page = client.get(f"/en/activities/manage/{activity.code}/")
    assert page.status_code == 200 and page.context["can_edit"] and page.context["can_record"]
    assert client.get(f"/en/activities/manage/{activity.code}/edit/").status_code == 200
    response = client.post(
        f"/en/activities/manage/{activity.code}/counts/",
        {"role": "participant", "total": "12", "female": "7", "male": "5"}
        | {"another": "0", "not_stated": "0"},
    )
    assert response.status_code == 302
    assert AggregateParticipation.objects.get(activity=activity).total == 12
    event_page = client.get(f"/en/events/manage/{Event.objects.get().slug}/").content.decode()
    assert f'href="/en/activities/manage/{activity.code}/"' in event_page


def test_the_unit_defaults_to_the_officers_when_the_form_omits_it(client, units):
    """A submission without the unit field places the event in the officer's unit."""
    client.force_login(unit_officer(units["DPLM"]))
    assert client.post("/en/events/manage/new/", WEBINAR).status_code == 302
    assert Event.objects.get().activity.unit == units["DPLM"]


def test_an_officer_cannot_place_an_event_in_another_unit(client, units):
    """Choosing a unit the officer does not belong to is a field error; nothing is written."""
    client.force_login(unit_officer(units["DPLM"]))
    response = client.post("/en/events/manage/new/", {**WEBINAR, "unit": units["TPDN"].pk})
    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert not Event.objects.exists() and not Activity.objects.exists()


def test_attaching_to_an_existing_activity_creates_no_second_one(client, units):
    """An event attached to the activity the officer planned carries it out: one activity,
    which keeps its unit and links."""
    pillar = PillarFactory(period=units["TPDN"].period, code="P1")
    planned = ActivityFactory(
        code="planned-forum",
        kind="regional_convention",
        period=units["TPDN"].period,
        unit=units["TPDN"],
        pillars=[pillar],
        status="planned",
    )
    client.force_login(unit_officer(units["TPDN"]))
    form = client.get("/en/events/manage/new/").context["form"]
    assert planned in form.fields["activity"].queryset
    response = client.post(
        "/en/events/manage/new/",
        {**WEBINAR, "kind": "regional_convention", "activity": planned.pk, "unit": ""},
    )
    assert response.status_code == 302, response.context["form"].errors
    assert Activity.objects.count() == 1
    assert Event.objects.get().activity_id == planned.pk
    planned.refresh_from_db()
    assert planned.unit == units["TPDN"] and list(planned.pillars.all()) == [pillar]
    # The activity now carries an event: it is not offered to a second one.
    form = client.get("/en/events/manage/new/").context["form"]
    assert planned not in form.fields["activity"].queryset


def test_an_officer_cannot_attach_to_another_units_activity(client, units):
    """Another unit's activity is neither offered nor accepted."""
    theirs = ActivityFactory(period=units["TPDN"].period, unit=units["TPDN"], kind="webinar")
    client.force_login(unit_officer(units["DPLM"]))
    response = client.post("/en/events/manage/new/", {**WEBINAR, "activity": theirs.pk})
    assert response.status_code == 200
    assert "activity" in response.context["form"].errors
    assert not Event.objects.exists()


def test_editing_an_event_moves_its_activity_within_the_officers_units(client, units):
    """The edit form shows the activity's place and saves a change to it."""
    officer = unit_officer(units["DPLM"])
    UnitMembership.objects.create(user=officer, unit=units["TPDN"])
    client.force_login(officer)
    client.post("/en/events/manage/new/", {**WEBINAR, "unit": units["DPLM"].pk})
    event = Event.objects.get()
    form = client.get(f"/en/events/manage/{event.slug}/edit/").context["form"]
    assert form.initial["unit"] == units["DPLM"].pk
    response = client.post(
        f"/en/events/manage/{event.slug}/edit/", {**WEBINAR, "unit": units["TPDN"].pk}
    )
    assert response.status_code == 302, response.context["form"].errors
    event.activity.refresh_from_db()
    assert event.activity.unit == units["TPDN"]


def test_the_service_refuses_an_event_without_a_unit(period):
    """With no unit given and none to default to, nothing is written."""
    from datetime import UTC, datetime

    with pytest.raises(ValidationError, match="programme unit"):
        event_create(
            title={"en": "Nowhere"},
            kind="webinar",
            starts_at=datetime(2026, 12, 1, 10, tzinfo=UTC),
            ends_at=datetime(2026, 12, 1, 11, tzinfo=UTC),
        )
    assert not Event.objects.exists() and not Activity.objects.exists()
