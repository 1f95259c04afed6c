"""Best practices submitted by teachers and students, and their moderation."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from iite.accounts.selectors import user_data_export
from iite.accounts.services import account_delete
from iite.accounts.tests.factories import UserFactory
from iite.library import practices
from iite.library.models import PracticeSubmission, PracticeSubmissionStatus, Publication
from iite.library.search import SearchFilters, library_search
from iite.library.services import (
    practice_accept,
    practice_changes_request,
    practice_decline,
    practice_review_start,
    practice_submission_create,
    practice_submission_update,
    theme_ensure,
)
from iite.programme.models import ActivityKind, ActivityStatus, UnitMembership
from iite.reference.tests.factories import CountryFactory

from .conftest import role_user

pytestmark = pytest.mark.django_db


def submit(**values: Any) -> PracticeSubmission:
    defaults: dict[str, Any] = {
        "title": "Peer tutoring with a shared tablet",
        "summary": "Pupils teach each other arithmetic in pairs.",
        "body": "Each pair shares one tablet; the older pupil explains, the younger one tries.",
        "context": "A rural primary school with one tablet for four pupils.",
        "level": "primary",
        "evidence": "Arithmetic scores rose by a fifth in one term.",
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


# --- Moderation ---------------------------------------------------------------------------


def moderator(role: str = "Reviewer/Judge") -> Any:
    """A library reviewer who holds the moderation rights of the role (as the roles sync)."""
    user = role_user(role)
    group = user.groups.get(name=role)
    for perm in practices.ROLE_PERMISSIONS[role]:
        app_label, codename = perm.split(".")
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return type(user).objects.get(pk=user.pk)  # a fresh object: no cached permissions


def test_accept_publishes_a_best_practice_counted_as_a_completed_activity(
    django_capture_on_commit_callbacks: Any,
) -> None:
    """Accepting creates a published best-practice publication through the library's
    services: its Activity is of kind best practices, completed, public, targeting the
    submission's country; the author is credited under the name chosen; the author is
    told by e-mail; the practice is found by the library's search."""
    reviewer = moderator()
    country = CountryFactory(iso2="XT")
    author = UserFactory(email="amina@example.org", preferred_language="fr")
    theme = theme_ensure(slug="inclusion", name={"en": "Inclusion"})
    submission = submit(
        submitter=author,
        language="fr",
        title="Le tutorat entre pairs",
        country="XT",
        licence="CC-BY-4.0",
        credit_name="Amina Diallo",
    )
    with django_capture_on_commit_callbacks(execute=True):
        submission = practice_accept(
            submission=submission, reviewer=reviewer, notes="Bravo.", themes=[theme]
        )
    submission.refresh_from_db()
    assert submission.status == PracticeSubmissionStatus.ACCEPTED
    assert submission.reviewed_by == reviewer
    assert submission.decided_at is not None
    publication = submission.publication
    assert publication is not None
    assert publication.kind == "best_practices"
    assert publication.status == "published"
    assert publication.slug == f"practice-{submission.pk}-le-tutorat-entre-pairs"
    assert publication.original_language == "fr"
    assert publication.title.get("fr") == "Le tutorat entre pairs"
    assert publication.licence == "CC-BY-4.0"
    assert list(publication.themes.all()) == [theme]
    assert [row.display_name for row in publication.contributors.all()] == ["Amina Diallo"]
    activity = publication.activity
    assert activity.kind == ActivityKind.BEST_PRACTICES
    assert activity.status == ActivityStatus.COMPLETED
    assert activity.is_public
    assert list(activity.target_countries.all()) == [country]
    assert [m.to for m in mail.outbox] == [["amina@example.org"]]
    assert "Le tutorat entre pairs" in mail.outbox[0].subject
    assert publication.get_absolute_url() in mail.outbox[0].body
    found = library_search(SearchFilters(kind="best_practices"))
    assert [result.publication for result in found.results] == [publication]


def test_accept_without_credit_names_nobody() -> None:
    submission = submit()
    submission = practice_accept(submission=submission, reviewer=moderator())
    assert submission.publication is not None
    assert not submission.publication.contributors.exists()


def test_accept_is_all_or_nothing() -> None:
    """A reviewer who belongs to no programme unit cannot place the publication's
    Activity: the acceptance is refused and nothing is written."""
    reviewer = moderator()
    UnitMembership.objects.filter(user=reviewer).delete()
    submission = submit()
    with pytest.raises(ValidationError) as error:
        practice_accept(submission=submission, reviewer=reviewer)
    assert "unit" in error.value.message_dict
    submission.refresh_from_db()
    assert submission.status == PracticeSubmissionStatus.SUBMITTED
    assert submission.publication is None
    assert not Publication.objects.exists()


def test_changes_requested_then_submitted_again(django_capture_on_commit_callbacks: Any) -> None:
    """A reviewer asks for changes with a note the author receives; the author's change
    submits the practice again."""
    reviewer = moderator()
    author = UserFactory(email="li@example.org")
    submission = submit(submitter=author)
    submission = practice_review_start(submission=submission, reviewer=reviewer)
    assert submission.status == PracticeSubmissionStatus.UNDER_REVIEW
    with pytest.raises(ValidationError) as error:
        practice_changes_request(submission=submission, reviewer=reviewer, notes="  ")
    assert "notes" in error.value.message_dict
    with django_capture_on_commit_callbacks(execute=True):
        submission = practice_changes_request(
            submission=submission, reviewer=reviewer, notes="Say which grade this is for."
        )
    assert submission.status == PracticeSubmissionStatus.CHANGES_REQUESTED
    assert [m.to for m in mail.outbox] == [["li@example.org"]]
    assert "Say which grade this is for." in mail.outbox[0].body
    submission = practice_submission_update(
        submission=submission,
        title="Peer tutoring in grade 3",
        summary=submission.summary,
        body=submission.body,
        language="en",
        licence=submission.licence,
        source_url="",
        credit_name="",
        country="",
    )
    submission.refresh_from_db()
    assert submission.status == PracticeSubmissionStatus.SUBMITTED
    assert submission.title == "Peer tutoring in grade 3"


def test_decline_needs_a_reason_and_ends_the_submission(
    django_capture_on_commit_callbacks: Any,
) -> None:
    reviewer = moderator()
    submission = submit()
    with pytest.raises(ValidationError) as error:
        practice_decline(submission=submission, reviewer=reviewer, notes="")
    assert "notes" in error.value.message_dict
    with django_capture_on_commit_callbacks(execute=True):
        submission = practice_decline(
            submission=submission, reviewer=reviewer, notes="This is an advertisement."
        )
    assert submission.status == PracticeSubmissionStatus.DECLINED
    assert len(mail.outbox) == 1
    for step in (
        lambda: practice_accept(submission=submission, reviewer=reviewer),
        lambda: practice_review_start(submission=submission, reviewer=reviewer),
        lambda: practice_submission_update(submission=submission, title="Again"),
    ):
        with pytest.raises(ValidationError):
            step()
    submission.refresh_from_db()
    assert submission.status == PracticeSubmissionStatus.DECLINED
    assert not Publication.objects.exists()


def test_submissions_are_exported_and_erased_with_the_account() -> None:
    """The person's export holds their submissions; deleting the account deletes the open
    ones and detaches the accepted one, which stays published without naming them."""
    author: Any = UserFactory()
    waiting = submit(submitter=author, title="Waiting")
    accepted = practice_accept(
        submission=submit(submitter=author, title="Accepted", credit_name="A. Author"),
        reviewer=moderator(),
    )
    exported = user_data_export(author)["library"]["practice_submissions"]
    assert sorted(row["title"] for row in exported) == ["Accepted", "Waiting"]
    publication = accepted.publication
    assert publication is not None
    assert {row["publication"] for row in exported} == {"", publication.slug}
    account_delete(user=author)
    assert not PracticeSubmission.objects.filter(pk=waiting.pk).exists()
    accepted.refresh_from_db()
    assert accepted.submitter is None
    assert accepted.credit_name == ""
    publication.refresh_from_db()
    assert publication.status == "published"
    assert not publication.contributors.exists()


# --- Pages --------------------------------------------------------------------------------


def _form(**values: Any) -> dict[str, Any]:
    data = {
        "title": "Reading aloud with radio",
        "summary": "A weekly radio reading hour for remote schools.",
        "body": "Teachers read a chapter on the local radio; pupils follow in their books.",
        "context": "Remote schools without a library; pupils aged 9 to 12.",
        "level": "primary",
        "evidence": "Reading fluency tests twice a year.",
        "language": "en",
        "country": "",
        "source_url": "",
        "licence": "CC-BY-SA-3.0-IGO",
        "credit_name": "",
        "consent": "on",
    }
    data.update(values)
    return data


def test_submitting_needs_an_account(client: Any) -> None:
    response = client.get("/en/library/practices/submit/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert client.get("/en/library/practices/").status_code == 302


def test_a_signed_in_person_submits_and_follows_their_practice(client: Any) -> None:
    CountryFactory(iso2="XU", name={"en": "Xuland"})
    author = UserFactory()
    client.force_login(author)
    page = client.get("/en/library/practices/submit/")
    assert page.status_code == 200
    assert b'name="consent"' in page.content
    response = client.post("/en/library/practices/submit/", _form(country="XU"))
    submission = PracticeSubmission.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("library:practice_detail", args=[submission.pk])
    assert submission.submitter == author
    assert submission.country is not None and submission.country.iso2 == "XU"
    mine = client.get("/en/library/practices/")
    assert "Reading aloud with radio" in mine.content.decode()
    assert "Submitted" in mine.content.decode()
    detail = client.get(response["Location"]).content.decode()
    assert "Xuland" in detail
    assert reverse("library:practice_edit", args=[submission.pk]) in detail


def test_bad_input_names_the_field_and_writes_nothing(client: Any) -> None:
    client.force_login(UserFactory())
    response = client.post(
        "/en/library/practices/submit/",
        _form(consent="", source_url="not an address", country="QQ", title=""),
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"consent", "source_url", "country", "title"}
    assert not PracticeSubmission.objects.exists()


def test_others_cannot_see_or_change_a_submission(client: Any) -> None:
    submission = submit()
    client.force_login(UserFactory())
    assert client.get(f"/en/library/practices/{submission.pk}/").status_code == 404
    assert client.get(f"/en/library/practices/{submission.pk}/edit/").status_code == 404
    assert client.get("/en/library/practices/").context["page"].object_list.count() == 0


def test_the_author_changes_a_practice_only_while_it_is_open(client: Any) -> None:
    author = UserFactory()
    submission = submit(submitter=author)
    client.force_login(author)
    response = client.post(
        f"/en/library/practices/{submission.pk}/edit/", _form(title="Reading aloud, weekly")
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.title == "Reading aloud, weekly"
    practice_decline(submission=submission, reviewer=moderator(), notes="Not a practice.")
    assert client.get(f"/en/library/practices/{submission.pk}/edit/").status_code == 403
    page = client.get(f"/en/library/practices/{submission.pk}/").content.decode()
    assert "Not a practice." in page


def test_only_moderators_reach_the_queue(client: Any, editor: Any) -> None:
    submission = submit()
    assert client.get("/en/library/manage/practices/").status_code == 302
    client.force_login(UserFactory())
    assert client.get("/en/library/manage/practices/").status_code == 403
    client.force_login(editor)  # edits publications, does not moderate
    assert client.get("/en/library/manage/practices/").status_code == 403
    assert client.get(f"/en/library/manage/practices/{submission.pk}/").status_code == 403


def test_the_queue_filters_and_pages_in_a_fixed_number_of_queries(
    client: Any, django_assert_max_num_queries: Any
) -> None:
    """Waiting submissions, oldest first; by status, language and country; in pages."""
    CountryFactory(iso2="XV")
    for n in range(3):
        submit(title=f"English {n}")
    submit(title="En français", language="fr", country="XV")
    declined = submit(title="Declined")
    reviewer = moderator()
    practice_decline(submission=declined, reviewer=reviewer, notes="No.")
    client.force_login(reviewer)
    with django_assert_max_num_queries(20):
        page = client.get("/en/library/manage/practices/")
    titles = [item.title for item in page.context["page"]]
    assert titles == ["English 0", "English 1", "English 2", "En français"]
    french = client.get("/en/library/manage/practices/?language=fr&country=xv")
    assert [item.title for item in french.context["page"]] == ["En français"]
    done = client.get("/en/library/manage/practices/?status=declined")
    assert [item.title for item in done.context["page"]] == ["Declined"]
    junk = client.get("/en/library/manage/practices/?status=nope&language=zz&page=999")
    assert junk.status_code == 200
    for n in range(3, 22):
        submit(title=f"English {n}")
    paged = client.get("/en/library/manage/practices/?page=2")
    assert len(paged.context["page"].object_list) == 3
    assert paged.context["page"].paginator.count == 23


def test_a_moderator_requests_changes_declines_and_accepts(client: Any) -> None:
    reviewer = moderator()
    client.force_login(reviewer)
    submission = submit(title="Garden science")
    url = f"/en/library/manage/practices/{submission.pk}/"
    assert "Garden science" in client.get(url).content.decode()
    refused = client.post(url, {"action": "decline", "notes": ""})
    assert refused.status_code == 200
    assert "notes" in refused.context["form"].errors
    submission.refresh_from_db()
    assert submission.status == PracticeSubmissionStatus.SUBMITTED
    assert client.post(url, {"action": "review"}).status_code == 302
    client.post(url, {"action": "changes", "notes": "Add photos of the garden."})
    submission.refresh_from_db()
    assert submission.status == PracticeSubmissionStatus.CHANGES_REQUESTED
    # Waiting for its author, it cannot be decided.
    response = client.post(url, {"action": "accept"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    practice_submission_update(submission=submission, title="Garden science, with photos")
    assert client.post(url, {"action": "accept", "notes": ""}).status_code == 302
    submission.refresh_from_db()
    assert submission.status == PracticeSubmissionStatus.ACCEPTED
    assert submission.publication is not None
    assert client.get(submission.publication.get_absolute_url()).status_code == 200


def test_submissions_are_limited_per_person_and_day(client: Any) -> None:
    client.force_login(UserFactory())
    for _n in range(10):
        assert client.post("/en/library/practices/submit/", _form()).status_code == 302
    refused = client.post("/en/library/practices/submit/", _form())
    assert refused.status_code == 429
    assert "come back tomorrow" in refused.content.decode()
    assert PracticeSubmission.objects.count() == 10
