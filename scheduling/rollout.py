"""The edge between a Round in the database and the pure planner: its rules and its demand."""

from collections.abc import Callable

from django.db.models import OuterRef, Subquery

from regions.models import County, Municipality

from .models import InterestRegistration, Round
from .planner import CountyDemand, Plan, PlanRules, plan_rollout


def plan_rules_for(round: Round) -> PlanRules:
    """The planner's rules, read from the round and its blackout periods."""
    return PlanRules(
        start=round.start_date,
        end=round.end_date,
        min_cohort_size=round.min_cohort_size,
        max_cohort_size=round.max_cohort_size,
        sessions_per_cohort=round.sessions_per_cohort,
        weeks_between_sessions=round.weeks_between_sessions,
        session_start=round.session_start_time,
        session_minutes=round.session_minutes,
        weekdays=round.weekday_numbers,
        blackout_periods=tuple(round.blackouts.values_list("start_date", "end_date")),
        trainer_capacity=round.trainer_capacity,
    )


def county_demand_for(round: Round) -> list[CountyDemand]:
    """Each county's seats: per municipality its latest confirmed registration, else the default.

    Pilot counties come first, in code order, then the others in code order.
    """
    latest = InterestRegistration.objects.filter(
        round=round, municipality=OuterRef("pk"), confirmed_at__isnull=False
    ).order_by("-created_at", "-id")
    registered = dict(
        Municipality.objects.annotate(registered=Subquery(latest.values("strategists")[:1]))
        .filter(registered__isnull=False)
        .values_list("id", "registered")
    )
    demand: dict[int, int] = {}
    for municipality_id, county_id in Municipality.objects.values_list("id", "county_id"):
        seats = registered.get(municipality_id, round.default_demand_per_municipality)
        demand[county_id] = demand.get(county_id, 0) + seats
    pilot_ids = set(round.pilot_counties.values_list("id", flat=True))
    counties = [
        CountyDemand(
            code=county.code,
            name=county.name,
            demand=demand.get(county.id, 0),
            is_pilot=county.id in pilot_ids,
        )
        for county in County.objects.order_by("code")
    ]
    return sorted(counties, key=lambda county: (not county.is_pilot, county.code))


def round_plan(round: Round, progress: Callable[[int, int], None] | None = None) -> Plan:
    """Propose the round's rollout plan from its rules and the current demand."""
    return plan_rollout(county_demand_for(round), plan_rules_for(round), progress=progress)
