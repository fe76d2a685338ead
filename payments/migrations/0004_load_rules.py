"""Copy the rules document's numbers (payments.rules_data) into the editable rules tables."""

from django.db import migrations


def load(apps, schema_editor):
    from payments import rules_data

    MinimumWage = apps.get_model("payments", "MinimumWage")
    ContributionRate = apps.get_model("payments", "ContributionRate")
    BaseRate = apps.get_model("payments", "BaseRate")
    StateRate = apps.get_model("payments", "StateRate")
    MinimumWage.objects.bulk_create(MinimumWage(year=r.year, amount=r.amount) for r in rules_data.MINIMUM_WAGES)
    ContributionRate.objects.bulk_create(
        ContributionRate(
            payer_type=r.payer_type, knp=r.knp, valid_from=r.valid_from, valid_to=r.valid_to, basis=r.basis,
            percent=r.percent, cap_mzp=r.cap_mzp, base_mzp=r.base_mzp, share=r.share,
        )
        for r in rules_data.RATES
    )  # fmt: skip
    BaseRate.objects.bulk_create(BaseRate(valid_from=r.valid_from, percent=r.percent) for r in rules_data.BASE_RATES)
    StateRate.objects.bulk_create(StateRate(year=r.year, percent=r.percent) for r in rules_data.STATE_RATES)


def unload(apps, schema_editor):
    for name in ("MinimumWage", "ContributionRate", "BaseRate", "StateRate"):
        apps.get_model("payments", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("payments", "0003_rules_and_status")]
    operations = [migrations.RunPython(load, unload)]
