"""Session changes go through services that raise the calendar SEQUENCE."""

from datetime import timedelta

import pytest

from scheduling.models import SessionStatus
from scheduling.services import SessionError, session_cancel, session_reschedule
from tests.factories.scheduling import SessionFactory


@pytest.mark.django_db
def test_reschedule_raises_sequence_and_marks_the_cohort_changed():
    session = SessionFactory()
    uid = session.uid
    moved = session_reschedule(
        session=session,
        start=session.start + timedelta(days=1),
        end=session.end + timedelta(days=1),
    )
    assert (moved.sequence, moved.uid) == (1, uid)
    assert moved.cohort.changed_by_county
    again = session_reschedule(session=moved, start=moved.start, end=moved.end)
    assert again.sequence == 1  # no change, no new revision
    relocated = session_reschedule(
        session=moved, start=moved.start, end=moved.end, location="Växjö"
    )
    assert (relocated.sequence, relocated.location) == (2, "Växjö")


@pytest.mark.django_db
def test_reschedule_refuses_an_end_before_the_start():
    session = SessionFactory()
    with pytest.raises(Exception, match="sluta efter"):
        session_reschedule(session=session, start=session.end, end=session.start)
    session.refresh_from_db()
    assert session.sequence == 0


@pytest.mark.django_db
def test_cancel_keeps_the_session_with_reason_and_higher_sequence():
    session = SessionFactory()
    cancelled = session_cancel(session=session, reason="Sjukdom")
    assert (cancelled.status, cancelled.cancel_reason, cancelled.sequence) == (
        SessionStatus.CANCELLED,
        "Sjukdom",
        1,
    )
    assert session_cancel(session=cancelled, reason="igen").sequence == 1
    with pytest.raises(SessionError, match="inställd träff kan inte flyttas"):
        session_reschedule(session=cancelled, start=cancelled.start, end=cancelled.end)
