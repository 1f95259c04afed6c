"""Builders for the observatory's tests: people with the roles' permissions, a protocol,
and tools taken through the whole workflow by its own services."""

from __future__ import annotations

import datetime
import io
from typing import Any, cast

from django.contrib.auth.models import Permission
from django.utils import timezone

from iite.accounts.models import User
from iite.accounts.tests.factories import UserFactory
from iite.core.tabular import TableFile
from iite.observatory import services
from iite.observatory.loaders import protocol_load_reference
from iite.observatory.models import Assessment, Protocol, Tool
from iite.observatory.principles import PRINCIPLES
from iite.observatory.services import RatingInput
from iite.partners.tests.factories import FocalPointFactory, PartnerFactory
from iite.strategy.models import ProgrammeUnit
from iite.strategy.tests.factories import PeriodFactory, PillarFactory, UnitFactory

STAFF = (
    "observatory.triage_tool",
    "observatory.assign_reviewers",
    "observatory.reconcile_assessment",
    "observatory.publish_assessment",
    "observatory.change_tool",
)


def user_with_perms(*perms: str, **fields: Any) -> User:
    user: Any = UserFactory(**fields)
    for perm in perms:
        app, codename = perm.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app, codename=codename)
        )
    return User.objects.get(pk=user.pk)


def staff(**fields: Any) -> User:
    return user_with_perms(*STAFF, **fields)


def reviewer(**fields: Any) -> User:
    return user_with_perms("observatory.review_tool", **fields)


def protocol() -> Protocol:
    return protocol_load_reference()[0]


def unit() -> ProgrammeUnit:
    period = PeriodFactory()
    PillarFactory(period=period, code="P3", order=3, title={"en": "Online Platforms"})
    return cast(ProgrammeUnit, UnitFactory(period=period, code="UA"))


def make_tool(by: User | None = None, **fields: Any) -> Tool:
    protocol()
    values: dict[str, Any] = {
        "name": "Caption helper",
        "provider_name": "An open-source community",
        "summary": {"en": "An open-source speech-to-text model used for captions."},
        "purposes": ["accessibility"],
        "levels": ["secondary", "higher"],
        "users": ["teachers", "students"],
        "languages": ["en", "ru", "kk"],
        "pricing": "open_source",
    }
    values.update(fields)
    return services.tool_propose(by=by or cast(User, UserFactory()), **values)


def ratings(value: int = 3, **overrides: int) -> dict[str, RatingInput]:
    return {
        code: RatingInput(rating=overrides.get(code, value), confidence="medium")
        for code in PRINCIPLES
    }


def accepted(tool: Tool, by: User, version: str = "1.0") -> Assessment:
    services.ToolTriage(by=by, tool=tool, accept=True, version=version).execute()
    return tool.assessments.get(version=version)


def assigned(assessment: Assessment, by: User, *people: User) -> None:
    for person in people:
        services.interests_declare(assessment=assessment, by=person, has_conflict=False)
        services.ReviewerAssign(by=by, assessment=assessment, reviewer=person).execute()


def reviewed(
    assessment: Assessment,
    first: User,
    second: User,
    first_ratings: dict[str, RatingInput] | None = None,
    second_ratings: dict[str, RatingInput] | None = None,
) -> None:
    for person, given in ((first, first_ratings), (second, second_ratings)):
        review = assessment.reviews.get(reviewer=person)
        services.ReviewSubmit(by=person, review=review, ratings=given or ratings()).execute()


def published_tool(name: str = "Caption helper", **fields: Any) -> Tool:
    """A tool taken through every step of the workflow, published."""
    lead = staff()
    publisher = staff()
    first, second = reviewer(), reviewer()
    tool = make_tool(name=name, **fields)
    assessment = accepted(tool, lead)
    assigned(assessment, lead, first, second)
    reviewed(assessment, first, second)
    services.AssessmentReconcile(by=lead, assessment=assessment, ratings=ratings()).execute()
    services.ReplyRequest(by=publisher, assessment=assessment).execute()
    services.ReplyRecord(by=publisher, assessment=assessment, text="We agree.").execute()
    services.AssessmentPublish(
        by=publisher, assessment=assessment, change_note="First assessment.", unit=unit()
    ).execute()
    tool.refresh_from_db()
    return tool


def provider_tool_reconciled() -> Assessment:
    """A tool whose provider is a partner with two focal points: one with an account
    reading French, one kept by name and work address (the partner writes in Spanish)."""
    partner = PartnerFactory(original_language="es")
    FocalPointFactory(
        partner=partner, user__email="ana@provider.example", user__preferred_language="fr"
    )
    FocalPointFactory(partner=partner, user=None, name="Luis", email="luis@provider.example")
    tool = make_tool(name="Caption helper", provider=partner, provider_name="")
    lead = staff()
    first, second = reviewer(), reviewer()
    assessment = accepted(tool, lead, version="3.0")
    for person in (first, second):
        services.interests_declare(assessment=assessment, by=person, has_conflict=False)
        services.ReviewerAssign(by=lead, assessment=assessment, reviewer=person).execute()
    reviewed(assessment, first, second)
    services.AssessmentReconcile(by=lead, assessment=assessment, ratings=ratings(3)).execute()
    return assessment


def audit_table(text: str, name: str = "audit.csv") -> TableFile:
    return TableFile(io.BytesIO(text.encode()), name=name)


def yesterday() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=1)
