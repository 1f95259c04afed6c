"""The targets file's note on its figures is read in the reader's language."""

from django.utils import translation

from iite.monitoring import indicators


def test_the_note_on_planning_figures_is_in_each_language():
    """The Board report's sentence on baselines is Arabic in Arabic, English in English."""
    note = indicators.targets_note()
    assert note.missing_languages() == []
    assert note.pending_review
    with translation.override("ar"):
        assert str(note).startswith("أرقام تخطيطية قيد المراجعة")
    with translation.override("en"):
        assert str(note).startswith("Planning figures for review")
