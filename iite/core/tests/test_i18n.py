import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from iite.core.i18n import TranslatedFormField, TranslatedText


def test_text_shows_in_the_active_language():
    """A field with a translation for the reader's language shows that translation."""
    text = TranslatedText({"en": "Webinar", "ru": "Вебинар"}, original="en")
    with translation.override("ru"):
        assert str(text) == "Вебинар"
        assert text.language_of() == "ru"
        assert not text.is_fallback()


def test_text_falls_back_to_the_records_own_language():
    """Without a translation, the record's original language wins over English."""
    text = TranslatedText({"en": "AI for teachers", "ru": "ИИ для учителей"}, original="ru")
    with translation.override("ar"):
        assert str(text) == "ИИ для учителей"
        assert text.language_of() == "ru"
        assert text.is_fallback()


def test_empty_translations_are_dropped():
    """Blank strings do not count as a translation, so they never hide the fallback."""
    text = TranslatedText({"fr": "", "es": "Curso"}, original="es")
    with translation.override("fr"):
        assert str(text) == "Curso"
    assert dict(text) == {"es": "Curso"}


def test_form_field_requires_one_language_and_keeps_only_filled_ones():
    """The form field asks for at least one language and stores only those given."""
    field = TranslatedFormField(required=True)
    assert field.clean(["", "Titre", "", "", "", ""]) == {"fr": "Titre"}
    with translation.override("en"), pytest.raises(ValidationError, match="at least one language"):
        field.clean(["", "", "", "", "", ""])


@pytest.mark.django_db
def test_a_record_read_from_the_database_gives_translated_text():
    """Reading a translatable field of a loaded record renders text, not the stored dict."""
    from iite.reference.models import PriorityRegion

    PriorityRegion.objects.create(code="x", name={"en": "Africa", "fr": "Afrique"}, tier="priority")
    loaded = PriorityRegion.objects.get(code="x")
    assert isinstance(loaded.name, TranslatedText)
    with translation.override("fr"):
        assert str(loaded.name) == "Afrique"
    loaded.name = {"en": "Africa (edited)"}
    assert str(loaded.name) == "Africa (edited)"
