"""Time zones: the venue's and the reader's, on pages and in e-mails, across a DST change."""

import re
from datetime import UTC, datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from iite.accounts.tests.factories import UserFactory
from iite.core.zones import valid_zone, zone_choices
from iite.events.forms import ZoneForm
from iite.events.services import registration_create

from .factories import make_event

pytestmark = pytest.mark.django_db

# The European Union moves its clocks on 28 March 2027, the United States on 14 March:
# between the two dates Paris is UTC+1 while New York is already UTC-4.
BEFORE_EU_CHANGE = datetime(2027, 3, 26, 9, 0, tzinfo=UTC)
AFTER_EU_CHANGE = datetime(2027, 3, 29, 9, 0, tzinfo=UTC)


def test_the_zone_list_is_the_full_iana_list_grouped_by_area():
    """Africa/Casablanca and every other canonical zone can be chosen; aliases are not offered."""
    offered = {zone for _area, zones in zone_choices() for zone, _label in zones}
    assert {
        "Africa/Casablanca",
        "America/Argentina/Buenos_Aires",
        "Asia/Kathmandu",
        "UTC",
    } <= offered
    assert len(offered) > 300
    assert "US/Eastern" not in offered and "Etc/GMT+5" not in offered
    assert [area for area, _zones in zone_choices()][:2] == ["UTC", "Africa"]
    assert ZoneForm({"tz": "Africa/Casablanca"}).is_valid()
    assert valid_zone("Mars/Base") is None and valid_zone("x" * 65) is None


def test_event_page_shows_the_venues_time_beside_the_readers_across_dst(period, client):
    """A Paris event read from New York: both times, each with its offset of that day."""
    before = make_event(starts_at=BEFORE_EU_CHANGE, time_zone="Europe/Paris")
    after = make_event(starts_at=AFTER_EU_CHANGE, time_zone="Europe/Paris")
    client.force_login(UserFactory(time_zone="America/New_York"))
    body = client.get(before.get_absolute_url()).content.decode()
    assert 'datetime="2027-03-26T05:00:00-04:00"' in body  # the reader's: EDT already
    assert "At the venue:" in body
    assert 'datetime="2027-03-26T10:00:00+01:00"' in body  # the venue's: still CET
    body = client.get(after.get_absolute_url()).content.decode()
    assert 'datetime="2027-03-29T05:00:00-04:00"' in body
    assert 'datetime="2027-03-29T11:00:00+02:00"' in body  # CEST from 28 March


def test_a_reader_in_the_venues_zone_sees_the_time_once(period, client):
    """No second line when the reader's zone is the venue's."""
    event = make_event(starts_at=BEFORE_EU_CHANGE, time_zone="Europe/Paris")
    body = client.get(event.get_absolute_url() + "?tz=Europe/Paris").content.decode()
    assert "At the venue:" not in body


def test_the_browsers_zone_is_used_when_no_zone_was_chosen(period, client):
    """The zone the browser reported (cookie) applies after a ?tz= choice and the profile's."""
    event = make_event(starts_at=BEFORE_EU_CHANGE, time_zone="Africa/Casablanca")
    client.cookies["iite_tz"] = "Asia/Dubai"
    body = client.get(event.get_absolute_url()).content.decode()
    assert "your time zone, Asia/Dubai (from your device)" in body
    assert 'datetime="2027-03-26T13:00:00+04:00"' in body
    assert '<option value="Africa/Casablanca">Africa/Casablanca</option>' in body
    body = client.get(event.get_absolute_url() + "?tz=Europe/Paris").content.decode()
    assert "Times are shown in Europe/Paris." in body
    client.cookies["iite_tz"] = "Not/AZone"
    assert "Times are shown in UTC." in client.get(event.get_absolute_url()).content.decode()


def test_a_signed_in_persons_browser_zone_is_saved_unless_they_chose_one(client):
    """The detected zone fills an empty profile zone; a chosen one is never overwritten."""
    url = reverse("accounts:time_zone_detected")
    assert client.post(url, {"time_zone": "Asia/Dubai"}).status_code == 302  # sign in first
    person = UserFactory(time_zone="")
    client.force_login(person)
    assert client.post(url, {"time_zone": "Mars/Base"}).status_code == 204
    person.refresh_from_db()
    assert person.time_zone == ""
    assert client.post(url, {"time_zone": "Africa/Casablanca"}).status_code == 204
    person.refresh_from_db()
    assert person.time_zone == "Africa/Casablanca"
    client.post(url, {"time_zone": "Asia/Dubai"})
    person.refresh_from_db()
    assert person.time_zone == "Africa/Casablanca"
    assert client.get(url).status_code == 405


def test_pages_ask_the_browser_for_its_zone_only_when_the_profile_has_none(client):
    """The body carries the save address for a signed-in person without a zone, and no one else."""
    assert "data-zone-save" not in client.get("/en/").content.decode()
    client.force_login(UserFactory(time_zone="Europe/Paris"))
    assert "data-zone-save" not in client.get("/en/").content.decode()
    client.force_login(UserFactory(time_zone=""))
    assert 'data-zone-save="/en/me/time-zone/"' in client.get("/en/").content.decode()


def test_the_profile_form_offers_every_zone(client):
    """A person picks their zone from the full list on the account page."""
    person = UserFactory(time_zone="")
    client.force_login(person)
    body = client.get(reverse("accounts:profile")).content.decode()
    assert '<option value="Africa/Casablanca">Africa/Casablanca</option>' in body


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_confirmation_email_gives_the_venues_and_the_readers_time(period, commit, language):
    """The e-mail states the venue's time and zone, then the reader's, each on its own DST."""
    event = make_event(starts_at=AFTER_EU_CHANGE, time_zone="Europe/Paris")
    person = UserFactory(preferred_language=language, time_zone="America/New_York")
    with commit():
        registration_create(event=event, user=person)
    [message] = mail.outbox
    with translation.override(language):
        expected = translation.gettext("In your time zone:")
    # Zones and times are isolated (FSI ... PDI): they keep their order in an Arabic line.
    paris, new_york = "(\u2068Europe/Paris\u2069)", "(\u2068America/New_York\u2069)"
    assert paris in message.body and new_york in message.body
    assert expected in message.body
    lines = message.body.splitlines()
    venue = next(line for line in lines if paris in line)
    reader = next(line for line in lines if new_york in line)
    assert re.search(r"\b11(:00| a\.m\.)", venue), venue
    assert re.search(r"\b0?5(:00| a\.m\.)", reader), reader


def test_the_email_gives_one_time_when_the_reader_is_in_the_venues_zone(period, commit):
    """No second line for a reader in the venue's zone."""
    event = make_event(starts_at=AFTER_EU_CHANGE, time_zone="Europe/Paris")
    with commit():
        registration_create(event=event, user=UserFactory(time_zone="Europe/Paris"))
    assert "In your time zone:" not in mail.outbox[0].body


def test_the_staff_event_form_offers_zones_and_says_what_its_fields_are(period, client):
    """The venue's zone is a select of every zone; the kind starts at webinar; the slug says what it is."""
    from .conftest import role_user

    client.force_login(role_user("Programme officer"))
    body = client.get("/en/events/manage/new/").content.decode()
    assert '<select name="time_zone"' in body
    assert '<option value="Africa/Casablanca">Africa/Casablanca</option>' in body
    assert '<option value="webinar" selected>' in body
    assert '<option value="global_conference" selected>' not in body
    assert "Web address (slug)" in body
