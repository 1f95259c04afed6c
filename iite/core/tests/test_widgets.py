"""Long choice lists on staff forms: checkboxes sorted by name, with a filter box."""

import re

from iite.core.widgets import FilterableCheckboxSelectMultiple, collation_key


def test_collation_ignores_accents_and_case():
    """'Égypte' sorts among the E's and 'Åland' among the A's, not after Z."""
    names = ["Zambie", "Égypte", "Åland", "estonie", "Autriche"]
    assert sorted(names, key=collation_key) == ["Åland", "Autriche", "Égypte", "estonie", "Zambie"]


def test_checkbox_list_is_sorted_by_label_with_a_filter_box_for_javascript():
    """Options come in name order whatever the query's order; the filter input waits for JS."""
    widget = FilterableCheckboxSelectMultiple(
        choices=[("KE", "Kenya"), ("EG", "Égypte"), ("AT", "Autriche"), ("MA", "Maroc")]
    )
    html = widget.render("target_countries", ["MA"], attrs={"id": "id_target_countries"})
    assert "data-filterable" in html
    assert re.search(r'<input type="search" class="filterable-input"[^>]* hidden>', html)
    labels = re.findall(r'<input type="checkbox"[^>]*value="(\w+)"', html)
    assert labels == ["AT", "EG", "KE", "MA"]
    assert re.search(r'value="MA"[^>]*checked', html)
