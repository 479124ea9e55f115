"""Admin views for county boards: cohorts scoped to a coordinator's county, enrolment, the plan."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.widgets import ListingButton

from lms.services import participant_ensure

from .admin_forms import EnrolFileForm, EnrolOneForm, SessionCancelForm
from .audit import audit, cohort_log_entries
from .models import (
    Cohort,
    CohortStatus,
    Enrolment,
    EnrolmentStatus,
    InterestRegistration,
    Round,
    Session,
)
from .permissions import by_county_for, cohorts_changeable_by, cohorts_for, sees_all_counties
from .rollout import round_plan
from .services import (
    EnrolmentError,
    EnrolmentImportError,
    PlanPublishError,
    enrolment_cancel,
    enrolment_create,
    enrolments_import_csv,
    plan_publish,
    session_cancel,
)
from .services.sessions import sessions_record_admin_changes


class CohortIndexView(generic.IndexView):
    """The cohorts the user may see, with their enrolled and waitlisted counts."""

    def get_base_queryset(self):
        """Cohorts of the user's county (or all, for national coordinators), with counts."""
        queryset = cohorts_for(self.request.user, super().get_base_queryset())
        return queryset.select_related("county", "round").annotate(
            enrolled_count=Count(
                "enrolments", filter=Q(enrolments__status=EnrolmentStatus.ENROLLED)
            ),
            waitlist_count=Count(
                "enrolments", filter=Q(enrolments__status=EnrolmentStatus.WAITLISTED)
            ),
        )

    def get_list_more_buttons(self, instance):
        """Add "Deltagare och träffar" to each cohort's menu."""
        buttons = super().get_list_more_buttons(instance)
        buttons.append(
            ListingButton(
                _("Deltagare och träffar"),
                url=reverse("scheduling_cohort:participants", args=[instance.pk]),
                icon_name="group",
                priority=5,
            )
        )
        return buttons


class RoundIndexView(generic.IndexView):
    """Rounds, each with a link to its rollout plan for those who may plan."""

    def get_list_more_buttons(self, instance):
        """Add "Plan" to each round's menu."""
        buttons = super().get_list_more_buttons(instance)
        if self.request.user.has_perm("scheduling.plan_round"):
            buttons.append(
                ListingButton(
                    _("Plan"),
                    url=reverse("scheduling_round:plan", args=[instance.pk]),
                    icon_name="date",
                    priority=5,
                )
            )
        return buttons


class CohortEditView(generic.EditView):
    """Edit a cohort that the user's county hosts; moved sessions get a higher SEQUENCE."""

    def get_queryset(self):
        """Only cohorts the user may change; others answer 404."""
        return cohorts_changeable_by(self.request.user, Cohort.objects.all())

    def save_instance(self):
        """Save the cohort and its sessions, then record which sessions moved."""
        before = {
            pk: (start, end, location, online_url)
            for pk, start, end, location, online_url in self.object.sessions.values_list(
                "pk", "start", "end", "location", "online_url"
            )
        }
        with transaction.atomic():
            instance = super().save_instance()
            if "status" in self.form.changed_data and instance.status == CohortStatus.CANCELLED:
                audit(
                    instance,
                    "scheduling.cohort.cancel",
                    by=self.request.user,
                    cohort=instance,
                    county_id=instance.county_id,
                    title=instance.name,
                )
            sessions_record_admin_changes(cohort=instance, before=before, by=self.request.user)
        return instance


def visible_county_ids(user, cohort: Cohort) -> list[int] | None:
    """Whose entries and participants of the cohort the user sees; None: every county's.

    The host county, national staff and the cohort's trainers see everything of the cohort; a
    guest county's coordinator sees only what concerns their own county.
    """
    if (
        sees_all_counties(user)
        or not user.county_id
        or user.county_id == cohort.county_id
        or cohort.trainers.filter(pk=user.pk).exists()
    ):
        return None
    return [user.county_id]


class CohortHistoryView(HistoryView):
    """A cohort's history: its own changes and those of its sessions, enrolments, attendance."""

    def get_base_object_queryset(self):
        """Only cohorts the user may see; others answer 404."""
        return cohorts_for(self.request.user, Cohort.objects.all())

    def get_base_queryset(self):
        """The cohort's entries, limited to the user's county for a guest county."""
        entries = cohort_log_entries(
            self.object, county_ids=visible_county_ids(self.request.user, self.object)
        )
        return self._annotate_queryset(entries)


def refused_to_county_staff(view):
    """Wrap a view of every county's data (Wagtail's site history) so county staff get 403.

    Wagtail shows a log entry to whoever holds any permission on its model, whatever the county;
    the cohort history view is where county coordinators and trainers read their entries.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if user.has_perm("scheduling.view_cohort") and not sees_all_counties(user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


class CohortCreateView(generic.CreateView):
    """Create a cohort; the form limits a coordinator to their own county."""

    def save_instance(self):
        """Save the cohort, marked as the county's own (not from the published plan)."""
        instance = super().save_instance()
        Cohort.objects.filter(pk=instance.pk).update(changed_by_county=True)
        return instance


class ChangeableCohortMixin:
    """Load the cohort only if the user may change it; any other cohort answers 404."""

    def get_base_object_queryset(self):
        """Cohorts the user may change."""
        return cohorts_changeable_by(self.request.user, Cohort.objects.all())


class CohortUsageView(ChangeableCohortMixin, UsageView):
    """Where a cohort is used, for those who may change the cohort."""


class CohortDeleteView(generic.DeleteView):
    """Delete a cohort the user may change (only administrators hold the permission)."""

    def get_queryset(self):
        """Only cohorts the user may change."""
        return cohorts_changeable_by(self.request.user, Cohort.objects.all())


class ScopedInterestIndexView(generic.IndexView):
    """Interest registrations from the user's county, or all for national coordinators."""

    def get_base_queryset(self):
        """Registrations whose municipality lies in the user's county."""
        queryset = super().get_base_queryset().select_related("municipality__county", "round")
        return by_county_for(self.request.user, queryset, "municipality__county")


class ScopedInterestInspectView(generic.InspectView):
    """One registration, if it belongs to the user's county."""

    def get_object(self, queryset=None):
        """Answer 404 for another county's registration."""
        queryset = by_county_for(
            self.request.user, InterestRegistration.objects.all(), "municipality__county"
        )
        return get_object_or_404(queryset, pk=self.kwargs["pk"])


class AdminPageMixin(generic.base.WagtailAdminTemplateMixin):
    """Wagtail's page furniture for the scheduling admin's own views."""

    header_icon = "group"


class CohortParticipantsView(AdminPageMixin, TemplateView):
    """A cohort's participants and waitlist, with forms to enrol one person or a CSV file."""

    template_name = "scheduling/admin/cohort_participants.html"

    def dispatch(self, request, *args, **kwargs):
        """Load the cohort if the user may see it; enrolling needs a coordinator's permission."""
        visible = cohorts_for(request.user, Cohort.objects.select_related("round", "county"))
        self.cohort = get_object_or_404(visible, pk=kwargs["pk"])
        cohort_counties = sorted(
            {self.cohort.county_id, *self.cohort.guest_counties.values_list("id", flat=True)}
        )
        user = request.user
        self.county_ids = visible_county_ids(user, self.cohort) or cohort_counties
        self.only_own_county = self.county_ids != cohort_counties
        self.may_change = cohorts_changeable_by(
            user, Cohort.objects.filter(pk=self.cohort.pk)
        ).exists()
        self.may_take_attendance = (
            self.may_change or self.cohort.trainers.filter(pk=user.pk).exists()
        )
        self.may_enrol = request.user.has_perm("scheduling.add_enrolment")
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        """The cohort's name."""
        return _("Deltagare i %(cohort)s") % {"cohort": self.cohort.name}

    def get_context_data(self, **kwargs):
        """The enrolments in queue order, and the two enrolment forms."""
        context = super().get_context_data(**kwargs)
        enrolments = (
            self.cohort.enrolments.exclude(status=EnrolmentStatus.CANCELLED)
            .select_related("participant__municipality")
            .order_by("status", "created_at", "id")
        )
        if self.only_own_county:
            enrolments = enrolments.filter(participant__municipality__county_id__in=self.county_ids)
        context.update(
            cohort=self.cohort,
            enrolled=[e for e in enrolments if e.status == EnrolmentStatus.ENROLLED],
            waitlisted=[e for e in enrolments if e.status == EnrolmentStatus.WAITLISTED],
            may_enrol=self.may_enrol,
            may_change=self.may_change,
            may_take_attendance=self.may_take_attendance,
            one_form=kwargs.get("one_form") or EnrolOneForm(county_ids=self.county_ids),
            file_form=kwargs.get("file_form") or EnrolFileForm(),
            import_problems=kwargs.get("import_problems", []),
        )
        return context

    def post(self, request, *args, **kwargs):
        """Enrol one participant, import a file, or cancel an enrolment."""
        if not self.may_enrol:
            raise PermissionDenied
        action = request.POST.get("action")
        if action == "cancel":
            return self._cancel(request)
        if action == "import":
            return self._import(request)
        return self._enrol_one(request)

    def _redirect(self):
        return redirect("scheduling_cohort:participants", pk=self.cohort.pk)

    def _enrol_one(self, request):
        form = EnrolOneForm(request.POST, county_ids=self.county_ids)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(one_form=form))
        first, last = form.cleaned_data["name"]
        try:
            with transaction.atomic():
                participant, _created = participant_ensure(
                    email=form.cleaned_data["email"],
                    first_name=first,
                    last_name=last,
                    municipality=form.cleaned_data["municipality"],
                )
                enrolment = enrolment_create(
                    participant=participant, cohort=self.cohort, by=request.user
                )
        except EnrolmentError as error:
            form.add_error(None, str(error))
            return self.render_to_response(self.get_context_data(one_form=form))
        messages.success(
            request,
            _("%(person)s har fått en plats.") % {"person": participant}
            if enrolment.status == EnrolmentStatus.ENROLLED
            else _("Gruppen är full; %(person)s står på reservlistan.") % {"person": participant},
        )
        return self._redirect()

    def _import(self, request):
        form = EnrolFileForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(file_form=form))
        try:
            result = enrolments_import_csv(
                cohort=self.cohort, text=form.cleaned_data["file"], by=request.user
            )
        except EnrolmentImportError as error:
            return self.render_to_response(
                self.get_context_data(file_form=form, import_problems=error.problems)
            )
        messages.success(
            request,
            _(
                "Importen är klar: %(enrolled)d fick plats, %(waitlisted)d på reservlistan, "
                "%(created)d nya konton."
            )
            % {
                "enrolled": result.enrolled,
                "waitlisted": result.waitlisted,
                "created": result.accounts_created,
            },
        )
        return self._redirect()

    def _cancel(self, request):
        try:
            enrolment_id = int(request.POST.get("enrolment", ""))
        except ValueError as error:
            raise Http404 from error
        enrolment = get_object_or_404(
            Enrolment.objects.filter(
                cohort=self.cohort, participant__municipality__county_id__in=self.county_ids
            ),
            pk=enrolment_id,
        )
        promoted = enrolment_cancel(enrolment=enrolment, by=request.user)
        messages.success(
            request, _("Anmälan för %(person)s är avbokad.") % {"person": enrolment.participant}
        )
        if promoted:
            messages.info(
                request,
                _("%(person)s flyttades upp från reservlistan.") % {"person": promoted.participant},
            )
        return self._redirect()


class SessionCancelView(AdminPageMixin, FormView):
    """Cancel one session of a cohort the user may change, with a reason."""

    form_class = SessionCancelForm
    template_name = "scheduling/admin/session_cancel.html"

    def dispatch(self, request, *args, **kwargs):
        """Load the session if its cohort is the user's to change."""
        cohorts = cohorts_changeable_by(request.user, Cohort.objects.all())
        self.session = get_object_or_404(
            Session.objects.select_related("cohort").filter(cohort__in=cohorts), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        """Which session is cancelled."""
        return _("Ställ in träffen %(session)s") % {"session": self.session}

    def get_context_data(self, **kwargs):
        """Add the session."""
        return super().get_context_data(session=self.session, **kwargs)

    def form_valid(self, form):
        """Cancel the session and go back to its cohort."""
        session_cancel(
            session=self.session, reason=form.cleaned_data["reason"], by=self.request.user
        )
        messages.success(self.request, _("Träffen är inställd."))
        return redirect("scheduling_cohort:edit", self.session.cohort_id)


class RoundPlanView(AdminPageMixin, TemplateView):
    """The national coordinator's proposal for a round's rollout, with a button to publish it."""

    template_name = "scheduling/admin/round_plan.html"
    page_title = gettext_lazy("Plan för kursomgången")

    def dispatch(self, request, *args, **kwargs):
        """Only holders of the plan_round permission."""
        if not request.user.has_perm("scheduling.plan_round"):
            raise PermissionDenied
        self.round = get_object_or_404(Round, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        """The round's title."""
        return self.round.title

    def get_context_data(self, **kwargs):
        """The proposal, as a table and per county."""
        return super().get_context_data(round=self.round, plan=round_plan(self.round), **kwargs)

    def post(self, request, *args, **kwargs):
        """Publish the proposal as cohorts and sessions."""
        plan = round_plan(self.round)
        try:
            cohorts = plan_publish(round=self.round, plan=plan, by=request.user)
        except PlanPublishError as error:
            messages.error(request, str(error))
            return redirect("scheduling_round:plan", pk=self.round.pk)
        messages.success(
            request, _("Planen är publicerad: %(count)d grupper.") % {"count": len(cohorts)}
        )
        return redirect(reverse("scheduling_cohort:index") + f"?round={self.round.pk}")
