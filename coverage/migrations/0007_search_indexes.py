"""The catalogue search's indexes (coverage.selectors.search): pg_trgm, a text search vector per language of every
searched text (kk with the `simple` configuration, ru `russian`, en `english`), and trigrams of the Kazakh texts with
г/ғ/б folded into к/қ/п.

Each indexed expression is, to the letter, the one the search's queries write, or PostgreSQL would not use it
(coverage/tests/test_search.py checks that it does). SQL only: the models' state does not change.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

CONFIGS = {"kk": "simple", "ru": "russian", "en": "english"}
SEARCHED = {"item": ("text", "condition_note"), "section": ("name",), "disease": ("name",)}


def vector(table, columns, language):
    name = f"coverage_{table}_fts_{language}"
    document = " || ' ' || ".join(f"COALESCE({column}_{language}, '')" for column in columns)
    return migrations.RunSQL(
        f"CREATE INDEX {name} ON coverage_{table} USING gin (to_tsvector('{CONFIGS[language]}'::regconfig, {document}))",
        f"DROP INDEX {name}",
    )


def trigrams(table, column):
    name = f"coverage_{table}_trgm_{column}_kk"
    return migrations.RunSQL(
        f"CREATE INDEX {name} ON coverage_{table} USING gin (translate({column}_kk, 'гғбГҒБ', 'кқпКҚП') gin_trgm_ops)",
        f"DROP INDEX {name}",
    )


class Migration(migrations.Migration):
    dependencies = [("coverage", "0006_organisation_ratings")]

    operations = [
        TrigramExtension(),
        *(vector(table, columns, language) for table, columns in SEARCHED.items() for language in CONFIGS),
        *(trigrams(table, column) for table, columns in SEARCHED.items() for column in columns),
    ]
