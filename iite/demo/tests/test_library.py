"""The demo library: loaded through the services, and found across languages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from iite.demo import library
from iite.demo.datafiles import read
from iite.library.models import (
    CollectionItem,
    NewsItem,
    PracticeSubmission,
    Publication,
    PublicationFile,
)
from iite.library.search import SearchFilters, library_search
from iite.strategy.models import StrategyPeriod
from iite.strategy.tests.factories import PillarFactory, UnitFactory


@pytest.fixture(scope="module")
def demo_library(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any) -> Any:
    """The demo library, loaded once for the module (the PDFs and embeddings take a while)."""
    from django.conf import settings
    from django.db import transaction
    from django.test.utils import override_settings

    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
    ):
        # One transaction rolled back at the end: nothing the load wrote (records, the
        # audit trail's entries) outlives the module.
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            period = StrategyPeriod.objects.create(
                code="2026-2029", start_year=2026, end_year=2029, is_current=True
            )
            for code in ("DPLM", "TPDN", "ICTHE"):
                UnitFactory(period=period, code=code)
            PillarFactory(period=period, code="P2", order=2)
            message = library.load()
            yield message, settings.MEDIA_ROOT
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.mark.django_db
def test_the_demo_library_loads_once_with_real_pdfs(demo_library):
    message, _media = demo_library
    assert message.startswith("30 publications created, ")
    assert ", 4 practice submissions, 1 practice collections, " in message
    # 28 of the file's publications, the two practices a reviewer accepted and the
    # collection of them.
    assert Publication.objects.filter(status="published").count() == 31
    assert sorted(PracticeSubmission.objects.values_list("status", flat=True)) == [
        "accepted",
        "accepted",
        "submitted",
        "under_review",
    ]
    for accepted in PracticeSubmission.objects.filter(status="accepted"):
        assert accepted.publication is not None
        assert accepted.publication.kind == "best_practices"
    assert set(Publication.objects.values_list("kind", flat=True)) == {
        "research_report",
        "policy_brief",
        "foresight_report",
        "guidance",
        "best_practices",
        "oer",
        "other",
    }
    assert set(PublicationFile.objects.values_list("language", flat=True)) == {
        "en",
        "fr",
        "es",
        "ar",
        "ru",
        "zh-hans",
    }
    chinese = PublicationFile.objects.get(publication__slug="smart-education-policy-china")
    assert chinese.page_count == 2 and "智慧教育" in chinese.text
    assert PublicationFile.objects.exclude(isbn="").count() >= 5
    assert library.load() == "0 publications created, 0 files"


def _top3(query: str) -> list[str]:
    found = library_search(SearchFilters(q=query), limit=3)
    return [result.publication.slug for result in found.results]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Russian -> a report only in English
        (
            "этические принципы использования искусственного интеллекта в школах",
            "ai-ethics-in-schools",
        ),
        # Arabic -> a report only in French
        (
            "التكنولوجيا المساعدة لإدماج التلاميذ ذوي الإعاقة",
            "inclusion-handicap-technologies-afrique",
        ),
        # Chinese -> a guide only in Russian
        ("中亚教师的媒体与信息素养指南：识别虚假信息", "media-literacy-teachers-central-asia"),
        # Spanish -> a collection only in Arabic
        (
            "prácticas de escuelas árabes contra el ciberacoso y la violencia escolar",
            "cyberbullying-prevention-arab-schools",
        ),
        # French -> a report only in Chinese
        (
            "la plateforme nationale d'éducation intelligente en Chine et la fracture numérique",
            "smart-education-policy-china",
        ),
        # English -> a report only in Spanish
        ("national education platforms in Latin America", "educacion-digital-america-latina"),
    ],
)
def test_a_query_finds_the_publication_written_in_another_language(demo_library, query, expected):
    """The expected publication exists in one other language only and is in the top 3."""
    assert expected in _top3(query)


@pytest.mark.django_db
def test_the_demo_news_are_loaded_with_their_publications(demo_library):
    """Three published news items (one about two publications) and a draft."""
    message, _media = demo_library
    assert message.endswith(", 4 news items")
    assert NewsItem.objects.filter(status="published").count() == 3
    assert NewsItem.objects.filter(status="draft").count() == 1
    launched = NewsItem.objects.get(slug="ai-ethics-brief-launched")
    assert set(launched.publications.values_list("slug", flat=True)) == {
        "ai-ethics-in-schools",
        "ai-ethics-audit-framework",
    }
    assert launched.published_at is not None and launched.published_at.year == 2026
    assert launched.title["ru"].startswith("Новая аналитическая записка")


@pytest.mark.django_db
def test_the_demo_news_have_drawn_images_described_in_six_languages(demo_library):
    """Every demo news item has a PNG drawn at setup, stored and described in the six
    languages."""
    _message, media = demo_library
    for item in NewsItem.objects.all():
        assert (item.image_type, item.image_width, item.image_height) == ("image/png", 1200, 630)
        assert (Path(media) / str(item.image.name)).stat().st_size == item.image_size
        assert {"en", "fr", "es", "ar", "ru", "zh-hans"} <= set(item.image_alt)
        assert not item.image_decorative


def test_the_demo_news_link_activities_the_demo_data_defines():
    """The codes the news link name activities of the programme's data, events (by their
    address, which is their activity's code) or courses ("course-" and their address)."""
    events: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            events.update(str(value[key]) for key in ("slug", "code") if key in value)
            for inner in value.values():
                walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    walk(read("events"))
    known = (
        {activity["code"] for activity in read("programme")["activities"]}
        | events
        | {f"course-{course['slug']}" for course in read("learning")["courses"]}
    )
    linked = [code for entry in read("library")["news"] for code in entry.get("activities", [])]
    assert len(linked) >= 5
    assert set(linked) <= known


@pytest.mark.django_db
def test_the_demo_practices_have_context_level_and_evidence(demo_library):
    for submission in PracticeSubmission.objects.all():
        assert submission.context and submission.evidence, submission.title
        assert submission.level, submission.title


@pytest.mark.django_db
def test_the_demo_collection_lists_the_accepted_practices_in_six_languages(
    demo_library,
):
    collection = Publication.objects.get(slug="media-literacy-practices-collection")
    assert collection.status == "published" and collection.kind == "best_practices"
    languages = {"en", "fr", "es", "ar", "ru", "zh-hans"}
    assert set(dict(collection.title)) == languages
    assert set(dict(collection.abstract)) == languages
    titles = [
        str(item.member.title)
        for item in CollectionItem.objects.filter(collection=collection).select_related("member")
    ]
    assert titles == [
        "A student podcast that checks the rumours of the week",
        "Проверка фактов на уроке истории",
    ]
