"""Start-up check of the look-up limits: a bad value stops `manage.py check` (and runserver, migrate) loudly."""

from django.conf import settings
from django.core.checks import Error, register


@register()
def lookup_limits(app_configs, **kwargs):
    errors = []
    for name in ("PROVIDER_LOOKUPS_PER_MINUTE", "PROVIDER_LOOKUPS_PER_DAY"):
        value = getattr(settings, name, None)
        if not isinstance(value, int) or value < 1:
            errors.append(Error(f"{name} must be a whole number of at least 1.", id="providers.E001"))
    minute, day = getattr(settings, "PROVIDER_LOOKUPS_PER_MINUTE", 0), getattr(settings, "PROVIDER_LOOKUPS_PER_DAY", 0)
    if not errors and minute > day:
        errors.append(
            Error("PROVIDER_LOOKUPS_PER_MINUTE must not exceed PROVIDER_LOOKUPS_PER_DAY.", id="providers.E002")
        )
    return errors
