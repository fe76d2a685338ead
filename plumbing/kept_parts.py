"""`{% kept_part "template.html" name=value … %}`: a part of a page rendered from the values passed to it alone, and
kept across visitors in the per-process "fragments" cache (settings).

The part is rendered with those values as its whole context: no request, no user, nothing else of the page. Its
key is the template, the language and every value passed, so two visitors share one rendering only when
everything the part could show is the same for both; a personal value passed in would be part of the key and could
never reach another visitor. The status page's reasons and month strip are rendered this way: each citizen's page
is personal, but a citizen's reasons or months usually look like thousands of others' (decision 0016 has the
figures).

Loaded as the template library `kept` (settings.TEMPLATES); the app that owns the part owns its template.
"""

from __future__ import annotations

import hashlib
import json

from django import template
from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

KEPT_SECONDS = 86_400


def part_key(template_name: str, data: dict) -> str:
    """The cache key of a part: its template, the active language and a digest of every value passed to it."""
    text = json.dumps([template_name, get_language(), data], sort_keys=True, default=str, ensure_ascii=False)
    return "kept-part:" + hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


@register.simple_tag
def kept_part(template_name: str, **data) -> str:
    kept = caches["fragments"]
    key = part_key(template_name, data)
    html = kept.get(key)
    if html is None:
        html = render_to_string(template_name, data)
        kept.set(key, html, KEPT_SECONDS)
    return mark_safe(html)  # noqa: S308 - the output of a template, escaped by it
