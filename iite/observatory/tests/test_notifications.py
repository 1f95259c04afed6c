"""The workflow's e-mails: reviewers told of their assignment and reminded once before the
due date; the provider's focal points told when the right of reply opens, when it closed
without a reply and when the assessment is published; each in the recipient's language,
sent only after the step commits."""

import datetime
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.formats import date_format

from iite.observatory import notifications, services
from iite.observatory.models import Assessment, ReviewerAssignment

from .factories import (
    accepted,
    make_tool,
    provider_tool_reconciled,
    ratings,
    reviewed,
    reviewer,
    staff,
    unit,
)

pytestmark = pytest.mark.django_db

FSI, PDI = "\u2068", "\u2069"


def _in(language: str, text: str, **values: str) -> str:
    with translation.override(language):
        return translation.gettext(text) % values


def _date(language: str, day: datetime.date) -> str:
    with translation.override(language):
        return date_format(day, "DATE_FORMAT")


def test_an_assigned_reviewer_is_told_the_tool_protocol_and_due_date_after_commit(
    django_capture_on_commit_callbacks,
):
    """The assignment e-mail, in the reviewer's Russian, names the tool, its version, the
    protocol version and the due date, and links to the review in Russian."""
    lead = staff()
    assessment = accepted(make_tool(name="Caption helper"), lead, version="2.1")
    person = reviewer(email="reviewer@example.org", name="Айгерим", preferred_language="ru")
    services.interests_declare(assessment=assessment, by=person, has_conflict=False)
    due = timezone.localdate() + datetime.timedelta(days=10)
    with django_capture_on_commit_callbacks(execute=True):
        services.ReviewerAssign(
            by=lead, assessment=assessment, reviewer=person, due_on=due
        ).execute()
    [message] = mail.outbox
    assert message.to == ["reviewer@example.org"]
    assert message.subject == _in(
        "ru",
        "Review assigned: %(tool)s, version %(version)s",
        tool=f"{FSI}Caption helper{PDI}",
        version=f"{FSI}2.1{PDI}",
    )
    assert message.body.startswith(_in("ru", "Hello %(name)s,", name=f"{FSI}Айгерим{PDI}"))
    assert f"{FSI}{_date('ru', due)}{PDI}" in message.body
    assert f"{FSI}1.0{PDI}" in message.body  # the protocol's version
    assert f"/ru/observatory/work/assessments/{assessment.pk}/{PDI}" in message.body
    assert f"/ru/observatory/protocol/1.0/{PDI}" in message.body
    assert ReviewerAssignment.objects.get(reviewer=person).due_on == due


def test_no_email_while_the_assignment_could_be_rolled_back(client):
    """Nothing is sent before the commit; without a date given the review is due in three
    weeks, and the reviewer's workspace shows the date."""
    lead = staff()
    assessment = accepted(make_tool(), lead)
    person = reviewer()
    services.interests_declare(assessment=assessment, by=person, has_conflict=False)
    services.ReviewerAssign(by=lead, assessment=assessment, reviewer=person).execute()
    assert mail.outbox == []
    due = timezone.localdate() + datetime.timedelta(days=21)
    assert assessment.reviews.get().due_on == due
    client.force_login(person)
    page = client.get("/en/observatory/work/").content.decode()
    assert f"to do, due {_date('en', due)}" in page


def test_a_due_date_must_be_after_today():
    lead = staff()
    assessment = accepted(make_tool(), lead)
    person = reviewer()
    services.interests_declare(assessment=assessment, by=person, has_conflict=False)
    with pytest.raises(ValidationError) as error:
        services.ReviewerAssign(
            by=lead, assessment=assessment, reviewer=person, due_on=timezone.localdate()
        ).execute()
    assert error.value.message_dict == {"due_on": ["Give a due date after today."]}
    assert not assessment.reviews.exists()


def test_reviewers_are_reminded_once_before_the_due_date(django_capture_on_commit_callbacks):
    """The daily command reminds a reviewer whose review is due within three days, once; a
    submitted review, one due later and one already past its date are not reminded."""
    lead = staff()
    today = timezone.localdate()
    soon = reviewer(email="soon@example.org", preferred_language="fr")
    later, done = reviewer(email="later@example.org"), reviewer(email="done@example.org")
    assessment = accepted(make_tool(name="Caption helper"), lead)
    other = accepted(make_tool(name="Essay helper"), lead)
    for target, person, days in ((assessment, soon, 2), (assessment, later, 10), (other, done, 1)):
        services.interests_declare(assessment=target, by=person, has_conflict=False)
        services.ReviewerAssign(
            by=lead,
            assessment=target,
            reviewer=person,
            due_on=today + datetime.timedelta(days=days),
        ).execute()
    review = other.reviews.get(reviewer=done)
    services.ReviewSubmit(by=done, review=review, ratings=ratings()).execute()
    overdue = reviewer(email="overdue@example.org")
    services.interests_declare(assessment=other, by=overdue, has_conflict=False)
    services.ReviewerAssign(by=lead, assessment=other, reviewer=overdue).execute()
    ReviewerAssignment.objects.filter(reviewer=overdue).update(
        due_on=today - datetime.timedelta(days=1)
    )

    with django_capture_on_commit_callbacks(execute=True):
        call_command("observatory_reminders", stdout=io.StringIO())
    [message] = mail.outbox
    assert message.to == ["soon@example.org"]
    due = today + datetime.timedelta(days=2)
    assert message.subject == _in(
        "fr",
        "Reminder: your review of %(tool)s is due on %(date)s",
        tool=f"{FSI}Caption helper{PDI}",
        date=f"{FSI}{_date('fr', due)}{PDI}",
    )
    assert ReviewerAssignment.objects.get(reviewer=soon).reminded_at is not None

    with django_capture_on_commit_callbacks(execute=True):
        call_command("observatory_reminders", stdout=io.StringIO())
    assert len(mail.outbox) == 1


def test_the_provider_is_told_when_the_reply_opens_and_when_published(
    django_capture_on_commit_callbacks,
):
    """Each focal point gets the right-of-reply e-mail with the ten ratings and the date to
    reply by, then the publication e-mail with the tool's page, each in their language."""
    assessment = provider_tool_reconciled()
    publisher = staff()
    with django_capture_on_commit_callbacks(execute=True):
        services.ReplyRequest(by=publisher, assessment=assessment).execute()
    assessment.refresh_from_db()
    by_address = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_address) == ["ana@provider.example", "luis@provider.example"]
    for address, language in (("ana@provider.example", "fr"), ("luis@provider.example", "es")):
        message = by_address[address]
        assert message.subject == _in(
            language,
            "Right of reply: the assessment of %(tool)s, version %(version)s",
            tool=f"{FSI}Caption helper{PDI}",
            version=f"{FSI}3.0{PDI}",
        )
        assert f"{FSI}{_date(language, assessment.reply_due)}{PDI}" in message.body
        assert message.body.count(": 3") == 10  # the ten ratings

    mail.outbox.clear()
    services.ReplyRecord(by=publisher, assessment=assessment, text="We agree.").execute()
    with django_capture_on_commit_callbacks(execute=True):
        services.AssessmentPublish(
            by=publisher, assessment=assessment, change_note="First.", unit=unit()
        ).execute()
    by_address = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_address) == ["ana@provider.example", "luis@provider.example"]
    tool = assessment.tool
    assert f"/fr/observatory/{tool.slug}/{PDI}" in by_address["ana@provider.example"].body
    assert f"/es/observatory/{tool.slug}/{PDI}" in by_address["luis@provider.example"].body
    assert _in("es", "Your reply is published beside it.") in (
        by_address["luis@provider.example"].body
    )


def test_the_provider_is_told_once_when_the_reply_closed_without_a_reply(
    django_capture_on_commit_callbacks,
):
    assessment = provider_tool_reconciled()
    services.ReplyRequest(by=staff(), assessment=assessment, days=1).execute()
    call_command("observatory_reminders", stdout=io.StringIO())
    assert mail.outbox == []  # still open today
    assessment.refresh_from_db()
    ended = timezone.localdate() - datetime.timedelta(days=1)
    Assessment.objects.filter(pk=assessment.pk).update(reply_due=ended)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("observatory_reminders", stdout=io.StringIO())
    assert sorted(message.to[0] for message in mail.outbox) == [
        "ana@provider.example",
        "luis@provider.example",
    ]
    message = next(m for m in mail.outbox if m.to == ["ana@provider.example"])
    assert message.subject == _in(
        "fr",
        "The time to reply to the assessment of %(tool)s has closed",
        tool=f"{FSI}Caption helper{PDI}",
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("observatory_reminders", stdout=io.StringIO())
    assert len(mail.outbox) == 2


def test_a_provider_without_focal_points_gets_nothing_and_staff_are_told(client):
    """A provider known only by name has nobody to write to: the reply step says so."""
    lead = staff()
    first, second = reviewer(), reviewer()
    assessment = accepted(make_tool(), lead)
    for person in (first, second):
        services.interests_declare(assessment=assessment, by=person, has_conflict=False)
        services.ReviewerAssign(by=lead, assessment=assessment, reviewer=person).execute()
    reviewed(assessment, first, second)
    services.AssessmentReconcile(by=lead, assessment=assessment, ratings=ratings()).execute()
    client.force_login(staff())
    page = client.get(f"/en/observatory/work/assessments/{assessment.pk}/").content.decode()
    assert "The provider has no focal point with an e-mail address" in page
    assert notifications.provider_email_send.call(assessment.pk, "reply_open") == 0
    assert mail.outbox == []
