"""Publications are written through the services: activity, files, text, states."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from iite.library.models import Publication, TextChunk
from iite.library.services import (
    ContributorData,
    publication_file_save,
    publication_status_set,
    publication_update,
)
from iite.monitoring.indicators import Scope, compute
from iite.partners.tests.factories import PartnerFactory
from iite.programme.models import Activity
from iite.strategy.tests.factories import PillarFactory

from .factories import current_period, make_publication, simple_pdf

pytestmark = pytest.mark.django_db


def test_a_publication_is_an_activity_of_the_matching_kind():
    """Each kind maps to an ActivityKind; a draft is planned and not public."""
    period = current_period()
    pillar = PillarFactory(period=period)
    partner = PartnerFactory()
    brief = make_publication(kind="policy_brief", pillars=[pillar], partners=[partner])
    foresight = make_publication(kind="foresight_report")
    oer = make_publication(kind="oer")
    activity = Activity.objects.get(pk=brief.activity_id)
    assert activity.kind == "policy_brief"
    assert activity.status == "planned"
    assert activity.is_public is False
    assert activity.code == brief.slug
    assert list(activity.pillars.all()) == [pillar]
    assert list(activity.partners.all()) == [partner]
    assert foresight.activity.kind == "research_report"
    assert oer.activity.kind == "learning_resource"


def test_key_indicator_3_counts_published_publications_from_the_records():
    """Research reports, policy briefs and best-practice collections count once published,
    in the half-year of their date published; drafts, guidance and withdrawn ones do not."""
    make_publication(
        kind="research_report", status="published", date_published=datetime.date(2026, 3, 1)
    )
    make_publication(
        kind="policy_brief", status="published", date_published=datetime.date(2026, 9, 1)
    )
    make_publication(
        kind="best_practices", status="published", date_published=datetime.date(2026, 10, 1)
    )
    make_publication(kind="research_report", status="review")
    make_publication(kind="guidance", status="published", date_published=datetime.date(2026, 5, 1))
    make_publication(
        kind="policy_brief", status="withdrawn", date_published=datetime.date(2026, 5, 1)
    )
    measures = compute(Scope(year=2026)).measures
    assert measures["research.published"].value == 3
    assert measures["research.published"].dims["kind"] == {
        "research_report": 1,
        "policy_brief": 1,
        "best_practices": 1,
    }
    halves = measures["research.published"].halves
    assert (halves["2026-H1"], halves["2026-H2"]) == (1, 2)


def test_states_follow_the_workflow_and_the_activity_follows_them():
    publication = make_publication()
    with pytest.raises(ValidationError) as error:
        publication_status_set(publication=publication, status="published")
    assert error.value.messages == ["A publication cannot go from “Draft” to “Published”."]
    publication_status_set(publication=publication, status="review")
    published = publication_status_set(
        publication=publication, status="published", date_published=datetime.date(2026, 4, 2)
    )
    activity = Activity.objects.get(pk=published.activity_id)
    assert (activity.status, activity.is_public) == ("completed", True)
    assert (activity.start_date, activity.end_date) == (datetime.date(2026, 4, 2),) * 2
    withdrawn = publication_status_set(publication=published, status="withdrawn")
    activity.refresh_from_db()
    assert withdrawn.status == "withdrawn"
    assert (activity.status, activity.is_public) == ("cancelled", False)


def test_a_publication_without_file_or_abstract_cannot_be_published():
    publication = make_publication(abstract={})
    publication_status_set(publication=publication, status="review")
    with pytest.raises(ValidationError) as error:
        publication_status_set(publication=publication, status="published")
    assert error.value.messages == ["Add a file or an abstract before publishing."]


def test_identifiers_are_validated_and_stored_canonically():
    publication = make_publication(
        doi="https://doi.org/10.5281/zenodo.12345", handle="20.500.12345/678"
    )
    assert publication.doi == "10.5281/zenodo.12345"
    with pytest.raises(ValidationError) as error:
        make_publication(doi="11.2/x", licence="MIT-ish")
    assert set(error.value.message_dict) == {"doi", "licence"}
    assert Publication.objects.count() == 1  # nothing half written


def test_contributors_orcid_and_ror_are_checked_and_the_row_named():
    with pytest.raises(ValidationError) as error:
        make_publication(
            contributors=[
                ContributorData("Ivanova", "Anna", orcid="0000-0002-1825-0097"),
                ContributorData("UNESCO IITE", kind="organisation", ror="05gq02988"),
                ContributorData("Diallo", "Awa", orcid="0000-0002-1825-0098"),
            ]
        )
    assert set(error.value.message_dict) == {"contributors-1-ror", "contributors-2-orcid"}
    assert Activity.objects.count() == 0


def test_a_language_version_keeps_its_own_isbn_pages_and_text():
    publication = make_publication()
    file = publication_file_save(
        publication=publication,
        language="fr",
        name="rapport.pdf",
        content=simple_pdf(["Intelligence artificielle et enseignants", "Deuxieme page"]),
        isbn="978-92-3-100597-8",
    )
    assert (file.language, file.isbn, file.page_count) == ("fr", "9789231005978", 2)
    assert "Intelligence artificielle" in file.text
    assert file.size > 0 and file.file.name.endswith(".pdf")
    chunks = TextChunk.objects.filter(file=file)
    assert chunks.count() == 1 and chunks[0].language == "fr"
    assert len(bytes(chunks[0].embedding)) == 384 * 2  # float16
    publication.activity.refresh_from_db()
    assert publication.activity.languages == ["fr"]
    # Replacing the French version replaces its passages.
    publication_file_save(
        publication=publication, language="fr", name="v2.pdf", content=simple_pdf(["Version deux"])
    )
    assert list(
        TextChunk.objects.filter(publication=publication, file__isnull=False).values_list(
            "text", flat=True
        )
    ) == ["Version deux"]


def test_a_bad_isbn_or_an_unreadable_pdf_is_refused_with_the_field_named():
    publication = make_publication()
    with pytest.raises(ValidationError) as error:
        publication_file_save(
            publication=publication,
            language="en",
            name="x.pdf",
            content=simple_pdf(["x"]),
            isbn="978-92-3-100597-1",
        )
    assert error.value.message_dict == {
        "isbn": ["This ISBN is not valid: check its digits (ISBN-10 or ISBN-13)."]
    }
    with pytest.raises(ValidationError) as error:
        publication_file_save(
            publication=publication, language="en", name="x.pdf", content=b"%PDF-1.4 broken"
        )
    assert error.value.message_dict == {
        "file": ["This PDF cannot be read; export it again and upload it."]
    }
    assert publication.files.count() == 0


def test_updating_keeps_the_activity_in_step():
    publication = make_publication()
    publication_update(
        publication=publication, title={"en": "New title", "ru": "Новое название"}, kind="guidance"
    )
    activity = Activity.objects.get(pk=publication.activity_id)
    assert activity.title == {"en": "New title", "ru": "Новое название"}
    assert activity.kind == "guidance"
    assert set(
        TextChunk.objects.filter(publication=publication, file=None).values_list(
            "language", flat=True
        )
    ) == {"en", "ru"}
