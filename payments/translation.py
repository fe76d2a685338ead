from modeltranslation.translator import TranslationOptions, register

from .models import PreferentialCategory


@register(PreferentialCategory)
class PreferentialCategoryTranslation(TranslationOptions):
    fields = ("name",)
