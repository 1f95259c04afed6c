"""The one disaggregation selector: grouped rows in, one table per dimension out."""

from __future__ import annotations

from iite.core.disaggregation import Disaggregation, add_keys, sex_split

ROWS = [
    {"sex": "female", "country": "KE", "languages": ["en", "fr"], "n": 3},
    {"sex": "male", "country": "KE", "languages": [], "n": 2},
    {"sex": "", "country": None, "languages": ["en"], "n": 1},
    {"sex": "female", "country": "EG", "languages": ["ar"], "n": 0},
]


def test_columns_functions_and_not_recorded():
    """A column or a function gives the key; empty and missing keys count as ""."""
    tables = Disaggregation({"sex": "sex", "country": lambda row: row["country"]}).tables(ROWS)
    assert tables == {
        "sex": {"female": 3, "male": 2, "": 1},
        "country": {"KE": 5, "": 1},
    }


def test_several_keys_count_the_row_under_each_and_zero_rows_are_left_out():
    """A row with two languages counts in full under both; a row with none is in no row."""
    tables = Disaggregation({"language": "languages"}).tables(ROWS)
    assert tables == {"language": {"en": 4, "fr": 3}}


def test_amount_from_a_function():
    """The amount can be read from the row: here, one per row whatever its count."""
    tables = Disaggregation({"country": "country"}).tables(ROWS, amount=lambda row: 1)
    assert tables == {"country": {"KE": 2, "": 1, "EG": 1}}


def test_pairs_split_the_amount_and_the_rest_is_kept_apart():
    """An aggregate record of 10 people, 4 women and 3 men: 3 whose sex is not split."""
    record = {"sex": sex_split(10, 4, 3, 0, 0, rest="unknown"), "n": 10}
    tables = Disaggregation({"sex": "sex"}).tables([record])
    assert tables == {"sex": {"female": 4, "male": 3, "unknown": 3}}


def test_keys_read_once_serve_several_amounts():
    """Keys read once are added for each measure; a zero amount adds nothing."""
    keys = Disaggregation({"sex": "sex", "language": "languages"}).keys(ROWS[0])
    first: dict[str, dict[str, int]] = {}
    second: dict[str, dict[str, int]] = {}
    add_keys(first, keys, 2)
    add_keys(second, keys, 0)
    assert first == {"sex": {"female": 2}, "language": {"en": 2, "fr": 2}}
    assert second == {}
