"""The outbox's admin screen and its menu item, for those who may send stuck mail again."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import RESEND_PERMISSION, OutboxView


@hooks.register("register_admin_urls")
def register_outbox_url():
    """The outbox screen (calendars_outbox)."""
    return [path("utkorg/", OutboxView.as_view(), name="calendars_outbox")]


class OutboxMenuItem(MenuItem):
    """Shown to those who may see the outbox."""

    def is_shown(self, request):
        """National staff and administrators."""
        return request.user.has_perm(RESEND_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_outbox_menu_item():
    """ "Utgående e-post" in the admin menu."""
    return OutboxMenuItem(
        _("Utgående e-post"), reverse("calendars_outbox"), icon_name="mail", order=260
    )
