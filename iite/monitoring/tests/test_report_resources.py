"""The Board report's Resources section gives the funding gap (or surplus) exactly as the
resources page card and the API give it: one reading, `partners.selectors.funding_summary`."""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal

import pytest
from pypdf import PdfReader

from iite.monitoring.models import WorkplanStatus
from iite.monitoring.report import annual_report_pdf
from iite.partners.models import BudgetAllocation
from iite.partners.tests import conftest as partner_fixtures
from iite.partners.tests.factories import BudgetLineFactory

from .factories import WorkplanFactory, WorkplanItemFactory

pytestmark = pytest.mark.django_db
role_user = partner_fixtures.role_user  # users in the platform's role groups

CUT_OFF = datetime.datetime(2026, 12, 31, 12, 0, tzinfo=datetime.UTC)
RESOURCES = "/en/partners/manage/resources/?year=2026"


def _budget_2026() -> None:
    """Needed: staff 1,000,000 + operations 500,000 + programme 600,000 (the approved
    workplan's cost, above the programme budget of 400,000) = 2,100,000."""
    for component, category, amount in (
        ("regular_budget", "staff", "1000000"),
        ("host_country", "operations", "500000"),
        ("extrabudgetary", "programme", "400000"),
    ):
        BudgetAllocation.objects.create(
            year=2026, component=component, category=category, amount_usd=Decimal(amount)
        )
    workplan = WorkplanFactory(year=2026, status=WorkplanStatus.APPROVED)
    WorkplanItemFactory(workplan=workplan, planned_cost_usd=Decimal("600000"))


def _pages(pdf: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _card_and_api(client) -> tuple[str, Decimal, Decimal, Decimal]:
    html = client.get(RESOURCES).content.decode()
    card = re.search(r'id="funding-balance"><span class="value">([\d,]+)</span>([^<:]+)', html)
    assert card
    api = client.get("/api/partners/resources/2026").json()
    return card.group(2), _number(card.group(1)), Decimal(api["gap"]), Decimal(api["surplus"])


def _resources_page(pages: list[str]) -> str:
    """The page the contents name for Resources, checked to start with its heading."""
    found = re.search(r"Resources[ .]*(\d+)", pages[0])
    assert found
    page = pages[int(found.group(1)) - 1]
    assert page.startswith("Resources")
    return page


def test_report_gives_the_gap_the_resources_page_and_the_api_give(client, role_user):
    """Secured 1,300,000 against needs of 2,100,000: the card, the API and the PDF all say
    a funding gap of 800,000, with needs by category and component."""
    _budget_2026()
    BudgetLineFactory(year=2026, component="regular_budget", amount_usd=Decimal("1300000"))
    BudgetLineFactory(
        year=2026, component="extrabudgetary", amount_usd=Decimal("200000"), status="pledged"
    )
    client.force_login(role_user("Governing Board member"))
    label, card, api_gap, api_surplus = _card_and_api(client)
    assert (label, card, api_gap, api_surplus) == ("Funding gap", 800000, 800000, 0)
    page = _resources_page(_pages(annual_report_pdf(year=2026, language="en", as_of=CUT_OFF)))
    gap = re.search(r"Funding gap \(needed minus secured\) ([\d,]+)", page)
    assert gap and _number(gap.group(1)) == api_gap == card
    assert "Surplus (secured beyond needs)" not in page
    assert "Needed: staff 1,000,000" in page
    assert "Needed: operations 500,000" in page
    assert "Needed: programme 600,000" in page
    assert "Needed 2,100,000 Secured 1,300,000 Pledged 200,000" in page
    assert "Gap if all pledges arrive 600,000" in page
    assert "UNESCO regular budget 1,000,000 0 0 1,000,000 1,300,000 0" in page
    assert "Extrabudgetary funds 0 0 400,000 400,000 0 200,000" in page
    assert "Workplan programme costs beyond the budget – – 200,000 200,000 – –" in page


def test_report_shows_a_surplus_as_a_surplus(client, role_user):
    """Secured 6,100,000 against needs of 2,100,000: a surplus of 4,000,000 in the card, the
    API and the PDF, and no negative gap."""
    _budget_2026()
    BudgetLineFactory(year=2026, component="host_country", amount_usd=Decimal("6100000"))
    client.force_login(role_user("Governing Board member"))
    label, card, api_gap, api_surplus = _card_and_api(client)
    assert (label, card, api_gap, api_surplus) == ("Surplus", 4000000, 0, 4000000)
    page = _resources_page(_pages(annual_report_pdf(year=2026, language="en", as_of=CUT_OFF)))
    surplus = re.search(r"Surplus \(secured beyond needs\) ([\d,]+)", page)
    assert surplus and _number(surplus.group(1)) == api_surplus == card
    assert "Funding gap" not in page
    assert "-4,000,000" not in page and "−4,000,000" not in page


def test_report_leaves_funding_out_for_readers_who_may_not_see_it(client, role_user):
    """A programme officer's report has no Resources section (nor contents entry); a Board
    member's has it."""
    _budget_2026()
    BudgetLineFactory(year=2026, component="regular_budget", amount_usd=Decimal("1300000"))
    client.force_login(role_user("Programme officer"))
    officer = " ".join(_pages(client.get("/en/results/manage/report/2026.pdf").content))
    assert "Resources" not in officer and "800,000" not in officer
    client.force_login(role_user("Governing Board member"))
    board = _pages(client.get("/en/results/manage/report/2026.pdf").content)
    assert "Funding gap (needed minus secured) 800,000" in _resources_page(board)
