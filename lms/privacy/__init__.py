"""Personal data: the participant's export, erasure, and the retention rule."""

from .erasure import ErasureError, ErasureReport, erasure_refusal, participant_erase
from .export import personal_data_export
from .retention import participants_due_for_erasure

__all__ = [
    "ErasureError",
    "ErasureReport",
    "erasure_refusal",
    "participant_erase",
    "participants_due_for_erasure",
    "personal_data_export",
]
