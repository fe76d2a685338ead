"""Payments partitioned by period (docs/decisions/0006)."""

from django.db import migrations
from django.utils import timezone


def forwards(apps, schema_editor):
    from payments.partitions import partition_table

    partition_table(schema_editor, today=timezone.localdate())


def backwards(apps, schema_editor):
    from payments.partitions import unpartition_table

    unpartition_table(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0011_category_history"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
