"""Publishing a rollout plan: the proposal becomes cohorts and sessions, all or nothing."""

from django.db import transaction
from django.utils.translation import gettext as _

from regions.models import County

from ..audit import audit
from ..models import Cohort, CohortStatus, Round, Session
from ..planner import Plan
from ..signals import schedule_changed_on_commit
from .locks import round_lock


class PlanPublishError(Exception):
    """The plan cannot be published; the message says why, in Swedish."""


def _plan_key(cohort, index_in_county: int) -> str:
    return f"{cohort.county_code}-{index_in_county}"


def plan_publish(*, round: Round, plan: Plan, by=None) -> list[Cohort]:
    """Create the plan's cohorts and sessions, replacing an earlier publication of the round.

    An earlier published cohort is replaced only if its county has not changed it and nobody is
    enrolled in it; otherwise nothing is written and the error names the cohorts concerned.
    `by` is the national coordinator who publishes, for the audit log (None: the system).
    """
    if not plan.feasible:
        raise PlanPublishError(
            _("Planen går inte att genomföra och publiceras inte: %(problems)s")
            % {"problems": " ".join(plan.problems)}
        )
    with transaction.atomic():
        round_lock(round_id=round.pk)
        earlier = Cohort.objects.filter(round=round).exclude(plan_key="")
        # Locked in id order (see .locks): an enrolment or change under way finishes first and
        # is seen below; one that comes later finds its cohort gone and is told so.
        kept = [
            cohort.name
            for cohort in earlier.select_for_update().order_by("pk").prefetch_related("enrolments")
            if cohort.changed_by_county or cohort.enrolments.all()
        ]
        if kept:
            raise PlanPublishError(
                _(
                    "Planen publiceras inte: länen har redan ändrat eller tagit in deltagare i "
                    "%(count)d grupper (%(names)s)."
                )
                % {"count": len(kept), "names": ", ".join(sorted(kept))}
            )
        Session.objects.filter(cohort__in=earlier).delete()
        earlier.delete()
        counties = {county.code: county for county in County.objects.all()}
        created, counts = [], {}
        for planned in plan.cohorts:
            counts[planned.county_code] = counts.get(planned.county_code, 0) + 1
            cohort = Cohort.objects.create(
                round=round,
                county=counties[planned.county_code],
                name=planned.name,
                capacity=planned.capacity,
                status=CohortStatus.OPEN,
                plan_key=_plan_key(planned, counts[planned.county_code]),
            )
            cohort.guest_counties.set([counties[code] for code in planned.guest_county_codes])
            Session.objects.bulk_create(
                Session(
                    cohort=cohort,
                    sort_order=session.number - 1,
                    start=session.start,
                    end=session.end,
                )
                for session in planned.sessions
            )
            audit(
                cohort,
                "scheduling.cohort.publish",
                by=by,
                cohort=cohort,
                county_id=cohort.county_id,
                title=cohort.name,
            )
            created.append(cohort)
        schedule_changed_on_commit(round_id=round.pk)
    return created
