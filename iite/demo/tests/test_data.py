"""The data files are reviewed data: these tests keep their references consistent."""

import pytest

from iite.demo.datafiles import read
from iite.strategy.models import Initiative, ProgrammePillar, ProgrammeUnit, StrategicObjective


def test_every_activity_names_its_parent_before_itself_and_has_a_unique_code():
    """A parent is loaded first, so the child can be attached to it."""
    seen: set[str] = set()
    for activity in read("programme")["activities"]:
        assert activity["code"] not in seen
        assert activity["start"] <= activity["end"]
        if activity.get("parent"):
            assert activity["parent"] in seen
        seen.add(activity["code"])


@pytest.mark.django_db
def test_every_framework_code_exists_in_the_strategy(framework):
    """Pillars, objectives, units and initiatives named in the data exist in 2026–2029."""

    def codes(model):
        return set(model.objects.filter(period=framework).values_list("code", flat=True))

    pillars, objectives = codes(ProgrammePillar), codes(StrategicObjective)
    units, initiatives = codes(ProgrammeUnit), codes(Initiative)
    for activity in read("programme")["activities"]:
        assert set(activity["pillars"]) <= pillars, activity["code"]
        assert set(activity["objectives"]) <= objectives, activity["code"]
        assert activity["unit"] in units, activity["code"]
        assert activity.get("initiative", "") in initiatives | {""}, activity["code"]


def test_courses_learners_and_registrants_refer_to_what_the_data_defines():
    """Courses sit on defined platforms; learners take defined courses; registrants exist."""
    learning = read("learning")
    platforms = {platform["slug"] for platform in learning["platforms"]}
    courses = {course["slug"] for course in learning["courses"]}
    for course in learning["courses"]:
        assert set(course["platforms"]) <= platforms
    for learner in learning["learners"]:
        assert set(learner["completed"]) | set(learner["started"]) <= courses
    events = read("events")
    people = {person["email"] for person in events["people"]}
    for webinar in events["webinars"]:
        assert set(webinar["registrants"]) <= people
    assert {r["person"] for r in events["youth_forum"]["responses"]} <= people
