import io

import pytest
from openpyxl import load_workbook

from iite.accounts.tests.factories import UserFactory
from iite.events.consultations import (
    ConsultationError,
    consultation_submit,
    consultation_summary,
    submission_digest,
)
from iite.events.models import ConsultationQuestion, ConsultationResponse, ConsultationSubmission

from .factories import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def forum(period):
    event = make_event(kind="youth_forum", consultation_open=True, consultation_anonymous=True)
    q1 = ConsultationQuestion.objects.create(
        event=event,
        text={"en": "Favourite tool"},
        kind="choice",
        options=["Chat", "Video"],
        order=1,
    )
    q2 = ConsultationQuestion.objects.create(
        event=event, text={"en": "Safety online"}, kind="scale", order=2
    )
    q3 = ConsultationQuestion.objects.create(
        event=event, text={"en": "Advice to teachers"}, kind="open", required=False, order=3
    )
    return event, q1, q2, q3


def test_anonymous_answers_keep_no_link_to_the_person(forum):
    """An anonymous consultation stores no respondent; the guard against a second answer is an HMAC."""
    event, q1, q2, q3 = forum
    person = UserFactory()
    consultation_submit(
        event=event, user=person, answers={q1.pk: "Chat", q2.pk: "4", q3.pk: "Ask us"}
    )
    response = ConsultationResponse.objects.get()
    assert response.respondent is None
    assert [f.name for f in ConsultationSubmission._meta.get_fields()] == ["digest", "event"]
    assert ConsultationSubmission.objects.get().digest == submission_digest(event, person)
    with pytest.raises(ConsultationError, match="already answered"):
        consultation_submit(event=event, user=person, answers={q1.pk: "Video"})
    assert ConsultationResponse.objects.count() == 1


def test_named_consultation_links_the_answer(forum):
    """When the consultation is not anonymous the response names its respondent."""
    event, q1, _q2, _q3 = forum
    event.consultation_anonymous = False
    event.save()
    person = UserFactory()
    consultation_submit(event=event, user=person, answers={q1.pk: "Chat"})
    assert ConsultationResponse.objects.get().respondent == person


def test_summary_counts_choices_scale_points_and_lists_open_answers(forum, client, officer):
    """The summary counts each option and scale point, averages the scale, and the page has SVG and a table."""
    event, q1, q2, q3 = forum
    for choice, scale in [("Chat", "5"), ("Chat", "3"), ("Video", "4")]:
        consultation_submit(
            event=event, user=UserFactory(), answers={q1.pk: choice, q2.pk: scale, q3.pk: "x"}
        )
    total, summaries = consultation_summary(event)
    assert total == 3
    assert summaries[0].counts == [("Chat", 2), ("Video", 1)]
    assert summaries[1].counts == [("1", 0), ("2", 0), ("3", 1), ("4", 1), ("5", 1)]
    assert summaries[1].mean == 4.0
    assert summaries[2].texts == ["x", "x", "x"]
    client.force_login(officer)
    body = client.get(f"/en/events/manage/{event.slug}/consultation/").content.decode()
    assert body.count('<svg role="img"') == 2
    assert f'<title id="q{q1.pk}-title">Favourite tool</title>' in body
    assert "<caption>Favourite tool</caption>" in body


def test_responses_export_to_csv_and_xlsx(forum, client, officer):
    """Staff download one row per response, one column per question."""
    event, q1, q2, q3 = forum
    consultation_submit(
        event=event, user=UserFactory(), answers={q1.pk: "Video", q2.pk: "2", q3.pk: "=cmd"}
    )
    client.force_login(officer)
    csv_text = b"".join(
        client.get(f"/en/events/manage/{event.slug}/consultation.csv").streaming_content
    ).decode("utf-8-sig")
    lines = csv_text.strip().splitlines()
    assert lines[0].endswith("Favourite tool,Safety online,Advice to teachers")
    assert lines[1].endswith("Video,2,'=cmd")
    workbook = load_workbook(
        io.BytesIO(client.get(f"/en/events/manage/{event.slug}/consultation.xlsx").content)
    )
    rows = list(workbook.active.values)
    assert rows[1][-3:] == ("Video", "2", "'=cmd")


def test_questionnaire_page_records_answers_once(forum, client):
    """A signed-in person answers through the form; the page then thanks them and shows no form."""
    event, q1, q2, _q3 = forum
    person = UserFactory()
    client.force_login(person)
    url = f"/en/events/{event.slug}/consultation/"
    bad = client.post(url, {f"c{q1.pk}": "Chat"})
    assert bad.status_code == 400 and "This field is required." in bad.content.decode()
    assert client.post(url, {f"c{q1.pk}": "Chat", f"c{q2.pk}": "5"}).status_code == 302
    assert "You have answered this questionnaire" in client.get(url).content.decode()
    assert ConsultationResponse.objects.count() == 1
