"""The statistics' freshness note: when the figures were computed, and the bound they keep."""

from django import template
from django.conf import settings

register = template.Library()


@register.inclusion_tag("lms/includes/stats_freshness.html")
def stats_freshness(computed_at):
    """The note under kept figures (`lms.stats.snapshots`): computed at, updated within N min."""
    return {"computed_at": computed_at, "max_minutes": settings.STATS_MAX_AGE_SECONDS // 60}
