"""The audit trail of network meetings, in Wagtail's own log: a meeting's history shows it.

Its actions are registered by `scheduling.audit.register_actions`, as a cohort's are. Each
meeting service writes one entry in the same transaction as its change, naming the acting
user (None for the system: the demo, the command line). Titles are the meeting's title and
the data holds ids only, never a member's name or address.
"""

from django.utils.translation import pgettext_lazy
from wagtail.log_actions import log

from .models import Meeting

# The same Swedish words name a course session's entries (scheduling.audit): the context
# "network meeting" lets English tell them apart.
MEETING_ACTIONS = {
    "network.meeting.create": (
        pgettext_lazy("network meeting", "Träff skapad"),
        pgettext_lazy("network meeting", "Träffen skapades"),
    ),
    "network.meeting.update": (
        pgettext_lazy("network meeting", "Träff ändrad"),
        pgettext_lazy("network meeting", "Träffen ändrades"),
    ),
    "network.meeting.move": (
        pgettext_lazy("network meeting", "Träff flyttad"),
        pgettext_lazy(
            "network meeting",
            "Träffens tid eller plats ändrades; de som svarat ja eller kanske fick en ny inbjudan",
        ),
    ),
    "network.meeting.cancel": (
        pgettext_lazy("network meeting", "Träff inställd"),
        pgettext_lazy(
            "network meeting",
            "Träffen ställdes in; de som svarat ja eller kanske fick en avbokning",
        ),
    ),
    "network.meeting.attendance": (
        pgettext_lazy("network meeting", "Närvaro registrerad"),
        pgettext_lazy("network meeting", "Närvaron registrerades"),
    ),
}


def audit_meeting(meeting: Meeting, action: str, *, by, **data) -> None:
    """Write one entry about `meeting`: `by` did `action`; `data` holds ids and counts only."""
    log(
        instance=meeting,
        action=action,
        user=by,
        title=meeting.title,
        data={"network": meeting.network_id, **data},
    )
