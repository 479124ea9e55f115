"""Every write with a rule in scheduling, one module per subject, re-exported here."""

from .calendar_tokens import calendar_token_for, calendar_token_rotate
from .enrolment import EnrolmentError, enrolment_cancel, enrolment_create
from .enrolment_import import EnrolmentImportError, ImportResult, enrolments_import_csv
from .interest import interest_register
from .plan import PlanPublishError, plan_publish
from .sessions import SessionError, session_cancel, session_reschedule

__all__ = [
    "calendar_token_for",
    "calendar_token_rotate",
    "EnrolmentError",
    "enrolment_cancel",
    "enrolment_create",
    "enrolments_import_csv",
    "EnrolmentImportError",
    "ImportResult",
    "interest_register",
    "plan_publish",
    "PlanPublishError",
    "SessionError",
    "session_cancel",
    "session_reschedule",
]
