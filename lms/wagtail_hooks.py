"""Admin screens (attendance, statistics, dashboard panel, audit log) and the module page check."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from coursecontent.models import ModulePage

from .attendance_views import AttendanceView
from .module_page import check_module_access
from .privacy.erasure import ERASE_ACTION
from .stats.needs_views import NeedsStatsView
from .stats.panel import HeadlineFiguresPanel
from .stats.views import StatsView


@hooks.register("register_admin_urls")
def register_lms_admin_urls():
    """Attendance at one session (lms_attendance), the statistics section (lms_stats) and the
    network's needs report (lms_stats_needs)."""
    return [
        path("narvaro/<int:session_pk>/", AttendanceView.as_view(), name="lms_attendance"),
        path("statistik/", StatsView.as_view(), name="lms_stats"),
        path("statistik/behov/", NeedsStatsView.as_view(), name="lms_stats_needs"),
    ]


class StatisticsMenuItem(MenuItem):
    """Shown to those who may see statistics."""

    def is_shown(self, request):
        """Coordinators and administrators."""
        return request.user.has_perm("lms.view_statistics")


@hooks.register("register_admin_menu_item")
def register_statistics_menu_item():
    """ "Statistik" in the admin menu."""
    return StatisticsMenuItem(_("Statistik"), reverse("lms_stats"), icon_name="table", order=250)


@hooks.register("construct_homepage_panels")
def add_headline_figures(request, panels):
    """The coordinator's headline figures first on the dashboard."""
    if request.user.has_perm("lms.view_statistics"):
        panels.insert(0, HeadlineFiguresPanel(request.user))


@hooks.register("register_log_actions")
def register_erasure_log_action(actions):
    """The audit log's entry for an erased participant (it names no one)."""
    actions.register_action(
        ERASE_ACTION, _("Radera personuppgifter"), _("Personuppgifterna raderade")
    )


# After Wagtail's own check of the request method (order 0), as when the page served itself.
@hooks.register("before_serve_page", order=10)
def check_module_page_access(page, request, serve_args, serve_kwargs):
    """A module is for staff and participants with a place, and is started when first opened."""
    if isinstance(page, ModulePage):
        return check_module_access(page, request)
    return None
