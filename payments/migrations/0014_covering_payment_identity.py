"""The payments' identity index also carries each payment's amount and state.

The status recompute reads, per person, the period, KNP, sender, received date, amount and state of every
payment. The identity index (iin, period, knp, sender_id, number, received_on) had all but the last two, so each
payment row cost a visit to the table as well; with amount and state INCLUDEd, the nightly sweep reads the index
alone (an index-only scan: a third of the pages, no table visits on pages VACUUM has marked all-visible).
The index stays the unique constraint that deduplicates imports; Django's model state keeps the plain one.
Rebuilding the index locks the payments table for the time of one index build (about a minute for 12 million
payments on a 2-core machine). See docs/decisions/0016.
"""

from django.db import migrations

KEY = "iin, period, knp, sender_id, number, received_on"


DROP = "ALTER TABLE payments_payment DROP CONSTRAINT payment_identity"


class Migration(migrations.Migration):
    dependencies = [("payments", "0013_status_indexes")]

    operations = [
        migrations.RunSQL(
            [
                DROP,
                f"ALTER TABLE payments_payment ADD CONSTRAINT payment_identity UNIQUE ({KEY}) INCLUDE (amount, state)",
            ],
            [DROP, f"ALTER TABLE payments_payment ADD CONSTRAINT payment_identity UNIQUE ({KEY})"],
            elidable=False,
        )
    ]
