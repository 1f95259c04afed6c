"""Entries, eligibility, juries, results and what indicator 6 counts from them."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext

from iite.accounts.tests.factories import UserFactory
from iite.competitions import judging, results, services
from iite.competitions.models import Assignment, Conflict, EntryStatus, Judge, Result
from iite.credentials.models import Credential
from iite.monitoring.indicators import compute
from iite.monitoring.measures import Scope
from iite.partners.tests.factories import FocalPointFactory, PartnerFactory
from iite.programme.models import Participation
from iite.reference.tests.factories import CountryFactory

from .factories import make_edition, make_entry

pytestmark = pytest.mark.django_db


def test_edition_is_an_activity_of_kind_competition():
    edition = make_edition()
    assert edition.activity.kind == "competition"
    assert edition.activity.code == "design-futures-2026"
    assert edition.activity.status == "ongoing"
    assert edition.activity.title["es"] == "Diseño para el Futuro 2026"


def test_eligibility_messages_name_each_rule(django_capture_on_commit_callbacks):
    """A researcher aged 25-34 from outside the call's region, alone in a team call."""
    country = CountryFactory(unesco_region="europe_north_america")
    edition = make_edition(
        eligible_roles=["student", "teacher"],
        eligible_age_bands=["under_18", "18_24"],
        eligible_regions=["arab_states"],
        team_min=2,
    )
    owner = UserFactory(role="researcher", age_band="25_34", country=country, name="Ana")
    entry = make_entry(edition, owner=owner, submit=False, answers={})
    problems = services.entry_submit(entry=entry)
    assert problems == [
        "Rule “who may enter”: this call is open to Student, Teacher; the profile of Ana says "
        "Researcher.",
        "Rule “age”: this call is open to ages Under 18, 18–24; the profile of Ana says 25–34.",
        f"Rule “countries and regions”: this call is open to Arab States; the profile of Ana says "
        f"{country.name}.",
        "Rule “team size”: teams of 2 to 4 people; yours has 1 person.",
        "Rule “complete entry”: answer the question “What problem does it solve?”.",
    ]
    entry.refresh_from_db()
    assert entry.status == EntryStatus.DRAFT
    assert not Participation.objects.exists()


def test_a_minors_entry_needs_a_named_supervisor():
    edition = make_edition(eligible_roles=["student"])
    student = UserFactory(role="student", age_band="under_18")
    entry = make_entry(edition, owner=student, submit=False)
    assert services.entry_submit(entry=entry) == [
        "Rule “minors”: an entry with a member under 18 needs a named supervising teacher or "
        "guardian, with their e-mail address."
    ]
    entry = services.entry_save_draft(
        edition=edition,
        owner=student,
        entry=entry,
        supervisor_name="Ms Rahma",
        supervisor_email="rahma@school.example",
        supervisor_role="teacher",
    )
    assert services.entry_submit(entry=entry) == []


def test_submission_after_the_deadline_is_refused():
    edition = make_edition()
    entry = make_entry(edition, submit=False)
    later = edition.closes_at + datetime.timedelta(minutes=1)
    assert services.entry_submit(entry=entry, now=later) == [
        "Rule “deadline”: the call for entries is closed."
    ]


def test_team_submission_records_members_and_mentors_and_mails(django_capture_on_commit_callbacks):
    """The team counts as participants, the mentor as mentor; the owner gets the receipt."""
    edition = make_edition()
    owner = UserFactory(role="student", preferred_language="es")
    member = UserFactory(role="student")
    mentor = UserFactory(role="teacher")
    with django_capture_on_commit_callbacks(execute=True):
        entry = make_entry(edition, owner=owner, submit=False)
        services.team_member_invite(entry=entry, email=member.email)
        services.team_member_invite(entry=entry, email=mentor.email, role="mentor")
        services.team_member_invite(entry=entry, email="new@example.org")
        assert services.entry_submit(entry=entry) == []
    roles = Counter(
        Participation.objects.filter(activity=edition.activity).values_list("role", flat=True)
    )
    assert roles == {"participant": 2, "mentor": 1}
    receipt = next(m for m in mail.outbox if m.to == [owner.email])
    # In the owner's language (Spanish), through the catalogue.
    with translation.override("es"):
        expected = gettext("Your entry %(entry_label)s was received") % {"entry_label": "Entry 001"}
    assert receipt.subject == expected
    assert expected != "Your entry Entry 001 was received"
    assert {m.to[0] for m in mail.outbox} >= {owner.email, member.email, mentor.email}


def test_withdrawal_before_the_deadline_removes_the_records():
    edition = make_edition()
    entry = make_entry(edition)
    assert Participation.objects.filter(activity=edition.activity).count() == 1
    services.entry_withdraw(entry=entry)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.WITHDRAWN
    assert not Participation.objects.filter(activity=edition.activity).exists()


def test_withdrawal_after_the_deadline_is_refused():
    edition = make_edition()
    entry = make_entry(edition)
    with pytest.raises(ValidationError, match="deadline has passed"):
        services.entry_withdraw(entry=entry, now=edition.closes_at + datetime.timedelta(hours=1))


def _jury(edition, count):
    return [judging.judge_invite(edition=edition, user=UserFactory())[0] for _ in range(count)]


def test_conflicts_derived_from_records_are_never_assigned():
    """Same institution, same country (when the rules say so) and partner staff."""
    here = CountryFactory()
    edition = make_edition(conflict_same_country=True, judges_per_entry=2)
    partner = PartnerFactory()
    entries = [
        make_entry(edition, owner=UserFactory(institution="Escuela Norte")),
        make_entry(edition, owner=UserFactory(country=here)),
        make_entry(edition, owner=(staffer := UserFactory())),
        make_entry(edition),
        make_entry(edition),
        make_entry(edition),
    ]
    FocalPointFactory(partner=partner, user=staffer)
    inst = Judge.objects.get(
        pk=judging.judge_invite(edition=edition, user=UserFactory(institution=" escuela  norte"))[
            0
        ].pk
    )
    compatriot = judging.judge_invite(edition=edition, user=UserFactory(country=here))[0]
    colleague, conflicts = judging.judge_invite(edition=edition, user=(other := UserFactory()))
    assert conflicts == 0  # not yet staff of the partner
    FocalPointFactory(partner=partner, user=other)
    _jury(edition, 2)
    edition.stage = "judging"
    edition.save()
    plan = judging.assignment_run(judging_round=edition.rounds.first())
    assert set(Conflict.objects.values_list("judge_id", "entry_id", "source")) >= {
        (inst.pk, entries[0].pk, "institution"),
        (compatriot.pk, entries[1].pk, "country"),
        (colleague.pk, entries[2].pk, "partner"),
    }
    pairs = set(Assignment.objects.values_list("judge_id", "entry_id"))
    assert not pairs & set(Conflict.objects.values_list("judge_id", "entry_id"))
    assert plan.short == {}
    assert set(Counter(e for _j, e in pairs).values()) == {2}
    loads = Counter(j for j, _e in pairs).values()
    assert max(loads) - min(loads) <= 1
    with pytest.raises(ValidationError, match="conflict of interest"):
        judging.assignment_add(
            judging_round=edition.rounds.first(), judge=compatriot, entry=entries[1]
        )


def test_a_judge_declaring_a_conflict_loses_the_unscored_assignment():
    edition = make_edition(judges_per_entry=1)
    entry = make_entry(edition)
    [judge] = _jury(edition, 1)
    judging.assignment_run(judging_round=edition.rounds.first())
    judging.conflict_declare(judge=judge, entry=entry, source="judge", note="My pupil")
    assert not Assignment.objects.exists()
    judging.assignment_run(judging_round=edition.rounds.first())
    assert not Assignment.objects.exists()


def _score_all(edition, value_of):
    for assignment in Assignment.objects.filter(round__edition=edition).select_related("entry"):
        value = value_of(assignment)
        judging.review_submit(
            assignment=assignment,
            scores={c.pk: (value, "") for c in edition.criteria.all()},
            confidence=2,
        )


def test_review_checks_every_criterion_on_its_scale():
    edition = make_edition(judges_per_entry=1)
    make_entry(edition)
    _jury(edition, 1)
    judging.assignment_run(judging_round=edition.rounds.first())
    services.edition_stage_set(edition=edition, stage="judging")
    assignment = Assignment.objects.get()
    originality, feasibility = edition.criteria.all()
    with pytest.raises(ValidationError) as error:
        judging.review_submit(assignment=assignment, scores={originality.pk: (6, "")}, confidence=4)
    assert error.value.message_dict == {
        f"criterion_{originality.pk}": ["Give “Originality” a score from 1 to 5."],
        f"criterion_{feasibility.pk}": ["Give “Feasibility” a score from 1 to 5."],
        "confidence": ["Say how confident you are: 1, 2 or 3."],
    }


def test_results_issue_credentials_and_indicator_six_counts_records(
    django_capture_on_commit_callbacks,
):
    """Indicator 6 counts the edition once and its entrants (not judges), by sex."""
    edition = make_edition(judges_per_entry=2)
    women = [UserFactory(role="student", sex="female") for _ in range(2)]
    man = UserFactory(role="teacher", sex="male")
    entries = [make_entry(edition, owner=person) for person in (*women, man)]
    judges = _jury(edition, 2)
    judging.assignment_run(judging_round=edition.rounds.first())
    services.edition_stage_set(edition=edition, stage="judging")
    _score_all(edition, lambda a: 5 - entries.index(a.entry))
    ranking = results.round_promote(judging_round=edition.rounds.first())
    assert ranking == entries[:2]
    results.entry_result_set(entry=entries[0], result=Result.WINNER, prize=edition.prizes.first())
    results.entry_result_set(entry=entries[1], result=Result.FINALIST)
    with django_capture_on_commit_callbacks(execute=True):
        issued = results.results_publish(edition=edition)
    assert issued == 2
    assert (
        Credential.objects.get(recipient=women[0]).achievement.code == "design-futures-2026-winner"
    )
    assert Credential.objects.get(recipient=women[1]).achievement.code == (
        "design-futures-2026-finalist"
    )
    edition.activity.refresh_from_db()
    assert edition.activity.status == "completed"
    judge_records = Participation.objects.filter(activity=edition.activity, role="judge")
    assert set(judge_records.values_list("person_id", flat=True)) == {j.user_id for j in judges}
    measures = compute(Scope(year=timezone.now().year)).measures
    assert measures["competitions.held"].value == 1
    assert measures["competitions.participants"].value == 3
    assert measures["competitions.participants"].dims["sex"] == {"female": 2, "male": 1}
    subjects = [m.subject for m in mail.outbox if m.to == [man.email]]
    assert "Results: Entry of " + man.name in subjects
