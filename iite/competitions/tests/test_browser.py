"""A student team applies in Spanish; a judge scores blind in Arabic."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone

from iite.accounts.tests.factories import UserFactory
from iite.competitions import judging, services
from iite.competitions.models import Assignment, Entry, EntryStatus

from .factories import make_edition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, user):
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session.session_key,
                "url": live_server.url,
            }
        ]
    )


def test_a_student_team_applies_in_spanish_and_a_judge_scores_in_arabic(page, live_server, axe):
    edition = make_edition(eligible_roles=["student"], blind=True, judges_per_entry=1)
    edition.closes_at = timezone.now() + datetime.timedelta(days=3)
    edition.save()
    student = UserFactory(
        role="student", age_band="under_18", preferred_language="es", name="Sofía Martínez"
    )
    teammate = UserFactory(role="student", age_band="under_18")
    question = edition.questions.get()

    _sign_in(page, live_server, student)
    page.goto(f"/es/competitions/{edition.competition.slug}/{edition.year}/")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator("h1").inner_text() == "Diseño para el Futuro 2026"
    assert axe(page) == []
    page.locator(f"a[href$='/{edition.year}/apply/']").click()
    page.locator("#id_title").fill("Nuestro barrio, nuestro museo")
    page.locator(f"#id_q_{question.pk}").fill("Acercar el patrimonio a la escuela.")
    page.locator("button[name=save]").click()
    entry = Entry.objects.get(owner=student)
    page.wait_for_url(f"**/es/competitions/entries/{entry.pk}/")
    assert axe(page) == []
    page.locator("#id_email").fill(teammate.email)
    page.locator("form[action$='/invite/'] button").click()
    page.wait_for_url(f"**/es/competitions/entries/{entry.pk}/")
    # Submitting without the supervising teacher names the rule and keeps the draft.
    page.locator("button[name=submit]").click()
    page.wait_for_url(f"**/es/competitions/entries/{entry.pk}/")
    body = page.content()
    assert "“minors”" in body or "«menores»" in body
    entry.refresh_from_db()
    assert entry.status == EntryStatus.DRAFT
    page.locator("#id_supervisor_name").fill("Prof. Diego López")
    page.locator("#id_supervisor_email").fill("diego.lopez@escuela.example")
    page.locator("#id_supervisor_role").select_option("teacher")
    page.locator("button[name=submit]").click()
    page.wait_for_url(f"**/es/competitions/entries/{entry.pk}/")
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED
    assert entry.members.get().user == teammate
    assert axe(page) == []

    judge_user = UserFactory(preferred_language="ar", role="researcher")
    judging.judge_invite(edition=edition, user=judge_user)
    judging.assignment_run(judging_round=edition.rounds.first())
    services.edition_stage_set(edition=edition, stage="judging")
    assignment = Assignment.objects.get()
    _sign_in(page, live_server, judge_user)
    page.goto(f"/ar/competitions/judging/{edition.pk}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert "Sofía" not in page.content()
    assert axe(page) == []
    page.locator(f"a[href$='/judging/{edition.pk}/{assignment.pk}/']").click()
    page.wait_for_url(f"**/ar/competitions/judging/{edition.pk}/{assignment.pk}/")
    assert "Sofía" not in page.content()
    assert axe(page) == []
    for criterion in edition.criteria.all():
        page.locator(f"input[name=criterion_{criterion.pk}][value='4']").check()
    page.locator("input[name=confidence][value='3']").check()
    page.locator("#id_comment").fill("مشروع واضح ومفيد للمدرسة.")
    page.locator("form.stacked-form button[type=submit]").click()
    page.wait_for_url(f"**/ar/competitions/judging/{edition.pk}/")
    assignment.refresh_from_db()
    assert assignment.submitted_at is not None
    assert assignment.comment == "مشروع واضح ومفيد للمدرسة."
    assert sorted(assignment.scores.values_list("value", flat=True)) == [4, 4]
