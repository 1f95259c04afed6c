"""Every write of the observatory: proposals, the assessment workflow, audits and figures.

The workflow's steps are actions (`iite.core.actions.Action`): each checks who may take it
(`permissions`), writes, and leaves an audit entry on the assessment or tool, so the
history of each assessment shows who did what and when.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from iite.accounts.models import User
from iite.core.actions import Action
from iite.core.records import records_changed_on_commit
from iite.core.tabular import TableFile
from iite.core.validators import validate_plain_text
from iite.library.models import Publication, PublicationStatus
from iite.programme.models import Activity, ActivityKind, ActivityStatus
from iite.programme.services import activity_for_delivery_save, activity_period_current
from iite.strategy.models import ProgrammePillar, ProgrammeUnit

from . import notifications, permissions, replies
from .disparity import results_read
from .models import (
    RESERVED_SLUGS,
    TOOL_RECORD_FIELDS,
    Assessment,
    AssessmentStatus,
    BiasAudit,
    ChangeLogEntry,
    ConflictDeclaration,
    EnvironmentalFigure,
    Evidence,
    PrincipleRating,
    Protocol,
    ProtocolQuestion,
    ReviewerAssignment,
    ReviewRating,
    ScaleLevel,
    Tool,
    ToolMention,
    ToolPublication,
    ToolStatus,
)
from .principles import PRINCIPLES

RECORD_KINDS = frozenset({"observatory"})
REPLY_DAYS = 14
# A reviewer's review is due this many days after the assignment, unless staff say otherwise.
REVIEW_DAYS = 21
# Two reviewers whose ratings of a principle differ by this much must say why in reconciling.
WIDE_DISAGREEMENT = 2


def _changed() -> None:
    records_changed_on_commit(sender="observatory", kinds=RECORD_KINDS)


def _full_clean_save(instance: Model, **kwargs: Any) -> None:
    instance.full_clean(**kwargs)
    instance.save()


# --- The protocol ----------------------------------------------------------------------


@transaction.atomic
def protocol_load(data: Mapping[str, Any]) -> Protocol:
    """Create a protocol version from its data file, once; a version is never rewritten
    (assessments cite it), so a changed protocol is a new version."""
    existing = Protocol.objects.filter(version=data["version"]).first()
    if existing is not None:
        return existing
    protocol = Protocol(
        version=data["version"],
        title=data["title"],
        introduction=data.get("introduction", {}),
        original_language=data.get("original_language", "en"),
        published_on=data["published_on"],
    )
    _full_clean_save(protocol)
    for value, level in enumerate(data["scale"]):
        _full_clean_save(
            ScaleLevel(
                protocol=protocol,
                value=level.get("value", value),
                label=level["label"],
                descriptor=level["descriptor"],
            ),
            exclude=["protocol"],
        )
    for order, question in enumerate(data["questions"], start=1):
        _full_clean_save(
            ProtocolQuestion(
                protocol=protocol,
                principle=question["principle"],
                code=question["code"],
                text=question["text"],
                guidance=question.get("guidance", {}),
                order=order,
            ),
            exclude=["protocol"],
        )
    return protocol


def protocol_current() -> Protocol:
    protocol = Protocol.objects.order_by("-published_on", "-version").first()
    if protocol is None:
        raise ValidationError(_("No assessment protocol is loaded."))
    return protocol


# --- Tools -----------------------------------------------------------------------------


def _unique_slug(name: str) -> str:
    base = (slugify(name) or "tool")[:50]
    slug, number = base, 2
    while Tool.objects.filter(slug=slug).exists() or slug in RESERVED_SLUGS:
        slug, number = f"{base}-{number}", number + 1
    return slug


TOOL_FIELDS = frozenset(TOOL_RECORD_FIELDS)


def _tool_fields_check(values: Mapping[str, Any]) -> None:
    """A programming error, not a user's: only the catalogue record's fields are written."""
    unknown = set(values) - TOOL_FIELDS
    if unknown:
        raise ValueError(f"Not a tool field: {', '.join(sorted(unknown))}")


@transaction.atomic
def tool_propose(*, by: User, note: str = "", slug: str = "", **fields: Any) -> Tool:
    """A tool proposed for assessment by anyone signed in; it waits for triage."""
    if not permissions.can_propose(by):
        raise PermissionDenied
    _tool_fields_check(fields)
    tool = Tool(
        slug=slug or _unique_slug(fields.get("name", "")),
        proposed_by=by,
        proposal_note=note,
        status=ToolStatus.PROPOSED,
        **fields,
    )
    _full_clean_save(tool)
    _changed()
    return tool


@transaction.atomic
def tool_update(*, tool: Tool, by: User, values: Mapping[str, Any]) -> Tool:
    """Change the catalogue record of a tool (staff)."""
    if not permissions.can_edit_tool(by):
        raise PermissionDenied
    _tool_fields_check(values)
    for name, value in values.items():
        setattr(tool, name, value)
    _full_clean_save(tool)
    if tool.activity_id:
        _activity_sync(tool)
    _changed()
    return tool


@transaction.atomic
def mention_add(*, tool: Tool, by: User, title: str, url: str) -> ToolMention:
    """A publication, practice or page that mentions the tool, by title and address."""
    if not permissions.can_edit_tool(by):
        raise PermissionDenied
    mention = ToolMention(tool=tool, title=title, url=url)
    _full_clean_save(mention)
    _changed()
    return mention


@transaction.atomic
def publication_link(*, tool: Tool, by: User, publication: Publication) -> ToolPublication:
    """Link a library publication that discusses the tool (staff); both pages show the link
    once the tool and the publication are published."""
    if not permissions.can_edit_tool(by):
        raise PermissionDenied
    if publication.status == PublicationStatus.WITHDRAWN:
        raise ValidationError({"publication": _("This publication is withdrawn.")})
    link, created = ToolPublication.objects.get_or_create(tool=tool, publication=publication)
    if not created:
        raise ValidationError({"publication": _("This publication is already linked.")})
    return link


@transaction.atomic
def publication_unlink(*, link: ToolPublication, by: User) -> None:
    if not permissions.can_edit_tool(by):
        raise PermissionDenied
    link.delete()


# --- The workflow ----------------------------------------------------------------------


def _assessment_new(*, tool: Tool, version: str, language: str) -> Assessment:
    version = version.strip()
    if not version:
        raise ValidationError({"version": _("Give the version of the tool to assess.")})
    if Assessment.objects.filter(tool=tool, version=version).exists():
        raise ValidationError(
            {"version": _("This version already has an assessment; give the new version.")}
        )
    assessment = Assessment(
        tool=tool, version=version, protocol=protocol_current(), original_language=language
    )
    _full_clean_save(assessment)
    return assessment


class ToolTriage(Action[Tool]):
    """Accept a proposed tool for assessment (opening the assessment of `version`) or decline it."""

    name = "observatory.triage"
    label = gettext_lazy("Proposal triaged")

    def __init__(self, *, by: Any, tool: Tool, accept: bool, note: str = "", version: str = ""):
        super().__init__(by=by)
        self.tool, self.accept, self.note, self.version = tool, accept, note, version

    def check(self) -> None:
        if not permissions.can_triage(self.by, self.tool):
            raise PermissionDenied
        if self.accept and not self.version.strip():
            raise ValidationError({"version": _("Give the version of the tool to assess.")})
        if not self.accept and not self.note.strip():
            raise ValidationError({"note": _("Say why the proposal is declined.")})
        try:
            validate_plain_text(self.note)
        except ValidationError as exc:
            raise ValidationError({"note": exc.messages}) from exc

    def write(self) -> Tool:
        tool = self.tool
        tool.status = ToolStatus.ACCEPTED if self.accept else ToolStatus.DECLINED
        tool.triage_note = self.note
        tool.save(update_fields=["status", "triage_note", "updated_at"])
        if self.accept:
            _assessment_new(tool=tool, version=self.version, language=tool.original_language)
        _changed()
        return tool

    def target(self, result: Tool) -> Model:
        return result

    def details(self, result: Tool) -> dict[str, Any]:
        return {"accepted": self.accept, "version": self.version}


class AssessmentStart(Action[Assessment]):
    """A new version of an accepted tool starts a new assessment; earlier ones stay as history."""

    name = "observatory.start"
    label = gettext_lazy("Assessment of a new version started")

    def __init__(self, *, by: Any, tool: Tool, version: str):
        super().__init__(by=by)
        self.tool, self.version = tool, version

    def check(self) -> None:
        if not permissions.can_start_assessment(self.by, self.tool):
            raise PermissionDenied
        if self.tool.assessments.exclude(status=AssessmentStatus.PUBLISHED).exists():
            raise ValidationError(
                _("This tool has an assessment in progress; finish it before starting another.")
            )

    def write(self) -> Assessment:
        assessment = _assessment_new(
            tool=self.tool, version=self.version, language=self.tool.original_language
        )
        _changed()
        return assessment

    def target(self, result: Assessment) -> Model:
        return result

    def details(self, result: Assessment) -> dict[str, Any]:
        return {"version": result.version}


@transaction.atomic
def interests_declare(
    *, assessment: Assessment, by: User, has_conflict: bool, statement: str = ""
) -> ConflictDeclaration:
    """A reviewer's declaration of interests for an assessment (replacing an earlier one)."""
    if not permissions.can_declare(by, assessment):
        raise PermissionDenied
    if has_conflict and not statement.strip():
        raise ValidationError({"statement": _("Describe the conflict of interest.")})
    declaration, _created = ConflictDeclaration.objects.update_or_create(
        assessment=assessment,
        reviewer=by,
        defaults={"has_conflict": has_conflict, "statement": statement.strip()},
    )
    return declaration


class ReviewerAssign(Action[ReviewerAssignment]):
    """Assign one of the two reviewers; only a reviewer who declared no conflict may be."""

    name = "observatory.assign"
    label = gettext_lazy("Reviewer assigned")

    def __init__(
        self,
        *,
        by: Any,
        assessment: Assessment,
        reviewer: User,
        due_on: datetime.date | None = None,
    ):
        super().__init__(by=by)
        self.assessment, self.reviewer = assessment, reviewer
        self.due_on = due_on or timezone.localdate() + datetime.timedelta(days=REVIEW_DAYS)

    def check(self) -> None:
        if not permissions.can_assign(self.by, self.assessment):
            raise PermissionDenied
        if self.due_on <= timezone.localdate():
            raise ValidationError({"due_on": _("Give a due date after today.")})
        if not permissions.is_reviewer(self.reviewer):
            raise ValidationError({"reviewer": _("This person is not a reviewer.")})
        if self.assessment.reviews.filter(reviewer=self.reviewer).exists():
            raise ValidationError({"reviewer": _("This reviewer is already assigned.")})
        declaration = ConflictDeclaration.objects.filter(
            assessment=self.assessment, reviewer=self.reviewer
        ).first()
        if declaration is None:
            raise ValidationError(
                {"reviewer": _("This reviewer has not declared their interests yet.")}
            )
        if declaration.has_conflict:
            raise ValidationError({"reviewer": _("This reviewer declared a conflict of interest.")})

    def write(self) -> ReviewerAssignment:
        return ReviewerAssignment.objects.create(
            assessment=self.assessment,
            reviewer=self.reviewer,
            assigned_by=self.by,
            due_on=self.due_on,
        )

    def target(self, result: ReviewerAssignment) -> Model:
        return result.assessment

    def details(self, result: ReviewerAssignment) -> dict[str, Any]:
        return {"reviewer": result.reviewer_id, "due_on": str(result.due_on)}

    def notify(self, result: ReviewerAssignment) -> None:
        notifications.reviewer_assigned_notify(result)


@dataclass(frozen=True)
class RatingInput:
    rating: int
    confidence: str
    questions: tuple[str, ...] = ()
    notes: str = ""


def _check_ratings(assessment: Assessment, ratings: Mapping[str, RatingInput]) -> None:
    """Every principle rated, on the scale, citing questions of its own principle."""
    errors: dict[str, str] = {}
    codes = dict(
        ProtocolQuestion.objects.filter(protocol_id=assessment.protocol_id).values_list(
            "code", "principle"
        )
    )
    scale = set(
        ScaleLevel.objects.filter(protocol_id=assessment.protocol_id).values_list(
            "value", flat=True
        )
    )
    for principle in PRINCIPLES:
        given = ratings.get(principle)
        if given is None:
            errors[principle] = _("Rate this principle.")
        elif given.rating not in scale:
            errors[principle] = _("Choose a rating on the protocol's scale.")
        elif any(codes.get(code) != principle for code in given.questions):
            errors[principle] = _("Cite questions of this principle only.")
    if errors:
        raise ValidationError(errors)


def _rating_rows(
    ratings: Mapping[str, RatingInput],
) -> Iterator[tuple[dict[str, Any], RatingInput]]:
    """The fields a review's and a reconciled rating share, for each principle rated."""
    for principle, given in ratings.items():
        if principle in PRINCIPLES:
            fields = {
                "principle": principle,
                "rating": given.rating,
                "confidence": given.confidence,
                "questions": list(given.questions),
            }
            yield fields, given


class ReviewSubmit(Action[ReviewerAssignment]):
    """A reviewer's independent ratings of the ten principles, final once submitted."""

    name = "observatory.review"
    label = gettext_lazy("Review submitted")

    def __init__(
        self,
        *,
        by: Any,
        review: ReviewerAssignment,
        ratings: Mapping[str, RatingInput],
        notes: str = "",
    ):
        super().__init__(by=by)
        self.review, self.ratings, self.notes = review, ratings, notes

    def check(self) -> None:
        if not permissions.can_review(self.by, self.review):
            raise PermissionDenied
        _check_ratings(self.review.assessment, self.ratings)

    def write(self) -> ReviewerAssignment:
        review = self.review
        review.ratings.all().delete()
        ReviewRating.objects.bulk_create(
            ReviewRating(review=review, notes=given.notes, **fields)
            for fields, given in _rating_rows(self.ratings)
        )
        review.notes = self.notes
        review.submitted_at = timezone.now()
        review.save(update_fields=["notes", "submitted_at"])
        return review

    def target(self, result: ReviewerAssignment) -> Model:
        return result.assessment


class AssessmentReconcile(Action[Assessment]):
    """The reconciled ratings, once both reviews are in; a wide disagreement needs a rationale."""

    name = "observatory.reconcile"
    label = gettext_lazy("Reviews reconciled")

    def __init__(
        self,
        *,
        by: Any,
        assessment: Assessment,
        ratings: Mapping[str, RatingInput],
        summary: Mapping[str, str] | None = None,
    ):
        super().__init__(by=by)
        self.assessment, self.ratings, self.summary = assessment, ratings, dict(summary or {})

    def check(self) -> None:
        if not permissions.can_reconcile(self.by, self.assessment):
            raise PermissionDenied
        reviews = list(self.assessment.reviews.prefetch_related("ratings"))
        if len(reviews) < 2 or any(review.submitted_at is None for review in reviews):
            raise ValidationError(_("Both reviews must be submitted before reconciling."))
        _check_ratings(self.assessment, self.ratings)
        errors: dict[str, str] = {}
        for principle in PRINCIPLES:
            given = [
                r.rating
                for review in reviews
                for r in review.ratings.all()
                if r.principle == principle
            ]
            if (
                given
                and max(given) - min(given) >= WIDE_DISAGREEMENT
                and not self.ratings[principle].notes.strip()
            ):
                errors[principle] = _(
                    "The reviewers disagree widely on this principle: give the rationale."
                )
        if errors:
            raise ValidationError(errors)

    def write(self) -> Assessment:
        assessment = self.assessment
        language = assessment.original_language
        assessment.ratings.all().delete()
        PrincipleRating.objects.bulk_create(
            PrincipleRating(
                assessment=assessment,
                rationale={language: given.notes.strip()} if given.notes.strip() else {},
                **fields,
            )
            for fields, given in _rating_rows(self.ratings)
        )
        if self.summary:
            assessment.summary = self.summary
        assessment.status = AssessmentStatus.RECONCILED
        assessment.reconciled_by = self.by
        assessment.reconciled_at = timezone.now()
        assessment.save()
        return assessment

    def target(self, result: Assessment) -> Model:
        return result


@transaction.atomic
def rationale_translate(*, assessment: Assessment, principle: str, text: Mapping[str, Any]) -> None:
    """Store a reconciled rationale in more languages (the original language's text stays)."""
    rating = assessment.ratings.get(principle=principle)
    original = dict(rating.rationale)
    rating.rationale = {**dict(text), **original}
    rating.full_clean()
    rating.save(update_fields=["rationale"])


class ReplyRequest(Action[Assessment]):
    """Send the reconciled assessment to the provider for a right of reply."""

    name = "observatory.reply_request"
    label = gettext_lazy("Sent to the provider for a reply")

    def __init__(self, *, by: Any, assessment: Assessment, days: int = REPLY_DAYS):
        super().__init__(by=by)
        self.assessment, self.days = assessment, days

    def check(self) -> None:
        if not permissions.can_request_reply(self.by, self.assessment):
            raise PermissionDenied

    def write(self) -> Assessment:
        assessment = self.assessment
        assessment.status = AssessmentStatus.REPLY
        assessment.reply_requested_at = timezone.now()
        assessment.reply_due = timezone.localdate() + datetime.timedelta(days=self.days)
        assessment.save(update_fields=["status", "reply_requested_at", "reply_due", "updated_at"])
        return assessment

    def target(self, result: Assessment) -> Model:
        return result

    def details(self, result: Assessment) -> dict[str, Any]:
        return {"reply_due": str(result.reply_due)}

    def notify(self, result: Assessment) -> None:
        notifications.provider_notify(result, "reply_open")


class ReplyRecord(Action[Assessment]):
    """Record the provider's reply; it is published beside the assessment."""

    name = "observatory.reply_record"
    label = gettext_lazy("Provider's reply recorded")

    def __init__(self, *, by: Any, assessment: Assessment, text: str):
        super().__init__(by=by)
        self.assessment, self.text = assessment, text

    # What an empty reply is told: staff record the provider's, the provider writes its own.
    empty_message = gettext_lazy("Give the provider's reply.")

    def check(self) -> None:
        if not permissions.can_record_reply(self.by, self.assessment):
            raise PermissionDenied
        self.text_check()

    def text_check(self) -> None:
        """The reply is published as written: some text, plain, nothing invisible."""
        if not self.text.strip():
            raise ValidationError({"text": self.empty_message})
        try:
            validate_plain_text(self.text)
        except ValidationError as error:
            raise ValidationError({"text": error.messages}) from error

    def write(self) -> Assessment:
        assessment = self.assessment
        assessment.provider_reply = self.text.strip()
        assessment.reply_received_at = timezone.now()
        assessment.save(update_fields=["provider_reply", "reply_received_at", "updated_at"])
        return assessment

    def target(self, result: Assessment) -> Model:
        return result


class ProviderReply(ReplyRecord):
    """The reply a focal point of the provider sends through the link of the reply e-mail
    (no account: `by` is None); it replaces an earlier reply while the right is open."""

    name = "observatory.provider_reply"
    label = gettext_lazy("Reply sent by the provider through its reply link")

    empty_message = gettext_lazy("Write your reply.")

    def check(self) -> None:
        if not replies.reply_open(self.assessment):
            raise ValidationError(_("The time to reply to this assessment has ended."))
        self.text_check()


def _pillar_three(period: Any) -> ProgrammePillar | None:
    pillars = ProgrammePillar.objects.filter(period=period)
    return pillars.filter(order=3).first() or pillars.filter(code__in=["P3", "3"]).first()


def _activity_title(tool: Tool) -> dict[str, str]:
    """The activity's title in every language of the platform."""
    titles = {}
    for code in ("en", "fr", "es", "ar", "ru", "zh-hans"):
        with translation.override(code):
            titles[code] = _("AI tool assessment: %(name)s") % {"name": tool.name}
    return titles


def _activity_sync(tool: Tool) -> None:
    activity_for_delivery_save(activity=tool.activity, values={"title": _activity_title(tool)})


def _activity_ensure(tool: Tool, *, by: User, unit: ProgrammeUnit | None) -> Activity:
    """The learning resource Activity a published assessed tool is (key indicator 4)."""
    if tool.activity_id:
        assert tool.activity is not None
        return tool.activity
    period = activity_period_current()
    pillar = _pillar_three(period)
    activity = activity_for_delivery_save(
        code=f"observatory-{tool.slug}",
        kind=ActivityKind.LEARNING_RESOURCE,
        period=period,
        created_by=by,
        unit=unit,
        values={
            "title": _activity_title(tool),
            "original_language": tool.original_language,
            "modality": "online",
            "is_public": True,
            "status": ActivityStatus.ONGOING,
        },
        additions={"pillars": [pillar] if pillar is not None else []},
    )
    tool.activity = activity
    tool.save(update_fields=["activity", "updated_at"])
    return activity


class AssessmentPublish(Action[Assessment]):
    """Publish the assessment with a change-log entry once the provider replied or the
    time to reply has passed; the tool then counts as an online resource (key indicator 4)."""

    name = "observatory.publish"
    label = gettext_lazy("Assessment published")

    def __init__(
        self,
        *,
        by: Any,
        assessment: Assessment,
        change_note: str,
        unit: ProgrammeUnit | None = None,
    ):
        super().__init__(by=by)
        self.assessment, self.change_note, self.unit = assessment, change_note, unit

    def check(self) -> None:
        if not permissions.can_publish(self.by, self.assessment):
            raise PermissionDenied
        assessment = self.assessment
        if assessment.reply_received_at is None and (
            assessment.reply_due is None or assessment.reply_due >= timezone.localdate()
        ):
            raise ValidationError(
                _("The provider may still reply (until %(date)s); record their reply first.")
                % {"date": assessment.reply_due}
            )
        if not self.change_note.strip():
            raise ValidationError({"change_note": _("Say what changed, for the change log.")})

    def write(self) -> Assessment:
        assessment = self.assessment
        assessment.status = AssessmentStatus.PUBLISHED
        assessment.published_at = timezone.now()
        assessment.save(update_fields=["status", "published_at", "updated_at"])
        ChangeLogEntry.objects.create(assessment=assessment, text=self.change_note.strip())
        _activity_ensure(assessment.tool, by=self.by, unit=self.unit)
        _changed()
        return assessment

    def target(self, result: Assessment) -> Model:
        return result

    def details(self, result: Assessment) -> dict[str, Any]:
        return {"version": result.version}

    def notify(self, result: Assessment) -> None:
        notifications.provider_notify(result, "published")


# --- Evidence, bias audits and environmental figures -----------------------------------


def may_add_evidence(user: Any, assessment: Assessment) -> bool:
    return permissions.can_edit_tool(user) or any(
        permissions.can_review(user, review)
        for review in assessment.reviews.filter(reviewer_id=getattr(user, "pk", None))
    )


@transaction.atomic
def evidence_add(*, assessment: Assessment, by: User, **fields: Any) -> Evidence:
    """A link, file or test note behind a principle's rating (its reviewers or staff)."""
    if not may_add_evidence(by, assessment):
        raise PermissionDenied
    evidence = Evidence(assessment=assessment, added_by=by, **fields)
    _full_clean_save(evidence)
    return evidence


@transaction.atomic
def bias_audit_create(*, tool: Tool, by: User, table: TableFile, **fields: Any) -> BiasAudit:
    """A bias audit with its result table, read whole before anything is written."""
    if not permissions.can_edit_tool(by):
        raise PermissionDenied
    audit = BiasAudit(tool=tool, **fields)
    audit.full_clean(exclude=["results"])
    audit.results = results_read(table, audit.reference_group)
    audit.save()
    _changed()
    return audit


@transaction.atomic
def environmental_figure_add(*, tool: Tool, by: User, **fields: Any) -> EnvironmentalFigure:
    """A figure with its source; figures are reported or measured, never estimated here."""
    if not permissions.can_edit_tool(by):
        raise PermissionDenied
    figure = EnvironmentalFigure(tool=tool, **fields)
    figure.full_clean()
    if figure.source == "provider" and not figure.source_url:
        raise ValidationError({"source_url": _("Link to where the provider reports it.")})
    figure.save()
    _changed()
    return figure
