"""App configuration for scheduling: counties, municipalities, rounds and cohorts."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchedulingConfig(AppConfig):
    """Reference data and the county boards' course scheduling."""

    name = "scheduling"
    verbose_name = _("Schemaläggning")
