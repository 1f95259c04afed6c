import datetime
from unittest import mock

import pytest

from iite.accounts.models import User
from iite.programme.models import Activity, Participation
from iite.programme.services import participation_record, participation_sync_person
from iite.strategy.models import StrategyPeriod
from iite.strategy.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity():
    period = StrategyPeriod.objects.create(code="2026-2029", start_year=2026, end_year=2029)
    return Activity.objects.create(
        code="webinar-1",
        title={"en": "Webinar"},
        kind="webinar",
        period=period,
        unit=UnitFactory(period=period),
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


def test_aggregate_form_requires_the_split_to_add_up(framework, countries):
    """Female+male+another+not stated must equal the total; unknown countries are named."""
    from iite.programme.forms import AggregateParticipationForm
    from iite.programme.tests.factories import ActivityFactory

    activity = ActivityFactory(period=framework)
    form = AggregateParticipationForm(
        {
            "role": "participant",
            "total": "120",
            "female": "70",
            "male": "48",
            "another": "0",
            "not_stated": "1",
            "countries_text": "KZ; Atlantis",
        },
        activity=activity,
    )
    assert not form.is_valid()
    assert form.errors["total"] == ["Female, male, another and not stated add up to 119, not 120."]
    assert form.errors["countries_text"] == ["Unknown countries: Atlantis."]


def test_aggregate_participation_is_saved_with_countries(framework, countries):
    """A valid form saves the counts; the country count is at least the countries listed."""
    from iite.programme.forms import AggregateParticipationForm
    from iite.programme.services import aggregate_participation_add
    from iite.programme.tests.factories import ActivityFactory

    activity = ActivityFactory(period=framework)
    form = AggregateParticipationForm(
        {
            "role": "participant",
            "total": "120",
            "female": "70",
            "male": "48",
            "not_stated": "2",
            "countries_text": "KZ, kenya; EGY",
            "country_count": "1",
        },
        activity=activity,
    )
    assert form.is_valid(), form.errors
    staff = User.objects.create_user("s@example.org", "pw")
    record = aggregate_participation_add(form=form, user=staff)
    assert (record.total, record.female, record.male, record.another, record.not_stated) == (
        120,
        70,
        48,
        0,
        2,
    )
    assert sorted(c.iso2 for c in record.countries.all()) == ["EG", "KE", "KZ"]
    assert record.country_count == 3
    assert record.entered_by == staff


def test_recording_by_email_needs_an_existing_account(activity):
    """Staff entry by email finds the account; an unknown email is a field error."""
    from django.core.exceptions import ValidationError

    from iite.programme.services import participation_record_by_email

    User.objects.create_user("Known@Example.org", "pw")
    record = participation_record_by_email(
        activity=activity, email="known@example.org", role="speaker", attended=True
    )
    assert (record.role, record.attended) == ("speaker", True)
    with pytest.raises(ValidationError) as error:
        participation_record_by_email(
            activity=activity, email="nobody@example.org", role="participant"
        )
    assert "email" in error.value.message_dict


def test_activity_form_validates_dates_and_period(framework, officer, units):
    """End before start and a start outside the period are field errors."""
    from iite.programme.forms import ActivityForm

    form = ActivityForm(
        {
            "code": "x-1",
            "title_en": "X",
            "original_language": "en",
            "kind": "webinar",
            "period": framework.pk,
            "unit": units["TPDN"].pk,
            "start_date": "2031-05-02",
            "end_date": "2031-05-01",
            "modality": "online",
            "status": "planned",
        },
        user=officer,
    )
    assert not form.is_valid()
    assert "The end date is before the start date." in form.errors["end_date"]
    assert form.errors["start_date"] == ["The start date is outside the strategy period 2026-2029."]


def test_activity_save_records_the_creator_and_links(framework, officer, units):
    """Creating through the service stores the creator, the strategy links and languages."""
    from iite.programme.forms import ActivityForm
    from iite.programme.services import activity_save
    from iite.strategy.models import ProgrammePillar

    p4 = ProgrammePillar.objects.get(period=framework, code="P4")
    form = ActivityForm(
        {
            "code": "ai-webinar",
            "title_en": "AI webinar",
            "title_ru": "Вебинар по ИИ",
            "original_language": "en",
            "kind": "webinar",
            "period": framework.pk,
            "unit": units["TPDN"].pk,
            "pillars": [p4.pk],
            "start_date": "2026-05-02",
            "end_date": "2026-05-02",
            "modality": "online",
            "status": "planned",
            "languages": ["en", "ru", "kk"],
            "is_public": "on",
        },
        user=officer,
    )
    assert form.is_valid(), form.errors
    activity = activity_save(form=form, user=officer)
    assert activity.created_by == officer
    assert activity.title == {"en": "AI webinar", "ru": "Вебинар по ИИ"}
    assert list(activity.pillars.all()) == [p4]
    assert activity.languages == ["en", "ru", "kk"]


def test_officer_cannot_choose_another_unit(framework, officer, units):
    """The unit choices of an officer are their own units."""
    from iite.programme.forms import ActivityForm

    form = ActivityForm(
        {
            "code": "x-2",
            "title_en": "X",
            "original_language": "en",
            "kind": "webinar",
            "period": framework.pk,
            "unit": units["ICTHE"].pk,
            "start_date": "2026-05-02",
            "end_date": "2026-05-02",
            "modality": "online",
            "status": "planned",
        },
        user=officer,
    )
    assert not form.is_valid()
    assert "unit" in form.errors


def test_recording_in_bulk_merges_with_existing_records_and_signals_once(
    activity, django_capture_on_commit_callbacks
):
    """The bulk path keeps earlier flags where a new entry leaves them unset, refreshes the
    profile copy, creates what is missing, and announces the change once, on commit."""
    from iite.core.records import records_changed
    from iite.programme.services import ParticipationEntry, participation_record_many

    first = User.objects.create_user("a@example.org", "pw", sex="female", role="teacher")
    second = User.objects.create_user("b@example.org", "pw", sex="male", role="student")
    participation_record(activity=activity, person=first, completed=True)
    first.role = "policymaker"
    first.save()
    heard: list[frozenset[str]] = []

    def listener(**kwargs):
        heard.append(kwargs["kinds"])

    records_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            result = participation_record_many(
                entries=[
                    ParticipationEntry.for_person(
                        activity_id=activity.pk, person=first, attended=True
                    ),
                    ParticipationEntry.for_person(
                        activity_id=activity.pk, person=second, certified=True
                    ),
                ]
            )
    finally:
        records_changed.disconnect(listener)
    assert (result.created, result.updated) == (1, 1)
    kept = Participation.objects.get(person_key=first.person_key)
    assert (kept.attended, kept.completed, kept.certified) == (True, True, False)
    assert kept.person_role == "policymaker"
    new = Participation.objects.get(person_key=second.person_key)
    assert (new.attended, new.completed, new.certified, new.person_id) == (
        False,
        False,
        True,
        second.pk,
    )
    assert heard == [frozenset({"participation"})]


def test_withdrawing_removes_only_a_record_nothing_has_happened_to(
    activity, records_heard, django_capture_on_commit_callbacks
):
    """A registration's record goes; one that says the person attended, or that another
    source made, stays; the change is announced once, on commit."""
    from iite.programme.services import participation_withdraw

    cancelled = User.objects.create_user("c@example.org", "pw")
    attended = User.objects.create_user("a@example.org", "pw")
    imported = User.objects.create_user("i@example.org", "pw")
    participation_record(activity=activity, person=cancelled, source="registration")
    participation_record(activity=activity, person=attended, source="registration", attended=True)
    participation_record(activity=activity, person=imported, source="import")
    with django_capture_on_commit_callbacks(execute=True):
        results = [
            participation_withdraw(activity=activity, person=person, source="registration")
            for person in (cancelled, attended, imported)
        ]
    assert results == [True, False, False]
    assert set(Participation.objects.values_list("person_key", flat=True)) == {
        attended.person_key,
        imported.person_key,
    }
    assert records_heard == [frozenset({"participation"})]


def test_a_delivery_activity_needs_a_strategy_period():
    """Without any strategy period a course or event cannot get its activity; nothing is written."""
    from django.core.exceptions import ValidationError

    from iite.programme.services import activity_for_delivery_save

    with pytest.raises(ValidationError, match="No strategy period is current"):
        activity_for_delivery_save(code="course-x", kind="course", values={"title": {"en": "X"}})
    assert not Activity.objects.exists()


def test_a_delivery_activity_belongs_to_the_current_period_and_runs_to_its_end(
    framework, records_heard, django_capture_on_commit_callbacks
):
    """A new course activity is in the current period, from today to the period's last day; a
    platform spans the whole period; links are added; the creation is announced once."""
    from django.utils import timezone

    from iite.programme.services import activity_for_delivery_save
    from iite.strategy.models import ProgrammePillar

    StrategyPeriod.objects.get_or_create(code="2030-2033", start_year=2030, end_year=2033)
    pillar = ProgrammePillar.objects.filter(period=framework).order_by("order").first()
    unit = UnitFactory(period=framework)
    with django_capture_on_commit_callbacks(execute=True):
        course = activity_for_delivery_save(
            code="course-x",
            kind="course",
            values={"title": {"en": "X", "fr": ""}, "languages": ["en"]},
            additions={"pillars": [pillar]},
            unit=unit,
        )
    platform = activity_for_delivery_save(
        code="platform-x",
        kind="platform",
        whole_period=True,
        values={"title": {"en": "P"}},
        unit=unit,
    )
    course.refresh_from_db()
    first_day = datetime.date(framework.start_year, 1, 1)
    assert (course.period, course.kind, dict(course.title)) == (framework, "course", {"en": "X"})
    assert course.start_date == max(timezone.localdate(), first_day)
    assert course.end_date == datetime.date(framework.end_year, 12, 31)
    assert list(course.pillars.all()) == [pillar]
    assert (platform.start_date, platform.end_date) == (first_day, course.end_date)
    assert records_heard == [frozenset({"activity"})]


def test_syncing_a_delivery_activity_writes_and_announces_only_what_changed(
    activity, records_heard, django_capture_on_commit_callbacks
):
    """Relations given are replaced, additions keep what staff linked, unchanged values write
    nothing and announce nothing; fields the programme staff own cannot be set this way."""
    from iite.programme.services import activity_for_delivery_save
    from iite.strategy.models import TargetGroup

    teachers, students, youth = (
        TargetGroup.objects.create(period=activity.period, code=code, title={"en": code})
        for code in ("teachers", "students", "youth")
    )
    activity.target_groups.set([teachers])
    with django_capture_on_commit_callbacks(execute=True):
        activity_for_delivery_save(
            activity=activity,
            values={"status": "ongoing", "title": {"en": "Renamed"}},
            relations={"target_groups": [students]},
        )
    activity.refresh_from_db()
    assert (activity.status, str(activity.title)) == ("ongoing", "Renamed")
    assert list(activity.target_groups.all()) == [students]
    assert records_heard == [frozenset({"activity"})]

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        activity_for_delivery_save(
            activity=activity,
            values={"status": "ongoing", "title": {"en": "Renamed"}},
            relations={"target_groups": [students]},
        )
    assert callbacks == []
    activity_for_delivery_save(activity=activity, additions={"target_groups": [youth]})
    assert set(activity.target_groups.all()) == {students, youth}
    with pytest.raises(ValueError, match="unit"):
        activity_for_delivery_save(activity=activity, values={"unit": None})


def test_activity_create_validates_and_links_the_framework(django_capture_on_commit_callbacks):
    """An activity from keyword arguments gets its links; one ending before it starts is refused."""
    from django.core.exceptions import ValidationError

    from iite.core.records import records_changed
    from iite.programme.services import activity_create
    from iite.strategy.models import ProgrammePillar

    period = StrategyPeriod.objects.create(code="2026-2029", start_year=2026, end_year=2029)
    pillar = ProgrammePillar.objects.create(period=period, code="P1", order=1, title={"en": "P1"})
    receiver = mock.Mock()
    records_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            activity = activity_create(
                code="forum-2026",
                title={"en": "Forum"},
                kind="regional_convention",
                period=period,
                unit=UnitFactory(period=period),
                start_date=datetime.date(2026, 6, 16),
                end_date=datetime.date(2026, 6, 17),
                modality="onsite",
                pillars=[pillar],
            )
    finally:
        records_changed.disconnect(receiver)
    activity.refresh_from_db()
    assert (activity.kind, activity.modality) == ("regional_convention", "onsite")
    assert list(activity.pillars.all()) == [pillar]
    receiver.assert_called_once_with(
        signal=records_changed, sender="programme", kinds=frozenset({"activity"})
    )
    with pytest.raises(ValidationError):
        activity_create(
            code="backwards",
            title={"en": "Backwards"},
            kind="webinar",
            period=period,
            unit=UnitFactory(period=period),
            start_date=datetime.date(2026, 6, 17),
            end_date=datetime.date(2026, 6, 16),
        )
    assert not Activity.objects.filter(code="backwards").exists()


def test_aggregate_participation_create_checks_the_split_and_counts_countries(activity):
    """Counts from keyword arguments: the split must add up; listed countries set the minimum."""
    from django.core.exceptions import ValidationError

    from iite.programme.models import AggregateParticipation
    from iite.programme.services import aggregate_participation_create
    from iite.reference.tests.factories import CountryFactory

    kenya = CountryFactory(iso2="KE")
    record = aggregate_participation_create(
        activity=activity, total=10, female=6, male=4, countries=[kenya], evidence="Desk counts"
    )
    assert (record.total, record.country_count, record.evidence) == (10, 1, "Desk counts")
    assert list(record.countries.all()) == [kenya]
    with pytest.raises(ValidationError):
        aggregate_participation_create(activity=activity, total=10, female=6, male=3)
    assert AggregateParticipation.objects.count() == 1
