"""The scheduling admin: rounds, cohorts with their sessions, interest registrations."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from .admin_forms import CohortForm, RoundForm
from .admin_panels import SessionsPanel
from .admin_views import (
    CohortCreateView,
    CohortDeleteView,
    CohortEditView,
    CohortHistoryView,
    CohortIndexView,
    CohortParticipantsView,
    CohortUsageView,
    InterestRegistrationFilterSet,
    RoundIndexView,
    RoundPlanView,
    ScopedInterestIndexView,
    ScopedInterestInspectView,
    SessionCancelView,
)
from .audit import register_actions
from .models import Cohort, InterestRegistration, Round


class RoundViewSet(ModelViewSet):
    """Course rounds and their rules; the national coordinator plans and publishes them."""

    model = Round
    index_view_class = RoundIndexView
    icon = "date"
    menu_label = _("Kursomgångar")
    add_to_admin_menu = False
    list_display = ["title", "slug", "start_date", "end_date"]
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [FieldPanel("title"), FieldPanel("slug"), FieldPanel("course")], heading=_("Omgång")
            ),
            MultiFieldPanel(
                [FieldPanel("start_date"), FieldPanel("end_date"), FieldPanel("pilot_counties")],
                heading=_("Period och pilotlän"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("min_cohort_size"),
                    FieldPanel("max_cohort_size"),
                    FieldPanel("sessions_per_cohort"),
                    FieldPanel("weeks_between_sessions"),
                    FieldPanel("session_start_time"),
                    FieldPanel("session_minutes"),
                    FieldPanel("weekdays"),
                    FieldPanel("trainer_capacity"),
                    FieldPanel("default_demand_per_municipality"),
                ],
                heading=_("Grupper och träffar"),
            ),
            FieldPanel("required_sessions_attended"),
            InlinePanel("blackouts", heading=_("Uppehåll"), label=_("Uppehåll")),
        ],
        base_form_class=RoundForm,
    )

    def get_urlpatterns(self):
        """Add the plan view."""
        return super().get_urlpatterns() + [
            path("<int:pk>/plan/", RoundPlanView.as_view(), name="plan"),
        ]


class CohortViewSet(ModelViewSet):
    """Cohorts with their sessions, each coordinator in their own county."""

    model = Cohort
    icon = "group"
    menu_label = _("Grupper")
    add_to_admin_menu = False
    copy_view_enabled = False
    index_view_class = CohortIndexView
    add_view_class = CohortCreateView
    edit_view_class = CohortEditView
    delete_view_class = CohortDeleteView
    history_view_class = CohortHistoryView
    usage_view_class = CohortUsageView
    list_filter = ["round", "status", "county"]
    search_fields = ["name"]
    list_display = [
        "name",
        "county",
        "round",
        "capacity",
        Column("enrolled_count", label=_("Antagna")),
        Column("waitlist_count", label=_("Reservlista")),
        "status",
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("round"),
            FieldPanel("county"),
            FieldPanel("guest_counties"),
            FieldPanel("capacity"),
            FieldPanel("status"),
            FieldPanel("cancel_reason"),
            FieldPanel("trainers"),
            SessionsPanel("sessions", heading=_("Träffar"), label=_("Träff")),
        ],
        base_form_class=CohortForm,
    )

    def get_urlpatterns(self):
        """Add the participants view and the session cancel view."""
        return super().get_urlpatterns() + [
            path("<int:pk>/deltagare/", CohortParticipantsView.as_view(), name="participants"),
            path("trff/<int:pk>/stall-in/", SessionCancelView.as_view(), name="session_cancel"),
        ]


class InterestRegistrationViewSet(ModelViewSet):
    """Municipalities' interest registrations, each coordinator seeing their own county."""

    model = InterestRegistration
    icon = "mail"
    menu_label = _("Intresseanmälningar")
    add_to_admin_menu = False
    index_view_class = ScopedInterestIndexView
    inspect_view_class = ScopedInterestInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "municipality",
        "strategists",
        Column("preferred_term", label=_("Önskad termin"), accessor="get_preferred_term_display"),
        "contact_name",
        "created_at",
        Column("confirmation", label=_("Bekräftelse")),
    ]
    filterset_class = InterestRegistrationFilterSet
    list_export = [
        "round",
        "municipality",
        "strategists",
        "preferred_term",
        "contact_name",
        "contact_email",
        "message",
        "created_at",
        "confirmed_at",
    ]
    export_filename = "intresseanmalningar"
    form_fields = [
        "round",
        "municipality",
        "contact_name",
        "contact_email",
        "strategists",
        "confirmed_at",
    ]


class SchedulingViewSetGroup(ViewSetGroup):
    """The county boards' course planning, as one admin menu."""

    menu_label = _("Kursplanering")
    menu_icon = "calendar"
    menu_order = 200
    items = (
        RoundViewSet("scheduling_round", url_prefix="scheduling/round"),
        CohortViewSet("scheduling_cohort", url_prefix="scheduling/cohort"),
        InterestRegistrationViewSet(
            "scheduling_interest", url_prefix="scheduling/interestregistration"
        ),
    )


@hooks.register("register_log_actions")
def register_scheduling_log_actions(actions):
    """Name the audit log's actions for cohorts, sessions, enrolments and attendance."""
    register_actions(actions)


@hooks.register("register_admin_viewset")
def register_scheduling_viewsets():
    """Register the course planning menu and its screens."""
    return SchedulingViewSetGroup()
