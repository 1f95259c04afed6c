"""/api/docs: a page like the others for assistive technology: language, landmark, heading."""

import pytest


@pytest.mark.django_db
def test_api_docs_page_has_a_language_a_main_landmark_and_a_level_one_heading(client):
    """The documentation page declares its language and has <main> with one <h1>."""
    response = client.get("/api/docs")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en" dir="ltr">' in html
    assert html.count("<main") == 1 and html.count("<h1") == 1
    assert '<h1 class="api-docs-title">IITE Platform API: documentation</h1>' in html
    # No inline script: a strict Content-Security-Policy can hold.
    assert "<script>" not in html
    assert html.count("<script src=") == 2


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_api_docs_has_no_serious_accessibility_violation(page, axe):
    """Rendered by Swagger UI, the page passes axe-core with no serious or critical violation."""
    page.goto("/api/docs")
    page.locator(".swagger-ui .info").wait_for()
    assert page.locator("main h1.api-docs-title").inner_text() == "IITE Platform API: documentation"
    violations = axe(page)
    assert [(v["id"], v["impact"], len(v["nodes"])) for v in violations] == []
