import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from iite.accounts.tests.factories import UserFactory
from iite.events.models import Registration, RegistrationQuestion, Speaker, Theme
from iite.events.services import registration_create
from iite.reference.models import PriorityRegion

from .factories import make_event

pytestmark = pytest.mark.django_db


def test_catalogue_filters_by_language_kind_theme_region_and_modality(period, client):
    """Each filter narrows the list; past events appear only under "Past"."""
    ai = Theme.objects.create(slug="ai", name={"en": "AI"})
    africa = PriorityRegion.objects.create(code="africa", name={"en": "Africa"}, tier="priority")
    make_event(title={"ru": "Вебинар по ИИ"}, original_language="ru", languages=["ru"], themes=[ai])
    make_event(
        title={"fr": "Formation au codage"},
        original_language="fr",
        languages=["fr"],
        kind="training",
        modality="onsite",
        target_regions=[africa],
    )
    make_event(title={"en": "Old webinar"}, starts_at=timezone.now() - timedelta(days=30))
    make_event(title={"en": "Draft"}, status="draft")

    def titles(query):
        body = client.get(f"/en/events/?{query}").content.decode()
        return sorted(
            t for t in ("Вебинар по ИИ", "Formation au codage", "Old webinar", "Draft") if t in body
        )

    assert titles("") == ["Formation au codage", "Вебинар по ИИ"]
    assert titles("language=ru") == ["Вебинар по ИИ"]
    assert titles("kind=training") == ["Formation au codage"]
    assert titles("theme=ai") == ["Вебинар по ИИ"]
    assert titles("region=africa") == ["Formation au codage"]
    assert titles("modality=onsite") == ["Formation au codage"]
    assert titles("q=codage") == ["Formation au codage"]
    assert titles("when=past") == ["Old webinar"]
    assert titles("language=xx&date_from=nonsense") == ["Formation au codage", "Вебинар по ИИ"]


def test_pagination_links_keep_the_filters_only(period, client):
    """Page links carry the parsed filters and zone, never other parameters of the request."""
    for n in range(14):
        make_event(title={"ru": f"Вебинар {n}"}, languages=["ru"])
    body = client.get("/en/events/?language=ru&tz=Europe/Moscow&utm_source=x").content.decode()
    assert 'href="?when=upcoming&amp;language=ru&amp;tz=Europe%2FMoscow&amp;page=2"' in body
    assert "utm_source" not in body.split('id="event-results"')[1]


def test_series_page_lists_its_published_sessions(period, client):
    """A webinar series page lists its published webinars, drafts left out."""
    series = make_event(kind="webinar_series", title={"en": "Harnessing AI"})
    make_event(series=series, title={"ru": "Вебинар на русском"}, languages=["ru"])
    make_event(series=series, title={"en": "Draft episode"}, status="draft")
    body = client.get(series.get_absolute_url()).content.decode()
    assert "Вебинар на русском" in body and "Draft episode" not in body


def test_catalogue_date_range(period, client):
    """date_from/date_to keep events overlapping the range."""
    make_event(title={"en": "December talk"}, starts_at=datetime(2026, 12, 10, 10, tzinfo=UTC))
    make_event(title={"en": "January talk"}, starts_at=datetime(2027, 1, 20, 10, tzinfo=UTC))
    body = client.get("/en/events/?date_from=2027-01-01&date_to=2027-01-31").content.decode()
    assert "January talk" in body and "December talk" not in body


def test_htmx_request_gets_only_the_results_fragment(period, client):
    """With HX-Request the view answers with the _results.html fragment, without the layout."""
    make_event(title={"en": "Fragment webinar"})
    response = client.get("/en/events/", headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.startswith('<div id="event-results"')
    assert "Fragment webinar" in body and "<html" not in body


def test_catalogue_is_a_handful_of_queries_and_cached(
    period, client, django_assert_max_num_queries
):
    """The catalogue stays at a few queries however many events; the results fragment is cached."""
    for n in range(15):
        make_event(
            title={"en": f"Event {n}"},
            themes=[
                Theme.objects.get_or_create(slug=f"t{n % 3}", defaults={"name": {"en": "T"}})[0]
            ],
        )
    client.get("/en/events/")
    with django_assert_max_num_queries(2):
        response = client.get("/en/events/")
    assert response.status_code == 200
    with django_assert_max_num_queries(6):
        second = client.get("/en/events/?page=2")
    # Twelve events a page: the two pages together list all fifteen, each once.
    pages = response.content.decode() + second.content.decode()
    shown = re.findall(r">Event (\d+)<", pages)
    assert sorted(map(int, shown)) == list(range(15))


def test_catalogue_cache_is_invalidated_when_an_event_changes(period, client, commit):
    """A new event shows as soon as it is committed, despite the cached fragment."""
    client.get("/en/events/")
    with commit():
        make_event(title={"en": "Brand new"})
    assert "Brand new" in client.get("/en/events/").content.decode()


def test_event_page_queries_stay_fixed(period, client, django_assert_max_num_queries):
    """An event page with sessions, speakers and partners takes a fixed handful of queries."""
    event = make_event()
    for n in range(5):
        Speaker.objects.create(event=event, name=f"Speaker {n}", consent_to_publish=True)
    client.get(event.get_absolute_url())
    with django_assert_max_num_queries(12):
        response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert all(f"Speaker {n}" in html for n in range(5))


def test_speakers_without_consent_are_not_shown(period, client):
    """Only speakers who agreed to be listed appear publicly."""
    event = make_event()
    Speaker.objects.create(event=event, name="Public Speaker", consent_to_publish=True)
    Speaker.objects.create(event=event, name="Private Speaker")
    body = client.get(event.get_absolute_url()).content.decode()
    assert "Public Speaker" in body and "Private Speaker" not in body


def test_joining_link_is_shown_only_to_confirmed_registrants(period, client):
    """Anonymous visitors, waiting registrants and others never see the joining link."""
    event = make_event(capacity=1, joining_url="https://zoom.example.org/j/secret")
    confirmed, waiting, other = UserFactory(), UserFactory(), UserFactory()
    registration_create(event=event, user=confirmed)
    registration_create(event=event, user=waiting)
    assert "zoom.example.org/j/secret" not in client.get(event.get_absolute_url()).content.decode()
    for person, visible in ((confirmed, True), (waiting, False), (other, False)):
        client.force_login(person)
        body = client.get(event.get_absolute_url()).content.decode()
        assert ("zoom.example.org/j/secret" in body) is visible


def test_times_follow_the_profile_zone_then_the_choice_then_utc(period, client):
    """The page says which zone it uses: the profile's, a ?tz= choice, or UTC."""
    event = make_event(starts_at=datetime(2026, 12, 8, 9, 0, tzinfo=UTC))
    assert "Times are shown in UTC." in client.get(event.get_absolute_url()).content.decode()
    assert (
        "Times are shown in Europe/Paris."
        in client.get(event.get_absolute_url() + "?tz=Europe/Paris").content.decode()
    )
    assert (
        "Times are shown in UTC."
        in client.get(event.get_absolute_url() + "?tz=Mars/Base").content.decode()
    )
    client.force_login(UserFactory(time_zone="Asia/Tokyo"))
    body = client.get(event.get_absolute_url()).content.decode()
    assert "your time zone, Asia/Tokyo" in body and "18:00" in body


def test_registering_through_the_page_with_questions(period, client, commit):
    """The form asks the event's questions; a required one left empty is a field error."""
    event = make_event()
    question = RegistrationQuestion.objects.create(
        event=event, label={"en": "Your school"}, required=True
    )
    person = UserFactory()
    client.force_login(person)
    url = f"/en/events/{event.slug}/register/"
    response = client.post(url, {})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    with commit():
        assert client.post(url, {f"q{question.pk}": "School 21"}).status_code == 302
    registration = Registration.objects.get(event=event, user=person)
    assert registration.answers == {str(question.pk): "School 21"}
    assert len(mail.outbox) == 1
    assert client.post(f"/en/events/{event.slug}/cancel/").status_code == 302
    registration.refresh_from_db()
    assert registration.status == "cancelled"


def test_anonymous_visitor_is_asked_to_sign_in(period, client):
    """Registering needs an account: the page links to sign-in and the POST redirects there."""
    event = make_event()
    assert "Sign in to register" in client.get(event.get_absolute_url()).content.decode()
    response = client.post(f"/en/events/{event.slug}/register/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_draft_event_page_is_not_public(period, client, officer):
    """A draft is a 404 for the public and visible to staff."""
    event = make_event(status="draft")
    assert client.get(event.get_absolute_url()).status_code == 404
    client.force_login(officer)
    assert client.get(event.get_absolute_url()).status_code == 200


def test_anonymous_event_page_is_cached_and_signed_in_pages_are_not(
    period, client, django_assert_max_num_queries
):
    """A second anonymous view of an event costs no event query; a registrant still sees their own state."""
    event = make_event(joining_url="https://zoom.example.org/j/secret")
    client.get(event.get_absolute_url())
    with django_assert_max_num_queries(0):
        body = client.get(event.get_absolute_url()).content.decode()
    assert "Sign in to register" in body
    person = UserFactory()
    registration_create(event=event, user=person)
    client.force_login(person)
    assert "zoom.example.org/j/secret" in client.get(event.get_absolute_url()).content.decode()
