"""The provider's right of reply through the link of its e-mail: each focal point opens a
page with the reconciled ratings, writes the reply (or changes it) until the due date,
and the reply is recorded as if staff had entered it, with an audit entry; a link that
was altered, made up or made for an earlier request finds nothing."""

import datetime
import re

import pytest
from auditlog.models import LogEntry
from django.core import mail, signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from iite.observatory import replies, services
from iite.observatory.models import Assessment

from .factories import provider_tool_reconciled, staff, unit

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://[^/\s]+(/[a-z-]+/observatory/reply/[^/\s]+/)")


def _opened(django_capture_on_commit_callbacks) -> tuple[Assessment, dict[str, str]]:
    """The right of reply opened; each focal point's reply link (its path) by address."""
    assessment = provider_tool_reconciled()
    with django_capture_on_commit_callbacks(execute=True):
        services.ReplyRequest(by=staff(), assessment=assessment).execute()
    assessment.refresh_from_db()
    links = {}
    for message in mail.outbox:
        match = LINK.search(str(message.body))
        assert match, message.body
        links[message.to[0]] = match.group(1)
    return assessment, links


def test_the_email_links_each_focal_point_to_a_page_where_the_reply_is_sent(
    django_capture_on_commit_callbacks,
):
    assessment, links = _opened(django_capture_on_commit_callbacks)
    assert sorted(links) == ["ana@provider.example", "luis@provider.example"]
    assert links["ana@provider.example"].startswith("/fr/")
    assert links["luis@provider.example"].startswith("/es/")

    client = Client()
    page = client.get(links["ana@provider.example"])
    assert page.status_code == 200
    html = page.content.decode()
    assert '<html lang="fr"' in html
    assert html.count("<td>3") == 10  # the ten reconciled ratings
    assert 'name="text"' in html
    # The field's help (plain text, its length) is what screen readers announce with it.
    assert 'aria-describedby="id_text_helptext"' in html
    assert 'id="id_text_helptext"' in html
    # The link is the provider's key: never cached, passed on or indexed.
    assert "no-store" in page["Cache-Control"]
    assert page["Referrer-Policy"] == "same-origin"
    assert page["X-Robots-Tag"] == "noindex"

    sent = client.post(links["ana@provider.example"], {"text": "Nous contestons la note 3."})
    assert sent.status_code == 302
    assert sent["Location"] == links["ana@provider.example"]
    assessment.refresh_from_db()
    assert assessment.provider_reply == "Nous contestons la note 3."
    assert assessment.reply_received_at is not None
    entry = LogEntry.objects.get(additional_data__action="observatory.provider_reply")
    assert entry.actor is None

    # Changed through the other focal point's link, while the right is open.
    client.post(links["luis@provider.example"], {"text": "Respuesta final."})
    assessment.refresh_from_db()
    assert assessment.provider_reply == "Respuesta final."
    again = client.get(links["luis@provider.example"]).content.decode()
    assert "Respuesta final." in again

    # The team's page says the provider replies through its link, and shows the reply.
    client.force_login(staff())
    with translation.override("en"):
        work = client.get(reverse("observatory:work_assessment", args=[assessment.pk]))
    assert "through the link in their e-mail" in work.content.decode()
    assert "Respuesta final." in work.content.decode()


def test_a_link_altered_made_up_or_from_an_earlier_request_finds_nothing(
    django_capture_on_commit_callbacks,
):
    assessment, links = _opened(django_capture_on_commit_callbacks)
    link = links["ana@provider.example"]
    token = link.rstrip("/").rsplit("/", 1)[1]
    client = Client()
    altered = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert client.get(link.replace(token, altered)).status_code == 404
    for made_up in (
        signing.dumps([assessment.pk, 0], salt=replies.SALT),
        signing.dumps("not a pair", salt=replies.SALT),
        signing.dumps([assessment.pk, 0], salt="another purpose"),
        "x",
    ):
        assert client.get(f"/fr/observatory/reply/{made_up}/").status_code == 404
    # The reply requested again (later): the first e-mail's link ends.
    Assessment.objects.filter(pk=assessment.pk).update(
        reply_requested_at=assessment.reply_requested_at + datetime.timedelta(minutes=1)
    )
    assert client.get(link).status_code == 404
    assert client.post(link, {"text": "Late."}).status_code == 404
    assessment.refresh_from_db()
    assert assessment.provider_reply == ""


def test_an_empty_or_invisible_reply_is_refused_at_its_field(django_capture_on_commit_callbacks):
    assessment, links = _opened(django_capture_on_commit_callbacks)
    client = Client()
    for text in ("   ", "Hidden\x07bell"):
        page = client.post(links["luis@provider.example"], {"text": text})
        assert page.status_code == 400
        errors = page.context["form"].errors
        assert list(errors) == ["text"]
    assessment.refresh_from_db()
    assert assessment.provider_reply == ""


def test_the_page_closes_after_the_due_date_and_once_published(
    django_capture_on_commit_callbacks,
):
    assessment, links = _opened(django_capture_on_commit_callbacks)
    link = links["ana@provider.example"]
    client = Client()
    Assessment.objects.filter(pk=assessment.pk).update(
        reply_due=timezone.localdate() - datetime.timedelta(days=1)
    )
    closed = client.get(link)
    assert closed.status_code == 200
    assert 'name="text"' not in closed.content.decode()
    assert client.post(link, {"text": "Too late."}).status_code == 200
    assessment.refresh_from_db()
    assert assessment.provider_reply == ""
    with pytest.raises(services.ValidationError):
        services.ProviderReply(by=None, assessment=assessment, text="Too late.").execute()

    services.AssessmentPublish(
        by=staff(), assessment=assessment, change_note="First.", unit=unit()
    ).execute()
    published = client.get(link).content.decode()
    assert 'name="text"' not in published
    assert assessment.tool.get_absolute_url() in published
