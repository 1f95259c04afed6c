"""Two-way links with the library: staff link a tool to the publications that discuss it;
the tool's page lists them and the publication's page lists the tool (through the
registry's page section, the library not knowing the observatory), once both are published,
each in the reader's language."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from iite.accounts.tests.factories import UserFactory
from iite.core.registry import page_sections_for
from iite.library.services import publication_status_set
from iite.library.tests.factories import make_publication
from iite.observatory import selectors, services
from iite.observatory.models import ToolPublication

from .factories import make_tool, published_tool, reviewer, staff

pytestmark = pytest.mark.django_db


def _publication(status: str = "published", **values):
    return make_publication(
        status=status,
        title={"en": "AI tutors in secondary schools", "fr": "Les tuteurs IA au secondaire"},
        **values,
    )


def test_both_pages_link_to_each_other_in_the_readers_language(client):
    """A published tool linked to a published report: each page links to the other under
    the reader's language prefix, with the title in that language."""
    tool = published_tool("Caption helper")
    report = _publication()
    services.publication_link(tool=tool, by=staff(), publication=report)

    with translation.override("fr"):
        tool_url = reverse("observatory:tool", args=[tool.slug])
        report_url = reverse("library:detail", args=[report.slug])
    assert tool_url.startswith("/fr/") and report_url.startswith("/fr/")

    tool_page = client.get(tool_url).content.decode()
    assert 'id="library-title"' in tool_page
    assert f'href="{report_url}" lang="fr">Les tuteurs IA au secondaire</a>' in tool_page

    report_page = client.get(report_url).content.decode()
    assert 'id="observatory-tools-title"' in report_page
    assert f'<a href="{tool_url}">Caption helper</a>' in report_page


def test_unpublished_ends_show_no_link():
    """A draft or withdrawn publication is not listed on the tool's page, and a tool not yet
    published is not listed on a publication's page; nor does a withdrawn publication's
    page list the tools."""
    lead = staff()
    tool = published_tool("Caption helper")
    draft = _publication(status="draft")
    services.publication_link(tool=tool, by=lead, publication=draft)
    proposed = make_tool(name="Still in triage")
    report = _publication()
    services.publication_link(tool=proposed, by=lead, publication=report)
    withdrawn_later = _publication()
    services.publication_link(tool=tool, by=lead, publication=withdrawn_later)
    publication_status_set(publication=withdrawn_later, status="withdrawn")
    withdrawn_later.refresh_from_db()

    assert selectors.tool_publications(tool) == []
    assert page_sections_for("library.publication", report) == []
    assert page_sections_for("library.publication", withdrawn_later) == []
    assert page_sections_for("library.publication", draft) == []


def test_publication_page_without_linked_tools_has_no_section(client):
    report = _publication()
    page = client.get(reverse("library:detail", args=[report.slug])).content.decode()
    assert "observatory-tools-title" not in page


def test_only_staff_link_and_a_link_is_made_once():
    tool = published_tool()
    report = _publication()
    with pytest.raises(PermissionDenied):
        services.publication_link(tool=tool, by=UserFactory(), publication=report)
    lead = staff()
    services.publication_link(tool=tool, by=lead, publication=report)
    with pytest.raises(ValidationError) as error:
        services.publication_link(tool=tool, by=lead, publication=report)
    assert error.value.message_dict == {"publication": ["This publication is already linked."]}
    withdrawn = _publication(status="withdrawn")
    with pytest.raises(ValidationError) as error:
        services.publication_link(tool=tool, by=lead, publication=withdrawn)
    assert error.value.message_dict == {"publication": ["This publication is withdrawn."]}
    assert ToolPublication.objects.filter(tool=tool).count() == 1


def test_staff_pick_a_publication_by_searching_and_remove_the_link(client):
    """The picker offers the library's publications matching a title search (drafts too,
    marked), links the one chosen, and the link can be removed."""
    tool = published_tool()
    report = _publication(status="draft")
    other = make_publication(status="published", title={"en": "Open data in schools"})
    client.force_login(staff())
    page = client.get(
        reverse("observatory:work_tool", args=[tool.pk]), {"publication_q": "tuteurs"}
    ).content.decode()
    assert (
        f'<option value="{report.pk}">AI tutors in secondary schools (Research report, Draft)'
        in page
    )
    assert f'value="{other.pk}"' not in page

    response = client.post(
        reverse("observatory:work_publication", args=[tool.pk]), {"publication": report.pk}
    )
    assert response.status_code == 302
    link = ToolPublication.objects.get(tool=tool)
    assert link.publication == report
    page = client.get(reverse("observatory:work_tool", args=[tool.pk])).content.decode()
    assert "The publication is linked to the tool." in page
    assert f'value="{report.pk}"' not in page  # no longer offered

    client.post(reverse("observatory:work_publication_remove", args=[tool.pk, link.pk]))
    assert not ToolPublication.objects.filter(tool=tool).exists()


def test_a_reviewer_cannot_link_publications(client):
    tool = published_tool()
    report = _publication()
    client.force_login(reviewer())
    page = client.get(reverse("observatory:work_tool", args=[tool.pk])).content.decode()
    assert "work_publication" not in page and 'name="publication"' not in page
    response = client.post(
        reverse("observatory:work_publication", args=[tool.pk]), {"publication": report.pk}
    )
    assert response.status_code == 403
    assert not ToolPublication.objects.exists()
