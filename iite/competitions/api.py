"""The competitions API: public editions and winners; a judge's own assignments (blind-safe)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Router, Schema
from ninja.security import django_auth

from . import selectors
from .models import Edition

router = Router(tags=["competitions"])


class EditionOut(Schema):
    id: int
    competition: str
    year: int
    title: dict[str, str]
    kind: str
    stage: str
    opens_at: datetime
    closes_at: datetime
    url: str

    @staticmethod
    def resolve_competition(obj: Edition) -> str:
        return obj.competition.slug

    @staticmethod
    def resolve_kind(obj: Edition) -> str:
        return obj.competition.kind

    @staticmethod
    def resolve_title(obj: Edition) -> dict[str, str]:
        return {k: v for k, v in dict(obj.title).items() if not k.startswith("_")}

    @staticmethod
    def resolve_url(obj: Edition) -> str:
        return obj.get_absolute_url()


class WinnerOut(Schema):
    number: int
    title: str
    result: str
    prize: str
    team: str
    country: str


class AssignmentOut(Schema):
    """What a judge sees of an entry; `team` and `institution` are empty in a blind edition."""

    id: int
    entry: str
    title: str
    summary: str
    category: str
    answers: list[list[str]]
    links: list[str]
    team: str
    institution: str
    files: list[str]
    submitted: bool


@router.get("/", response=list[EditionOut], summary="Editions open, in judging or with results")
def edition_list(request: HttpRequest) -> Any:
    return list(selectors.editions_public()[:200])


@router.get(
    "/{slug}/{year}/winners", response=list[WinnerOut], summary="An edition's published results"
)
def edition_winners(request: HttpRequest, slug: str, year: int) -> Any:
    edition = selectors.edition_public(slug, year)
    if edition is None or edition.stage != "results":
        raise Http404
    return [
        {
            "number": entry.number,
            "title": entry.title,
            "result": entry.result,
            "prize": str(entry.prize.name) if entry.prize else "",
            "team": entry.team_name or entry.owner.name,
            "country": str(entry.owner.country.name) if entry.owner.country else "",
        }
        for entry in selectors.winners(edition)
    ]


@router.get(
    "/judging/{edition_id}/assignments",
    response=list[AssignmentOut],
    auth=django_auth,
    summary="The signed-in judge's entries in an edition",
)
def judge_assignments(request: HttpRequest, edition_id: int) -> Any:
    judge = selectors.judge_for(request.user, edition_id)  # type: ignore[arg-type]
    if judge is None:
        raise Http404
    return [
        {
            "id": view.assignment.pk,
            "entry": view.label,
            "title": view.title,
            "summary": view.summary,
            "category": view.category,
            "answers": [list(pair) for pair in view.answers],
            "links": view.links,
            "team": view.team,
            "institution": view.institution,
            "files": [
                request.build_absolute_uri(reverse("competitions:entry_file", args=[pk]))
                for pk, _name in view.files
            ],
            "submitted": view.assignment.submitted_at is not None,
        }
        for view in selectors.judge_assignments(judge)
    ]
