"""Cohort sessions as a source of calendar events, registered with `calendars` at start-up."""

from collections.abc import Collection
from datetime import datetime

from calendars.ical import CalendarEvent
from calendars.sources import FeedState

from .calendar_data import (
    calendar_sessions,
    calendar_sessions_by_id,
    feed_state,
    participant_sessions,
)
from .models import Session

SESSION_SOURCE = "scheduling.session"


class SessionSource:
    """The sessions of cohorts: invitations to those with a place, and their personal feeds."""

    name = SESSION_SOURCE
    invitation_templates = (
        "scheduling/email/invitation.txt",
        "scheduling/email/invitation.html",
    )

    def events(self, event_ids: Collection[int]) -> dict[int, CalendarEvent]:
        """The sessions' current calendar data, by id."""
        return calendar_sessions_by_id(Session.objects.filter(pk__in=list(event_ids)))

    def personal_events(self, user, *, now: datetime) -> list[CalendarEvent]:
        """The sessions of the cohorts where the user holds a place."""
        return calendar_sessions(participant_sessions(user), now=now)

    def personal_state(self, user, *, now: datetime) -> FeedState:
        """The state of those sessions, from one aggregate query."""
        return feed_state(participant_sessions(user), now=now)
