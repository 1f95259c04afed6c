"""Every write to frameworks, campaigns, answers and action plans goes through here."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from iite.accounts.models import User
from iite.programme.models import ActivityKind, ActivityStatus
from iite.programme.services import activity_for_delivery_save

from .models import (
    AccessCode,
    Action,
    Answer,
    Area,
    Campaign,
    CampaignStatus,
    Priority,
    Response,
    Statement,
)
from .selectors import respondents, statements_for_group, threshold

MAX_PRIORITIES = 3


@transaction.atomic
def campaign_save(*, campaign: Campaign, optional: Iterable[Statement] = ()) -> Campaign:
    """Create or update a campaign; a new one gets one access code per respondent group."""
    campaign.full_clean()
    campaign.save()
    campaign.optional_statements.set(
        [s for s in optional if s.optional and s.area.framework_id == campaign.framework_id]
    )
    for group in campaign.framework.groups:
        AccessCode.objects.get_or_create(campaign=campaign, group=group)
    return campaign


def campaign_set_status(*, campaign: Campaign, status: str) -> Campaign:
    if status not in CampaignStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    campaign.status = status
    campaign.save(update_fields=["status", "updated_at"])
    return campaign


def response_start(*, code: AccessCode, language: str) -> Response:
    """A new anonymous respondent of the code's group, or a clear refusal."""
    if not code.campaign.accepts_answers():
        raise ValidationError(_("This self-assessment is not open for answers."))
    if language not in settings.LANGUAGE_CODES:
        language = settings.LANGUAGE_CODE
    return Response.objects.create(campaign=code.campaign, group=code.group, language=language)


@transaction.atomic
def answers_save(
    *, response: Response, values: Mapping[int, int | None], submit: bool = False
) -> Response:
    """Store a page of answers (all or nothing); `submit` locks the response.

    Values are 1–5 or None ("I don't know"); statements not of this respondent's group
    and campaign are refused rather than ignored.
    """
    response = Response.objects.select_for_update().get(pk=response.pk)
    if response.submitted:
        raise ValidationError(_("These answers were already sent and can no longer change."))
    if not response.campaign.accepts_answers():
        raise ValidationError(_("This self-assessment is not open for answers."))
    allowed = {s.pk for s in statements_for_group(response.campaign, response.group)}
    for statement_id, value in values.items():
        if statement_id not in allowed:
            raise ValidationError(
                _("An answer was given to a statement not in this questionnaire.")
            )
        if value is not None and not 1 <= int(value) <= 5:
            raise ValidationError(_("Answers are on a scale from 1 to 5."))
        Answer.objects.update_or_create(
            response=response, statement_id=statement_id, defaults={"value": value}
        )
    if submit:
        answered = set(response.answers.values_list("statement_id", flat=True))
        missing = allowed - answered
        if missing:
            raise ValidationError(
                _("Answer every statement before sending (choose “I don't know” where needed).")
            )
        response.submitted = True
        response.save(update_fields=["submitted"])
    return response


@transaction.atomic
def priorities_set(*, campaign: Campaign, areas: Iterable[Area]) -> list[Priority]:
    chosen = list(areas)
    if not 1 <= len(chosen) <= MAX_PRIORITIES:
        raise ValidationError({"areas": _("Choose one, two or three priority areas.")})
    if any(area.framework_id != campaign.framework_id for area in chosen):
        raise ValidationError({"areas": _("Choose areas of this campaign's framework.")})
    campaign.priorities.exclude(area__in=chosen).delete()
    return [Priority.objects.get_or_create(campaign=campaign, area=area)[0] for area in chosen]


def action_save(*, action: Action) -> Action:
    action.full_clean()
    action.save()
    return action


def action_delete(*, action: Action) -> None:
    action.delete()


def _title(institution: str, country: Any) -> dict[str, str]:
    title = {}
    for code in settings.LANGUAGE_CODES:
        with translation.override(code):
            title[code] = _("Digital readiness self-assessment: %(institution)s (%(country)s)") % {
                "institution": institution,
                "country": country.name.resolve(code),
            }
    return title


@transaction.atomic
def campaign_record_support(*, campaign: Campaign, user: User, unit: Any = None) -> Any:
    """Record a ministry campaign completed with the institute's support as policy advice.

    The programme activity it creates targets the campaign's country, so key indicator 1
    ("Member States supported") counts that country from this record, with the campaign
    as the evidence behind the figure.
    """
    if campaign.framework.level != "system":
        raise ValidationError(
            _("Only a ministry (system-level) campaign is support to a Member State.")
        )
    if campaign.status != CampaignStatus.CLOSED:
        raise ValidationError(_("Close the campaign before recording it as support."))
    counts = respondents(campaign)
    if sum(counts.values()) < threshold(campaign):
        raise ValidationError(
            _("The campaign has fewer respondents than its minimum; it cannot count as completed.")
        )
    if campaign.supported_activity_id:
        return campaign.supported_activity
    end = min(campaign.closes_on, timezone.localdate())
    activity = activity_for_delivery_save(
        code=f"READINESS-{campaign.pk}",
        kind=ActivityKind.POLICY_ADVICE,
        created_by=user,
        unit=unit,
        values={
            "title": _title(campaign.institution, campaign.country),
            "original_language": "en",
            "start_date": campaign.opens_on,
            "end_date": max(end, campaign.opens_on),
            "status": ActivityStatus.COMPLETED,
            "is_public": True,
        },
        relations={"target_countries": [campaign.country]},
    )
    campaign.supported_activity = activity
    campaign.save(update_fields=["supported_activity", "updated_at"])
    return activity


def retention_days() -> int:
    return int(getattr(settings, "READINESS_UNSENT_DAYS", 60))


def unsent_responses_delete(*, today: datetime.date | None = None) -> int:
    """Drop answers never sent, once their campaign has closed for longer than the retention."""
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=retention_days())
    deleted, _detail = Response.objects.filter(
        submitted=False, campaign__closes_on__lt=cutoff
    ).delete()
    return deleted


@transaction.atomic
def responses_record_many(
    *, campaign: Campaign, group: str, rows: list[Mapping[int, int | None]], language: str
) -> int:
    """Record complete questionnaires collected on paper (or by a demo), all or nothing.

    Each row maps every statement of the group's questionnaire to 1–5 or None.
    """
    if group not in campaign.framework.groups:
        raise ValidationError({"group": _("This group does not answer this framework.")})
    allowed = {s.pk for s in statements_for_group(campaign, group)}
    for number, row in enumerate(rows, start=1):
        if set(row) != allowed:
            raise ValidationError(
                _("Questionnaire %(number)s does not answer exactly this group's statements.")
                % {"number": number}
            )
        if any(value is not None and not 1 <= value <= 5 for value in row.values()):
            raise ValidationError(
                _("Questionnaire %(number)s has an answer outside 1 to 5.") % {"number": number}
            )
    responses = Response.objects.bulk_create(
        [
            Response(campaign=campaign, group=group, language=language, submitted=True)
            for _row in rows
        ]
    )
    Answer.objects.bulk_create(
        [
            Answer(response=response, statement_id=statement, value=value)
            for response, row in zip(responses, rows, strict=True)
            for statement, value in row.items()
        ],
        batch_size=1000,
    )
    return len(responses)
