"""The access log refuses UPDATE and DELETE in the database itself.

AccessRecord already refuses both through the ORM and the admin; this trigger also stops raw SQL, a shell, or a
bug in some later code. TRUNCATE needs the table's owner, which the portal's database role should not be in
production (see docs/decisions/0008-audit-of-staff-access.md).
"""

from django.db import migrations

CREATE = [
    """
    CREATE OR REPLACE FUNCTION accounts_accessrecord_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'the access log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
    END
    $$
    """,
    "DROP TRIGGER IF EXISTS accounts_accessrecord_append_only ON accounts_accessrecord",
    """
    CREATE TRIGGER accounts_accessrecord_append_only
        BEFORE UPDATE OR DELETE ON accounts_accessrecord
        FOR EACH ROW EXECUTE FUNCTION accounts_accessrecord_append_only()
    """,
]

DROP = [
    "DROP TRIGGER IF EXISTS accounts_accessrecord_append_only ON accounts_accessrecord",
    "DROP FUNCTION IF EXISTS accounts_accessrecord_append_only()",
]


def _run(schema_editor, statements):
    for statement in statements:
        schema_editor.execute(statement, params=None)  # no parameters: the '%' above is PL/pgSQL's


def create(apps, schema_editor):
    _run(schema_editor, CREATE)


def drop(apps, schema_editor):
    _run(schema_editor, DROP)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_signin_failure")]

    operations = [migrations.RunPython(create, drop)]
