"""The admin's change log (LogEntry) in the reader's language, field names included.

Django stores the fields a change touched by their English form labels, capitalised ("Phone"), and translates
them when it shows the log: a catalogue holds the verbose name ("phone"), so the label is found only where a form
label happens to be a message of its own, and the history page says "Өзгертілді: Phone және Language." The
`change_message` filter looks each label up as the verbose name it comes from before Django writes the message.
"""

import json

from django import template
from django.contrib.admin.models import LogEntry
from django.utils.translation import gettext

register = template.Library()


def _field_label(label: str) -> str:
    for candidate in (label[:1].lower() + label[1:], label):
        translated = gettext(candidate)
        if translated != candidate:
            return translated
    return label


@register.filter
def change_message(entry: LogEntry) -> str:
    """What LogEntry.get_change_message says, with the changed fields' labels translated."""
    try:
        messages = json.loads(entry.change_message) if entry.change_message.startswith("[") else None
    except json.JSONDecodeError:
        messages = None
    if not messages:
        return entry.get_change_message()
    for message in messages:
        changed = message.get("changed") or {}
        if "fields" in changed:
            changed["fields"] = [_field_label(label) for label in changed["fields"]]
    return LogEntry(change_message=json.dumps(messages)).get_change_message()
