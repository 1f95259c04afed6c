"""The credential's certificate, page and e-mail: each value in its own direction, CLDR dates,
and wording that does not inflect on the recipient."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core import mail

from iite.accounts.tests.factories import UserFactory
from iite.credentials import services
from iite.credentials.certificate import certificate_html
from iite.credentials.models import Credential

pytestmark = pytest.mark.django_db

FSI, PDI = "\u2068", "\u2069"


def issue(achievement, language, name="Amina Diallo", **extra) -> Credential:
    holder = UserFactory(name=name, preferred_language=language)
    credential = services.credential_issue(achievement=achievement, recipient=holder)
    Credential.objects.filter(pk=credential.pk).update(
        issued_at=datetime.datetime(2026, 12, 21, 9, 0, tzinfo=datetime.UTC), **extra
    )
    credential.refresh_from_db()
    return credential


def test_the_arabic_certificate_isolates_the_name_the_issuer_and_the_dates(achievement):
    """The recipient's Latin name and the dates are laid out apart from the Arabic text."""
    credential = issue(
        achievement, "ar", valid_until=datetime.datetime(2028, 1, 5, tzinfo=datetime.UTC)
    )
    html = certificate_html(credential, holder_name="Amina Diallo")
    assert '<html lang="ar" dir="rtl">' in html
    assert '<p class="recipient" dir="auto">Amina Diallo</p>' in html
    assert '<p class="name" dir="auto">كفايات الذكاء الاصطناعي للمعلمين</p>' in html
    assert "<bdi>21 ديسمبر 2026</bdi>" in html and "<bdi>5 يناير 2028</bdi>" in html
    assert "ديسمبر 21," not in html
    assert '<div class="issuer"><bdi>' in html


@pytest.mark.parametrize("holder_name", ["Amina Diallo", ""])
def test_the_certificate_says_awarded_to_never_a_verb_agreeing_with_the_recipient(
    achievement, holder_name
):
    """ "Awarded to NAME in recognition of ACHIEVEMENT": Arabic and French need no gender."""
    html = certificate_html(issue(achievement, "en"), holder_name=holder_name)
    assert "in recognition of" in html
    assert (
        "Awarded to</p>" if holder_name else "Awarded to whoever holds this certificate"
    ) in html
    for gendered in ("This certifies that", "has earned", "The holder of this certificate"):
        assert gendered not in html


def test_the_public_page_says_awarded_to_with_the_name_isolated(client, achievement):
    credential = issue(achievement, "en")
    Credential.objects.filter(pk=credential.pk).update(display_name="Amina Diallo")
    html = client.get(f"/ar/credentials/{credential.uuid}/").content.decode()
    assert "<bdi>Amina Diallo</bdi>" in html
    assert "Earned by" not in html
    assert "21 ديسمبر 2026" in html


def test_the_arabic_issue_email_isolates_the_name_the_achievement_and_the_links(
    achievement, django_capture_on_commit_callbacks
):
    holder = UserFactory(email="h@example.org", name="Amina Diallo", preferred_language="ar")
    with django_capture_on_commit_callbacks(execute=True):
        credential = services.credential_issue(achievement=achievement, recipient=holder)
    [message] = mail.outbox
    page = f"https://platform.iite.test/ar/credentials/{credential.uuid}/"
    assert f"{FSI}Amina Diallo{PDI}" in message.body
    assert f"{FSI}{page}{PDI}" in message.body
    assert f"{FSI}{page}certificate.pdf{PDI}" in message.body
    assert f"{FSI}كفايات الذكاء الاصطناعي للمعلمين{PDI}" in message.subject
    for line in message.body.splitlines():
        assert line.count(FSI) == line.count(PDI), line


def test_the_revocation_email_isolates_the_reason_and_escapes_nothing(
    achievement, django_capture_on_commit_callbacks
):
    """A reason with an apostrophe reads as written (plain text is not HTML-escaped)."""
    credential = issue(achievement, "en")
    officer = UserFactory(is_staff=True)
    officer.user_permissions.add(Permission.objects.get(codename="revoke_credential"))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.credential_revoke(
            credential=credential, by=officer, reason="Issued in error: it's a duplicate"
        )
    body = mail.outbox[-1].body
    assert f"{FSI}Issued in error: it's a duplicate{PDI}" in body
    assert "&#x27;" not in body
