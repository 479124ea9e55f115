"""App configuration for calendars: feeds, tokens and invitations for any kind of event."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalendarsConfig(AppConfig):
    """The calendar machinery that knows nothing of courses; event sources plug in."""

    name = "calendars"
    verbose_name = _("Kalendrar")
