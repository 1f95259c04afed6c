"""The funding gap, defined once: needed minus secured, never negative, the same everywhere."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

import pytest

from iite.monitoring.models import WorkplanStatus
from iite.monitoring.tests.factories import WorkplanFactory, WorkplanItemFactory
from iite.partners import selectors
from iite.partners.models import BudgetAllocation
from iite.partners.tests.factories import BudgetLineFactory, PartnerFactory

pytestmark = pytest.mark.django_db

URL = "/en/partners/manage/resources/?year=2026"


def _allocate(component: str, category: str, amount: str) -> None:
    BudgetAllocation.objects.create(
        year=2026, component=component, category=category, amount_usd=Decimal(amount)
    )


def _budget_2026() -> None:
    """Staff 1,000,000 + operations 500,000 + programme 400,000 in the budget; the
    approved workplan plans 600,000 of programme: needed = 1,000,000 + 500,000 + 600,000."""
    _allocate("regular_budget", "staff", "1000000")
    _allocate("host_country", "operations", "500000")
    _allocate("extrabudgetary", "programme", "400000")
    workplan = WorkplanFactory(year=2026, status=WorkplanStatus.APPROVED)
    WorkplanItemFactory(workplan=workplan, planned_cost_usd=Decimal("600000"))


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _outputs(client) -> dict[str, str]:
    """The gap (or surplus) as the card, chart, table, CSV and API give it."""
    html = client.get(URL).content.decode()
    card = re.search(r'id="funding-balance"><span class="value">([\d,]+)</span>([^<]+)<', html)
    chart = re.search(r"(Funding gap|Surplus): ([\d,]+) USD", html)
    table = re.search(
        r"<th scope=\"row\">(Funding gap \(needed minus secured\)|Surplus \(secured beyond needs\))"
        r"</th><td class=\"num\">([\d,]+)</td>",
        html,
    )
    response = client.get(URL + "&export=csv&table=summary")
    rows = {row[1]: row[2] for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig")))}
    api = client.get("/api/partners/resources/2026").json()
    assert card and chart and table
    return {
        "card": f"{card.group(2).split(':')[0]} {_number(card.group(1))}",
        "chart": f"{chart.group(1)} {_number(chart.group(2))}",
        "table": f"{table.group(1).split(' (')[0]} {_number(table.group(2))}",
        "csv_gap": rows["Funding gap (needed minus secured)"],
        "csv_surplus": rows["Surplus (secured beyond needs)"],
        "api": f"{Decimal(api['gap']):f} {Decimal(api['surplus']):f}",
    }


def test_needed_is_the_budget_with_the_workplan_where_it_plans_more():
    """Needed = staff + operations + the larger of the programme budget and the workplan."""
    _budget_2026()
    BudgetLineFactory(component="regular_budget", amount_usd=Decimal("1300000"))
    BudgetLineFactory(
        component="extrabudgetary",
        donor=PartnerFactory(acronym="ND"),
        amount_usd=Decimal("200000"),
        status="pledged",
    )
    summary = selectors.funding_summary(year=2026)
    assert (summary.staff, summary.operations, summary.programme) == (
        Decimal("1000000"),
        Decimal("500000"),
        Decimal("600000"),
    )
    assert summary.workplan_beyond_budget == Decimal("200000")
    assert summary.needed == Decimal("2100000")
    assert (summary.gap, summary.surplus) == (Decimal("800000"), Decimal("0"))
    assert (summary.gap_after_pledges, summary.surplus_after_pledges) == (
        Decimal("600000"),
        Decimal("0"),
    )
    regular = next(row for row in summary.budget if row.key == "regular_budget")
    assert (regular.needed, regular.secured) == (Decimal("1000000"), Decimal("1300000"))


def test_gap_is_the_same_in_card_chart_table_csv_and_api(client, role_user):
    """Needed 2,100,000 − secured 1,300,000: a gap of 800,000 in every output."""
    _budget_2026()
    BudgetLineFactory(component="regular_budget", amount_usd=Decimal("1300000"))
    client.force_login(role_user("Governing Board member"))
    outputs = _outputs(client)
    assert outputs["card"] == outputs["chart"] == outputs["table"] == "Funding gap 800000"
    assert Decimal(outputs["csv_gap"]) == Decimal("800000")
    assert Decimal(outputs["csv_surplus"]) == Decimal("0")
    assert outputs["api"] == "800000.00 0"


def test_a_surplus_is_shown_as_a_surplus_never_a_negative_gap(client, role_user):
    """Secured 6,100,000 against needs of 2,100,000: a surplus of 4,000,000, a gap of 0,
    and no '−4,000,000' anywhere."""
    _budget_2026()
    BudgetLineFactory(component="host_country", amount_usd=Decimal("6100000"))
    client.force_login(role_user("Governing Board member"))
    outputs = _outputs(client)
    assert outputs["card"] == outputs["chart"] == outputs["table"] == "Surplus 4000000"
    assert Decimal(outputs["csv_gap"]) == Decimal("0")
    assert Decimal(outputs["csv_surplus"]) == Decimal("4000000")
    assert outputs["api"] == "0 4000000.00"
    html = client.get(URL).content.decode()
    assert "-4,000,000" not in html and "−4,000,000" not in html


def test_funding_api_is_for_financial_readers_only(client, role_user):
    """Programme officers do not read the funding figures through the API either."""
    client.force_login(role_user("Programme officer"))
    assert client.get("/api/partners/resources/2026").status_code == 403
    client.force_login(role_user("Governing Board member"))
    body = client.get("/api/partners/resources/2026").json()
    assert body["needed"] is None and body["gap"] is None and body["surplus"] is None
