"""Changes to a session's time, place or status; each one raises its calendar SEQUENCE."""

from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from calendars.models import InvitationMethod

from ..audit import audit, session_label
from ..models import Cohort, Session, SessionStatus
from ..signals import schedule_changed_on_commit
from .invitations import invitations_for_sessions
from .locks import COHORT_GONE, cohort_lock

TIME_FIELDS = frozenset({"start", "end"})


class SessionError(ValueError):
    """A session change that is not allowed; the message says why, in Swedish."""


def session_change_action(changed: set[str]) -> str:
    """The audit action for a change of these fields: a move if the time changed, else the place."""
    if changed & TIME_FIELDS:
        return "scheduling.session.reschedule"
    return "scheduling.session.change_place"


def _locked(session: Session) -> Session:
    """The session, locked after its cohort (the one lock order); a SessionError if it is gone."""
    try:
        cohort_lock(cohort_id=session.cohort_id)
        return Session.objects.select_for_update().get(pk=session.pk)
    except (Cohort.DoesNotExist, Session.DoesNotExist) as error:
        raise SessionError(str(COHORT_GONE)) from error


def _mark_cohort_changed(session: Session) -> None:
    Cohort.objects.filter(pk=session.cohort_id).update(changed_by_county=True)
    schedule_changed_on_commit(round_id=session.cohort.round_id)


def session_audit(session: Session, action: str, *, by) -> None:
    """Log a session's change under its cohort's host county."""
    cohort = session.cohort
    audit(
        session,
        action,
        by=by,
        cohort=cohort,
        county_id=cohort.county_id,
        title=session_label(session),
        session=session.pk,
    )


def session_reschedule(
    *,
    session: Session,
    start: datetime,
    end: datetime,
    location: str | None = None,
    online_url: str | None = None,
    by=None,
) -> Session:
    """Move a session or change its place; the SEQUENCE goes up only if something changed.

    `by` is the staff member who moves it, for the audit log (None: the system).
    """
    with transaction.atomic():
        session = _locked(session)
        if session.status == SessionStatus.CANCELLED:
            raise SessionError(_("En inställd träff kan inte flyttas."))
        changes = {"start": start, "end": end}
        if location is not None:
            changes["location"] = location
        if online_url is not None:
            changes["online_url"] = online_url
        changed = {name for name, value in changes.items() if getattr(session, name) != value}
        if not changed:
            return session
        for name in changed:
            setattr(session, name, changes[name])
        session.full_clean(exclude=["cohort"])
        session.sequence = F("sequence") + 1
        session.save()
        _mark_cohort_changed(session)
        session_audit(session, session_change_action(changed), by=by)
        invitations_for_sessions(session_ids=[session.pk], method=InvitationMethod.REQUEST)
    session.refresh_from_db()
    return session


def session_cancel(*, session: Session, reason: str, by=None) -> Session:
    """Cancel a session; it stays in calendars as cancelled, with a higher SEQUENCE.

    `by` is the staff member who cancels it, for the audit log (None: the system).
    """
    with transaction.atomic():
        session = _locked(session)
        if session.status == SessionStatus.CANCELLED:
            return session
        session.status = SessionStatus.CANCELLED
        session.cancel_reason = reason
        session.sequence = F("sequence") + 1
        session.save(update_fields=["status", "cancel_reason", "sequence", "updated_at"])
        _mark_cohort_changed(session)
        session_audit(session, "scheduling.session.cancel", by=by)
        invitations_for_sessions(session_ids=[session.pk], method=InvitationMethod.CANCEL)
    session.refresh_from_db()
    return session
