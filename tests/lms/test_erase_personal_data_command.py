"""manage.py erase_personal_data: participants whose rounds all ended long enough ago."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.factories import UserFactory
from tests.factories.scheduling import EnrolmentFactory, RoundFactory

DAY = timezone.localdate()


def ended(days_ago: int):
    """A round whose last day was this many days before today."""
    end = DAY - timedelta(days=days_ago)
    return RoundFactory(start_date=end - timedelta(days=300), end_date=end)


def enrolled(email, *rounds, **user_fields):
    person = UserFactory(email=email, **user_fields)
    for course_round in rounds:
        EnrolmentFactory(participant=person, cohort__round=course_round, round=course_round)
    return person


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("erase_personal_data", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def people(db, settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 100
    old, recent = ended(101), ended(99)
    return {
        "due": enrolled("gammal@example.com", old),
        "ended_long_ago": enrolled("avbokad@example.com", ended(400)),
        "one_recent_round": enrolled("blandad@example.com", old, recent),
        "at_the_limit": enrolled("gransen@example.com", ended(100)),
        "staff": enrolled("personal@example.com", old, is_staff=True),
        "never_enrolled": UserFactory(email="aldrig@example.com"),
    }


def erased(people):
    for person in people.values():
        person.refresh_from_db()
    return {name for name, person in people.items() if person.erased_at is not None}


@pytest.mark.django_db
def test_erases_only_those_whose_rounds_all_ended_long_enough_ago(people):
    out, err = run()
    assert erased(people) == {"due", "ended_long_ago"}
    assert "2 deltagare" in out and "100 dagar" in out
    assert f"deltagare {people['due'].pk}" in err and "gammal@example.com" not in err + out


@pytest.mark.django_db
def test_a_dry_run_changes_nothing(people):
    out, err = run("--dry-run")
    assert erased(people) == set()
    assert "2 deltagare" in out and "inget är ändrat" in out
    assert err.count("deltagare") == 2


@pytest.mark.django_db
def test_days_on_the_command_line_win_over_the_setting(people):
    run("--days", "98")
    assert erased(people) == {"due", "ended_long_ago", "one_recent_round", "at_the_limit"}


@pytest.mark.django_db
def test_running_again_erases_nobody_twice(people):
    run()
    first = {p.pk: p.erased_at for p in people.values()}
    out, err = run()
    assert "0 deltagare" in out and err == ""
    assert {p.pk: p.erased_at for p in people.values()} == first


@pytest.mark.django_db
def test_negative_days_are_refused(people):
    with pytest.raises(CommandError, match="negativt"):
        run("--days", "-1")
    assert erased(people) == set()
