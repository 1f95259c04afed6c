"""The observatory API lists published tools with their current ratings, filtered."""

import pytest

from .factories import make_tool, published_tool

pytestmark = pytest.mark.django_db


def test_tools_are_listed_with_ratings_and_filters(client):
    published_tool()
    published_tool("Essay feedback assistant", purposes=["assessment"])
    make_tool(name="Not yet assessed")
    data = client.get("/api/observatory/tools").json()
    assert data["count"] == 2
    names = [tool["name"] for tool in data["items"]]
    assert names == ["Caption helper", "Essay feedback assistant"]
    first = data["items"][0]
    assert len(first["ratings"]) == 10
    assert first["ratings"][0] == {
        "principle": "proportionality",
        "rating": 3,
        "confidence": "medium",
        "questions": [],
    }
    filtered = client.get("/api/observatory/tools", {"purpose": "assessment"}).json()
    assert [tool["name"] for tool in filtered["items"]] == ["Essay feedback assistant"]
    assert client.get("/api/observatory/tools", {"minimum": "9"}).status_code == 400


def test_one_tool_with_its_history(client):
    tool = published_tool()
    data = client.get(f"/api/observatory/tools/{tool.slug}").json()
    assert data["assessments"][0]["version"] == "1.0"
    assert data["assessments"][0]["protocol"] == "1.0"
    assert client.get("/api/observatory/tools/not-a-tool").status_code == 404
