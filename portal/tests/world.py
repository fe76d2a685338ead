"""One of everything, for the security tests: a citizen who owns data (the owner), another citizen (the outsider),
a clinic's front-desk account (provider), one fund staff member per role, and at least one row of every model the
admin shows, most of them the owner's personal data.

`SECRETS` are strings only the owner's data contains: a page that shows one to somebody else leaks it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts import audit, roles
from accounts import iin as iin_rules
from accounts.models import User

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
APPEAL_TEXT = "Құпия шағым: дәрігер қабылдамады 7319"
REQUEST_NOTE = "Құпия өтініш 5521"
OWNER_EMAIL = "c1@example.kz"  # conftest's make_citizen(1)
STAFF_PASSWORD = "Staff-pass-2026"


def pdf(name: str = "scan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def bin_number(serial: int) -> str:
    return iin_rules.compose(date(1998, 3, 1), "M", 5000 + serial)


@dataclass
class World:
    owner: User
    outsider: User
    provider: User
    staff: dict[str, User]
    objects: dict[str, object] = field(default_factory=dict)

    @property
    def secrets(self) -> list[str]:
        return [self.owner.username, OWNER_EMAIL, APPEAL_TEXT, REQUEST_NOTE]

    def user(self, persona: str) -> User | None:
        if persona == "anonymous":
            return None
        return {"owner": self.owner, "outsider": self.outsider, "provider": self.provider}.get(persona) or self.staff[
            persona
        ]

    def __getattr__(self, name):
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None


def staff_user(role: str) -> User:
    user = User.objects.create_user(role, password=STAFF_PASSWORD, is_staff=True, email=f"{role}@fund.example.kz")
    user.groups.add(Group.objects.get(name=role))
    return user


def build(owner: User, outsider: User) -> World:
    from appeals import services as appeal_services
    from appeals.models import Review
    from coverage.models import MedicalOrganisation, OrganisationImport, OrganisationQuarantine
    from payments import documents
    from payments.models import (
        CategoryMembership,
        EmployerArrear,
        PersonStatus,
        PreferentialCategory,
        QuarantinedRow,
        Register,
        StatusChange,
    )
    from payments.services.category_requests import category_request_submit
    from payments.tests.factories import months, pay_self
    from providers.models import ProviderLookup
    from providers.services import provider_account_open
    from transparency.services import figures_refresh

    person = owner.person
    clinic = MedicalOrganisation.objects.create(
        bin=bin_number(1), name="Емхана №4", region="astana", kind="polyclinic", address="Демо көшесі 4"
    )
    account = provider_account_open(
        iin=iin_rules.compose(date(1985, 6, 15), "F", 9001),
        last_name="Серікова",
        first_name="Гүлнар",
        email="desk@clinic.example.kz",
        organisation=clinic,
    )
    world = World(owner=owner, outsider=outsider, provider=account.user, staff={r: staff_user(r) for r in roles.ROLES})
    o = world.objects
    o["clinic"] = clinic

    pay_self(person, months("2025-01", "2025-03"))
    register = Register.objects.get(name="test.csv")
    o["register"] = register
    o["quarantined"] = QuarantinedRow.objects.create(register=register, line=7, reason="iin", raw=f"x;{owner.username}")
    PersonStatus.objects.create(person=person, insured=False, basis="", computed_at=timezone.now())
    StatusChange.objects.create(person=person, new_insured=False, trigger="test", changed_at=timezone.now())
    category = PreferentialCategory.objects.exclude(code="child").order_by("code").first()
    o["category_request"] = category_request_submit(
        person=person, category=category.code, start=date(2025, 1, 1), note=REQUEST_NOTE,
        documents=[(pdf(), ("application/pdf", "pdf"))],
    )  # fmt: skip
    o["category_document"] = o["category_request"].documents.get()
    CategoryMembership.objects.create(person=person, category=category, start=date(2025, 1, 1))
    o["certificate"] = documents.certificate_issue(person=person)

    filed = appeal_services.appeal_submit(
        kind="care_refused", region="astana", organisation=clinic, event_date=timezone.localdate(),
        description=APPEAL_TEXT, user=owner, attachments=[pdf()],
    )  # fmt: skip
    o["appeal"], o["access_code"] = filed.appeal, filed.access_code
    o["attachment"] = filed.appeal.attachments.get()
    Review.objects.create(person=person, organisation=clinic, score=4, comment="Жақсы")
    ProviderLookup.objects.create(
        organisation=clinic, user=account.user, iin=owner.username, reason="visit", channel="page", insured=False
    )
    batch = OrganisationImport.objects.create(name="orgs.csv", rows=1, rejected=1)
    OrganisationQuarantine.objects.create(batch=batch, line=2, reason="bin", raw="bad;line")
    o["organisation_import"] = batch
    EmployerArrear.objects.create(
        bin=bin_number(2), name="ТОО Ромашка", iin=owner.username, period=date(2025, 2, 1), kind="no_122",
        paid_121=2550, paid_122=0, due_122=1700, amount_missing=1700, others_paid=True, computed_at=timezone.now(),
    )  # fmt: skip
    audit.record(actor=world.staff[roles.FUND_OPERATOR], action="test.read", subject_iin=owner.username, obj="test")
    figures_refresh()  # the published figures: counts only, no one's data

    for model in admin.site._registry:  # every model the admin shows has a row, and a history entry if it keeps one
        row = model._default_manager.order_by("pk").first()
        assert row is not None, f"the security world has no {model._meta.label}: add one in portal/tests/world.py"
        if hasattr(model, "history") and not row.history.exists():
            row.save()
    return world


def first(model):
    return model._default_manager.order_by("pk").first()
