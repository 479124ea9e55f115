"""App configuration for accounts: participant accounts, login forms and staff roles."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Creating and inviting participant accounts, logging in, and the staff roles.

    The user model itself stays in `lms` (moving a user model is costly); code here reaches it
    through `get_user_model()`.
    """

    name = "accounts"
    verbose_name = _("Konton")
