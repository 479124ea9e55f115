"""App configurations for lms: participants and progress, and the Wagtail user admin."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class LmsConfig(AppConfig):
    """Participant accounts, progress and completion."""

    default = True
    name = "lms"
    verbose_name = _("Deltagare och framsteg")


class UsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with the participant's municipality and job title in its forms."""

    default = False
    user_viewset = "lms.viewsets.UserViewSet"
