"""English texts of the catalogue name the packages GOBMP and OSMS, as the English pages do, never with the Kazakh
or Russian abbreviations (README, "Names of the packages"). Databases loaded before catalogue.json was changed are
updated here; a fresh database already has the new texts. Kazakh and Russian texts are untouched."""

from django.db import migrations

ENGLISH = {
    "package": ("name", "summary", "who"),
    "section": ("name",),
    "condition": ("label",),
    "item": ("text", "condition_note"),
    "diseaselist": ("name", "note"),
    "disease": ("name", "note"),
    "change": ("text",),
}
RENAMES = [("marks every row 'ГОБМП'", "marks every row GOBMP"), ("ТМККК", "GOBMP"), ("ГОБМП", "GOBMP"),
           ("МӘМС", "OSMS"), ("ОСМС", "OSMS")]  # fmt: skip


def renamed(column: str) -> str:
    expression = column
    for old, new in RENAMES:
        expression = "replace({}, '{}', '{}')".format(expression, old.replace("'", "''"), new)
    return expression


def statements():
    for table, columns in ENGLISH.items():
        sets = ", ".join(f"{column}_en = {renamed(f'{column}_en')}" for column in columns)
        yield f"UPDATE coverage_{table} SET {sets}"


class Migration(migrations.Migration):
    dependencies = [("coverage", "0007_search_indexes")]

    # Not undone: the English texts said OSMS in places before, so going back could not tell which to change.
    operations = [migrations.RunSQL(list(statements()), migrations.RunSQL.noop)]
