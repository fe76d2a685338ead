"""Statuses are updated in place (PostgreSQL's HOT updates): no index on what a recompute changes, room on each page.

After a register, a recompute rewrites most insured people's status with a later lapse date. With the index on
(insured, lapse_date) every such write was a new row version plus new entries in both indexes; without it, and
with a fifth of each page left free (fillfactor 80), PostgreSQL updates the row on its own page and touches no
index. The fillfactor applies to pages written from now on (a VACUUM FULL would rewrite the old ones at once;
it is not run here because it locks the table). See docs/decisions/0016.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("payments", "0014_covering_payment_identity")]

    operations = [
        migrations.RemoveIndex(model_name="personstatus", name="status_lapse"),
        migrations.RunSQL(
            "ALTER TABLE payments_personstatus SET (fillfactor = 80)",
            "ALTER TABLE payments_personstatus RESET (fillfactor)",
            elidable=False,
        ),
    ]
