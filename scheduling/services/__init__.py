"""Every write with a rule in scheduling, one module per subject, re-exported here."""

from .cohorts import CohortError, SessionData, cohort_cancel, cohort_create, cohort_update
from .enrolment import (
    EnrolmentError,
    enrolment_cancel,
    enrolment_create,
    participant_enrol,
    round_ended_message,
    round_has_ended,
    waitlist_promote,
)
from .enrolment_import import (
    EnrolmentImportError,
    ImportResult,
    csv_text,
    enrolments_import_csv,
    enrolments_import_xlsx,
)
from .interest import (
    InterestLimitError,
    InterestLinkError,
    interest_by_token,
    interest_confirm,
    interest_confirmation_email,
    interest_confirmation_token,
    interest_register,
    interest_term_label,
)
from .plan import PlanPublishError, plan_publish
from .sessions import SessionError, session_cancel, session_reschedule

__all__ = [
    "cohort_cancel",
    "cohort_create",
    "CohortError",
    "cohort_update",
    "EnrolmentError",
    "enrolment_cancel",
    "enrolment_create",
    "csv_text",
    "enrolments_import_csv",
    "enrolments_import_xlsx",
    "EnrolmentImportError",
    "ImportResult",
    "interest_by_token",
    "interest_confirm",
    "interest_confirmation_email",
    "interest_confirmation_token",
    "interest_register",
    "interest_term_label",
    "InterestLimitError",
    "InterestLinkError",
    "participant_enrol",
    "plan_publish",
    "round_ended_message",
    "round_has_ended",
    "PlanPublishError",
    "SessionData",
    "SessionError",
    "session_cancel",
    "session_reschedule",
    "waitlist_promote",
]
