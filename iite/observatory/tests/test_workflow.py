"""The assessment workflow: who may take each step, conflicts of interest, reconciliation,
the right of reply, publication with a change log, and key indicator 4."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from iite.accounts.tests.factories import UserFactory
from iite.monitoring.measures import MEASURES
from iite.observatory import services
from iite.observatory.models import (
    AssessmentStatus,
    ChangeLogEntry,
    PrincipleRating,
    ToolStatus,
)
from iite.observatory.principles import PRINCIPLES
from iite.observatory.selectors import reconciliation
from iite.programme.models import Activity, ActivityKind

from .factories import (
    accepted,
    assigned,
    make_tool,
    published_tool,
    ratings,
    reviewed,
    reviewer,
    staff,
    unit,
    user_with_perms,
)

pytestmark = pytest.mark.django_db


def test_anyone_signed_in_proposes_and_only_triagers_triage():
    """A teacher's proposal waits for triage; the teacher cannot triage it, staff can."""
    teacher = UserFactory()
    tool = make_tool(by=teacher)
    assert tool.status == ToolStatus.PROPOSED
    assert tool.proposed_by == teacher
    with pytest.raises(PermissionDenied):
        services.ToolTriage(by=teacher, tool=tool, accept=True, version="1").execute()
    lead = staff()
    services.ToolTriage(by=lead, tool=tool, accept=True, version="2.1").execute()
    tool.refresh_from_db()
    assert tool.status == ToolStatus.ACCEPTED
    assert list(tool.assessments.values_list("version", flat=True)) == ["2.1"]
    entry = LogEntry.objects.get_for_object(tool).filter(actor=lead).latest("timestamp")
    assert entry.additional_data["action"] == "observatory.triage"


def test_declining_needs_a_reason():
    tool = make_tool()
    with pytest.raises(ValidationError) as error:
        services.ToolTriage(by=staff(), tool=tool, accept=False).execute()
    assert error.value.message_dict == {"note": ["Say why the proposal is declined."]}
    tool.refresh_from_db()
    assert tool.status == ToolStatus.PROPOSED


def test_a_declared_conflict_blocks_assignment():
    """A reviewer who declared a conflict cannot be assigned; nor one who has not declared."""
    lead = staff()
    assessment = accepted(make_tool(), lead)
    conflicted, silent = reviewer(), reviewer()
    services.interests_declare(
        assessment=assessment, by=conflicted, has_conflict=True, statement="I advise the provider."
    )
    with pytest.raises(ValidationError) as error:
        services.ReviewerAssign(by=lead, assessment=assessment, reviewer=conflicted).execute()
    assert error.value.message_dict == {
        "reviewer": ["This reviewer declared a conflict of interest."]
    }
    with pytest.raises(ValidationError) as error:
        services.ReviewerAssign(by=lead, assessment=assessment, reviewer=silent).execute()
    assert error.value.message_dict == {
        "reviewer": ["This reviewer has not declared their interests yet."]
    }
    assert assessment.reviews.count() == 0


def test_a_conflict_needs_a_statement():
    assessment = accepted(make_tool(), staff())
    with pytest.raises(ValidationError):
        services.interests_declare(assessment=assessment, by=reviewer(), has_conflict=True)


def test_only_two_reviewers_and_only_by_staff():
    lead = staff()
    assessment = accepted(make_tool(), lead)
    first, second, third = reviewer(), reviewer(), reviewer()
    with pytest.raises(PermissionDenied):
        services.ReviewerAssign(by=first, assessment=assessment, reviewer=second).execute()
    assigned(assessment, lead, first, second)
    services.interests_declare(assessment=assessment, by=third, has_conflict=False)
    with pytest.raises(PermissionDenied):
        services.ReviewerAssign(by=lead, assessment=assessment, reviewer=third).execute()
    assert assessment.reviews.count() == 2


def test_someone_without_the_reviewer_role_cannot_be_assigned():
    lead = staff()
    assessment = accepted(make_tool(), lead)
    teacher = UserFactory()
    with pytest.raises(PermissionDenied):
        services.interests_declare(assessment=assessment, by=teacher, has_conflict=False)


def test_reviews_are_independent_and_complete():
    """Only the assigned reviewer writes their review; all ten principles must be rated."""
    lead = staff()
    assessment = accepted(make_tool(), lead)
    first, second = reviewer(), reviewer()
    assigned(assessment, lead, first, second)
    review = assessment.reviews.get(reviewer=first)
    with pytest.raises(PermissionDenied):
        services.ReviewSubmit(by=second, review=review, ratings=ratings()).execute()
    partial = ratings()
    del partial["privacy"]
    with pytest.raises(ValidationError) as error:
        services.ReviewSubmit(by=first, review=review, ratings=partial).execute()
    assert error.value.message_dict == {"privacy": ["Rate this principle."]}
    wrong = ratings()
    wrong["safety"] = services.RatingInput(rating=2, confidence="low", questions=("PV1",))
    with pytest.raises(ValidationError) as error:
        services.ReviewSubmit(by=first, review=review, ratings=wrong).execute()
    assert error.value.message_dict == {"safety": ["Cite questions of this principle only."]}
    services.ReviewSubmit(by=first, review=review, ratings=ratings()).execute()
    review.refresh_from_db()
    assert review.submitted_at is not None
    assert review.ratings.count() == 10
    with pytest.raises(PermissionDenied):  # submitted reviews are final
        services.ReviewSubmit(by=first, review=review, ratings=ratings()).execute()


def test_reconciling_two_reviews():
    """The proposal takes the lower rating and confidence; a wide disagreement needs a
    rationale; the reconciler is neither reviewer; both reviews must be in."""
    lead, third = staff(), staff()
    assessment = accepted(make_tool(), lead)
    first, second = reviewer(), reviewer()
    assigned(assessment, lead, first, second)
    with pytest.raises(ValidationError) as error:
        services.AssessmentReconcile(by=lead, assessment=assessment, ratings=ratings()).execute()
    assert error.value.messages == ["Both reviews must be submitted before reconciling."]
    reviewed(
        assessment,
        first,
        second,
        first_ratings=ratings(3, fairness=4, privacy=1),
        second_ratings=ratings(3, fairness=3, privacy=4),
    )
    rows = {row.principle: row for row in reconciliation(assessment)}
    assert rows["safety"].ratings == (3, 3) and rows["safety"].proposed_rating == 3
    assert rows["fairness"].proposed_rating == 3 and not rows["fairness"].wide
    assert rows["privacy"].proposed_rating == 1 and rows["privacy"].difference == 3
    assert rows["privacy"].wide
    with pytest.raises(ValidationError) as error:
        services.AssessmentReconcile(by=lead, assessment=assessment, ratings=ratings()).execute()
    assert error.value.message_dict == {
        "privacy": ["The reviewers disagree widely on this principle: give the rationale."]
    }
    final = ratings(3)
    final["privacy"] = services.RatingInput(
        rating=2, confidence="low", questions=("PV1",), notes="Retention is not stated."
    )
    services.AssessmentReconcile(
        by=third, assessment=assessment, ratings=final, summary={"en": "Sound, with gaps."}
    ).execute()
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.RECONCILED
    assert assessment.reconciled_by == third
    privacy = PrincipleRating.objects.get(assessment=assessment, principle="privacy")
    assert (privacy.rating, privacy.confidence, privacy.questions) == (2, "low", ["PV1"])
    assert privacy.rationale == {"en": "Retention is not stated."}


def test_a_reviewer_cannot_reconcile_their_own_assessment():
    lead = staff()
    assessment = accepted(make_tool(), lead)
    first = user_with_perms("observatory.review_tool", "observatory.reconcile_assessment")
    second = reviewer()
    assigned(assessment, lead, first, second)
    reviewed(assessment, first, second)
    with pytest.raises(PermissionDenied):
        services.AssessmentReconcile(by=first, assessment=assessment, ratings=ratings()).execute()


def _reconciled():
    lead = staff()
    assessment = accepted(make_tool(), lead)
    first, second = reviewer(), reviewer()
    assigned(assessment, lead, first, second)
    reviewed(assessment, first, second)
    services.AssessmentReconcile(by=lead, assessment=assessment, ratings=ratings()).execute()
    assessment.refresh_from_db()
    return assessment, first


def test_publication_waits_for_the_providers_reply_or_its_deadline():
    assessment, first = _reconciled()
    publisher = staff()
    with pytest.raises(PermissionDenied):  # not sent for a reply yet
        services.AssessmentPublish(by=publisher, assessment=assessment, change_note="x").execute()
    with pytest.raises(PermissionDenied):  # a reviewer cannot send it
        services.ReplyRequest(by=first, assessment=assessment).execute()
    services.ReplyRequest(by=publisher, assessment=assessment).execute()
    assessment.refresh_from_db()
    assert assessment.reply_due == timezone.localdate() + datetime.timedelta(days=14)
    with pytest.raises(ValidationError):
        services.AssessmentPublish(
            by=publisher, assessment=assessment, change_note="First.", unit=unit()
        ).execute()
    assessment.reply_due = timezone.localdate() - datetime.timedelta(days=1)
    assessment.save()
    services.AssessmentPublish(
        by=publisher, assessment=assessment, change_note="First assessment.", unit=unit()
    ).execute()
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.PUBLISHED
    assert list(ChangeLogEntry.objects.values_list("text", flat=True)) == ["First assessment."]


def test_publishing_needs_a_change_note():
    assessment, _first = _reconciled()
    publisher = staff()
    services.ReplyRequest(by=publisher, assessment=assessment).execute()
    services.ReplyRecord(by=publisher, assessment=assessment, text="Thanks.").execute()
    with pytest.raises(ValidationError) as error:
        services.AssessmentPublish(by=publisher, assessment=assessment, change_note=" ").execute()
    assert error.value.message_dict == {"change_note": ["Say what changed, for the change log."]}


def test_a_published_tool_counts_toward_key_indicator_4():
    """Publishing makes the tool a learning resource Activity that KI-4 counts, once."""
    tool = published_tool()
    activity = Activity.objects.get(pk=tool.activity_id)
    assert activity.kind == ActivityKind.LEARNING_RESOURCE
    assert activity.code == f"observatory-{tool.slug}"
    assert str(activity.title) == "AI tool assessment: Caption helper"
    counted = Activity.objects.filter(MEASURES["platforms.resources"].activity_condition())
    assert list(counted) == [activity]
    # A new version's publication keeps the same activity.
    lead = staff()
    services.AssessmentStart(by=lead, tool=tool, version="2.0").execute()
    assert Activity.objects.count() == 1


def test_a_new_version_starts_a_new_assessment_and_keeps_the_history():
    tool = published_tool()
    lead = staff()
    with pytest.raises(ValidationError):
        services.AssessmentStart(by=lead, tool=tool, version="1.0").execute()
    services.AssessmentStart(by=lead, tool=tool, version="2.0").execute()
    with pytest.raises(ValidationError):  # one assessment in progress at a time
        services.AssessmentStart(by=lead, tool=tool, version="3.0").execute()
    assert sorted(tool.assessments.values_list("version", "status")) == [
        ("1.0", AssessmentStatus.PUBLISHED),
        ("2.0", AssessmentStatus.REVIEW),
    ]


def test_every_step_leaves_an_audit_entry():
    tool = published_tool()
    assessment = tool.assessments.get()
    actions = set(
        LogEntry.objects.get_for_object(assessment)
        .exclude(additional_data=None)
        .values_list("additional_data__action", flat=True)
    )
    assert {
        "observatory.assign",
        "observatory.review",
        "observatory.reconcile",
        "observatory.reply_request",
        "observatory.reply_record",
        "observatory.publish",
    } <= actions


def test_role_permissions_registered():
    from iite.core.registry import role_permissions

    assert "observatory.review_tool" in role_permissions["Reviewer/Judge"]
    assert "observatory.triage_tool" not in role_permissions["Reviewer/Judge"]
    assert "observatory.publish_assessment" in role_permissions["Programme officer"]


def test_ten_principles_in_the_strategys_order():
    assert PRINCIPLES[0] == "proportionality" and PRINCIPLES[-1] == "governance"
    assert len(PRINCIPLES) == 10


def test_control_characters_are_refused_in_names_and_notes():
    """A tool name holding ESC would break exports and hide text: refused by field."""
    with pytest.raises(ValidationError) as error:
        make_tool(name="Caption\x1b[2J helper")
    assert list(error.value.message_dict) == ["name"]
    tool = make_tool()
    with pytest.raises(ValidationError) as error:
        services.ToolTriage(by=staff(), tool=tool, accept=False, note="No\x07").execute()
    assert list(error.value.message_dict) == ["note"]
