"""Cohorts: create, change and cancel one, with every consequence for its sessions and places."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from calendars.models import InvitationMethod
from calendars.services import mail_queue
from regions.models import County

from ..audit import audit
from ..models import Cohort, CohortStatus, EnrolmentStatus, Round, Session, SessionStatus
from ..signals import schedule_changed_on_commit
from .enrolment import enrolment_audit, waitlist_promote
from .invitations import invitations_for_sessions
from .locks import COHORT_GONE, cohort_lock
from .sessions import session_audit, session_change_action

PLACE_FIELDS = ("location", "online_url")
CHANGE_FIELDS = ("start", "end", *PLACE_FIELDS)


@dataclass(frozen=True)
class SessionData:
    """One session of a cohort as a form row gives it: `id` of an existing session, None if new."""

    start: datetime
    end: datetime
    location: str = ""
    online_url: str = ""
    id: int | None = None


class CohortError(ValidationError):
    """A cohort change that the rules refuse; messages per field, and per session row.

    `session_errors` maps a row's index in the `sessions` passed to the service to its
    messages; they are also listed under the "sessions" key of the error dict.
    """

    def __init__(self, fields: dict[str, list[str]], sessions: dict[int, list[str]] | None = None):
        self.session_errors = sessions or {}
        errors = {name: list(messages) for name, messages in fields.items()}
        for messages in self.session_errors.values():
            errors.setdefault("sessions", []).extend(messages)
        super().__init__(errors)


def _locked(cohort: Cohort) -> Cohort:
    """The cohort, locked; a CohortError if a republished plan has just replaced it."""
    try:
        return cohort_lock(cohort_id=cohort.pk)
    except Cohort.DoesNotExist as error:
        raise CohortError({NON_FIELD_ERRORS: [str(COHORT_GONE)]}) from error


def _audit(cohort: Cohort, action: str, *, by) -> None:
    audit(cohort, action, by=by, cohort=cohort, county_id=cohort.county_id, title=cohort.name)


def _session_errors(session: Session) -> list[str]:
    """The model's own checks of one session row (its form already ran them)."""
    try:
        session.full_clean(exclude=["cohort", "sort_order"])
    except ValidationError as error:
        return error.messages
    return []


def _local(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


def cohort_create(
    *,
    round: Round,  # noqa: A002 - the model's field name
    county: County,
    name: str,
    capacity: int,
    status: str = CohortStatus.OPEN,
    guest_counties: Iterable[County] = (),
    trainers: Iterable = (),
    sessions: Sequence[SessionData] = (),
    by=None,
) -> Cohort:
    """Create a county's own cohort with its sessions (not one from the published plan).

    Raises CohortError, naming the field or session row, if the cohort or a session is invalid.
    `by` is the staff member who creates it, for the audit log (None: the system).
    """
    cohort = Cohort(
        round=round,
        county=county,
        name=name,
        capacity=capacity,
        status=status,
        changed_by_county=True,
    )
    errors: dict[str, list[str]] = {}
    try:
        cohort.full_clean()
    except ValidationError as error:
        errors.update(error.message_dict)
    if status == CohortStatus.CANCELLED:
        errors.setdefault("status", []).append(_("En ny grupp kan inte skapas som inställd."))
    new_sessions = [
        Session(cohort=cohort, sort_order=index, **_session_fields(row))
        for index, row in enumerate(sessions)
    ]
    row_errors = {
        index: messages
        for index, session in enumerate(new_sessions)
        if (messages := _session_errors(session))
    }
    if errors or row_errors:
        raise CohortError(errors, row_errors)
    with transaction.atomic():
        cohort.save()
        cohort.guest_counties.set(guest_counties)
        cohort.trainers.set(trainers)
        _audit(cohort, "scheduling.cohort.create", by=by)
        for session in new_sessions:
            session.cohort = cohort
            session.save()
            session_audit(session, "scheduling.session.create", by=by)
        schedule_changed_on_commit(round_id=cohort.round_id)
    return cohort


def _session_fields(row: SessionData) -> dict:
    return {
        "start": row.start,
        "end": row.end,
        "location": row.location or "",
        "online_url": row.online_url or "",
    }


@dataclass
class _SessionPlan:
    """What cohort_update will do to the sessions, decided before anything is written."""

    changed: list[tuple[Session, set[str]]]
    added: list[Session]
    reordered: list[Session]


def _plan_sessions(
    cohort: Cohort, rows: Sequence[SessionData], errors: dict[str, list[str]]
) -> tuple[_SessionPlan, dict[int, list[str]]]:
    """Diff the rows against the cohort's sessions; refuse moves of cancelled ones and removals."""
    existing = {s.pk: s for s in cohort.sessions.select_for_update().order_by("pk")}
    plan = _SessionPlan(changed=[], added=[], reordered=[])
    row_errors: dict[int, list[str]] = {}
    seen = set()
    for index, row in enumerate(rows):
        fields = _session_fields(row)
        if row.id is None:
            session = Session(cohort=cohort, sort_order=index, **fields)
            plan.added.append(session)
        elif row.id not in existing or row.id in seen:
            row_errors[index] = [_("Träffen hör inte till den här gruppen.")]
            continue
        else:
            seen.add(row.id)
            session = existing[row.id]
            changed = {name for name in CHANGE_FIELDS if getattr(session, name) != fields[name]}
            if changed and session.status == SessionStatus.CANCELLED:
                row_errors[index] = [
                    _(
                        "Träffen %(start)s är inställd och kan inte flyttas eller få en ny plats. "
                        "Lägg till en ny träff i stället."
                    )
                    % {"start": _local(session.start)}
                ]
                continue
            for name in changed:
                setattr(session, name, fields[name])
            if changed:
                plan.changed.append((session, changed))
            if session.sort_order != index:
                session.sort_order = index
                plan.reordered.append(session)
        if messages := _session_errors(session):
            row_errors[index] = messages
    for session_id, session in existing.items():
        if session_id not in seen:
            errors.setdefault(NON_FIELD_ERRORS, []).append(
                _(
                    "Träffen %(start)s kan inte tas bort. Ställ in den i stället, så att "
                    "deltagarnas kalendrar får veta det."
                )
                % {"start": _local(session.start)}
            )
    return plan, row_errors


def cohort_update(
    *,
    cohort: Cohort,
    round: Round,  # noqa: A002 - the model's field name
    county: County,
    name: str,
    capacity: int,
    status: str,
    guest_counties: Iterable[County],
    trainers: Iterable,
    sessions: Sequence[SessionData],
    cancel_reason: str = "",
    by=None,
) -> Cohort:
    """Apply a cohort form's changes, with their consequences for calendars and the waitlist.

    `sessions` lists every session of the cohort in order (none may be left out: a session is
    cancelled, never deleted). A session whose time, place or status changes gets a higher
    SEQUENCE and everyone with a place a new invitation; a cancelled one cannot be moved. A
    raised capacity moves the waitlist up in order; a capacity below the places taken is
    refused. A status changed to cancelled cancels the cohort (`cohort_cancel`, with
    `cancel_reason`). Raises CohortError, naming the field or session row, and saves nothing.
    """
    with transaction.atomic():
        cohort = _locked(cohort)
        errors: dict[str, list[str]] = {}
        cancelling = status == CohortStatus.CANCELLED and cohort.status != CohortStatus.CANCELLED
        if cohort.status == CohortStatus.CANCELLED and status != CohortStatus.CANCELLED:
            errors["status"] = [
                _("En inställd grupp kan inte öppnas igen. Skapa en ny grupp i stället.")
            ]
        if cancelling and not cancel_reason.strip():
            errors["cancel_reason"] = [
                _("Skriv varför gruppen ställs in; anledningen skickas till deltagarna.")
            ]
        active = cohort.enrolments.exclude(status=EnrolmentStatus.CANCELLED)
        taken = active.filter(status=EnrolmentStatus.ENROLLED).count()
        if capacity < taken and not cancelling:
            errors["capacity"] = [
                _(
                    "%(taken)d personer har redan en plats, så antalet platser kan inte bli "
                    "%(capacity)d. Avboka deltagare först om gruppen ska bli mindre."
                )
                % {"taken": taken, "capacity": capacity}
            ]
        if round.pk != cohort.round_id and active.exists():
            errors["round"] = [
                _("Gruppen har anmälda deltagare och kan inte flyttas till en annan kursomgång.")
            ]
        plan, row_errors = _plan_sessions(cohort, sessions, errors)
        for field, value in {"name": name, "capacity": capacity}.items():
            setattr(cohort, field, value)
        cohort.round, cohort.county = round, county
        if not cancelling:
            cohort.status = status
        try:
            cohort.full_clean()
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(field, []).extend(messages)
        if errors or row_errors:
            raise CohortError(errors, row_errors)

        cohort.changed_by_county = True
        cohort.save()
        schedule_changed_on_commit(round_id=cohort.round_id)
        cohort.guest_counties.set(guest_counties)
        cohort.trainers.set(trainers)
        _audit(cohort, "scheduling.cohort.update", by=by)
        announced = _apply_sessions(cohort, plan, by=by)
        if cancelling:
            return cohort_cancel(cohort=cohort, reason=cancel_reason, by=by)
        scheduled = [s.pk for s in announced if s.status == SessionStatus.SCHEDULED]
        invitations_for_sessions(session_ids=scheduled, method=InvitationMethod.REQUEST)
        waitlist_promote(cohort=cohort, by=by)
    return cohort


def _apply_sessions(cohort: Cohort, plan: _SessionPlan, *, by) -> list[Session]:
    """Write the planned session changes; return the moved and added sessions."""
    for session, changed in plan.changed:
        session.sequence = F("sequence") + 1
        session.save(update_fields=[*changed, "sort_order", "sequence", "updated_at"])
        session_audit(session, session_change_action(changed), by=by)
    moved = {session.pk for session, _changed in plan.changed}
    for session in plan.reordered:
        if session.pk not in moved:
            session.save(update_fields=["sort_order"])
    for session in plan.added:
        session.cohort = cohort
        session.save()
        session_audit(session, "scheduling.session.create", by=by)
    return [session for session, _changed in plan.changed] + plan.added


def cohort_cancel(*, cohort: Cohort, reason: str, by=None) -> Cohort:
    """Cancel a cohort: its sessions, every place and waitlist entry, with word to everyone.

    Each scheduled session is cancelled (SEQUENCE + 1) and everyone with a place gets one
    CANCEL per session; every place and waitlist entry ends, nobody moves up, and each person
    gets an email with the reason, queued in the outbox with the change. Cancelling a
    cancelled cohort does nothing. `by` is the staff member who cancels it, for the audit log.
    """
    with transaction.atomic():
        cohort = _locked(cohort)
        if cohort.status == CohortStatus.CANCELLED:
            return cohort
        if not reason.strip():
            raise CohortError(
                {"cancel_reason": [_("Skriv varför gruppen ställs in.")]},
            )
        now = timezone.now()
        sessions = list(cohort.sessions.select_for_update().filter(status=SessionStatus.SCHEDULED))
        Session.objects.filter(pk__in=[s.pk for s in sessions]).update(
            status=SessionStatus.CANCELLED,
            cancel_reason=reason,
            sequence=F("sequence") + 1,
            updated_at=now,
        )
        for session in sessions:
            session_audit(session, "scheduling.session.cancel", by=by)
        # Sent to the places held now, before they end: one CANCEL per session and person.
        invitations_for_sessions(
            session_ids=[s.pk for s in sessions], method=InvitationMethod.CANCEL
        )
        enrolments = list(
            cohort.enrolments.select_for_update(of=("self",))
            .exclude(status=EnrolmentStatus.CANCELLED)
            .select_related("participant__municipality")
            .order_by("created_at", "id")
        )
        held = {e.pk: e.status == EnrolmentStatus.ENROLLED for e in enrolments}
        for enrolment in enrolments:
            enrolment.status = EnrolmentStatus.CANCELLED
            enrolment.cancelled_at = now
            enrolment.save(update_fields=["status", "cancelled_at"])
            enrolment_audit(enrolment, "scheduling.enrolment.cancel", by=by, cohort=cohort)
        cohort.status = CohortStatus.CANCELLED
        cohort.changed_by_county = True
        cohort.save(update_fields=["status", "changed_by_county", "updated_at"])
        _audit(cohort, "scheduling.cohort.cancel", by=by)
        schedule_changed_on_commit(round_id=cohort.round_id)
        for enrolment in enrolments:
            participant = enrolment.participant
            with translation.override("sv"):
                subject, body = _cancellation_text(cohort, reason, participant, held[enrolment.pk])
            mail_queue(
                to=participant.email, subject=subject, text=body, participant_id=participant.pk
            )
    return cohort


def _cancellation_text(cohort: Cohort, reason: str, participant, had_place: bool):
    county = cohort.county
    values = {
        "name": participant.get_full_name() or participant.email,
        "cohort": cohort.name,
        "reason": reason,
        "county": county.name,
        "email": county.contact_email,
    }
    subject = _("Inställd: kursgruppen %(cohort)s") % values
    lines = [
        _("Hej %(name)s!") % values,
        "",
        _("Kursgruppen %(cohort)s är inställd.") % values,
        _("Anledning: %(reason)s") % values,
        "",
        _(
            "Din plats i gruppen är avbokad. Gruppens träffar tas bort ur din kalender genom "
            "avbokningar som kommer i separata meddelanden."
        )
        if had_place
        else _("Din plats på gruppens reservlista är avbokad."),
    ]
    if county.contact_email:
        lines += ["", _("Har du frågor når du länsstyrelsen på %(email)s.") % values]
    lines += ["", _("Med vänliga hälsningar"), _("Länsstyrelsen i %(county)s") % values]
    return subject, "\n".join(lines) + "\n"
