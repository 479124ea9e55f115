"""Reusable page queries for the course tree."""

from wagtail.query import PageQuerySet


class ModulePageQuerySet(PageQuerySet):
    """Queries over module pages."""

    def for_contents(self):
        """Tree order, loading only the fields a table of contents or navigation shows."""
        return self.order_by("path").only(
            "id",
            "title",
            "slug",
            "path",
            "depth",
            "url_path",
            "live",
            "estimated_minutes",
            "is_required",
        )
