"""The attendance screen: a trainer or coordinator records who attended a session, in one go."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from scheduling.models import Cohort, Enrolment, EnrolmentStatus, Session, SessionStatus
from scheduling.permissions import sessions_for_attendance

from .models import Attendance
from .services import AttendanceError, attendance_record


class AttendanceView(WagtailAdminTemplateMixin, TemplateView):
    """A session's enrolled participants with a checkbox each, saved in one go."""

    template_name = "lms/admin/attendance.html"
    header_icon = "tasks"
    field_name = "attended"

    def dispatch(self, request, *args, **kwargs):
        """Load the session if the user may take its attendance; any other session is a 404."""
        sessions = sessions_for_attendance(request.user, Session.objects.select_related("cohort"))
        self.session = get_object_or_404(sessions, pk=kwargs["session_pk"])
        self.cohort = self.session.cohort
        return super().dispatch(request, *args, **kwargs)

    @property
    def is_cancelled(self) -> bool:
        """Attendance is not taken at a cancelled session."""
        return self.session.status == SessionStatus.CANCELLED

    def get_page_title(self):
        """The page's name."""
        return _("Närvaro")

    def get_page_subtitle(self):
        """The cohort and the session's date and time."""
        return f"{self.cohort.name}, {self.session.when()}"

    def get_breadcrumbs_items(self):
        """Home, the cohorts, this cohort's participants and sessions, this page."""
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("scheduling_cohort:index"),
                "label": capfirst(Cohort._meta.verbose_name_plural),
            },
            {
                "url": reverse("scheduling_cohort:participants", args=[self.cohort.pk]),
                "label": self.cohort.name,
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, checked=None, **kwargs):
        """The enrolled participants, each with their recorded attendance (two queries)."""
        context = super().get_context_data(**kwargs)
        enrolments = list(
            Enrolment.objects.filter(cohort=self.cohort, status=EnrolmentStatus.ENROLLED)
            .select_related("participant__municipality")
            .order_by("participant__last_name", "participant__first_name", "participant__email")
        )
        records = {
            record.participant_id: record
            for record in Attendance.objects.filter(session=self.session).select_related(
                "recorded_by"
            )
        }
        enrolled_records = [
            records[e.participant_id] for e in enrolments if e.participant_id in records
        ]
        if checked is None:
            checked = {r.participant_id for r in enrolled_records if r.attended}
        rows = [
            {
                "participant": e.participant,
                "municipality": e.participant.municipality,
                "checked": e.participant_id in checked,
            }
            for e in enrolments
        ]
        latest = max(enrolled_records, key=lambda r: r.recorded_at, default=None)
        context.update(
            session=self.session,
            cohort=self.cohort,
            when=self.session.when(),
            is_cancelled=self.is_cancelled,
            rows=rows,
            field_name=self.field_name,
            recorded_present=sum(r.attended for r in enrolled_records),
            latest=latest,
        )
        return context

    def post(self, request, *args, **kwargs):
        """Record everyone's attendance through lms.services, then show the page again."""
        if self.is_cancelled:
            messages.error(request, _("Närvaro registreras inte för inställda träffar."))
            return redirect("lms_attendance", self.session.pk)
        posted = request.POST.getlist(self.field_name)
        try:
            attended_ids = {int(value) for value in posted}
        except ValueError:
            return self._not_saved(posted)
        try:
            result = attendance_record(
                session=self.session, attended_ids=attended_ids, recorded_by=request.user
            )
        except AttendanceError:
            return self._not_saved(posted)
        messages.success(
            request,
            _("Närvaron är sparad: %(present)d närvarande, %(absent)d frånvarande.") % result,
        )
        return redirect("lms_attendance", self.session.pk)

    def _not_saved(self, posted):
        """Nothing was saved: say so, and keep the marks of those still in the cohort."""
        messages.error(
            self.request,
            _(
                "Närvaron sparades inte: någon av de markerade deltagarna har ingen plats i "
                "gruppen. Listan visar gruppens deltagare nu. Markera närvaron och spara igen."
            ),
        )
        checked = {int(value) for value in posted if value.isdecimal()}
        return self.render_to_response(self.get_context_data(checked=checked))
