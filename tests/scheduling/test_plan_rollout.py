"""plan_rollout: the real plan covers all 21 counties, pilots first; publishing is atomic."""

import json
import re
from datetime import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from regions.loader import load_reference_data
from regions.models import Municipality
from scheduling.models import Cohort, Session
from scheduling.rollout import round_plan
from scheduling.rounds import REAL_ROUND_SLUG, ensure_real_round
from scheduling.services import PlanPublishError, enrolment_create, plan_publish, session_reschedule
from tests.factories import UserFactory
from tests.factories.scheduling import InterestRegistrationFactory


@pytest.fixture
def real_round(db):
    load_reference_data()
    return ensure_real_round()


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("plan_rollout", "--round", REAL_ROUND_SLUG, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_table_covers_all_counties_pilots_first(real_round):
    out, err = run()
    lines = out.splitlines()
    assert lines[2].startswith("07") and "Kronobergs län" in lines[2]
    assert lines[3].startswith("14") and "Västra Götalands län" in lines[3]
    assert sum(1 for line in lines if re.match(r"^\d{2}\s{3}", line)) == 21
    assert "580 platser för en efterfrågan på 580" in out
    assert "Planerar … 37 av 37" in err


@pytest.mark.django_db
def test_json_has_one_object_per_cohort_with_offsets(real_round):
    data = json.loads(run("--format", "json")[0])
    cohorts, summary = data["cohorts"], data["summary"]
    assert summary["feasible"] is True
    assert {c["county_code"] for c in cohorts} | {
        code for c in cohorts for code in c["guest_county_codes"]
    } == {
        f"{n:02d}"
        for n in (1, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14, 17, 18, 19, 20, 21, 22, 23, 24, 25)
    }
    first = cohorts[0]
    assert set(first) >= {"county_code", "guest_county_codes", "name", "capacity", "sessions"}
    assert first["county_code"] in {"07", "14"}
    start = datetime.fromisoformat(first["sessions"][0]["start"])
    assert start.utcoffset() is not None and first["sessions"][0]["start"].endswith("+01:00")
    gotland = next(c for c in cohorts if "09" in c["guest_county_codes"])
    assert gotland["county_code"] != "09"


@pytest.mark.django_db
def test_csv_has_a_row_per_county(real_round):
    out, _err = run("--format", "csv")
    rows = out.splitlines()
    assert rows[0].startswith("county_code,county,cohorts,seats,demand")
    assert len(rows) == 22


@pytest.mark.django_db
def test_publish_creates_cohorts_and_sessions_and_can_run_again(real_round):
    run("--publish")
    assert Cohort.objects.filter(round=real_round).count() == 37
    assert Session.objects.filter(cohort__round=real_round).count() == 37 * 3
    gotland_cohort = Cohort.objects.get(round=real_round, guest_counties__code="09")
    assert gotland_cohort.county.code != "09"
    run("--publish")  # nothing changed by the counties: replaced, not duplicated
    assert Cohort.objects.filter(round=real_round).count() == 37


@pytest.mark.django_db
def test_publish_refuses_to_overwrite_what_a_county_changed(real_round):
    run("--publish")
    session = Session.objects.filter(cohort__county__code="07").order_by("start").first()
    session_reschedule(
        session=session, start=session.start.replace(hour=12), end=session.end.replace(hour=15)
    )
    participant = UserFactory(municipality=Municipality.objects.get(code="1480"))
    enrolment_create(
        participant=participant, cohort=Cohort.objects.filter(county__code="14").first()
    )
    with pytest.raises(
        CommandError, match="länen har redan ändrat eller tagit in deltagare i 2 grupper"
    ):
        run("--publish")
    assert Cohort.objects.filter(round=real_round).count() == 37


@pytest.mark.django_db
def test_an_infeasible_plan_is_explained_and_not_published(real_round):
    real_round.trainer_capacity = 2
    real_round.save()
    with pytest.raises(CommandError, match="inget har publicerats"):
        out, _err = run("--publish")
    assert not Cohort.objects.exists()
    plan = round_plan(real_round)
    assert not plan.feasible
    assert any("samtidiga grupper" in problem for problem in plan.problems)
    with pytest.raises(PlanPublishError):
        plan_publish(round=real_round, plan=plan)


@pytest.mark.django_db
def test_unknown_round_is_a_clear_error(db):
    with pytest.raises(CommandError, match="Det finns ingen kursomgång med kortnamnet nej"):
        call_command("plan_rollout", "--round", "nej", stdout=StringIO(), stderr=StringIO())


@pytest.mark.django_db
def test_interest_registrations_change_the_demand(real_round):
    InterestRegistrationFactory(
        round=real_round, municipality=Municipality.objects.get(code="0780"), strategists=9
    )
    demand = {county.code: county.demand for county in round_plan(real_round).counties}
    assert demand["07"] == 7 * 2 + 9


@pytest.mark.django_db
def test_only_confirmed_registrations_set_the_demand(real_round):
    """A public post moves nothing until its contact confirms it by the emailed link."""
    vaxjo = Municipality.objects.get(code="0780")
    InterestRegistrationFactory(round=real_round, municipality=vaxjo, strategists=3)
    before = {county.code: county.demand for county in round_plan(real_round).counties}["07"]

    InterestRegistrationFactory(
        round=real_round, municipality=vaxjo, strategists=50, confirmed_at=None
    )
    demand = {county.code: county.demand for county in round_plan(real_round).counties}
    assert demand["07"] == before == 7 * 2 + 3
