"""Writes to the benefit catalogue that are more than one row: drafting a new package version, publishing it.

Both run in one transaction and keep history (django-simple-history records every saved row; in a request
the history middleware names the staff member, elsewhere pass `by`).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .models import Item, Package, Section

MAX_VERSION = Package._meta.get_field("version").max_length

REFUSALS = {
    "version_empty": _("Give the new version a label."),
    "version_too_long": _("The version label is longer than %(max)d characters."),
    "version_taken": _("This package already has a version with that label."),
    "already_published": _("This version is already published."),
    "not_after_previous": _("A new version must come into force after the version published before it."),
}


class CatalogueRefused(Exception):
    """A catalogue change refused; `code` is one of REFUSALS."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code

    @property
    def message(self) -> str:
        return str(REFUSALS[self.code]) % {"max": MAX_VERSION}


def _copy(obj, by, **changes):
    """Save a copy of `obj` (every column, every language) with `changes`; returns the copy."""
    model = type(obj)
    values = {f.attname: obj.__dict__[f.attname] for f in model._meta.concrete_fields if not f.primary_key}
    copy = model(**{**values, **changes})
    if by is not None:
        copy._history_user = by
    copy.save()
    return copy


def package_copy_as_draft(package: Package, *, version: str, valid_from: date, by=None) -> Package:
    """A deep copy of `package` (its sections and their items), unpublished, as version `version` from `valid_from`.

    The draft is open-ended (`valid_to` empty) until it is published.
    """
    version = (version or "").strip()
    if not version:
        raise CatalogueRefused("version_empty")
    if len(version) > MAX_VERSION:
        raise CatalogueRefused("version_too_long")
    with transaction.atomic(), translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
        source = Package.objects.get(pk=package.pk)
        if Package.objects.filter(code=source.code, version=version).exists():
            raise CatalogueRefused("version_taken")
        draft = _copy(source, by, version=version, valid_from=valid_from, valid_to=None, published=False)
        for section in Section.objects.filter(package=source).order_by("order", "pk"):
            section_copy = _copy(section, by, package_id=draft.pk)
            for item in Item.objects.filter(section=section).order_by("order", "pk"):
                _copy(item, by, section_id=section_copy.pk)
    return draft


def previous_published(package: Package, *, lock: bool = False) -> Package | None:
    """The published version of the same code that the package follows (the latest other published one)."""
    rows = Package.objects.select_for_update() if lock else Package.objects.all()
    return rows.filter(code=package.code, published=True).exclude(pk=package.pk).order_by("-valid_from", "-pk").first()


def package_publish(package: Package, *, by=None) -> Package | None:
    """Publish a draft; the version published before it ends the day before the new one begins.

    Refused when the draft is already published or does not begin after the previous version. A previous
    version that already ends earlier keeps its end. Returns the previous version (or None).
    """
    with transaction.atomic():
        draft = Package.objects.select_for_update().get(pk=package.pk)
        if draft.published:
            raise CatalogueRefused("already_published")
        previous = previous_published(draft, lock=True)
        if previous is not None:
            if draft.valid_from <= previous.valid_from:
                raise CatalogueRefused("not_after_previous")
            day_before = draft.valid_from - timedelta(days=1)
            if previous.valid_to is None or previous.valid_to > day_before:
                previous.valid_to = day_before
                if by is not None:
                    previous._history_user = by
                previous.save(update_fields=["valid_to"])
        draft.published = True
        if by is not None:
            draft._history_user = by
        draft.save(update_fields=["published"])
    package.published = True
    return previous
