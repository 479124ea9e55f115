"""App configuration for coursecontent: the course pages in Wagtail."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursecontentConfig(AppConfig):
    """Wagtail page types for the course index, the courses and their modules."""

    name = "coursecontent"
    verbose_name = _("Kursinnehåll")

    def ready(self):
        """Keep the shared cache of the page tree in step with every change to it."""
        from .tree_cache import connect_invalidation

        connect_invalidation()
