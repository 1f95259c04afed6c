import datetime

import pytest

from iite.accounts.tests.factories import UserFactory
from iite.readiness.loader import load_frameworks
from iite.readiness.models import Campaign, CampaignStatus, Framework
from iite.readiness.selectors import statements_for_group
from iite.readiness.services import campaign_save, responses_record_many
from iite.reference.tests.factories import CountryFactory

TODAY = datetime.date.today()


@pytest.fixture
def frameworks(db):
    load_frameworks()
    return {f.code: f for f in Framework.objects.all()}


@pytest.fixture
def coordinator(db):
    return UserFactory(email="coordinator@example.org")


def make_campaign(framework, coordinator, *, country=None, status=CampaignStatus.OPEN, **values):
    values.setdefault("institution", "School No. 1")
    values.setdefault("opens_on", TODAY - datetime.timedelta(days=3))
    values.setdefault("closes_on", TODAY + datetime.timedelta(days=20))
    return campaign_save(
        campaign=Campaign(
            framework=framework,
            coordinator=coordinator,
            country=country or CountryFactory(),
            status=status,
            **values,
        )
    )


def answer_all(campaign, group, values, *, count=1):
    """`count` questionnaires of `group`, each answering every statement with values[i % n]."""
    statements = statements_for_group(campaign, group)
    rows = [
        {s.pk: values[i % len(values)] for i, s in enumerate(statements)} for _n in range(count)
    ]
    return responses_record_many(campaign=campaign, group=group, rows=rows, language="en")
