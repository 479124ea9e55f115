"""Sources of calendar events: the adapters through which other apps hand over plain data.

`calendars` knows nothing of courses or networks. An app with events (cohort sessions, network
meetings) registers one `EventSource` in its `AppConfig.ready()`; the personal feed, the
invitation outbox and its delivery ask the registered sources for their events by id.
"""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from .ical import CalendarEvent


@dataclass(frozen=True)
class FeedState:
    """What a feed's ETag is made of: its events' count and id sum, and their latest changes."""

    events: int
    id_sum: int
    changes: tuple[datetime, ...]


class EventSource(Protocol):
    """One kind of event, as the calendar machinery sees it."""

    #: The name stored with each invitation, such as "scheduling.session".
    name: str
    #: The text and HTML templates of an invitation's email. They receive `participant`, `data`
    #: (the CalendarEvent), `cancelled`, `withdrawn` (the person's place ended while the event
    #: goes on), and `start` and `end` in local time.
    invitation_templates: tuple[str, str]

    def events(self, event_ids: Collection[int]) -> dict[int, CalendarEvent]:
        """The current calendar data of these events, by id; unknown ids are left out."""

    def personal_events(self, user, *, now: datetime) -> list[CalendarEvent]:
        """The events that belong in the user's personal feed."""

    def personal_state(self, user, *, now: datetime) -> FeedState:
        """The state of the user's events in the personal feed, from one small query."""


_sources: dict[str, EventSource] = {}


def register_source(source: EventSource) -> None:
    """Plug a source of events in; called from the source app's `AppConfig.ready()`."""
    _sources[source.name] = source


def get_source(name: str) -> EventSource:
    """The registered source of this name; KeyError names it if no app registered it."""
    return _sources[name]


def all_sources() -> list[EventSource]:
    """Every registered source, in the order of registration."""
    return list(_sources.values())
