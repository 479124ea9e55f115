"""bootstrap --demo gives the real round a made-up, clearly marked, repeatable history."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count, Q

from lms.demo import DEMO_HISTORY_DOMAIN
from lms.models import Attendance, Completion
from lms.services.completion import rule_status
from lms.stats import figures
from lms.stats.data import load_frames
from scheduling.models import Cohort, EnrolmentStatus, Round

REAL_ROUND = "forandringsledning-2022-2023"


def national_figures():
    """The public rollout's figures per county for the real round."""
    course_round = Round.objects.get(slug=REAL_ROUND)
    rollout = figures.rollout_by_county(load_frames(round=course_round))
    return rollout[["county_code", "municipalities_reached", "enrolled", "completed"]].to_dict(
        "records"
    )


@pytest.mark.django_db
def test_the_demo_history_fills_every_county_and_is_the_same_every_run():
    output = StringIO()
    call_command("bootstrap", "--no-migrate", "--demo", stdout=output)
    first = national_figures()
    made_up = get_user_model().objects.filter(email__endswith="@" + DEMO_HISTORY_DOMAIN)
    count = made_up.count()
    assert 200 <= count <= 600
    assert f"{count} påhittade deltagare" in output.getvalue()
    assert all(
        person.first_name == "Demo"
        and person.last_name.startswith("Deltagare ")
        and not person.has_usable_password()
        for person in made_up
    )
    assert len(first) == 21
    assert all(row["enrolled"] > 0 and row["completed"] > 0 for row in first)
    completed = sum(row["completed"] for row in first)
    assert count * 0.2 < completed < count * 0.8

    course_round = Round.objects.get(slug=REAL_ROUND)
    over = Cohort.objects.filter(round=course_round).annotate(
        taken=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.ENROLLED))
    )
    assert all(cohort.taken <= cohort.capacity for cohort in over)
    completions = Completion.objects.filter(round=course_round).select_related("participant")
    for completion in completions:
        assert course_round.start_date <= completion.completed_at.date() <= course_round.end_date
        assert rule_status(participant=completion.participant, round=course_round).holds
    not_done = made_up.exclude(completions__round=course_round)[:50]
    assert not any(rule_status(participant=p, round=course_round).holds for p in not_done)
    assert Attendance.objects.filter(participant__in=made_up, attended=False).exists()

    call_command("bootstrap", "--no-migrate", "--demo", stdout=StringIO())
    assert made_up.count() == count
    assert national_figures() == first
