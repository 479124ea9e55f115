"""Changes to a session's time, place or status; each one raises its calendar SEQUENCE."""

from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ..audit import audit, session_label
from ..models import Cohort, InvitationMethod, Session, SessionStatus
from .invitations import invitations_for_sessions


class SessionError(ValueError):
    """A session change that is not allowed; the message says why, in Swedish."""


def _mark_cohort_changed(session: Session) -> None:
    Cohort.objects.filter(pk=session.cohort_id).update(changed_by_county=True)


def _audit(session: Session, action: str, *, by) -> None:
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
        session = Session.objects.select_for_update().get(pk=session.pk)
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
        _audit(session, "scheduling.session.reschedule", by=by)
        invitations_for_sessions(session_ids=[session.pk], method=InvitationMethod.REQUEST)
    session.refresh_from_db()
    return session


def session_cancel(*, session: Session, reason: str, by=None) -> Session:
    """Cancel a session; it stays in calendars as cancelled, with a higher SEQUENCE.

    `by` is the staff member who cancels it, for the audit log (None: the system).
    """
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session.pk)
        if session.status == SessionStatus.CANCELLED:
            return session
        session.status = SessionStatus.CANCELLED
        session.cancel_reason = reason
        session.sequence = F("sequence") + 1
        session.save(update_fields=["status", "cancel_reason", "sequence", "updated_at"])
        _mark_cohort_changed(session)
        _audit(session, "scheduling.session.cancel", by=by)
        invitations_for_sessions(session_ids=[session.pk], method=InvitationMethod.CANCEL)
    session.refresh_from_db()
    return session


def sessions_record_admin_changes(
    *, cohort: Cohort, before: dict[int, tuple], by=None
) -> list[int]:
    """After the cohort form saved its sessions, raise SEQUENCE on those whose time or place moved.

    `before` maps each existing session's id to its (start, end, location, online_url) as loaded
    for the form. The enrolled participants are invited to moved and new sessions, and `by` is
    logged as having moved or added them. Returns the ids of the sessions that moved or were
    added.
    """
    current = Session.objects.filter(cohort=cohort).values_list(
        "pk", "start", "end", "location", "online_url", "status"
    )
    moved, added = [], []
    for session_id, start, end, location, online_url, status in current:
        if session_id not in before:
            added.append(session_id)
        elif (
            before[session_id] != (start, end, location, online_url)
            and status == SessionStatus.SCHEDULED
        ):
            moved.append(session_id)
    if moved:
        Session.objects.filter(pk__in=moved).update(
            sequence=F("sequence") + 1, updated_at=timezone.now()
        )
    Cohort.objects.filter(pk=cohort.pk).update(changed_by_county=True)
    actions = dict.fromkeys(moved, "scheduling.session.reschedule")
    actions.update(dict.fromkeys(added, "scheduling.session.create"))
    for session in Session.objects.filter(pk__in=actions).select_related("cohort"):
        _audit(session, actions[session.pk], by=by)
    invitations_for_sessions(session_ids=moved + added, method=InvitationMethod.REQUEST)
    return moved + added
