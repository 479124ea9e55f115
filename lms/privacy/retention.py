"""Which participants' personal data the platform no longer needs: the retention rule.

A participant is due for erasure when they have at least one enrolment, and every round they
have an enrolment in (whatever its status) ended more than `days` days before `today`. Staff,
accounts already erased and accounts never enrolled are never due.
"""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef

from scheduling.models import Enrolment


def participants_due_for_erasure(*, days: int, today: date):
    """The participants whose rounds all ended more than `days` days before `today`, by id."""
    cutoff = today - timedelta(days=days)
    enrolments = Enrolment.objects.filter(participant_id=OuterRef("pk"))
    return (
        get_user_model()
        .objects.filter(is_staff=False, is_superuser=False, erased_at__isnull=True)
        .filter(Exists(enrolments))
        .exclude(Exists(enrolments.filter(round__end_date__gte=cutoff)))
        .order_by("pk")
    )
