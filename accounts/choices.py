"""Fixed lists shared by every app: regions and residency categories."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.TextChoices):
    """The 17 regions and 3 cities of republican significance."""

    ASTANA = "astana", _("Astana")
    ALMATY_CITY = "almaty_city", _("Almaty")
    SHYMKENT = "shymkent", _("Shymkent")
    ABAI = "abai", _("Abai Region")
    AKMOLA = "akmola", _("Akmola Region")
    AKTOBE = "aktobe", _("Aktobe Region")
    ALMATY = "almaty", _("Almaty Region")
    ATYRAU = "atyrau", _("Atyrau Region")
    EAST_KAZAKHSTAN = "east_kazakhstan", _("East Kazakhstan Region")
    JAMBYL = "jambyl", _("Jambyl Region")
    JETISU = "jetisu", _("Jetisu Region")
    WEST_KAZAKHSTAN = "west_kazakhstan", _("West Kazakhstan Region")
    KARAGANDA = "karaganda", _("Karaganda Region")
    KOSTANAY = "kostanay", _("Kostanay Region")
    KYZYLORDA = "kyzylorda", _("Kyzylorda Region")
    MANGYSTAU = "mangystau", _("Mangystau Region")
    PAVLODAR = "pavlodar", _("Pavlodar Region")
    NORTH_KAZAKHSTAN = "north_kazakhstan", _("North Kazakhstan Region")
    TURKISTAN = "turkistan", _("Turkistan Region")
    ULYTAU = "ulytau", _("Ulytau Region")


class Residency(models.TextChoices):
    """Who a person is in Kazakhstan; decides the right to GOBMP (rules section 5)."""

    CITIZEN = "citizen", _("Citizen of Kazakhstan")
    KANDAS = "kandas", _("Kandas")
    REFUGEE = "refugee", _("Refugee")
    PERMANENT_FOREIGNER = "permanent_foreigner", _("Foreigner with permanent residence")
    PERMANENT_STATELESS = "permanent_stateless", _("Stateless person with permanent residence")
    TEMPORARY_FOREIGNER = "temporary_foreigner", _("Foreigner staying temporarily")
    ASYLUM_SEEKER = "asylum_seeker", _("Asylum seeker")


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")
