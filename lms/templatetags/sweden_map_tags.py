"""The map of Sweden's counties as a template tag: {% sweden_map values labels links ... %}."""

from collections.abc import Mapping

from django import template

from lms.stats.sweden_map import load_counties, render_map

register = template.Library()

PACKAGE_URL = "https://www.npmjs.com/package/@svg-maps/sweden"


@register.inclusion_tag("lms/includes/sweden_map.html")
def sweden_map(
    values: Mapping[str, float | None],
    labels: Mapping[str, str],
    links: Mapping[str, str],
    *,
    title: str,
    description: str,
    legend_title: str,
) -> dict:
    """The county map in a figure, credited to its source under CC BY 4.0.

    Usage: {% sweden_map values labels links title=t description=d legend_title=l %}, where the
    three mappings are keyed by SCB county code (see lms.stats.sweden_map.render_map).
    """
    return {
        "svg": render_map(
            values,
            labels=labels,
            links=links,
            title=title,
            description=description,
            legend_title=legend_title,
        ),
        "licence_url": load_counties().licence_url,
        "source_url": PACKAGE_URL,
    }
