"""The audit trail of cohorts, sessions, enrolments and attendance, in Wagtail's own audit log.

Each service that changes one of them writes one `ModelLogEntry` through `wagtail.log_actions.log`
in the same transaction as the change, naming the acting user (None for the system: the demo,
the command line). An entry's label and data carry no personal data: the label names the cohort
and the row's number, and the data holds only ids (the cohort, the county whose entry it is) and
status codes. A cohort's history in the admin shows its own entries and those of its sessions,
enrolments and attendance (see `cohort_log_entries`).
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter, log
from wagtail.models import ModelLogEntry

from .models import Cohort

ACTIONS = {
    "scheduling.cohort.publish": (_("Skapad från planen"), _("Gruppen skapades från planen")),
    "scheduling.cohort.create": (_("Grupp skapad"), _("Gruppen skapades")),
    "scheduling.cohort.update": (_("Grupp ändrad"), _("Gruppen ändrades")),
    "scheduling.cohort.cancel": (_("Grupp inställd"), _("Gruppen ställdes in")),
    "scheduling.session.create": (_("Träff tillagd"), _("Träff tillagd: %(label)s")),
    "scheduling.session.reschedule": (_("Träff flyttad"), _("Träff flyttad: %(label)s")),
    "scheduling.session.change_place": (
        _("Träffens plats ändrad"),
        _("Träffens plats ändrad: %(label)s"),
    ),
    "scheduling.session.cancel": (_("Träff inställd"), _("Träff inställd: %(label)s")),
    "scheduling.enrolment.create": (_("Anmälan"), _("Anmälan: %(label)s")),
    "scheduling.enrolment.cancel": (_("Anmälan avbokad"), _("Anmälan avbokad: %(label)s")),
    "scheduling.enrolment.promote": (
        _("Uppflyttad från reservlistan"),
        _("Uppflyttad från reservlistan: %(label)s"),
    ),
    "lms.attendance.record": (_("Närvaro registrerad"), _("Närvaro registrerad: %(label)s")),
}


class LabelledLogFormatter(LogFormatter):
    """A message that names the row the entry is about, by its label."""

    def format_message(self, log_entry):
        """The registered message, with the entry's label filled in."""
        return self.message % {"label": log_entry.label}


def register_actions(actions, table=None) -> None:
    """Register actions with Wagtail's log registry (the register_log_actions hook).

    `table` maps each action to its (label, message); by default this module's `ACTIONS`.
    A message may name the entry's label as %(label)s.
    """
    for action, (label, message) in (ACTIONS if table is None else table).items():
        formatter = type(
            "AuditFormatter", (LabelledLogFormatter,), {"label": label, "message": message}
        )
        actions.register_action(action)(formatter)


def session_label(session) -> str:
    """A session as the log names it: its cohort and local start time, nobody's name."""
    return f"{session.cohort.name}, {timezone.localtime(session.start):%Y-%m-%d %H:%M}"


def audit(
    instance, action: str, *, by, county_id: int, title: str, cohort: Cohort | None = None, **data
):
    """Write one entry for `instance`: `by` did `action` on behalf of `county_id`.

    With `cohort`, the entry also shows in that cohort's history. Any other kind of row (a
    network meeting, say) is logged the same way without one. `title` and `data` must hold no
    names or email addresses; `data` holds ids and codes.
    """
    if cohort is not None:
        data["cohort"] = cohort.pk
    return log(
        instance=instance,
        action=action,
        user=by,
        title=title,
        data={"county": county_id, **data},
    )


def cohort_log_entries(cohort: Cohort, *, county_ids: list[int] | None) -> QuerySet:
    """The cohort's own entries and those about its sessions, enrolments and attendance.

    With `county_ids`, entries that belong to other counties (a guest county's enrolments seen
    by the host, or the other way round) are left out; the cohort's own entries stay.
    """
    own = Q(content_type=ContentType.objects.get_for_model(Cohort), object_id=str(cohort.pk))
    related = Q(data__cohort=cohort.pk)
    if county_ids is not None:
        related &= Q(data__county__in=county_ids)
    return ModelLogEntry.objects.filter(own | related).order_by("-timestamp", "-pk")
