"""App configuration for the municipalities' network."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    """Networks, their members, meetings, needs and examples."""

    name = "network"
    verbose_name = _("Nätverket")

    def ready(self):
        """Plug the meetings into the calendars, and the network's pages under the home page."""
        from calendars.sources import register_source
        from coursecontent.extensions import register_subpage_type
        from coursecontent.models import HomePage

        from .calendar_source import MeetingSource

        register_source(MeetingSource())
        register_subpage_type(HomePage, "network.NetworkIndexPage")
