"""The one lock order of scheduling's writes, so that no two of them wait for each other.

A round's row comes first (only publishing its plan locks it), then cohorts in id order, then
their sessions, then their enrolments. Publishing locks the round FOR NO KEY UPDATE: inserting
an enrolment or a cohort checks its foreign key to the round with FOR KEY SHARE, which that
lock lets through, so a writer that holds a cohort never waits for the round.
"""

from django.utils.translation import gettext_lazy

from ..models import Cohort, Round

COHORT_GONE = gettext_lazy(
    "Gruppen finns inte längre: kursomgångens plan har just publicerats på nytt. "
    "Ladda om sidan och välj en av de nya grupperna."
)


def round_lock(*, round_id: int) -> Round:
    """Lock the round's row for publishing its plan: one publication of a round at a time."""
    return Round.objects.select_for_update(no_key=True).get(pk=round_id)


def cohort_lock(*, cohort_id: int) -> Cohort:
    """Lock the cohort's row: its places, sessions and fields change one writer at a time.

    Raises Cohort.DoesNotExist when a republished plan replaced the cohort in the meantime;
    callers say so with COHORT_GONE.
    """
    return Cohort.objects.select_for_update().get(pk=cohort_id)
