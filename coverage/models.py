"""The benefit catalogue (GOBMP, OSMS and the 2026 unified package), chronic-disease lists, and medical
organisations. Texts are translated with django-modeltranslation (kk, ru, en); every change an editor
makes is kept with who made it (django-simple-history, registered in translation.py, after the
translated fields exist, so that the history keeps every language).
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.choices import Region
from accounts.validators import validate_bin


class PackageQuerySet(models.QuerySet):
    def in_force(self, on: date) -> PackageQuerySet:
        """Published versions valid on `on`."""
        return self.filter(published=True, valid_from__lte=on).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))


class Package(models.Model):
    """One version of a package, in force from `valid_from` to `valid_to` (open when empty)."""

    class Kind(models.TextChoices):
        TMKKK = "tmkkk", _("free guaranteed volume (GOBMP)")
        OSMS = "osms", _("insurance package (OSMS)")
        UNIFIED = "unified", _("unified package (from 2026)")

    code = models.SlugField(_("code"), max_length=40, help_text=_("tmkkk, osms, unified_base, unified_insurance"))
    version = models.CharField(_("version"), max_length=16)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    valid_from = models.DateField(_("in force from"))
    valid_to = models.DateField(_("in force until"), null=True, blank=True)
    name = models.CharField(_("name"), max_length=255)
    summary = models.TextField(_("summary"), blank=True)
    who = models.TextField(_("who may receive it"), blank=True)
    source = models.CharField(_("source"), max_length=64, blank=True)
    complete = models.BooleanField(
        _("complete list"), default=True, help_text=_("False when the sources list only changes")
    )
    published = models.BooleanField(_("published"), default=True)

    objects = PackageQuerySet.as_manager()

    class Meta:
        verbose_name = _("package version")
        verbose_name_plural = _("package versions")
        ordering = ["valid_from", "code"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="package_version")]

    def __str__(self) -> str:
        return f"{self.name} ({self.version})"


class Section(models.Model):
    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="sections", verbose_name=_("package"))
    code = models.SlugField(_("code"), max_length=40)
    group = models.SlugField(_("group"), max_length=40, blank=True)
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=255)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["package", "order"]
        constraints = [models.UniqueConstraint(fields=["package", "code"], name="section_code")]

    def __str__(self) -> str:
        return self.name


class Condition(models.Model):
    """When an item is given: to everyone, to the insured only, by referral, to certain groups…"""

    code = models.SlugField(_("code"), max_length=40, primary_key=True)
    label = models.CharField(_("label"), max_length=255)

    class Meta:
        verbose_name = _("condition")
        verbose_name_plural = _("conditions")

    def __str__(self) -> str:
        return self.label


class Item(models.Model):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="items", verbose_name=_("section"))
    order = models.PositiveSmallIntegerField(_("order"))
    text = models.TextField(_("text"))
    condition = models.ForeignKey(
        Condition, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("condition")
    )
    condition_note = models.TextField(_("condition in detail"), blank=True)

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        ordering = ["section", "order"]

    def __str__(self) -> str:
        return self.text[:80]


class DiseaseList(models.Model):
    code = models.SlugField(_("code"), max_length=40, primary_key=True)
    package_code = models.SlugField(_("package"), max_length=40, blank=True)
    valid_from = models.DateField(_("in force from"), null=True, blank=True)
    valid_to = models.DateField(_("in force until"), null=True, blank=True)
    name = models.CharField(_("name"), max_length=255)
    note = models.TextField(_("note"), blank=True)
    source = models.CharField(_("source"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("disease list")
        verbose_name_plural = _("disease lists")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Disease(models.Model):
    """A chronic disease (group) under dynamic observation, with its ICD-10 code where the seed gives one."""

    icd10 = models.CharField(_("ICD-10 code"), max_length=16, blank=True, db_index=True)
    name = models.TextField(_("name"))
    note = models.TextField(_("note"), blank=True)
    lists = models.ManyToManyField(DiseaseList, related_name="diseases", verbose_name=_("lists"))
    icd10_includes = models.JSONField(_("ICD-10 codes included"), default=list, blank=True)
    icd10_excludes = models.JSONField(_("ICD-10 codes excluded"), default=list, blank=True)

    class Meta:
        verbose_name = _("disease")
        verbose_name_plural = _("diseases")
        ordering = ["icd10", "id"]

    def __str__(self) -> str:
        return f"{self.icd10} {self.name[:60]}".strip()


class Change(models.Model):
    """A dated change to the packages, as the fund's leaflets tell it."""

    code = models.SlugField(_("code"), max_length=60, primary_key=True)
    date = models.DateField(_("date"))
    source = models.CharField(_("source"), max_length=64, blank=True)
    packages = models.JSONField(_("packages"), default=list)
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        ordering = ["date", "code"]

    def __str__(self) -> str:
        return self.text[:80]


class MedicalOrganisation(models.Model):
    class Kind(models.TextChoices):
        PRIMARY_CARE = "primary_care", _("primary health care")
        POLYCLINIC = "polyclinic", _("polyclinic")
        HOSPITAL = "hospital", _("hospital")
        DAY_HOSPITAL = "day_hospital", _("day hospital")
        REHABILITATION = "rehabilitation", _("rehabilitation centre")
        DENTAL = "dental", _("dental clinic")
        EMERGENCY = "emergency", _("emergency care station")
        DIAGNOSTICS = "diagnostics", _("diagnostic centre")
        PALLIATIVE = "palliative", _("hospice, palliative care")

    bin = models.CharField(_("BIN"), max_length=12, unique=True, validators=[validate_bin])
    name = models.CharField(_("name"), max_length=255)
    region = models.CharField(_("region"), max_length=24, choices=Region.choices, db_index=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, db_index=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    is_fund_supplier = models.BooleanField(_("supplier of the fund"), default=True, db_index=True)
    provides = models.JSONField(_("sections of care it provides"), default=list, blank=True)
    active = models.BooleanField(_("active"), default=True)
    # Published figures, kept current by appeals.services (this app never imports appeals).
    rating = models.DecimalField(_("rating"), max_digits=3, decimal_places=2, null=True, blank=True, editable=False)
    review_count = models.PositiveIntegerField(_("reviews"), default=0, editable=False)
    appeal_count = models.PositiveIntegerField(_("appeals"), default=0, editable=False)

    class Meta:
        verbose_name = _("medical organisation")
        verbose_name_plural = _("medical organisations")
        ordering = ["region", "name"]

    def __str__(self) -> str:
        return self.name


class OrganisationImport(models.Model):
    """One upload of the organisation list, with its counts; its rejected rows are kept in quarantine."""

    name = models.CharField(_("file name"), max_length=255)
    uploaded_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("imported"), auto_now_add=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("organisations added"), default=0)
    updated = models.PositiveIntegerField(_("organisations changed"), default=0)
    unchanged = models.PositiveIntegerField(_("organisations unchanged"), default=0)
    rejected = models.PositiveIntegerField(_("in quarantine"), default=0)

    class Meta:
        verbose_name = _("organisation import")
        verbose_name_plural = _("organisation imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.created_at:%d.%m.%Y %H:%M})"


class OrganisationQuarantine(models.Model):
    """A line of an organisation file that was not accepted, with its line number and reason."""

    batch = models.ForeignKey(OrganisationImport, on_delete=models.CASCADE, related_name="quarantine")
    line = models.PositiveIntegerField(_("line"))
    reason = models.CharField(_("reason"), max_length=32)
    raw = models.TextField(_("line as received"))

    class Meta:
        verbose_name = _("quarantined organisation row")
        verbose_name_plural = _("quarantined organisation rows")
        ordering = ["batch", "line"]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.line} {self.reason}"
