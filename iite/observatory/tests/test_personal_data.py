"""What the observatory holds about a person is exported and erased; assessments stay."""

import pytest

from iite.accounts.tests.factories import UserFactory
from iite.core.registry import personal_data_handlers
from iite.observatory.models import ReviewerAssignment, Tool
from iite.observatory.personal_data import erase_observatory_data, export_observatory_data

from .factories import accepted, assigned, make_tool, reviewed, reviewer, staff

pytestmark = pytest.mark.django_db


def test_proposals_declarations_and_reviews_are_exported_then_erased():
    teacher = UserFactory()
    tool = make_tool(by=teacher)
    lead = staff()
    assessment = accepted(tool, lead)
    first, second = reviewer(), reviewer()
    assigned(assessment, lead, first, second)
    reviewed(assessment, first, second)
    assert [entry["tool"] for entry in export_observatory_data(teacher)["tools_proposed"]] == [
        tool.slug
    ]
    data = export_observatory_data(first)
    assert data["declarations_of_interests"][0]["has_conflict"] is False
    assert data["reviews"][0]["ratings"]["privacy"] == 3
    assert data["reviews"][0]["due_on"] == assessment.reviews.get(reviewer=first).due_on.isoformat()
    erase_observatory_data(teacher)
    erase_observatory_data(first)
    assert Tool.objects.get(pk=tool.pk).proposed_by is None
    review = ReviewerAssignment.objects.get(assessment=assessment, reviewer=None)
    assert review.ratings.count() == 10  # the assessment still rests on the review
    assert export_observatory_data(first) == {
        "tools_proposed": [],
        "declarations_of_interests": [],
        "reviews": [],
    }
    assert "observatory" in [handler.name for handler in personal_data_handlers]
