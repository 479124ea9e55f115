"""Page view restrictions in one query, where Wagtail's own check needs two on every page view."""

from django.db.models import Q
from wagtail.models import Page, PageViewRestriction


class OneQueryViewRestrictionsMixin:
    """A page that finds the view restrictions over it and its ancestors in a single query.

    Wagtail's `Page.get_view_restrictions` first loads the ancestors (to resolve aliases) and
    then their restrictions. The ancestors' tree paths are prefixes of the page's own path, so
    one query can match them directly: restrictions on the page and its ancestors that are not
    aliases, and restrictions on the source page of any of them that is an alias (an alias
    uses its source's restrictions and cannot have its own, as in Wagtail).
    """

    def get_view_restrictions(self):
        """The restrictions that apply to this page, as Wagtail's method returns them."""
        step = Page.steplen
        paths = [self.path[:end] for end in range(step, len(self.path) + 1, step)]
        return PageViewRestriction.objects.filter(
            Q(page__path__in=paths, page__alias_of__isnull=True) | Q(page__aliases__path__in=paths)
        ).distinct()
