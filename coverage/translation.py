from modeltranslation.translator import TranslationOptions, register
from simple_history import register as keep_history

from .models import Change, Condition, Disease, DiseaseList, Item, MedicalOrganisation, Package, Section


@register(Package)
class PackageTranslation(TranslationOptions):
    fields = ("name", "summary", "who")


@register(Section)
class SectionTranslation(TranslationOptions):
    fields = ("name",)


@register(Condition)
class ConditionTranslation(TranslationOptions):
    fields = ("label",)


@register(Item)
class ItemTranslation(TranslationOptions):
    fields = ("text", "condition_note")


@register(DiseaseList)
class DiseaseListTranslation(TranslationOptions):
    fields = ("name", "note")


@register(Disease)
class DiseaseTranslation(TranslationOptions):
    fields = ("name", "note")


@register(Change)
class ChangeTranslation(TranslationOptions):
    fields = ("text",)


@register(MedicalOrganisation)
class MedicalOrganisationTranslation(TranslationOptions):
    fields = ("name",)


# History is registered after the translations, so that the historical tables have every language's column.
for model in (Package, Section, Item, DiseaseList, Disease, MedicalOrganisation):
    keep_history(model, app=__package__)
