"""Template filters and tags for the course pages: frame titles, module bodies, module states."""

import re

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from coursecontent.fragments import render_body

register = template.Library()

IFRAME_WITHOUT_TITLE = re.compile(r"<iframe(?![^>]*\stitle=)", re.IGNORECASE)


@register.filter
def with_frame_title(embed_html: str, title: str) -> str:
    """Give an embed's iframe a title, so screen readers can name the frame (WCAG 4.1.2)."""
    return mark_safe(IFRAME_WITHOUT_TITLE.sub(f'<iframe title="{escape(title)}"', embed_html or ""))


@register.simple_tag(takes_context=True)
def module_body(context, page):
    """The module's body: cached per revision, with each reader's own blocks rendered anew."""
    return render_body(context, page)


@register.simple_tag
def module_state(states, module):
    """The marker beside a module in a list: done ("klar"), started ("påbörjad") or nothing.

    A tag rather than an included template: lists of modules show it on every row, and an
    include per row was a tenth of the cost of Min kurs.
    """
    state = states.get(module.pk) if states else None
    if state == "completed":
        return format_html(
            '<span class="state state--done"><span aria-hidden="true">✓ </span>{}</span>',
            gettext("klar"),
        )
    if state == "started":
        return format_html('<span class="state state--started">{}</span>', gettext("påbörjad"))
    return ""
