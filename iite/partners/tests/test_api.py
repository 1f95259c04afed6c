from __future__ import annotations

from decimal import Decimal

import pytest

from .factories import AgreementFactory, BudgetLineFactory, InKindFactory, PartnerFactory

pytestmark = pytest.mark.django_db


def test_public_list_has_only_published_fields(client):
    """The public API lists partners that agreed to be listed, with consented fields only."""
    PartnerFactory(
        slug="listed",
        is_public=True,
        website="https://listed.example",
        publish_website=False,
        description={"en": "Hidden text"},
    )
    PartnerFactory(slug="hidden", is_public=False)
    response = client.get("/api/partners/")
    assert response.status_code == 200
    rows = response.json()["items"]
    assert [row["slug"] for row in rows] == ["listed"]
    assert rows[0]["website"] is None and rows[0]["description"] is None
    assert "focal_points" not in rows[0] and "agreements" not in rows[0]


def test_public_networks(client):
    """The networks endpoint lists listed networks only."""
    PartnerFactory(slug="gsenet", kind="network", is_public=True, acronym="GSENET")
    PartnerFactory(slug="uni", is_public=True)
    assert [row["slug"] for row in client.get("/api/partners/networks").json()["items"]] == [
        "gsenet"
    ]


def test_public_list_rejects_an_unknown_type(client):
    """An unknown type filter is a 400 with a message, not an empty list."""
    response = client.get("/api/partners/?kind=spaceship")
    assert response.status_code == 400
    assert "Unknown partner type" in response.json()["detail"]


def test_registry_needs_a_staff_session(client, role_user):
    """Anonymous callers get 401, focal points 403."""
    assert client.get("/api/partners/registry").status_code == 401
    client.force_login(role_user("Partner focal point"))
    assert client.get("/api/partners/registry").status_code == 403


def test_registry_financials_only_for_administrators_and_board(client, role_user):
    """Officers get agreements without money; Board members also get funds and in-kind values."""
    partner = PartnerFactory(slug="donor")
    AgreementFactory(partner=partner, title="MoU")
    BudgetLineFactory(component="extrabudgetary", donor=partner, amount_usd=Decimal("1000"))
    InKindFactory(partner=partner, amount_usd=Decimal("50"))
    client.force_login(role_user("Programme officer"))
    row = client.get("/api/partners/registry/donor").json()
    assert [a["title"] for a in row["agreements"]] == ["MoU"]
    assert row["budget_lines"] is None and row["in_kind"] is None
    client.force_login(role_user("Governing Board member"))
    row = client.get("/api/partners/registry/donor").json()
    assert row["budget_lines"][0]["amount_usd"] == "1000.00"
    assert row["in_kind"][0]["amount_usd"] == "50.00"
    assert client.get("/api/partners/registry/nobody").status_code == 404


def test_registry_list_without_n_plus_one(client, role_user, django_assert_max_num_queries):
    """The registry answers in a fixed number of queries."""
    client.force_login(role_user("Governing Board member"))
    for _ in range(15):
        AgreementFactory()
    with django_assert_max_num_queries(12):
        rows = client.get("/api/partners/registry").json()["items"]
    assert len(rows) == 15


def test_endpoints_are_in_the_openapi_schema(client):
    """The public and staff endpoints are documented in the OpenAPI schema."""
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"/api/partners/", "/api/partners/networks", "/api/partners/registry"} <= set(paths)
