"""Disparity metrics of a bias audit, on a known table, and reading the uploaded table."""

import pytest

from iite.core.tabular import TableProblem
from iite.observatory import services
from iite.observatory.disparity import AuditTableInvalid, disparities, results_read
from iite.observatory.models import BiasAudit

from .factories import audit_table, make_tool, staff, yesterday

# A speech-to-text audit: correct transcriptions out of 200 recordings per language.
KNOWN = "group,sample,favourable\nEnglish,200,180\nRussian,200,170\nKazakh,200,120\nUzbek,100,0\n"


def test_disparity_metrics_of_a_known_table():
    """Rates, ratios and differences to the reference group; ratios under 0.8 are flagged."""
    results = results_read(audit_table(KNOWN), "English")
    rows = {row.group: row for row in disparities(results, "English")}
    assert list(rows) == ["English", "Russian", "Kazakh", "Uzbek"]
    english, russian, kazakh, uzbek = (rows[g] for g in ("English", "Russian", "Kazakh", "Uzbek"))
    assert english.rate == pytest.approx(0.9) and english.ratio == pytest.approx(1.0)
    assert english.is_reference and not english.below_four_fifths
    assert russian.rate == pytest.approx(0.85)
    assert russian.ratio == pytest.approx(0.85 / 0.9)
    assert russian.difference == pytest.approx(-0.05)
    assert not russian.below_four_fifths
    assert kazakh.rate == pytest.approx(0.6)
    assert kazakh.ratio == pytest.approx(2 / 3)
    assert kazakh.difference_points == "-30.0"
    assert kazakh.below_four_fifths
    assert uzbek.rate == 0 and uzbek.ratio == 0 and uzbek.below_four_fifths


def test_a_reference_group_with_no_favourable_outcome_gives_no_ratio():
    results = [
        {"group": "A", "sample": 10, "favourable": 0},
        {"group": "B", "sample": 10, "favourable": 5},
    ]
    rows = disparities(results, "A")
    assert [row.ratio for row in rows] == [None, None]
    assert rows[1].difference == pytest.approx(0.5)
    assert not rows[1].below_four_fifths


def test_column_names_in_other_words_and_semicolons():
    results = results_read(audit_table("Group;N;Correct\nF;50;40\nM;50;45\n"), "M")
    assert results == [
        {"group": "F", "sample": 50, "favourable": 40},
        {"group": "M", "sample": 50, "favourable": 45},
    ]


def test_every_bad_row_is_named_and_nothing_is_kept():
    table = audit_table("group,sample,favourable\nA,10,12\nB,ten,3\nA,5,1\n,4,1\nC,0,0\nD,10,-1\n")
    with pytest.raises(AuditTableInvalid) as error:
        results_read(table, "A")
    assert [str(item) for item in error.value.errors.items] == [
        "audit.csv, row 2, column “favourable”: More favourable outcomes than cases.",
        "audit.csv, row 3, column “sample”: “ten” is not a number.",
        "audit.csv, row 4, column “group”: This group is already in the table.",
        "audit.csv, row 5, column “group”: Name the group.",
        "audit.csv, row 6, column “sample”: A group needs at least one case.",
        "audit.csv, row 7, column “favourable”: “-1” is out of range: give a number from 0 "
        "to 1,000,000,000,000,000.",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "The file is empty."),
        (
            "group,n\nA,1\n",
            "The table needs the columns group, sample, favourable; missing: favourable.",
        ),
        ("group,n,passed\nA,1,1\n", "The table needs at least two groups to compare."),
        ("group,n,passed\nA,1,1\nB,2,1\n", "The reference group “Z” is not in the table."),
    ],
)
def test_tables_that_cannot_be_used(text, message):
    with pytest.raises(TableProblem) as error:
        results_read(audit_table(text), "Z" if "B" in text else "A")
    assert error.value.message == message


@pytest.mark.django_db
def test_staff_add_an_audit_from_its_table_all_or_nothing():
    tool = make_tool()
    lead = staff()
    fields = {
        "title": {"en": "Transcription accuracy by language"},
        "method": {"en": "200 classroom recordings per language, checked by teachers."},
        "groups_compared": "Languages",
        "outcome": "Correct transcription",
        "reference_group": "English",
        "run_on": yesterday(),
        "run_by": "The observatory's reviewers",
    }
    with pytest.raises(AuditTableInvalid):
        services.bias_audit_create(
            tool=tool, by=lead, table=audit_table(KNOWN + "Tajik,5,9\n"), **fields
        )
    assert BiasAudit.objects.count() == 0
    audit = services.bias_audit_create(tool=tool, by=lead, table=audit_table(KNOWN), **fields)
    assert audit.results[2] == {"group": "Kazakh", "sample": 200, "favourable": 120}
