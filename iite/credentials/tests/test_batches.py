"""Batch issuing from the web: choose a course or event, see who qualifies, issue, follow."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from iite.accounts.tests.factories import UserFactory, give_totp
from iite.core.management.commands.task_worker import tasks_take_up
from iite.credentials import services
from iite.credentials.batching import batch_source, credential_batch_resume, qualifying
from iite.credentials.models import Achievement, Credential, CredentialBatch

pytestmark = pytest.mark.django_db


@pytest.fixture
def issuer(db):
    user = UserFactory(email="issuer@example.org", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="add_credentialbatch"))
    give_totp(user)
    return user


@pytest.fixture
def course(activity):
    """A course awarding a credential; three completed it before it did, one did not."""
    from iite.learning.models import Enrolment
    from iite.learning.tests.factories import make_course

    activity.period.is_current = True
    activity.period.save(update_fields=["is_current"])
    course = make_course("ai-basics", with_quiz=False)
    course.achievement = Achievement.objects.create(
        code="ai-basics",
        kind=Achievement.Kind.COURSE,
        name={"en": "AI basics for teachers"},
        description={"en": "Completed the course."},
        criteria={"en": "<p>Every lesson.</p>"},
    )
    course.save()
    now = timezone.now()
    for name in ["Amara Okafor", "Bilal Khan", "Chen Wei"]:
        Enrolment.objects.create(user=UserFactory(name=name), course=course, completed_at=now)
    Enrolment.objects.create(user=UserFactory(name="Dana Levi"), course=course)
    return course


def test_staff_see_who_qualifies(client, issuer, course):
    """Choosing the course lists those who completed it and how many already hold it."""
    holder = course.enrolments.filter(completed_at__isnull=False).first().user
    services.credential_issue(achievement=course.achievement, recipient=holder)
    # A credential whose holder erased their account must not hide everyone else (NOT IN).
    erased = UserFactory()
    services.credential_issue(achievement=course.achievement, recipient=erased)
    services.personal_data_erase(erased)
    client.force_login(issuer)
    response = client.get("/en/credentials/manage/batches/", {"source": "course:ai-basics"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "3 qualify; 1 already hold the credential; 2 will receive it." in html
    assert "Issue to all 2 people" in html
    assert "Dana Levi" not in html
    preview = qualifying(batch_source("course:ai-basics"))
    assert (preview.total, preview.already, len(preview.pending)) == (3, 1, 2)


def test_staff_issue_to_all_and_follow_the_batch(
    client, issuer, course, django_capture_on_commit_callbacks
):
    """Issuing queues one batch; its page shows the progress, and htmx gets the fragment."""
    client.force_login(issuer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/credentials/manage/batches/", {"source": "course:ai-basics"})
    batch = CredentialBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/credentials/manage/batches/{batch.pk}/"
    assert (batch.status, batch.total, batch.issued) == ("done", 3, 3)
    assert Credential.objects.filter(achievement=course.achievement).count() == 3
    page = client.get(response["Location"]).content.decode()
    assert "3 of 3 done; 3 credentials issued." in page
    assert "hx-get" not in page and 'http-equiv="refresh"' not in page
    CredentialBatch.objects.filter(pk=batch.pk).update(status="running", done=1)
    page = client.get(response["Location"]).content.decode()
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in page
    fragment = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert fragment.startswith('<section id="batch-progress"')
    assert f'hx-get="/en/credentials/manage/batches/{batch.pk}/" hx-trigger="every 2s"' in fragment
    assert "1 of 3 done" in fragment


def test_a_failed_batch_resumes_without_issuing_twice(
    issuer, course, monkeypatch, django_capture_on_commit_callbacks
):
    """A batch that failed part-way resumes where it stopped; each person holds one credential."""
    from iite.credentials.batching import batch_issue

    monkeypatch.setattr(services, "BATCH_CHUNK", 1)
    real_build = services._build_credential
    calls = {"n": 0}

    def failing_build(**kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("signing key unavailable")
        return real_build(**kwargs)

    monkeypatch.setattr(services, "_build_credential", failing_build)
    # The task backend records the failure on the task; the batch row says where it stopped.
    with django_capture_on_commit_callbacks(execute=True):
        batch_issue(source=batch_source("course:ai-basics"), by=issuer)
    batch = CredentialBatch.objects.get()
    assert (batch.status, batch.done, batch.issued) == ("failed", 1, 1)
    assert batch.error == "signing key unavailable"

    with django_capture_on_commit_callbacks(execute=True):
        credential_batch_resume(batch=batch, by=issuer)
    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.issued, batch.error) == ("done", 3, 3, "")
    recipients = list(
        Credential.objects.filter(achievement=course.achievement).values_list(
            "recipient_id", flat=True
        )
    )
    assert len(recipients) == len(set(recipients)) == 3


def test_resume_from_the_page(client, issuer, course, django_capture_on_commit_callbacks):
    """The failed batch's page offers Resume, which finishes it."""
    batch = services.credential_issue_batch(
        achievement=course.achievement,
        recipients=[e.user for e in course.enrolments.filter(completed_at__isnull=False)],
    )
    CredentialBatch.objects.filter(pk=batch.pk).update(status="failed", error="worker stopped")
    client.force_login(issuer)
    page = client.get(f"/en/credentials/manage/batches/{batch.pk}/").content.decode()
    assert "The batch stopped: worker stopped" in page
    assert "Resume the batch" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/credentials/manage/batches/{batch.pk}/resume/")
    assert response.status_code == 302
    batch.refresh_from_db()
    assert (batch.status, batch.issued) == ("done", 3)


def test_events_are_sources_and_issue_certificates_too(
    client, issuer, activity, learner, django_capture_on_commit_callbacks
):
    """An event with attendees is a source; issuing gives certificates and credentials."""
    from iite.events.models import Certificate
    from iite.events.services import registration_create, registration_mark_attended
    from iite.events.tests.factories import make_event

    activity.period.is_current = True
    activity.period.save(update_fields=["is_current"])
    event = make_event(title={"en": "Teaching with AI"})
    registration = registration_create(event=event, user=learner)
    registration_mark_attended(registration=registration, minutes=60)
    client.force_login(issuer)
    html = client.get("/en/credentials/manage/batches/").content.decode()
    assert f'<option value="event:{event.slug}">Event: Teaching with AI</option>' in html
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/credentials/manage/batches/", {"source": f"event:{event.slug}"})
    assert Certificate.objects.filter(registration=registration).exists()
    assert Credential.objects.filter(
        recipient=learner, achievement__kind=Achievement.Kind.CERTIFICATE
    ).exists()


def test_batch_pages_need_the_permission(client, learner, course):
    """Someone without credentials.add_credentialbatch is refused every batch page."""
    client.force_login(learner)
    assert client.get("/en/credentials/manage/batches/").status_code == 403
    assert (
        client.post("/en/credentials/manage/batches/", {"source": "course:ai-basics"}).status_code
        == 403
    )


def test_api_resumes_a_failed_batch(client, issuer, course, django_capture_on_commit_callbacks):
    """POST /api/credentials/batches/<id>/resume queues a failed batch again (staff only)."""
    batch = services.credential_issue_batch(
        achievement=course.achievement,
        recipients=[e.user for e in course.enrolments.filter(completed_at__isnull=False)],
    )
    CredentialBatch.objects.filter(pk=batch.pk).update(status="failed", error="worker stopped")
    client.force_login(issuer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/api/credentials/batches/{batch.pk}/resume")
    assert response.status_code == 202
    assert response.json()["status"] == "queued"
    batch.refresh_from_db()
    assert (batch.status, batch.issued, batch.error) == ("done", 3, "")


class WorkerKilled(BaseException):
    """Stands for SIGKILL: not an Exception, so nothing in the task catches it."""


def _recipients(course):
    return [e.user for e in course.enrolments.filter(completed_at__isnull=False)]


def _kill_on_second_credential(monkeypatch):
    real_build = services._build_credential
    calls = {"n": 0}

    def build(**kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise WorkerKilled
        return real_build(**kwargs)

    monkeypatch.setattr(services, "_build_credential", build)
    return real_build


def test_a_batch_killed_mid_chunk_runs_again_and_issues_each_person_once(
    issuer, course, monkeypatch, django_capture_on_commit_callbacks
):
    """The chunk being signed when the worker died leaves nothing; running the task again
    issues the rest, and a further run (a duplicate in the queue) issues nothing."""
    monkeypatch.setattr(services, "BATCH_CHUNK", 1)
    real_build = _kill_on_second_credential(monkeypatch)
    with django_capture_on_commit_callbacks(execute=False):
        batch = services.credential_issue_batch(
            achievement=course.achievement, recipients=_recipients(course)
        )
    with pytest.raises(WorkerKilled):
        services.credential_batch_run.call(batch.pk)
    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.issued) == ("running", 1, 1)
    assert Credential.objects.filter(achievement=course.achievement).count() == 1

    monkeypatch.setattr(services, "_build_credential", real_build)
    assert services.credential_batch_run.call(batch.pk) == 3
    assert services.credential_batch_run.call(batch.pk) == 3
    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.issued) == ("done", 3, 3)
    recipients = list(
        Credential.objects.filter(achievement=course.achievement).values_list(
            "recipient_id", flat=True
        )
    )
    assert sorted(recipients) == sorted(batch.recipient_ids)


# The real worker loop closes and reopens connections between tasks, which would end a
# test's enclosing transaction on PostgreSQL: this test commits for real.
@pytest.mark.django_db(transaction=True)
def test_the_worker_restarted_completes_the_batch_it_was_killed_in(
    issuer, course, monkeypatch, settings, django_capture_on_commit_callbacks
):
    """With the database task backend: the worker dies mid-batch, its task stays
    "running"; `task_worker` (same worker id) queues it again and finishes the batch."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr(services, "BATCH_CHUNK", 1)
    real_build = _kill_on_second_credential(monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.credential_issue_batch(
            achievement=course.achievement, recipients=_recipients(course)
        )
    queued = DBTaskResult.objects.get()
    queued.claim("machine-1")  # what db_worker does before running the task
    with pytest.raises(WorkerKilled):
        queued.task.call(*queued.task_result.args, **queued.task_result.kwargs)
    queued.refresh_from_db()
    assert queued.status == TaskResultStatus.RUNNING

    monkeypatch.setattr(services, "_build_credential", real_build)
    call_command(
        "task_worker", "--batch", "--no-startup-delay", "--no-reload", "--worker-id", "machine-1"
    )
    queued.refresh_from_db()
    batch.refresh_from_db()
    assert queued.status == TaskResultStatus.SUCCESSFUL
    assert queued.worker_ids == ["machine-1", "machine-1"]
    assert (batch.status, batch.done, batch.issued) == ("done", 3, 3)
    assert Credential.objects.filter(achievement=course.achievement).count() == 3


def test_a_batch_the_worker_gave_up_on_is_marked_failed_and_resumes(
    issuer, course, settings, django_capture_on_commit_callbacks
):
    """Killed in the same batch three times, the worker stops retrying it: the batch says
    it failed (not "running" forever), and Resume finishes it."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.credential_issue_batch(
            achievement=course.achievement, recipients=_recipients(course)
        )
    queued = DBTaskResult.objects.get()
    for _ in range(3):
        queued.claim("machine-1")
    CredentialBatch.objects.filter(pk=batch.pk).update(status="running")

    assert tasks_take_up(worker_id="machine-1", backend_name="default") == (0, 1)
    batch.refresh_from_db()
    assert (batch.status, batch.error) == ("failed", "The task worker stopped during this batch")

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        credential_batch_resume(batch=batch, by=issuer)
    batch.refresh_from_db()
    assert (batch.status, batch.issued) == ("done", 3)
