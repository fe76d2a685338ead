"""Load the catalogue written from the fund's leaflets (coverage/data/catalogue.json)."""

from django.db import migrations


def load(apps, schema_editor):
    from coverage import catalogue

    catalogue.load(catalogue.read(), lambda name: apps.get_model("coverage", name))


class Migration(migrations.Migration):
    dependencies = [("coverage", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
