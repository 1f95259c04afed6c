"""Best practices submitted by teachers and students, and their moderation."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from iite.accounts.tests.factories import UserFactory
from iite.library.models import PracticeSubmission, PracticeSubmissionStatus
from iite.library.services import practice_submission_create
from iite.reference.tests.factories import CountryFactory

pytestmark = pytest.mark.django_db


def submit(**values: Any) -> PracticeSubmission:
    defaults: dict[str, Any] = {
        "title": "Peer tutoring with a shared tablet",
        "summary": "Pupils teach each other arithmetic in pairs.",
        "body": "Each pair shares one tablet; the older pupil explains, the younger one tries.",
        "language": "en",
        "submitter": UserFactory(),
    }
    defaults.update(values)
    return practice_submission_create(**defaults)


def test_create_stores_a_submission_waiting_for_moderation() -> None:
    """A submission is stored as submitted, with the country by its code and the
    library's default Creative Commons licence when none is chosen."""
    country = CountryFactory(iso2="XS")
    user = UserFactory()
    submission = submit(
        submitter=user,
        country="xs",
        source_url="https://example.org/practice",
        language="fr",
    )
    submission.refresh_from_db()
    assert submission.status == PracticeSubmissionStatus.SUBMITTED
    assert submission.submitter == user
    assert submission.country == country
    assert submission.licence == "CC-BY-SA-3.0-IGO"
    assert submission.origin == "web"
    assert submission.language == "fr"
    assert submission.source_url == "https://example.org/practice"


def test_create_without_a_submitter_from_the_community() -> None:
    """A post staff promote from the community may have lost its author."""
    submission = submit(submitter=None, origin="community", licence="CC-BY-4.0")
    assert submission.submitter is None
    assert submission.origin == "community"
    assert submission.licence == "CC-BY-4.0"


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"title": "  "}, "title"),
        ({"summary": ""}, "summary"),
        ({"body": ""}, "body"),
        ({"language": "xx"}, "language"),
        ({"country": "QQ"}, "country"),
        ({"licence": "MIT"}, "licence"),
        ({"licence": "CC-BY-99"}, "licence"),
        ({"source_url": "not an address"}, "source_url"),
        ({"origin": "email"}, "origin"),
        ({"title": "x" * 301}, "title"),
    ],
)
def test_create_refuses_bad_input_naming_the_field(values: dict[str, str], field: str) -> None:
    """Bad input raises a ValidationError naming the field, and nothing is written."""
    with pytest.raises(ValidationError) as error:
        submit(**values)
    assert field in error.value.message_dict
    assert not PracticeSubmission.objects.exists()


def test_create_names_every_field_at_fault_at_once() -> None:
    with pytest.raises(ValidationError) as error:
        submit(title="", country="QQ", source_url="nope")
    assert {"title", "country", "source_url"} <= set(error.value.message_dict)
    assert not PracticeSubmission.objects.exists()
