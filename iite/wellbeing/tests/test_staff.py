"""Staff pages: the answer bank and its review, the helplines table, the usage statistics."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from iite.core.registry import visible_nav
from iite.reference.tests.factories import CountryFactory
from iite.wellbeing.models import Answer, AnswerStatus, Helpline, UsageCount

from .conftest import staff_with

pytestmark = pytest.mark.django_db

EDITOR_PERMS = (
    "wellbeing.add_answer",
    "wellbeing.change_answer",
    "wellbeing.view_answer",
    "wellbeing.view_helpline",
    "wellbeing.add_helpline",
    "wellbeing.change_helpline",
)


@pytest.fixture(autouse=True)
def _countries(db):
    for code in ("KG", "KZ"):
        CountryFactory(iso2=code)


@pytest.fixture
def editor(db):
    return staff_with("Content editor", *EDITOR_PERMS, name="Eda Editor")


def _answer_fields(**extra):
    return {
        "action": "save",
        "key": "homework-stress",
        "topic": "stress",
        "language": "ky",
        "questions": "Үй тапшырма көп\n\n  Чарчадым  ",
        "keywords": "үй тапшырма",
        "body": "Тыныгуу да иштин бир бөлүгү.",
        **extra,
    }


def test_the_answer_bank_is_for_content_staff_only(client, counsellor, editor):
    url = reverse("wellbeing:staff_answers")
    assert client.get(url).status_code == 302
    client.force_login(counsellor)
    assert client.get(url).status_code == 403
    client.force_login(editor)
    assert client.get(url).status_code == 200


def test_an_editor_writes_a_draft_in_kyrgyz_and_a_missing_field_is_named(client, editor):
    client.force_login(editor)
    url = reverse("wellbeing:staff_answer_new")
    refused = client.post(url, _answer_fields(body=""))
    assert refused.status_code == 400
    assert refused.context["form"].errors["body"]
    assert not Answer.objects.exists()
    response = client.post(url, _answer_fields())
    answer = Answer.objects.get()
    assert response.url == reverse("wellbeing:staff_answer", args=[answer.pk])
    assert (answer.language, answer.status, answer.author) == ("ky", "draft", "Eda Editor")
    assert answer.questions == "Үй тапшырма көп\nЧарчадым"
    assert answer.embedding  # matched by similarity once approved


def test_a_second_language_version_is_a_new_entry_and_a_duplicate_is_refused(client, editor):
    client.force_login(editor)
    url = reverse("wellbeing:staff_answer_new")
    client.post(url, _answer_fields())
    client.post(url, _answer_fields(language="uz", body="Dam olish ham ishning bir qismi."))
    duplicate = client.post(url, _answer_fields())
    assert duplicate.status_code == 400
    assert "already exists" in str(duplicate.context["form"].errors)
    assert sorted(Answer.objects.values_list("language", flat=True)) == ["ky", "uz"]


def test_submit_review_approve_by_a_second_person_and_retire(client, editor, reviewer):
    client.force_login(editor)
    client.post(reverse("wellbeing:staff_answer_new"), _answer_fields())
    answer = Answer.objects.get()
    url = reverse("wellbeing:staff_answer", args=[answer.pk])
    client.post(url, {"action": "submit"})
    answer.refresh_from_db()
    assert answer.status == AnswerStatus.SUBMITTED
    # The editor may not approve: the button is not there, and a post is refused.
    assert 'value="approve"' not in client.get(url).content.decode()
    due = timezone.localdate() + timedelta(days=180)
    assert client.post(url, {"action": "approve", "review_due": due}).status_code == 403
    client.force_login(reviewer)
    listed = client.get(reverse("wellbeing:staff_reviews")).content.decode()
    assert "homework-stress" in listed
    past = client.post(url, {"action": "approve", "review_due": timezone.localdate()})
    assert past.status_code == 400
    assert "Give a review date in the future." in past.context["approval"].errors["review_due"]
    client.post(url, {"action": "approve", "review_due": due})
    answer.refresh_from_db()
    assert (answer.status, answer.reviewer, answer.review_due) == ("approved", "Dr Rev", due)
    assert "homework-stress" not in client.get(reverse("wellbeing:staff_reviews")).content.decode()
    client.force_login(editor)
    client.post(url, {"action": "retire"})
    answer.refresh_from_db()
    assert answer.status == AnswerStatus.WITHDRAWN


def test_an_author_who_is_also_a_reviewer_cannot_approve_their_own_answer(client):
    both = staff_with("Both", *EDITOR_PERMS, "wellbeing.review_answer", name="Solo Writer")
    client.force_login(both)
    client.post(reverse("wellbeing:staff_answer_new"), _answer_fields())
    answer = Answer.objects.get()
    url = reverse("wellbeing:staff_answer", args=[answer.pk])
    due = timezone.localdate() + timedelta(days=30)
    assert client.post(url, {"action": "approve", "review_due": due}).status_code == 403
    assert Answer.objects.get().status == AnswerStatus.DRAFT


def test_editing_the_text_makes_a_new_version_back_in_draft(client, editor, small_bank):
    answer = Answer.objects.get(key="sleep-better", language="en")
    client.force_login(editor)
    url = reverse("wellbeing:staff_answer", args=[answer.pk])
    fields = {
        "action": "save",
        "topic": answer.topic,
        "questions": answer.questions,
        "keywords": answer.keywords,
        "body": answer.body + " Try a short walk in daylight.",
    }
    assert client.post(url, fields).status_code == 302
    answer.refresh_from_db()
    assert (answer.version, answer.status, answer.reviewer) == (2, "draft", "")
    assert answer.key == "sleep-better" and answer.language == "en"


def test_the_bank_filters_and_pages_in_bounded_queries(
    client, editor, small_bank, django_assert_max_num_queries
):
    client.force_login(editor)
    url = reverse("wellbeing:staff_answers")
    with django_assert_max_num_queries(12):
        page = client.get(url, {"language": "ru", "topic": "sleep"}).content.decode()
    assert "sleep-better" in page and "exams-anxiety" not in page
    # An unknown filter value is ignored, not an error page.
    assert client.get(url, {"status": "nonsense", "page": "x"}).status_code == 200
    due = client.get(url, {"review_due": "on"}).content.decode()
    assert "sleep-better" not in due  # approved for a year by the demo


def test_helplines_show_unverified_until_a_person_checks_them(client, editor, kyrgyz_helplines):
    client.force_login(editor)
    listing = client.get(reverse("wellbeing:staff_helplines"), {"country": "KG"})
    assert listing.content.decode().count("Not verified") == 2
    line = kyrgyz_helplines[0]
    url = reverse("wellbeing:staff_helpline", args=[line.pk])
    client.post(url, {"action": "verify"})
    line.refresh_from_db()
    assert line.verified_on == timezone.localdate() and line.verified_by == editor
    assert (
        client.get(reverse("wellbeing:staff_helplines")).content.decode().count("Not verified") == 1
    )
    # A new number must be checked again.
    fields = {
        "country": "KG",
        "name": line.name,
        "phone": "150",
        "url": "",
        "hours": "24/7",
        "languages": "",
        "order": 10,
        "active": "on",
    }
    assert client.post(url, fields).status_code == 302
    line.refresh_from_db()
    assert (line.phone, line.verified_on, line.verified_by) == ("150", None, None)


def test_a_helpline_needs_a_phone_or_an_address_and_the_field_is_named(client, editor):
    client.force_login(editor)
    url = reverse("wellbeing:staff_helpline_new")
    fields = {"country": "KZ", "name": "Телефон доверия 150", "order": 10, "active": "on"}
    refused = client.post(url, fields)
    assert refused.status_code == 400
    assert (
        "Give a phone number or a web address (or both)." in refused.context["form"].errors["phone"]
    )
    assert client.post(url, {**fields, "country": "XX", "phone": "150"}).status_code == 400
    assert client.post(url, {**fields, "phone": "150"}).status_code == 302
    assert Helpline.objects.get().country == "KZ"


def test_counsellors_read_helplines_but_do_not_change_them(client, kyrgyz_helplines):
    counsellor_with_view = staff_with(
        "Counsellor", "wellbeing.view_helpline", name="Second Counsellor"
    )
    client.force_login(counsellor_with_view)
    url = reverse("wellbeing:staff_helpline", args=[kyrgyz_helplines[0].pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"action": "verify"}).status_code == 403
    assert client.get(reverse("wellbeing:staff_helpline_new")).status_code == 403


def _usage():
    today = timezone.localdate()
    for language, measure, key, count in [
        ("ru", "conversations", "", 8),
        ("ky", "conversations", "", 2),
        ("ru", "crisis", "self_harm", 3),
        ("ru", "answered", "sleep", 5),
        ("ru", "handoffs", "", 2),
        ("ru", "handoffs_answered", "", 2),
        ("ru", "handoff_wait_seconds", "", 1200),
        ("ru", "outcome", "referred", 1),
    ]:
        UsageCount.objects.create(
            day=today, language=language, measure=measure, key=key, count=count
        )


def test_usage_statistics_draw_accessible_charts_beside_tables(client, counsellor):
    _usage()
    client.force_login(counsellor)
    page = client.get(reverse("wellbeing:statistics"), {"days": "30"}).content.decode()
    assert page.count('role="img"') == 4
    assert '<title id="wb-languages-title">Conversations by language</title>' in page
    assert "<td>Russian</td><td>8</td>" in page
    assert "<td>Suicide and self-harm</td><td>3</td>" in page
    assert "(30%)" in page  # 3 crises in 10 conversations
    assert "<dd>10.0</dd>" in page  # 1200 seconds over 2 answered hand-offs


def test_usage_statistics_download_as_csv_and_xlsx(client, counsellor):
    _usage()
    client.force_login(counsellor)
    csv = client.get(reverse("wellbeing:statistics_export", args=["csv"]))
    assert csv["Content-Type"].startswith("text/csv")
    text = b"".join(csv.streaming_content if csv.streaming else [csv.content]).decode()
    assert "Conversations,10" in text
    assert "Russian,8" in text and "Kyrgyz,2" in text
    xlsx = client.get(reverse("wellbeing:statistics_export", args=["xlsx"]))
    assert xlsx.content[:2] == b"PK"
    assert client.get(reverse("wellbeing:statistics_export", args=["pdf"])).status_code == 404
    client.force_login(staff_with("Content editor", "wellbeing.change_answer"))
    assert client.get(reverse("wellbeing:statistics_export", args=["csv"])).status_code == 403


def test_the_staff_menu_lists_what_each_role_may_open(editor, counsellor):
    editor_links = {item.url_name for item in visible_nav(editor, "staff")}
    assert {"wellbeing:staff_answers", "wellbeing:staff_helplines"} <= editor_links
    assert "wellbeing:statistics" not in editor_links
    counsellor_links = {item.url_name for item in visible_nav(counsellor, "staff")}
    assert "wellbeing:queue" in counsellor_links
    assert "wellbeing:staff_answers" not in counsellor_links
