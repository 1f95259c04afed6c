"""Pages: the call, applying, and blind judging in every judge-facing page and the API."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from iite.accounts.tests.factories import UserFactory
from iite.competitions import judging, services
from iite.competitions.models import Assignment, Entry, EntryStatus

from .factories import make_competition, make_edition, make_entry

pytestmark = pytest.mark.django_db


def _blind_edition_with_assignment():
    edition = make_edition(blind=True, judges_per_entry=1)
    owner = UserFactory(name="Layla Haddad", institution="Amman Future School")
    entry = make_entry(edition, owner=owner, team_name="Falcons", title="Solar tutor")
    judge_user = UserFactory()
    judging.judge_invite(edition=edition, user=judge_user)
    judging.assignment_run(judging_round=edition.rounds.first())
    services.edition_stage_set(edition=edition, stage="judging")
    return edition, entry, judge_user


def test_blind_judging_hides_names_and_institutions_in_every_judge_page_and_api(client):
    edition, entry, judge_user = _blind_edition_with_assignment()
    assignment = Assignment.objects.get()
    client.force_login(judge_user)
    pages = [
        client.get(reverse("competitions:judge_home", args=[edition.pk])),
        client.get(reverse("competitions:review", args=[edition.pk, assignment.pk])),
        client.get(f"/api/competitions/judging/{edition.pk}/assignments"),
    ]
    for response in pages:
        assert response.status_code == 200
        body = response.content.decode()
        assert "Entry 001" in body
        assert "Solar tutor" in body
        for secret in ("Layla", "Haddad", "Amman Future School", "Falcons", entry.owner.email):
            assert secret not in body
    data = pages[2].json()
    assert data[0]["team"] == "" and data[0]["institution"] == ""


def test_an_open_edition_shows_names_to_judges(client):
    edition = make_edition(judges_per_entry=1)
    make_entry(edition, owner=UserFactory(institution="Amman Future School"))
    judge_user = UserFactory()
    judging.judge_invite(edition=edition, user=judge_user)
    judging.assignment_run(judging_round=edition.rounds.first())
    client.force_login(judge_user)
    body = client.get(reverse("competitions:judge_home", args=[edition.pk])).content.decode()
    assert "Amman Future School" in body


def test_judge_pages_are_only_for_the_edition_judges(client):
    edition, _entry, _judge = _blind_edition_with_assignment()
    client.force_login(UserFactory())
    assert client.get(reverse("competitions:judge_home", args=[edition.pk])).status_code == 404
    assert client.get(f"/api/competitions/judging/{edition.pk}/assignments").status_code == 404


def test_judge_scores_through_the_form(client):
    edition, _entry, judge_user = _blind_edition_with_assignment()
    assignment = Assignment.objects.get()
    client.force_login(judge_user)
    data = {f"criterion_{c.pk}": "4" for c in edition.criteria.all()} | {"confidence": "3"}
    response = client.post(reverse("competitions:review", args=[edition.pk, assignment.pk]), data)
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.confidence == 3
    assert sorted(assignment.scores.values_list("value", flat=True)) == [4, 4]


def test_call_page_shows_the_deadline_in_the_applicants_zone(client):
    edition = make_edition()
    user = UserFactory(time_zone="Asia/Tokyo")
    client.force_login(user)
    body = client.get(edition.get_absolute_url()).content.decode()
    assert "Times are shown in Asia/Tokyo." in body
    assert "Apply" in body


def test_applying_saves_a_draft_then_submit_names_the_broken_rule(client):
    edition = make_edition(eligible_roles=["student"])
    user = UserFactory(role="teacher", name="Tomás")
    client.force_login(user)
    question = edition.questions.get()
    url = reverse("competitions:apply", args=[edition.competition.slug, edition.year])
    response = client.post(url, {"title": "Robot tutor", f"q_{question.pk}": "Access", "save": "1"})
    entry = Entry.objects.get(owner=user)
    assert response["Location"] == entry.get_absolute_url()
    response = client.post(
        entry.get_absolute_url(),
        {"title": "Robot tutor", f"q_{question.pk}": "Access", "submit": "1"},
        follow=True,
    )
    assert (
        "Rule “who may enter”: this call is open to Student; the profile of Tomás says Teacher."
        in response.content.decode()
    )
    entry.refresh_from_db()
    assert entry.status == EntryStatus.DRAFT


def test_public_winners_page_only_after_results(client):
    edition = make_edition()
    url = reverse("competitions:winners", args=[edition.competition.slug, edition.year])
    assert client.get(url).status_code == 404
    services.edition_stage_set(edition=edition, stage="results")
    assert client.get(url).status_code == 200


def test_entry_files_reach_the_team_and_judges_only_under_a_neutral_name(
    client, settings, tmp_path
):
    """The owner uploads; an unconflicted judge downloads it as "Entry 001.pdf"; others get 404."""
    settings.MEDIA_ROOT = tmp_path
    edition, entry, judge_user = _blind_edition_with_assignment()
    services.edition_stage_set(edition=edition, stage="open")
    client.force_login(entry.owner)
    upload = SimpleUploadedFile("Layla-Haddad-poster.pdf", b"%PDF-1.4 demo", "application/pdf")
    client.post(reverse("competitions:entry_file_upload", args=[entry.pk]), {"file": upload})
    entry_file = entry.files.get()
    assert entry_file.name == "Layla-Haddad-poster.pdf"
    assert "Layla" not in entry_file.file.name
    url = reverse("competitions:entry_file", args=[entry_file.pk])
    client.force_login(judge_user)
    services.edition_stage_set(edition=edition, stage="judging")
    review = client.get(
        reverse("competitions:review", args=[edition.pk, Assignment.objects.get().pk])
    ).content.decode()
    assert "File 1" in review and "poster" not in review
    response = client.get(url)
    assert response.status_code == 200
    assert 'filename="Entry 001.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == b"%PDF-1.4 demo"
    # Read to the end above, the file was closed by the test client itself; closing it
    # again would send request_finished and end the test's transaction on PostgreSQL.
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404


def test_an_unknown_file_type_is_refused_with_the_list():
    edition = make_edition()
    entry = make_entry(edition)
    upload = SimpleUploadedFile("run.exe", b"MZ", "application/octet-stream")
    with pytest.raises(ValidationError) as error:
        services.entry_file_add(entry=entry, upload=upload)
    assert error.value.message_dict["file"][0].startswith(
        "Upload a file of one of these types: .pdf"
    )


def test_an_entrant_declares_a_conflict_and_that_judge_is_never_assigned(client):
    edition = make_edition(judges_per_entry=1)
    entry = make_entry(edition)
    avoided = judging.judge_invite(edition=edition, user=UserFactory(name="Dr Avoided"))[0]
    other = judging.judge_invite(edition=edition, user=UserFactory())[0]
    client.force_login(entry.owner)
    page = client.get(entry.get_absolute_url()).content.decode()
    assert "Dr Avoided" in page
    client.post(
        reverse("competitions:entry_conflict", args=[entry.pk]),
        {"judge": avoided.pk, "note": "My former supervisor"},
    )
    assert avoided.conflicts.get().source == "entrant"
    judging.assignment_run(judging_round=edition.rounds.first())
    assert list(Assignment.objects.values_list("judge_id", flat=True)) == [other.pk]


def test_public_pages_take_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    """The list and a call page do not query per edition or per criterion."""
    for slug in ("one", "two", "three"):
        make_edition(competition=make_competition(slug=slug))
    edition = make_edition(competition=make_competition(slug="four"))
    with django_assert_max_num_queries(12):
        body = client.get(reverse("competitions:list")).content.decode()
    assert body.count("Design for the Futures 2026") == 4
    with django_assert_max_num_queries(16):
        assert client.get(edition.get_absolute_url()).status_code == 200
