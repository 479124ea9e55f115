"""Moving models between apps keeps every table and row (issue "One way down").

Migrates the test database back to the schema before regions and calendars existed, writes
rows there with the historical models, migrates forward and finds every row, every calendar
UID and every invitation, now keyed by its event.
"""

import uuid
from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("scheduling", "0003_calendar_tokens_and_invitations"),
    ("lms", "0005_user_erased_at"),
    ("regions", None),
    ("calendars", None),
]
START = datetime(2030, 3, 5, 8, tzinfo=UTC)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([target for target in targets if target[1]]).apps


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_rows_survive_the_move_to_regions_and_calendars():
    old = _migrate(BEFORE)
    county_model = old.get_model("scheduling", "County")
    county = county_model.objects.create(code="07", name="Kronobergs län")
    municipality = old.get_model("scheduling", "Municipality").objects.create(
        code="0780", name="Växjö", county=county, skr_group="B3", population=95000
    )
    user = old.get_model("lms", "User").objects.create(
        email="anna@example.com", municipality=municipality, county=county
    )
    course_round = old.get_model("scheduling", "Round").objects.create(
        slug="r", title="Omgång", start_date=date(2030, 1, 1), end_date=date(2030, 12, 31)
    )
    course_round.pilot_counties.add(county)
    cohort = old.get_model("scheduling", "Cohort").objects.create(
        round=course_round, county=county, name="Grupp 1", capacity=10
    )
    session_uid = uuid.uuid4()
    session = old.get_model("scheduling", "Session").objects.create(
        cohort=cohort, start=START, end=START.replace(hour=11), uid=session_uid, sequence=3
    )
    token = old.get_model("scheduling", "CalendarToken").objects.create(
        participant=user, token="hemlig-token"
    )
    invitation = old.get_model("scheduling", "Invitation").objects.create(
        participant=user, session=session, method="REQUEST"
    )
    content_type = old.get_model("contenttypes", "ContentType")
    content_type.objects.get_or_create(app_label="scheduling", model="county")

    new = _migrate(_latest())

    county = new.get_model("regions", "County").objects.get(code="07")
    assert county.name == "Kronobergs län"
    municipality = new.get_model("regions", "Municipality").objects.get(code="0780")
    assert municipality.county_id == county.pk
    user = new.get_model("lms", "User").objects.get(email="anna@example.com")
    assert (user.municipality_id, user.county_id) == (municipality.pk, county.pk)
    cohort = new.get_model("scheduling", "Cohort").objects.get(name="Grupp 1")
    assert cohort.county_id == county.pk
    assert list(cohort.round.pilot_counties.all()) == [county]
    session = new.get_model("scheduling", "Session").objects.get(cohort=cohort)
    assert (session.uid, session.sequence) == (session_uid, 3)
    assert new.get_model("calendars", "CalendarToken").objects.get(participant=user).pk == (
        token.pk
    )
    moved = new.get_model("calendars", "OutboxMessage").objects.get(pk=invitation.pk)
    assert (moved.source, moved.event_id, moved.method, moved.participant_id) == (
        "scheduling.session",
        session.pk,
        "REQUEST",
        user.pk,
    )
    content_types = new.get_model("contenttypes", "ContentType").objects
    assert content_types.filter(app_label="regions", model="county").exists()
    assert not content_types.filter(app_label="scheduling", model="county").exists()


@pytest.mark.django_db
def test_an_existing_sessions_calendar_uid_is_unchanged(settings):
    """Subscribers must see no duplicate events: the UID is still the session's own UUID."""
    from scheduling.calendar_data import calendar_sessions_by_id
    from scheduling.models import Session
    from tests.factories.scheduling import SessionFactory

    settings.CALENDAR_UID_DOMAIN = "kurs.example.se"
    session = SessionFactory(uid=uuid.UUID("0b6f9a52-7f0a-4c1e-9a57-2f1d2a3b4c5d"))
    event = calendar_sessions_by_id(Session.objects.filter(pk=session.pk))[session.pk]
    assert event.uid == "0b6f9a52-7f0a-4c1e-9a57-2f1d2a3b4c5d@kurs.example.se"
