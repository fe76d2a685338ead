"""Letters to citizens, in the language they chose."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation


def send_to_user(user, template: str, context: dict) -> bool:
    """Render `<template>_subject.txt` and `<template>.txt` in the user's language and send them.

    Returns False (and sends nothing) for a user without an e-mail address.
    """
    if not user or not user.email:
        return False
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
    send_mail(subject, body, None, [user.email])
    return True
