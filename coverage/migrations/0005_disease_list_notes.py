"""Two disease-list notes shown to citizens named our internal seed numbers; name the fund's leaflets instead.

Only those notes are updated, so that nothing an editor changed elsewhere is touched.
"""

from django.db import migrations

CODES = ("osms_before_2026", "tmkkk_social_2020_model")


def update(apps, schema_editor):
    from coverage import catalogue

    DiseaseList = apps.get_model("coverage", "DiseaseList")
    for raw in catalogue.read()["disease_lists"]:
        if raw["code"] in CODES:
            DiseaseList.objects.filter(code=raw["code"]).update(**catalogue.texts("note", raw["note"]))


class Migration(migrations.Migration):
    dependencies = [("coverage", "0004_organisation_import_labels")]
    operations = [migrations.RunPython(update, migrations.RunPython.noop)]
