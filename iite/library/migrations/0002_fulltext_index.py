"""The full-text index of the passages: FTS5 on SQLite, a tsvector table on PostgreSQL.

Neither is a Django model (FTS5 is a virtual table; the tsvector table is written only
by `iite.library.fulltext`), so it is created here for the database in use. The
PostgreSQL table has no foreign key to the passages: Django's flush truncates the
passages without knowing of it. `fulltext` removes a passage's row with the passage,
overwrites a row whose id comes back, and the search joins the passages, so a row
left behind is never shown.
"""

from django.db import migrations

SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS library_chunk_fts USING fts5("
    "text, tokenize = 'unicode61 remove_diacritics 2')"
)
POSTGRES_CREATE = (
    "CREATE TABLE IF NOT EXISTS library_chunk_fts ("
    "chunk_id bigint PRIMARY KEY, config text NOT NULL, tsv tsvector NOT NULL)",
    "CREATE INDEX IF NOT EXISTS library_chunk_fts_tsv ON library_chunk_fts USING gin (tsv)",
)


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = (SQLITE_CREATE,) if vendor == "sqlite" else POSTGRES_CREATE
    for statement in statements:
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    schema_editor.execute("DROP TABLE IF EXISTS library_chunk_fts")


class Migration(migrations.Migration):
    dependencies = [("library", "0001_publications")]

    operations = [migrations.RunPython(create, drop)]
