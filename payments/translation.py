from modeltranslation.translator import TranslationOptions, register
from simple_history import register as keep_history

from .models import PreferentialCategory


@register(PreferentialCategory)
class PreferentialCategoryTranslation(TranslationOptions):
    fields = ("name",)


keep_history(PreferentialCategory, app="payments")  # after the translated fields exist
