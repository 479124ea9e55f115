"""Every write on participants, one module per subject, re-exported here.

`participant_ensure` and `participant_name_parts` live in `accounts.services` now and are
re-exported here, where callers found them before.
"""

from accounts.services import participant_ensure, participant_name_parts

from .attendance import AttendanceError, attendance_record
from .completion import completion_check, rule_status
from .progress import progress_complete, progress_start, progress_undo
from .reflections import ReflectionError, reflection_save

__all__ = [
    "AttendanceError",
    "ReflectionError",
    "attendance_record",
    "completion_check",
    "participant_ensure",
    "participant_name_parts",
    "progress_complete",
    "progress_start",
    "progress_undo",
    "reflection_save",
    "rule_status",
]
