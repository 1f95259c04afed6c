"""The observatory's demo data of data/observatory.toml, taken through its own workflow.

A demo teacher proposes each tool; the demo lead triages it and assigns the two demo
reviewers once they declared no conflict; the reviewers rate it, the lead reconciles, the
editor sends it for a reply, records it and publishes. A tool that exists (by its address)
is left as it is, so a second run adds nothing.
"""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.utils import timezone

from iite.accounts.services import staff_role_assign
from iite.core.tabular import TableFile
from iite.library import selectors as library_selectors
from iite.observatory import services
from iite.observatory.models import Tool
from iite.observatory.principles import PRINCIPLES
from iite.observatory.services import RatingInput
from iite.strategy.models import ProgrammeUnit
from iite.strategy.selectors import period_current

from .datafiles import people_ensure, read

PERSON_FIELDS = ("email", "name", "role")


def _team(data: dict[str, Any]) -> dict[str, Any]:
    specs = [data["lead"], data["publisher"], *data["reviewers"], data["proposer"]]
    accounts = people_ensure([{key: spec[key] for key in PERSON_FIELDS} for spec in specs])
    for spec, account in zip(specs, accounts, strict=True):
        for role in spec.get("groups", []):
            staff_role_assign(user=account, role=role)
    # Fresh instances: the permissions of the roles just given are read anew.
    lead, publisher, first, second, proposer = (
        type(account).objects.get(pk=account.pk) for account in accounts
    )
    return {
        "lead": lead,
        "publisher": publisher,
        "first": first,
        "second": second,
        "proposer": proposer,
    }


def _ratings(values: list[int], *, rationale: dict[str, Any], language: str) -> dict[str, Any]:
    """The ratings as a reviewer gives them; the rationale, in the tool's language, where given."""
    return {
        code: RatingInput(
            rating=value,
            confidence="medium" if value in (1, 2) else "high",
            questions=(_question(code),),
            notes=rationale.get(code, {}).get(language, ""),
        )
        for code, value in zip(PRINCIPLES, values, strict=True)
    }


QUESTION_PREFIX = {
    "proportionality": "PR",
    "safety": "SA",
    "fairness": "FA",
    "sustainability": "SU",
    "privacy": "PV",
    "oversight": "HO",
    "transparency": "TR",
    "accountability": "AC",
    "literacy": "LI",
    "governance": "GO",
}


def _question(principle: str) -> str:
    return f"{QUESTION_PREFIX[principle]}1"


def _tool(
    spec: dict[str, Any], texts: dict[str, Any], team: dict[str, Any], unit: ProgrammeUnit
) -> Tool:
    language = spec["language"]
    tool = services.tool_propose(
        by=team["proposer"],
        slug=spec["slug"],
        note="Used in my school; colleagues ask whether it is safe.",
        name=spec["name"],
        provider_name=spec["provider"],
        summary=dict(texts["summary"]),
        original_language=language,
        purposes=spec["purposes"],
        levels=spec["levels"],
        users=spec["users"],
        languages=spec["languages"],
        pricing=spec["pricing"],
        data_location=spec.get("data_location", ""),
        data_retention=spec.get("data_retention", ""),
        minimum_age=spec.get("minimum_age"),
        trains_on_user_data=spec.get("trains", "unknown"),
    )
    lead, publisher = team["lead"], team["publisher"]
    services.ToolTriage(by=lead, tool=tool, accept=True, version=spec["version"]).execute()
    assessment = tool.assessments.get()
    for person in (team["first"], team["second"]):
        services.interests_declare(assessment=assessment, by=person, has_conflict=False)
        services.ReviewerAssign(by=lead, assessment=assessment, reviewer=person).execute()
    services.evidence_add(
        assessment=assessment,
        by=team["first"],
        principle="fairness",
        kind="test_note",
        title=spec["evidence"]["title"],
        note=spec["evidence"]["note"],
    )
    first_values = spec["ratings"]
    second_values = spec.get("second", spec["ratings"])
    for person, values in ((team["first"], first_values), (team["second"], second_values)):
        services.ReviewSubmit(
            by=person,
            review=assessment.reviews.get(reviewer=person),
            ratings=_ratings(values, rationale={}, language=language),
            notes=spec["evidence"]["note"],
        ).execute()
    rationale = texts.get("rationale", {})
    services.AssessmentReconcile(
        by=lead,
        assessment=assessment,
        ratings=_ratings(first_values, rationale=rationale, language=language),
        summary=dict(texts["assessment"]),
    ).execute()
    # The reconciled rationales in the six languages, as the data gives them.
    for principle, text in rationale.items():
        services.rationale_translate(assessment=assessment, principle=principle, text=dict(text))
    services.ReplyRequest(by=publisher, assessment=assessment).execute()
    services.ReplyRecord(
        by=publisher,
        assessment=assessment,
        text="The provider thanks the reviewers and has no correction to make.",
    ).execute()
    services.AssessmentPublish(
        by=publisher, assessment=assessment, change_note="First assessment.", unit=unit
    ).execute()
    if "audit" in spec:
        audit = spec["audit"]
        services.bias_audit_create(
            tool=tool,
            by=lead,
            table=TableFile(io.BytesIO(audit["table"].encode()), name="audit.csv"),
            title=dict(texts["audit_title"]),
            method=dict(texts["audit_method"]),
            groups_compared=audit["groups"],
            outcome=audit["outcome"],
            reference_group=audit["reference"],
            run_on=timezone.localdate() - datetime.timedelta(days=30),
            run_by=audit["by"],
        )
    # The library's demo publications that discuss the tool, where the library has them.
    for slug in spec.get("publications", []):
        publication = library_selectors.publication_staff(slug)
        if publication is not None:
            services.publication_link(tool=tool, by=lead, publication=publication)
    for figure in spec.get("figures", []):
        services.environmental_figure_add(
            tool=tool,
            by=lead,
            kind=figure["kind"],
            value=figure["value"],
            unit=figure["unit"],
            source=figure["source"],
            source_url=figure.get("source_url", ""),
            source_note=figure["note"],
            as_of=timezone.localdate() - datetime.timedelta(days=30),
        )
    return tool


def load() -> str:
    data = read("observatory")
    existing = set(Tool.objects.values_list("slug", flat=True))
    wanted = [spec for spec in data["tools"] if spec["slug"] not in existing]
    if not wanted:
        return "0 tools"
    team = _team(data["team"])
    unit = ProgrammeUnit.objects.get(period=period_current(), code=data["unit"])
    for spec in wanted:
        _tool(spec, data["texts"][spec["slug"]], team, unit)
    return f"{len(wanted)} tools"
