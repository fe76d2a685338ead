from django import template

from transparency import selectors
from transparency.forms import RegionForm

register = template.Library()


@register.simple_tag
def region_choices():
    """The region form's choices, for a part rendered from plain values."""
    return RegionForm.base_fields["region"].choices


@register.simple_tag
def published_table(slug: str, region: str, exact: bool):
    """The table `slug` (transparency.selectors.published_table), for a part that is rendered once and kept."""
    return selectors.published_table(slug, region, exact=exact)
