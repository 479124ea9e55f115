"""Template filters for the course pages."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

IFRAME_WITHOUT_TITLE = re.compile(r"<iframe(?![^>]*\stitle=)", re.IGNORECASE)


@register.filter
def with_frame_title(embed_html: str, title: str) -> str:
    """Give an embed's iframe a title, so screen readers can name the frame (WCAG 4.1.2)."""
    return mark_safe(IFRAME_WITHOUT_TITLE.sub(f'<iframe title="{escape(title)}"', embed_html or ""))


@register.filter
def get_item(mapping, key):
    """Look a key up in a dict from a template: {{ states|get_item:module.pk }}."""
    return mapping.get(key) if mapping else None
