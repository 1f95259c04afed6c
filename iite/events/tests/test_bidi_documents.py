"""Mixed direction in what leaves the site: plain-text e-mails (FSI/PDI) and the PDF (bdi, dir=auto).

A Latin title, a time, a zone or a URL inside an Arabic line keeps its punctuation and
its place only when it is isolated from the text around it; dates follow CLDR.
"""

import re
from datetime import UTC, date, datetime

import pytest
from django.core import mail

from iite.accounts.tests.factories import UserFactory
from iite.events.certificates import certificate_html, certificates_issue
from iite.events.models import Certificate
from iite.events.services import registration_create, registration_mark_attended

from .factories import make_event

pytestmark = pytest.mark.django_db

FSI, PDI = "\u2068", "\u2069"
START = datetime(2027, 3, 29, 9, 0, tzinfo=UTC)


def isolated(text: str) -> str:
    return f"{FSI}{text}{PDI}"


def test_an_arabic_confirmation_email_isolates_each_value_of_the_other_direction(period, commit):
    """Title, name, times, zones and the link are each isolated; dates read in Arabic order."""
    event = make_event(
        title={"en": "Media literacy, for everyone."},
        starts_at=START,
        time_zone="Europe/Paris",
    )
    person = UserFactory(name="Layla Haddad", preferred_language="ar", time_zone="Asia/Dubai")
    with commit():
        registration_create(event=event, user=person)
    [message] = mail.outbox
    body = message.body
    assert isolated("Layla Haddad") in body
    assert isolated("Media literacy, for everyone.") in body
    assert isolated("Media literacy, for everyone.") in message.subject
    assert f"({isolated('Europe/Paris')})" in body and f"({isolated('Asia/Dubai')})" in body
    assert isolated(f"http://127.0.0.1:8000/ar/events/{event.slug}/") in body
    # 11:00 in Paris (summer time from 28 March), 13:00 in Dubai: CLDR's Arabic order.
    assert isolated("29 مارس 2027، 11:00 ص") in body
    assert isolated("29 مارس 2027، 1:00 م") in body
    assert "مارس 29," not in body
    # Every isolate is closed on its line.
    for line in body.splitlines():
        assert line.count(FSI) == line.count(PDI), line


def test_an_english_email_isolates_too_without_changing_its_words(period, commit):
    event = make_event(title={"en": "AI in education"}, starts_at=START, time_zone="UTC")
    person = UserFactory(name="Kofi Mensah", preferred_language="en", time_zone="UTC")
    with commit():
        registration_create(event=event, user=person)
    body = mail.outbox[0].body
    assert body.startswith(f"Hello {isolated('Kofi Mensah')},")
    assert f'Your place at "{isolated("AI in education")}" is confirmed.' in body
    when = isolated("March 29, 2027, 9:00\u202fAM")
    assert f"When: {when}" in body


@pytest.fixture
def arabic_certificate(period):
    event = make_event(title={"en": "AI in education, level 2."}, starts_at=START)
    person = UserFactory(name="Layla Haddad", preferred_language="ar")
    registration = registration_create(event=event, user=person)
    registration_mark_attended(registration=registration, minutes=80)
    certificates_issue(event=event)
    return Certificate.objects.get(registration=registration)


def test_the_arabic_certificate_isolates_name_title_dates_and_code(arabic_certificate):
    """WeasyPrint lays out each value in its own direction: the title keeps its full stop at
    its end, the date its Arabic order; the wording does not inflect on the recipient."""
    certificate = arabic_certificate
    assert certificate.registration.event.activity.start_date == date(2027, 3, 29)
    html = certificate_html(certificate)
    assert '<html lang="ar" dir="rtl">' in html
    assert '<p class="name" dir="auto">Layla Haddad</p>' in html
    assert '<p class="event" dir="auto">AI in education, level 2.</p>' in html
    assert "<bdi>29 مارس 2027</bdi>" in html
    assert f'<bdi dir="ltr">{certificate.code}</bdi>' in html
    assert re.search(r"<bdi>\d{1,2} [^<]+ \d{4}</bdi></div>", html)  # the issue date


def test_the_certificate_wording_names_no_gendered_verb(arabic_certificate):
    """ "Awarded to NAME for attending EVENT": the sentence never agrees with the recipient."""
    certificate = arabic_certificate
    certificate.language = "en"
    html = certificate_html(certificate)
    assert "Awarded to" in html and "for attending" in html
    assert "This is to certify that" not in html and ">attended<" not in html
