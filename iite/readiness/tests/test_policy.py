"""Aggregates for policy, the indicator-1 link of ministry campaigns, and the action plan."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from iite.accounts.tests.factories import UserFactory, give_totp
from iite.learning.tests.factories import current_period
from iite.monitoring.indicators import Scope, compute
from iite.readiness.models import Action, Area, CampaignStatus
from iite.readiness.selectors import aggregates
from iite.readiness.services import (
    campaign_record_support,
    campaign_set_status,
    priorities_set,
)
from iite.reference.tests.factories import CountryFactory
from iite.strategy.tests.factories import UnitFactory

from .conftest import TODAY, answer_all, make_campaign

pytestmark = pytest.mark.django_db


def test_a_country_with_one_unshared_school_is_not_shown_until_a_second_joins(
    frameworks, coordinator
):
    country = CountryFactory(name={"en": "Freedonia"})
    first = make_campaign(frameworks["school"], coordinator, country=country)
    answer_all(first, "teachers", [4], count=6)
    assert aggregates(frameworks["school"]) == []
    second = make_campaign(frameworks["school"], coordinator, country=country, institution="B")
    answer_all(second, "teachers", [2], count=6)
    (row,) = aggregates(frameworks["school"])
    assert (row.label, row.campaigns, row.respondents, row.named) == ("Freedonia", 2, 12, [])
    assert row.by_area["A"].mean == 3.0


def test_a_school_that_shares_is_shown_alone_and_by_name(frameworks, coordinator):
    country = CountryFactory(name={"en": "Sylvania"})
    shared = make_campaign(
        frameworks["school"],
        coordinator,
        country=country,
        share_with_institute=True,
        institution="Open School",
    )
    answer_all(shared, "students", [5], count=5)
    (row,) = aggregates(frameworks["school"])
    assert row.named == ["Open School"]
    (region,) = aggregates(frameworks["school"], by="region")
    assert region.respondents == 5


def test_aggregates_are_for_staff_who_hold_the_permission(client, frameworks, coordinator):
    url = reverse("readiness:aggregates")
    client.force_login(coordinator)
    assert client.get(url).status_code == 403
    admin = UserFactory(is_staff=True, is_superuser=True)
    give_totp(admin)
    client.force_login(admin)
    assert client.get(url).status_code == 200
    assert client.get(url, {"format": "csv"})["Content-Type"].startswith("text/csv")


def test_a_completed_ministry_campaign_counts_its_country_as_supported(frameworks, coordinator):
    """Key indicator 1 counts the Member State from the activity the campaign records,
    and the drill-down leads to that activity."""
    period = current_period()
    unit = UnitFactory(period=period)
    country = CountryFactory(status="member", name={"en": "Ruritania"})
    campaign = make_campaign(
        frameworks["system"],
        coordinator,
        country=country,
        institution="Ministry of Education",
        opens_on=datetime.date(TODAY.year, 1, 10),
        closes_on=TODAY - datetime.timedelta(days=1),
    )
    staff = UserFactory(is_staff=True)
    with pytest.raises(ValidationError, match="Close the campaign"):
        campaign_record_support(campaign=campaign, user=staff, unit=unit)
    campaign_set_status(campaign=campaign, status=CampaignStatus.CLOSED)
    with pytest.raises(ValidationError, match="fewer respondents"):
        campaign_record_support(campaign=campaign, user=staff, unit=unit)
    answer_all(campaign, "officials", [3], count=5)
    scope = Scope(year=TODAY.year)
    before = compute(scope).measures["member_states.supported"].value
    activity = campaign_record_support(campaign=campaign, user=staff, unit=unit)
    assert campaign_record_support(campaign=campaign, user=staff, unit=unit) == activity
    assert list(activity.target_countries.all()) == [country]
    assert activity.kind == "policy_advice" and activity.status == "completed"
    assert str(activity.title).startswith("Digital readiness self-assessment: Ministry")
    assert compute(scope).measures["member_states.supported"].value == before + 1


def test_a_school_campaign_is_not_support_to_a_member_state(frameworks, coordinator):
    campaign = make_campaign(frameworks["school"], coordinator, status=CampaignStatus.CLOSED)
    answer_all(campaign, "teachers", [3], count=5)
    with pytest.raises(ValidationError, match="ministry"):
        campaign_record_support(campaign=campaign, user=coordinator)


def test_an_action_plan_has_one_to_three_priorities_with_actions(client, frameworks, coordinator):
    campaign = make_campaign(frameworks["school"], coordinator)
    areas = list(Area.objects.filter(framework=frameworks["school"]))
    with pytest.raises(ValidationError):
        priorities_set(campaign=campaign, areas=areas[:4])
    client.force_login(coordinator)
    plan = reverse("readiness:plan", args=[campaign.pk])
    assert client.post(plan, {"areas": [areas[8].pk, areas[2].pk]}).status_code == 302
    priority = campaign.priorities.get(area=areas[8])
    new = reverse("readiness:action_new", args=[campaign.pk, priority.pk])
    missing = client.post(
        new, {"text": "", "owner": "ICT lead", "due_on": "2027-01-31", "status": "planned"}
    )
    assert missing.status_code == 200 and "This field is required" in missing.content.decode()
    done = client.post(
        new,
        {
            "text": "Agree rules for AI tools",
            "owner": "Deputy head",
            "due_on": "2027-01-31",
            "status": "started",
        },
    )
    assert done.status_code == 302
    assert Action.objects.get().priority == priority
    page = client.get(plan).content.decode()
    assert "Agree rules for AI tools" in page and "Deputy head" in page
    other = UserFactory()
    client.force_login(other)
    assert (
        client.post(
            new, {"text": "x", "owner": "y", "due_on": "2027-01-31", "status": "planned"}
        ).status_code
        == 403
    )


def test_two_years_of_one_school_are_still_one_school(frameworks, coordinator):
    country = CountryFactory()
    for year in (TODAY.year - 1, TODAY.year):
        campaign = make_campaign(
            frameworks["school"],
            coordinator,
            country=country,
            institution="Only School",
            opens_on=datetime.date(year, 1, 1),
            closes_on=datetime.date(year, 12, 31),
        )
        answer_all(campaign, "teachers", [4], count=6)
    assert aggregates(frameworks["school"]) == []
