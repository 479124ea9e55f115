"""Admin views for county boards: cohorts scoped to a coordinator's county, enrolment, the plan."""

from functools import wraps

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.widgets import ListingButton

from .admin_forms import EnrolFileForm, EnrolOneForm, SessionCancelForm
from .audit import cohort_log_entries
from .exports import spreadsheet_safe
from .models import (
    Cohort,
    Enrolment,
    EnrolmentStatus,
    InterestRegistration,
    Round,
    Session,
)
from .permissions import (
    by_county_for,
    cohorts_changeable_by,
    cohorts_for,
    sees_all_counties,
    visible_county_ids,
)
from .plan_format import hosts_by_county
from .rollout import round_plan
from .services import (
    CohortError,
    EnrolmentError,
    EnrolmentImportError,
    PlanPublishError,
    SessionData,
    SessionError,
    cohort_create,
    cohort_update,
    enrolment_cancel,
    enrolments_import_csv,
    enrolments_import_xlsx,
    participant_enrol,
    plan_publish,
    round_ended_message,
    round_has_ended,
    session_cancel,
)
from .services.enrolment import cohort_county_ids

RESULTS_TEMPLATE = "scheduling/admin/index_results.html"


class CohortIndexView(generic.IndexView):
    """The cohorts the user may see, with their enrolled and waitlisted counts."""

    results_template_name = RESULTS_TEMPLATE

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

    results_template_name = RESULTS_TEMPLATE

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


class CohortFormServiceMixin:
    """Save the cohort form through a cohort service; its refusals go back onto the form.

    The service gets the form's cleaned data (the cohort's fields and the session rows in
    order); nothing is saved if it refuses, and the form is shown again with its messages.
    """

    def _session_rows(self) -> tuple[list[SessionData], list]:
        formset = self.form.formsets["sessions"]
        # Sessions are Orderable, so modelcluster always orders their formset: the ordered forms
        # are every row but the untouched empty ones, in order.
        forms = formset.ordered_forms
        rows = [
            SessionData(
                id=form.instance.pk,
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
                location=form.cleaned_data.get("location", ""),
                online_url=form.cleaned_data.get("online_url", ""),
            )
            for form in forms
        ]
        return rows, forms

    def _cohort_fields(self) -> dict:
        data = self.form.cleaned_data
        fields = ["round", "county", "name", "capacity", "status", "guest_counties", "trainers"]
        return {name: data[name] for name in fields}

    def form_valid(self, form):
        """Save through the service, or show the form again with the service's refusal."""
        self.form = form
        try:
            return super().form_valid(form)
        except CohortError as error:
            self._add_errors(form, error)
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)

    def _add_errors(self, form, error: CohortError) -> None:
        for field, texts in error.message_dict.items():
            if field != "sessions":
                form.add_error(field if field in form.fields else None, texts)
        for index, texts in error.session_errors.items():
            self._row_forms[index].add_error(None, texts)
        if error.session_errors:
            form.add_error(None, _("En eller flera träffar kan inte ändras så; se nedan."))


class CohortEditView(CohortFormServiceMixin, generic.EditView):
    """Edit a cohort that the user's county hosts, through cohort_update."""

    def get_queryset(self):
        """Only cohorts the user may change; others answer 404."""
        return cohorts_changeable_by(self.request.user, Cohort.objects.all())

    def save_instance(self):
        """Apply the form's changes with cohort_update (sessions, capacity, cancelling)."""
        rows, self._row_forms = self._session_rows()
        return cohort_update(
            cohort=self.object,
            sessions=rows,
            cancel_reason=self.form.cleaned_data.get("cancel_reason", ""),
            by=self.request.user,
            **self._cohort_fields(),
        )


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


class CohortCreateView(CohortFormServiceMixin, generic.CreateView):
    """Create a cohort through cohort_create; the form limits a coordinator to their county."""

    def save_instance(self):
        """Create the cohort and its sessions, marked as the county's own."""
        rows, self._row_forms = self._session_rows()
        return cohort_create(sessions=rows, by=self.request.user, **self._cohort_fields())


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


class InterestRegistrationFilterSet(WagtailFilterSet):
    """Filter registrations by round and by whether their contact has confirmed them."""

    confirmed = django_filters.BooleanFilter(
        label=gettext_lazy("Bekräftad"),
        field_name="confirmed_at",
        lookup_expr="isnull",
        exclude=True,
    )

    class Meta:
        model = InterestRegistration
        fields = ["round"]


class ScopedInterestIndexView(generic.IndexView):
    """Interest registrations from the user's county, or all for national coordinators.

    The export (CSV, Excel) writes every cell through `spreadsheet_safe`, so no registration's
    text runs as a formula.
    """

    def preprocess_field_value(self, field, value, export_format):
        """The cell as Wagtail writes it, neutralised against formulas."""
        return spreadsheet_safe(super().preprocess_field_value(field, value, export_format))

    results_template_name = RESULTS_TEMPLATE

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

    def get_created_at_display_value(self):
        """When it was registered, in Swedish time like the list."""
        return date_format(timezone.localtime(self.object.created_at), "j F Y, H.i")


class AdminPageMixin(generic.base.WagtailAdminTemplateMixin):
    """Wagtail's page furniture for the scheduling admin's own views: breadcrumbs, a visible h1.

    `parent_breadcrumbs` lists the pages between Home and this one.
    """

    header_icon = "group"
    template_name = "admin_page.html"

    def parent_breadcrumbs(self) -> list[dict]:
        """The cohorts' list; views below a cohort add it."""
        return [
            {
                "url": reverse("scheduling_cohort:index"),
                "label": capfirst(Cohort._meta.verbose_name_plural),
            }
        ]

    def get_breadcrumbs_items(self):
        """Home, the pages above this one, and this page."""
        return [
            *self.breadcrumbs_items,
            *self.parent_breadcrumbs(),
            {"url": "", "label": self.get_page_title()},
        ]


class CohortParticipantsView(AdminPageMixin, TemplateView):
    """A cohort's participants and waitlist, with forms to enrol one person or a CSV file."""

    template_name = "scheduling/admin/cohort_participants.html"

    def dispatch(self, request, *args, **kwargs):
        """Load the cohort if the user may see it; enrolling needs a coordinator's permission."""
        visible = cohorts_for(request.user, Cohort.objects.select_related("round", "county"))
        self.cohort = get_object_or_404(visible, pk=kwargs["pk"])
        cohort_counties = sorted(cohort_county_ids(self.cohort))
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
        self.round_ended = round_has_ended(self.cohort.round)
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
            round_ended=self.round_ended,
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
        if self.round_ended:
            messages.error(request, round_ended_message(self.cohort))
            return self._redirect()
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
            enrolment = participant_enrol(
                email=form.cleaned_data["email"],
                first_name=first,
                last_name=last,
                municipality=form.cleaned_data["municipality"],
                cohort=self.cohort,
                county_ids=self.county_ids,
                by=request.user,
            )
        except EnrolmentError as error:
            form.add_error(None, str(error))
            return self.render_to_response(self.get_context_data(one_form=form))
        participant = enrolment.participant
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
            upload = form.cleaned_data["file"]
            if upload.kind == "xlsx":
                result = enrolments_import_xlsx(
                    cohort=self.cohort,
                    data=upload.content,
                    county_ids=self.county_ids,
                    by=request.user,
                )
            else:
                result = enrolments_import_csv(
                    cohort=self.cohort,
                    text=upload.content,
                    county_ids=self.county_ids,
                    by=request.user,
                )
        except EnrolmentImportError as error:
            form.add_error(
                "file",
                _("Filen lästes inte in och inget har sparats. Rätta raderna i listan överst."),
            )
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
        """Which session is cancelled: its cohort, day and hours."""
        return _("Ställ in träffen %(when)s") % {"when": self.session.when()}

    def parent_breadcrumbs(self) -> list[dict]:
        """The cohorts, and the cohort's participants and sessions."""
        return [
            *super().parent_breadcrumbs(),
            {
                "url": reverse("scheduling_cohort:participants", args=[self.session.cohort_id]),
                "label": self.session.cohort.name,
            },
        ]

    def get_context_data(self, **kwargs):
        """Add the session."""
        return super().get_context_data(session=self.session, **kwargs)

    def form_valid(self, form):
        """Cancel the session and go back to its cohort; a refusal is shown on the form."""
        try:
            session_cancel(
                session=self.session, reason=form.cleaned_data["reason"], by=self.request.user
            )
        except SessionError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
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

    def parent_breadcrumbs(self) -> list[dict]:
        """The rounds."""
        return [
            {
                "url": reverse("scheduling_round:index"),
                "label": capfirst(Round._meta.verbose_name_plural),
            }
        ]

    def get_context_data(self, **kwargs):
        """The proposal, and per county its hosts by name."""
        plan = round_plan(self.round)
        hosts = hosts_by_county(plan)
        return super().get_context_data(
            round=self.round,
            plan=plan,
            counties=[(county, hosts[county.code]) for county in plan.counties],
            **kwargs,
        )

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
