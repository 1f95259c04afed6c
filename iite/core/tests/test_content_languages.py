"""The six-language content check: every text the platform loads is in the six UN languages."""

import pytest
from django.core.management import call_command
from django.utils import translation

from iite.core.i18n import TranslatedText, untranslated_texts

# A course is taught in the languages it declares: its modules, lessons and quizzes are the
# course itself, and a quiz's accepted answers exist in that language only, so they are
# not translated by the platform. Its title, summary and credential are (catalogue texts).
COURSE_CONTENT = frozenset(
    {"learning.Module", "learning.Lesson", "learning.Quiz", "learning.Question", "learning.Choice"}
)
# A publication's title and abstract are the publication's own, in the languages it was
# published in (a report issued in Russian only has its Russian title, as UNESDOC shows
# it); so is the title of the activity that records its launch.
PUBLISHED_CONTENT = frozenset({"library.Publication"})


@pytest.fixture
def _scratch_var(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.CREDENTIAL_KEY_DIR = tmp_path / "keys"


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_scratch_var")
def test_every_loaded_text_is_in_the_six_languages():
    """Reference, strategy and demo data carry en, fr, es, ar, ru and zh-hans for every text."""
    call_command("setup_platform")
    from iite.library.models import Publication

    launches = {
        f"programme.Activity {pk} "
        for pk in Publication.objects.values_list("activity_id", flat=True)
    }
    problems = [
        line
        for line in untranslated_texts(exclude=COURSE_CONTENT | PUBLISHED_CONTENT)
        if not any(line.startswith(launch) for launch in launches)
    ]
    assert problems == [], "Texts without all six languages:\n" + "\n".join(problems)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_scratch_var")
def test_loaded_platform_translations_are_marked_pending_review():
    """The strategy's lines of action arrive marked as the platform's translation."""
    from iite.strategy.models import LineOfAction

    call_command("setup_platform", no_demo=True)
    line = LineOfAction.objects.get(code="SO1.1", period__code="2026-2029")
    assert line.title.pending_review
    assert line.title["ar"] == "البحوث السياساتية والتقارير التحليلية"


@pytest.mark.django_db
def test_the_check_names_a_text_missing_a_language():
    """A text lacking Arabic is listed with its model, record, field and missing language."""
    from iite.reference.models import PriorityRegion

    full = {"en": "A", "fr": "A", "es": "A", "ar": "أ", "ru": "А", "zh-hans": "甲"}
    PriorityRegion.objects.create(code="full", name=full, tier="priority")
    region = PriorityRegion.objects.create(code="gap", name={**full, "ar": ""}, tier="priority")
    assert untranslated_texts() == [f"reference.PriorityRegion {region.pk} name: missing ar"]


def test_a_fallback_is_marked_with_its_language_and_direction():
    """English shown on an Arabic page carries lang="en" and dir="ltr"; French on a French page not."""
    text = TranslatedText({"en": "Lines of action", "fr": "Lignes d'action"}, original="en")
    with translation.override("ar"):
        assert text.__html__() == '<span lang="en" dir="ltr">Lines of action</span>'
    with translation.override("ru"):
        assert text.__html__() == '<span lang="en">Lines of action</span>'
    with translation.override("fr"):
        assert text.__html__() == "Lignes d&#x27;action"


def test_an_arabic_fallback_on_an_english_page_is_right_to_left():
    """An Arabic-only text on an English page says it is Arabic and right-to-left."""
    text = TranslatedText({"ar": "دورة"}, original="ar")
    with translation.override("en"):
        assert text.__html__() == '<span lang="ar" dir="rtl">دورة</span>'


def test_the_pending_review_mark_survives_storage_and_is_not_a_language():
    """`_pending` is kept when stored, never shown as a language, and absent from a form's dict."""
    text = TranslatedText({"en": "Course", "fr": "Cours", "_pending": True}, original="en")
    assert text.pending_review
    assert dict(text) == {"en": "Course", "fr": "Cours"}
    assert text.stored() == {"en": "Course", "fr": "Cours", "_pending": True}
    assert text.missing_languages() == ["es", "ar", "ru", "zh-hans"]


def _render(source: str, **context) -> str:
    from django.template import Context, Template

    return Template("{% load platform %}" + source).render(Context(context))


def test_lang_of_adds_dir_only_where_the_fallback_runs_the_other_way():
    """`lang="{{ text|lang_of }}"` gives lang and dir for English in Arabic, lang alone in Russian."""
    text = TranslatedText({"en": "Huawei ICT Competition", "ar": ""}, original="en")
    source = '<p lang="{{ text|lang_of }}">{{ text }}</p>'
    with translation.override("ar"):
        assert _render(source, text=text) == '<p lang="en" dir="ltr">Huawei ICT Competition</p>'
    with translation.override("ru"):
        assert _render(source, text=text) == '<p lang="en">Huawei ICT Competition</p>'


def test_the_footer_note_appears_only_after_a_pending_translation_is_shown():
    """The review note shows once a platform translation is rendered, not for the original."""
    from iite.core.i18n import pending_review_reset

    text = TranslatedText({"en": "Course", "fr": "Cours", "_pending": True}, original="en")
    source = "{{ text }}|{% translation_review_note %}"
    pending_review_reset()
    with translation.override("en"):
        assert _render(source, text=text) == "Course|"
    with translation.override("fr"):
        html = _render(source, text=text)
    assert html.startswith('Cours|<p class="translation-note">')
    pending_review_reset()
    reviewed = TranslatedText({"en": "Course", "fr": "Cours"}, original="en")
    with translation.override("fr"):
        assert _render(source, text=reviewed) == "Cours|"


@pytest.mark.django_db
def test_a_page_showing_a_pending_translation_says_so_in_the_footer(client):
    """A French visitor of a page with a platform translation sees the note in the footer."""
    from iite.reference.models import PriorityRegion

    PriorityRegion.objects.all().delete()
    PriorityRegion.objects.create(
        code="africa",
        name={"en": "Africa", "fr": "Afrique", "_pending": True},
        tier="priority",
    )
    html = client.get("/fr/countries/").content.decode()
    assert "Afrique" in html
    assert 'class="translation-note"' in html
