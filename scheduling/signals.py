"""What scheduling tells the apps above it after its writes, without knowing who listens.

`schedule_changed` is sent after the commit of every write that changes cohorts, their
sessions or enrolments (created, changed, cancelled, moved up from the waitlist, a plan
published). `lms` listens to keep its cached statistics fresh; scheduling imports nothing of it.
"""

from django.db import transaction
from django.dispatch import Signal

#: Sent with ``round_id`` once the transaction that changed the round's schedule has committed.
schedule_changed = Signal()


def schedule_changed_on_commit(*, round_id: int) -> None:
    """Send `schedule_changed` for the round when the current transaction commits (now if none)."""
    transaction.on_commit(lambda: schedule_changed.send(sender=None, round_id=round_id))
