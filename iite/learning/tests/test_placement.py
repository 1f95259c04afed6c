"""Courses belong somewhere in the programme: a unit, pillars, objectives, or the activity
they carry out."""

import pytest
from django.urls import reverse

from iite.learning.models import Course
from iite.programme.models import Activity, UnitMembership
from iite.programme.tests.factories import ActivityFactory
from iite.strategy.tests.factories import ObjectiveFactory, UnitFactory

from .factories import current_period, user_with_perms

pytestmark = pytest.mark.django_db

EDITOR = ("add_course", "change_course")


def _course(slug, **extra):
    return {
        "slug": slug,
        "title_en": "Open educational resources",
        "summary_en": "How to find and adapt them.",
        "original_language": "en",
        "languages": ["en"],
        "level": "introductory",
        "audiences": ["teacher"],
        "topic": "ai_competencies",
        "estimated_hours": "2",
        "licence": "CC-BY-4.0",
        **extra,
    }


@pytest.fixture
def units():
    period = current_period()
    return {code: UnitFactory(period=period, code=code) for code in ("DPLM", "TPDN")}


def test_a_course_goes_to_its_authors_unit_under_the_chosen_objectives(client, units):
    """The author's unit is the default; pillars default to Pillar 3; objectives are kept."""
    author = user_with_perms(*EDITOR)
    UnitMembership.objects.create(user=author, unit=units["DPLM"])
    objective = ObjectiveFactory(period=units["DPLM"].period, code="SO1")
    client.force_login(author)
    url = reverse("learning:studio_course_new")
    assert client.get(url).context["form"].initial["unit"] == units["DPLM"]
    response = client.post(url, _course("oer", objectives=[objective.pk]))
    assert response.status_code == 302, response.context["form"].errors
    activity = Course.objects.get(slug="oer").activity
    assert activity.unit == units["DPLM"]
    assert [o.code for o in activity.objectives.all()] == ["SO1"]
    assert [p.code for p in activity.pillars.all()] == ["P3"]


def test_a_course_attached_to_a_planned_activity_makes_no_second_one(client, units):
    """A course made for a learning resource the programme planned carries it out."""
    planned = ActivityFactory(
        code="oer-guide",
        kind="learning_resource",
        period=units["TPDN"].period,
        unit=units["TPDN"],
        status="planned",
    )
    author = user_with_perms(*EDITOR)
    UnitMembership.objects.create(user=author, unit=units["TPDN"])
    client.force_login(author)
    url = reverse("learning:studio_course_new")
    response = client.post(url, _course("oer", activity=planned.pk))
    assert response.status_code == 302, response.context["form"].errors
    assert Course.objects.get(slug="oer").activity_id == planned.pk
    assert Activity.objects.count() == 1
    planned.refresh_from_db()
    assert (planned.kind, planned.unit) == ("course", units["TPDN"])
    assert planned not in client.get(url).context["form"].fields["activity"].queryset
