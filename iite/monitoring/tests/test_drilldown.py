"""The drill-down from a figure to its records: staff records, participants, country names."""

from __future__ import annotations

import pytest

from iite.monitoring import permissions
from iite.programme.tests.factories import ActivityFactory, ParticipationFactory
from iite.reference.tests.factories import CountryFactory

from .helpers import user_with

pytestmark = pytest.mark.django_db

FIGURE = "/{lang}/results/figure/webinars.people/?year=2026&dim=country&key=MA"


@pytest.fixture
def morocco_webinar():
    morocco = CountryFactory(iso2="MA", iso3="MAR", name={"en": "Morocco", "ar": "المغرب"})
    webinar = ActivityFactory(code="webinar-rabat", kind="webinar", target_countries=[morocco])
    ParticipationFactory(activity=webinar, country=morocco)
    return webinar


def _staff(*programme_perms: str):
    return user_with(
        [*permissions.VIEW, *(f"programme.{perm}" for perm in programme_perms)], is_staff=True
    )


def test_staff_drill_down_links_each_activity_to_its_staff_record(client, morocco_webinar):
    """Staff who may read activities open the staff record, not the public page; those who
    may see participants get a link to them as well."""
    client.force_login(_staff("view_activity", "view_participation"))
    html = client.get(FIGURE.format(lang="en")).content.decode()
    assert 'href="/en/activities/manage/webinar-rabat/"' in html
    assert 'href="/en/activities/manage/webinar-rabat/#people-title">Participants<span' in html
    assert 'href="/en/activities/webinar-rabat/"' not in html
    assert client.get("/en/activities/manage/webinar-rabat/").status_code == 200


def test_participants_link_needs_the_role(client, morocco_webinar):
    """Without the right to see who took part, the staff record is linked but not its people."""
    client.force_login(_staff("view_activity"))
    html = client.get(FIGURE.format(lang="en")).content.decode()
    assert 'href="/en/activities/manage/webinar-rabat/"' in html
    assert "#people-title" not in html


def test_staff_without_programme_access_keep_the_public_page(client, morocco_webinar):
    """Results staff who cannot open programme records are linked to the public page."""
    client.force_login(_staff())
    html = client.get(FIGURE.format(lang="en")).content.decode()
    assert 'href="/en/activities/webinar-rabat/"' in html
    assert "/activities/manage/" not in html


@pytest.mark.parametrize(("lang", "name"), [("en", "Morocco"), ("ar", "المغرب")])
def test_country_drill_down_names_the_country_in_the_users_language(
    client, morocco_webinar, lang, name
):
    """The drill-down by country says "Country: Morocco" in English, "المغرب" in Arabic,
    never "Country: MA"."""
    client.force_login(_staff("view_activity"))
    response = client.get(FIGURE.format(lang=lang))
    assert response.status_code == 200
    assert response.context["key_label"] == name
    html = response.content.decode()
    assert f": {name}</p>" in html
    assert ": MA</p>" not in html
