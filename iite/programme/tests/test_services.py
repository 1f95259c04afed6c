import datetime

import pytest

from iite.accounts.models import User
from iite.programme.models import Activity, Participation
from iite.programme.services import participation_record, participation_sync_person
from iite.strategy.models import StrategyPeriod

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity():
    period = StrategyPeriod.objects.create(code="2026-2029", start_year=2026, end_year=2029)
    return Activity.objects.create(
        code="webinar-1",
        title={"en": "Webinar"},
        kind="webinar",
        period=period,
        start_date=datetime.date(2026, 3, 1),
        end_date=datetime.date(2026, 3, 1),
    )


def test_recording_twice_keeps_one_record_and_never_loses_a_flag(activity):
    """A second call updates the same record; a flag left as None keeps its value."""
    person = User.objects.create_user("t@example.org", "pw", sex="female", role="teacher")
    participation_record(activity=activity, person=person, attended=True)
    record = participation_record(activity=activity, person=person, completed=True)
    assert Participation.objects.count() == 1
    assert (record.attended, record.completed, record.certified) == (True, True, False)
    assert (record.sex, record.person_role) == ("female", "teacher")


def test_profile_changes_reach_the_participation_records(activity):
    """After the person edits their profile, their records disaggregate by the new values."""
    person = User.objects.create_user("t@example.org", "pw", sex="not_stated", role="student")
    participation_record(activity=activity, person=person)
    person.sex, person.role = "male", "teacher"
    person.save()
    assert participation_sync_person(person=person) == 1
    record = Participation.objects.get()
    assert (record.sex, record.person_role) == ("male", "teacher")


def test_deleting_the_account_keeps_the_record_anonymous(activity):
    """The record survives account deletion with its pseudonymous key and no person."""
    person = User.objects.create_user("t@example.org", "pw")
    key = person.person_key
    participation_record(activity=activity, person=person, attended=True)
    person.delete()
    record = Participation.objects.get()
    assert record.person_id is None
    assert record.person_key == key
