"""App configuration for scheduling: rounds, cohorts, sessions and enrolment."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchedulingConfig(AppConfig):
    """The county boards' course scheduling."""

    name = "scheduling"
    verbose_name = _("Schemaläggning")

    def ready(self):
        """Plug the sessions into the calendars, and the interest section into the course page."""
        from calendars.sources import register_source
        from coursecontent.extensions import register_context_provider
        from coursecontent.models import CoursePage

        from .calendar_source import SessionSource

        register_source(SessionSource())
        register_context_provider(CoursePage, course_interest_context)


def course_interest_context(page, request, context) -> dict:
    """The course page's section on how a municipality registers interest."""
    return {"interest_template": "scheduling/includes/course_interest.html"}
