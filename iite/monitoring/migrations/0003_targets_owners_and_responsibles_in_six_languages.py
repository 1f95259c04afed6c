"""Workplan targets, risk owners and mitigation actions' responsibles become translatable.

Each was one plain text; it becomes a language -> text object (TranslatedField) like the
titles beside it, so the Arabic Board report shows them in Arabic. An existing text moves
under the platform's default language (settings.LANGUAGE_CODE): the loaders wrote them in
English, and staff typed them in the forms that had no language. Open workplan revisions
keep their proposed items' targets in the same shape. Reversible: going back keeps the
default language's text (or the record's own language's, or any), cut to the old length.
"""

from django.conf import settings
from django.db import migrations, models

import iite.core.i18n

# (model, old field, new field, old max_length)
FIELDS = [
    ("WorkplanItem", "target", "target_i18n", 300),
    ("Risk", "owner", "owner_i18n", 200),
    ("MitigationAction", "responsible", "responsible_i18n", 200),
]


def _as_languages(text):
    if isinstance(text, dict):
        return text
    text = (text or "").strip()
    return {settings.LANGUAGE_CODE: text} if text else {}


def _as_text(value, original=None):
    if not isinstance(value, dict):
        return value or ""
    for code in (settings.LANGUAGE_CODE, original):
        if code and value.get(code):
            return value[code]
    return next((text for key, text in value.items() if not key.startswith("_") and text), "")


def texts_to_languages(apps, schema_editor):
    for model_name, old, new, _length in FIELDS:
        model = apps.get_model("monitoring", model_name)
        for row in model.objects.only("pk", old).iterator():
            model.objects.filter(pk=row.pk).update(**{new: _as_languages(getattr(row, old))})
    Revision = apps.get_model("monitoring", "WorkplanRevision")
    for revision in Revision.objects.all():
        proposed = [
            {**entry, "target": _as_languages(entry.get("target"))} for entry in revision.proposed
        ]
        if proposed != revision.proposed:
            Revision.objects.filter(pk=revision.pk).update(proposed=proposed)


def languages_to_texts(apps, schema_editor):
    for model_name, old, new, length in FIELDS:
        model = apps.get_model("monitoring", model_name)
        for row in model.objects.only("pk", new, "original_language").iterator():
            text = _as_text(getattr(row, new), row.original_language)[:length]
            model.objects.filter(pk=row.pk).update(**{old: text})
    Revision = apps.get_model("monitoring", "WorkplanRevision")
    for revision in Revision.objects.all():
        proposed = [
            {**entry, "target": _as_text(entry.get("target"), entry.get("original_language"))}
            for entry in revision.proposed
        ]
        if proposed != revision.proposed:
            Revision.objects.filter(pk=revision.pk).update(proposed=proposed)


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0002_workplan_revisions_and_computed_progress"),
    ]

    operations = [
        migrations.AddField(
            model_name="workplanitem",
            name="target_i18n",
            field=iite.core.i18n.TranslatedField(blank=True, default=dict, verbose_name="target"),
        ),
        migrations.AddField(
            model_name="risk",
            name="owner_i18n",
            field=iite.core.i18n.TranslatedField(blank=True, default=dict, verbose_name="owner"),
        ),
        migrations.AddField(
            model_name="mitigationaction",
            name="responsible_i18n",
            field=iite.core.i18n.TranslatedField(
                blank=True, default=dict, verbose_name="responsible"
            ),
        ),
        migrations.RunPython(texts_to_languages, languages_to_texts),
        # Going back re-adds the owner as text: it needs a default for the rows it fills.
        migrations.AlterField(
            model_name="risk",
            name="owner",
            field=models.CharField(default="", max_length=200, verbose_name="owner"),
        ),
        migrations.RemoveField(model_name="workplanitem", name="target"),
        migrations.RemoveField(model_name="risk", name="owner"),
        migrations.RemoveField(model_name="mitigationaction", name="responsible"),
        migrations.RenameField(model_name="workplanitem", old_name="target_i18n", new_name="target"),
        migrations.RenameField(model_name="risk", old_name="owner_i18n", new_name="owner"),
        migrations.RenameField(
            model_name="mitigationaction", old_name="responsible_i18n", new_name="responsible"
        ),
    ]
