"""A demo provider login: a receptionist of the demo city polyclinic. Running it again changes nothing."""

from __future__ import annotations

from datetime import date

from accounts import iin as iin_rules
from coverage.models import MedicalOrganisation

from .models import ProviderAccount
from .services import provider_account_open

PROVIDER_PASSWORD = "Demo-clinic-2026!"
DEMO_BIN = "980340990451"  # City Polyclinic No. 4 (demo), from coverage/data/organisations_demo.csv
RECEPTIONIST_IIN = iin_rules.compose(date(1991, 4, 17), "F", 7301)


def load() -> ProviderAccount:
    """The receptionist's account (created once, with the published demo password)."""
    account = (
        ProviderAccount.objects.select_related("user", "organisation").filter(user__username=RECEPTIONIST_IIN).first()
    )
    if account is not None:
        return account
    organisation = MedicalOrganisation.objects.get(bin=DEMO_BIN)
    account = provider_account_open(
        iin=RECEPTIONIST_IIN,
        last_name="Серікова",
        first_name="Гүлнар",
        email="reception@polyclinic4.example.kz",
        organisation=organisation,
    )
    account.user.set_password(PROVIDER_PASSWORD)
    account.user.save(update_fields=["password"])
    return account
