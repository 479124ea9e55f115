"""App configuration for regions: Sweden's counties and municipalities."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    """Counties, municipalities and SKR's municipality groups, with their loader."""

    name = "regions"
    verbose_name = _("Län och kommuner")
