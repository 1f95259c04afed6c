"""Staff pages: creating an edition with its parts, the jury's page, permissions."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from iite.accounts.tests.factories import UserFactory
from iite.competitions import judging, services
from iite.competitions.models import Competition, Edition
from iite.partners.tests.factories import PartnerFactory

from .factories import default_unit, make_competition, make_edition, make_entry

pytestmark = pytest.mark.django_db


def _officer():
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="change_edition"))
    return user


def test_staff_create_an_edition_typed_in_its_own_time_zone(client):
    competition = make_competition()
    unit = default_unit()
    client.force_login(_officer())
    response = client.post(
        reverse("competitions:manage_new"),
        {
            "competition": competition.pk,
            "year": 2027,
            "unit": unit.pk,
            "title_en": "Design for the Futures 2027",
            "original_language": "en",
            "opens_at": "2027-01-10T09:00",
            "closes_at": "2027-03-31T23:59",
            "time_zone": "Asia/Shanghai",
            "eligible_roles": ["student"],
            "team_min": 1,
            "team_max": 3,
            "judges_per_entry": 2,
            "normalise_min_entries": 4,
            "categories": "AI for Education\nAI for Science",
            "criteria": "Originality | 2 | 5\nFeasibility | 1 | 10",
            "rounds": "Regional | 10\nGlobal final",
            "prizes": "Grand prize",
            "questions": "Which question of the future?",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    edition = Edition.objects.get(year=2027)
    assert response["Location"] == reverse("competitions:manage", args=[edition.pk])
    assert edition.closes_at.isoformat() == "2027-03-31T15:59:00+00:00"
    assert [(str(c.name), c.weight, c.scale_max) for c in edition.criteria.all()] == [
        ("Originality", 2, 5),
        ("Feasibility", 1, 10),
    ]
    assert [(str(r.name), r.promote) for r in edition.rounds.all()] == [
        ("Regional", 10),
        ("Global final", 0),
    ]
    assert edition.activity.kind == "competition"


def test_a_badly_written_rubric_line_is_named(client):
    client.force_login(_officer())
    response = client.post(
        reverse("competitions:manage_new"),
        {"criteria": "Originality, 2, 5", "rounds": "Final"},
    )
    assert "Line 1: write “name | weight | highest score”" in response.content.decode()
    assert not Edition.objects.exists()


def test_the_jury_page_ranks_side_by_side_in_bounded_queries(client, django_assert_max_num_queries):
    edition = make_edition(judges_per_entry=2)
    for _ in range(4):
        make_entry(edition)
    for _ in range(3):
        judging.judge_invite(edition=edition, user=UserFactory())
    judging.assignment_run(judging_round=edition.rounds.first())
    services.edition_stage_set(edition=edition, stage="judging")
    for assignment in edition.rounds.first().assignments.all():
        judging.review_submit(
            assignment=assignment,
            scores={c.pk: (3, "") for c in edition.criteria.all()},
            confidence=2,
        )
    client.force_login(_officer())
    with django_assert_max_num_queries(40):
        response = client.get(reverse("competitions:manage", args=[edition.pk]))
    body = response.content.decode()
    assert 'id="ranking"' in body
    assert body.count("60.0") >= 4  # every entry 3/5 on both criteria: 60 raw and normalised


def test_staff_pages_need_the_permission(client):
    edition = make_edition()
    client.force_login(UserFactory())
    assert client.get(reverse("competitions:manage", args=[edition.pk])).status_code == 403
    assert client.get(reverse("competitions:manage_new")).status_code == 403


def test_staff_create_a_competition_with_its_partners(client):
    partner = PartnerFactory()
    client.force_login(_officer())
    response = client.post(
        reverse("competitions:manage_competition_new"),
        {
            "slug": "creativity-award",
            "name_en": "International Creativity in Schools Award",
            "original_language": "en",
            "kind": "award",
            "partners": [partner.pk],
        },
    )
    assert response["Location"] == reverse("competitions:manage_new")
    competition = Competition.objects.get(slug="creativity-award")
    assert competition.kind == "award"
    assert list(competition.partners.all()) == [partner]
