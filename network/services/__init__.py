"""Every write with a rule in the network, one module per subject, re-exported here."""

from .examples import ExampleError, example_submit
from .meetings import (
    MeetingError,
    meeting_answer,
    meeting_attendance_record,
    meeting_cancel,
    meeting_create,
    meeting_update,
)
from .members import (
    MembershipError,
    invitation_accept,
    membership_add,
    membership_remove,
    network_invite,
)
from .needs import needs_answer_save
from .profiles import profile_update

__all__ = [
    "example_submit",
    "ExampleError",
    "invitation_accept",
    "meeting_answer",
    "meeting_attendance_record",
    "meeting_cancel",
    "meeting_create",
    "MeetingError",
    "meeting_update",
    "membership_add",
    "MembershipError",
    "membership_remove",
    "needs_answer_save",
    "network_invite",
    "profile_update",
]
