"""Every write on participants, one module per subject, re-exported here."""

from .attendance import AttendanceError, attendance_record
from .completion import completion_check, rule_status
from .progress import progress_complete, progress_start, progress_undo
from .reflections import ReflectionError, reflection_save

__all__ = [
    "AttendanceError",
    "ReflectionError",
    "attendance_record",
    "completion_check",
    "progress_complete",
    "progress_start",
    "progress_undo",
    "reflection_save",
    "rule_status",
]
