"""Scores per area and group, gaps between groups, and the suppression of small groups."""

import pytest
from django.core.exceptions import ValidationError

from iite.readiness.models import MIN_GROUP_SIZE, Response, Statement
from iite.readiness.selectors import report, statements_for_group
from iite.readiness.services import campaign_save, responses_record_many

from .conftest import answer_all, make_campaign

pytestmark = pytest.mark.django_db


def test_the_loaded_frameworks_have_the_selfie_areas_plus_ai_and_the_ministry_areas(frameworks):
    school = frameworks["school"]
    assert [str(a.title) for a in school.areas.all()] == [
        "Leadership",
        "Collaboration and networking",
        "Infrastructure and equipment",
        "Continuing professional development",
        "Pedagogy: supports and resources",
        "Pedagogy: implementation in the classroom",
        "Assessment practices",
        "Student digital competence",
        "AI in teaching and learning",
    ]
    assert [a.code for a in frameworks["system"].areas.all()] == ["P", "N", "T", "K", "E", "M"]
    assert school.scale.count() == 5


def test_area_means_are_exact_and_a_group_under_five_is_hidden(frameworks, coordinator):
    """Six teachers answer every statement 4, five leaders 2, four students 5: the students'
    figures never leave the selectors, and the widest gap is between leaders and teachers."""
    campaign = make_campaign(frameworks["school"], coordinator)
    answer_all(campaign, "teachers", [4], count=6)
    answer_all(campaign, "leaders", [2], count=5)
    answer_all(campaign, "students", [5], count=4)
    data = report(campaign)
    assert data.respondents == {"leaders": 5, "teachers": 6, "students": 4}
    assert data.shown_groups == ("leaders", "teachers")
    leadership = next(row for row in data.areas if row.area.code == "A")
    assert leadership.by_group["teachers"].mean == 4.0
    assert leadership.by_group["teachers"].respondents == 6
    assert leadership.by_group["leaders"].mean == 2.0
    assert all(row.by_group["students"].mean is None for row in data.areas)
    assert all(f["students"].mean is None for _s, f in data.statements)
    assert data.gaps and all(gap.spread == 2.0 for gap in data.gaps)
    assert {gap.statement.code for gap in data.gaps} <= {
        s.code for s in statements_for_group(campaign, "leaders")
    }


def test_i_dont_know_answers_are_left_out_of_the_mean(frameworks, coordinator):
    campaign = make_campaign(frameworks["school"], coordinator)
    answer_all(campaign, "teachers", [5, None], count=MIN_GROUP_SIZE)
    data = report(campaign)
    ai = next(row for row in data.areas if row.area.code == "I")
    assert ai.by_group["teachers"].mean == 5.0


def test_a_statement_answered_by_fewer_than_five_is_hidden_even_in_a_large_group(
    frameworks, coordinator
):
    """Eight teachers, but only three gave a value to the first statement (the others said
    “I don't know”): that statement's mean is hidden, its area's is shown."""
    campaign = make_campaign(frameworks["school"], coordinator)
    statements = statements_for_group(campaign, "teachers")
    first = statements[0]
    rows = [{s.pk: (3 if (s != first or n < 3) else None) for s in statements} for n in range(8)]
    responses_record_many(campaign=campaign, group="teachers", rows=rows, language="fr")
    data = report(campaign)
    figures = {s.pk: f for s, f in data.statements}
    assert figures[first.pk]["teachers"].mean is None
    assert figures[statements[1].pk]["teachers"].mean == 3.0
    area = next(row for row in data.areas if row.area.pk == first.area_id)
    assert area.by_group["teachers"].mean == 3.0


def test_the_minimum_can_be_raised_but_not_lowered_below_five(frameworks, coordinator):
    campaign = make_campaign(frameworks["school"], coordinator, min_respondents=8)
    answer_all(campaign, "teachers", [3], count=7)
    assert report(campaign).shown_groups == ()
    with pytest.raises(ValidationError) as problem:
        make_campaign(frameworks["school"], coordinator, min_respondents=3)
    assert "min_respondents" in problem.value.message_dict


def test_the_previous_campaign_is_compared_area_by_area(frameworks, coordinator):
    before = make_campaign(frameworks["school"], coordinator)
    answer_all(before, "teachers", [2], count=5)
    after = make_campaign(frameworks["school"], coordinator, previous=before)
    answer_all(after, "teachers", [4], count=5)
    row = next(r for r in report(after).areas if r.area.code == "D")
    assert row.by_group["teachers"].mean == 4.0
    assert row.previous["teachers"].mean == 2.0


def test_optional_items_are_asked_only_when_chosen(frameworks, coordinator):
    optional = list(Statement.objects.filter(area__framework=frameworks["school"], optional=True))
    assert optional
    plain = make_campaign(frameworks["school"], coordinator)
    assert not set(statements_for_group(plain, "teachers")) & set(optional)
    campaign_save(campaign=plain, optional=optional[:1])
    assert optional[0] in statements_for_group(plain, "teachers")


def test_paper_questionnaires_are_recorded_all_or_nothing(frameworks, coordinator):
    campaign = make_campaign(frameworks["school"], coordinator)
    statements = statements_for_group(campaign, "students")
    good = {s.pk: 3 for s in statements}
    bad = {**good, statements[0].pk: 9}
    with pytest.raises(ValidationError, match="Questionnaire 2"):
        responses_record_many(campaign=campaign, group="students", rows=[good, bad], language="en")
    assert Response.objects.count() == 0
