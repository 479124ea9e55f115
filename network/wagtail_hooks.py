"""The network admin (networks, members, meetings, topics) and who may read an example page."""

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from scheduling.audit import register_actions
from scheduling.models import Topic

from .access import networks_run_by
from .admin_forms import MeetingForm
from .admin_views import (
    MeetingAttendanceView,
    MeetingCancelView,
    MeetingCreateView,
    MeetingEditView,
    MeetingHistoryView,
    MeetingIndexView,
    MeetingScopedDeleteView,
    MeetingUsageView,
    NetworkEditView,
    NetworkIndexView,
    NetworkMembersView,
)
from .audit import MEETING_ACTIONS
from .models import ExamplePage, Meeting, Network, networks_seen_by


class NetworkViewSet(ModelViewSet):
    """The networks: national coordinators create them, coordinators run theirs."""

    model = Network
    icon = "group"
    menu_label = _("Nätverk")
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = False
    index_view_class = NetworkIndexView
    edit_view_class = NetworkEditView
    list_display = ["name", "kind", "county"]
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("county"),
        FieldPanel("description"),
    ]

    def get_urlpatterns(self):
        """Add the members view."""
        return super().get_urlpatterns() + [
            path("<int:pk>/medlemmar/", NetworkMembersView.as_view(), name="members"),
        ]


class MeetingViewSet(ModelViewSet):
    """Network meetings, saved through their services so that calendars follow every change."""

    model = Meeting
    icon = "date"
    menu_label = _("Nätverksträffar")
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = False
    index_view_class = MeetingIndexView
    add_view_class = MeetingCreateView
    edit_view_class = MeetingEditView
    delete_view_class = MeetingScopedDeleteView
    history_view_class = MeetingHistoryView
    usage_view_class = MeetingUsageView
    list_filter = ["network", "status"]
    list_display = [
        "title",
        "network",
        "start",
        "status",
        Column("yes_count", label=_("Ja")),
        Column("maybe_count", label=_("Kanske")),
        Column("no_count", label=_("Nej")),
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("network"),
            FieldPanel("title"),
            MultiFieldPanel(
                [FieldPanel("start"), FieldPanel("end"), FieldPanel("capacity")],
                heading=_("Tid och platser"),
            ),
            MultiFieldPanel(
                [FieldPanel("mode"), FieldPanel("location"), FieldPanel("online_url")],
                heading=_("Plats"),
            ),
            FieldPanel("agenda"),
            FieldPanel("documents", widget=forms.CheckboxSelectMultiple),
            FieldPanel("status", read_only=True),
        ],
        base_form_class=MeetingForm,
    )

    def get_urlpatterns(self):
        """Add the cancel and attendance views."""
        return super().get_urlpatterns() + [
            path("<int:pk>/stall-in/", MeetingCancelView.as_view(), name="cancel"),
            path("<int:pk>/deltagare/", MeetingAttendanceView.as_view(), name="attendance"),
        ]


class TopicViewSet(ModelViewSet):
    """The topics members choose from; editors add more."""

    model = Topic
    icon = "tag"
    menu_label = _("Ämnen")
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = False
    list_display = ["name", "sort_order"]
    form_fields = ["name", "sort_order"]


class NetworkViewSetGroup(ViewSetGroup):
    """The municipalities' network, as one admin menu."""

    menu_label = _("Nätverket")
    menu_icon = "group"
    menu_order = 250
    items = (
        NetworkViewSet("network_network", url_prefix="natverk/natverk"),
        MeetingViewSet("network_meeting", url_prefix="natverk/traffar"),
        TopicViewSet("network_topic", url_prefix="natverk/amnen"),
    )


@hooks.register("register_admin_viewset")
def register_network_viewsets():
    """Register the network menu and its screens."""
    return NetworkViewSetGroup()


@hooks.register("before_serve_page")
def examples_for_members_only(page, request, serve_args, serve_kwargs):
    """An example is read by members of its network (and staff) only; others log in or 404."""
    if not isinstance(page, ExamplePage):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not networks_seen_by(request.user).filter(pk=page.network_id).exists():
        raise Http404
    return None


def _refuse_other_networks_example(request, page):
    """The page editor's side of `ExampleApprovalTask`: an example is edited, published,
    unpublished or deleted only by those who run its network."""
    if isinstance(page.specific_deferred, ExamplePage) and not (
        networks_run_by(request.user).filter(pk=page.specific_deferred.network_id).exists()
    ):
        raise PermissionDenied


for _hook in (
    "before_edit_page",
    "before_publish_page",
    "before_unpublish_page",
    "before_delete_page",
    "before_copy_page",
):
    hooks.register(_hook, _refuse_other_networks_example)


@hooks.register("before_move_page")
def refuse_moving_other_networks_example(request, page, destination):
    """Moving an example is for those who run its network."""
    _refuse_other_networks_example(request, page)


@hooks.register("before_bulk_action")
def refuse_bulk_actions_on_other_networks_examples(request, action_type, objects, action):
    """Bulk publish, unpublish, move and delete hold the same rule for every example."""
    if action_type == "page":
        for page in objects:
            _refuse_other_networks_example(request, page)


@hooks.register("register_log_actions")
def register_meeting_log_actions(actions):
    """Name the audit log's actions for network meetings."""
    register_actions(actions, MEETING_ACTIONS)
