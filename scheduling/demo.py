"""Demo scheduling data: the real round's plan published, and demo participants enrolled."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.demo import DEMO_ACCOUNTS

from .models import Cohort, Enrolment, Round
from .rollout import round_plan
from .rounds import ensure_demo_round
from .services import enrolment_create, plan_publish


def publish_if_unpublished(course_round: Round) -> int:
    """Publish the round's plan unless it has cohorts already; return the cohorts created."""
    if course_round.cohorts.exists():
        return 0
    return len(plan_publish(round=course_round, plan=round_plan(course_round)))


def enrol_demo_participants(course_round: Round) -> int:
    """Enrol each demo participant in the first cohort of the round open to their county."""
    enrolled = 0
    participants = (
        get_user_model()
        .objects.filter(email__in=[a.email for a in DEMO_ACCOUNTS if a.municipality_code])
        .select_related("municipality")
    )
    for participant in participants:
        if Enrolment.objects.filter(participant=participant, round=course_round).exists():
            continue
        county_id = participant.municipality.county_id
        cohort = (
            Cohort.objects.filter(round=course_round)
            .hosted_or_joined_by(county_id)
            .order_by("sessions__start", "pk")
            .first()
        )
        if cohort:
            enrolment_create(participant=participant, cohort=cohort)
            enrolled += 1
    return enrolled


def assign_demo_trainer(course_round: Round) -> None:
    """Make the demo trainer lead Kronoberg's cohorts of the round."""
    trainer = get_user_model().objects.filter(email="kursledare@example.com").first()
    if trainer:
        for cohort in Cohort.objects.filter(round=course_round, county__code="07"):
            cohort.trainers.add(trainer)


def build_demo_schedule(real_round: Round, course=None) -> list[str]:
    """Publish the real and the demo round, enrol the demo participants; report in Swedish."""
    demo_round = ensure_demo_round(today=timezone.localdate(), course=course)
    report = []
    for course_round in (real_round, demo_round):
        created = publish_if_unpublished(course_round)
        enrolled = enrol_demo_participants(course_round)
        assign_demo_trainer(course_round)
        report.append(f"{course_round.title}: {created} nya grupper, {enrolled} nya anmälningar")
    return report
