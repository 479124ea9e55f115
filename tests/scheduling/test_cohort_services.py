"""Cohort services: creating, changing and cancelling a cohort, and enrolling a person."""

import logging
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from icalendar import Calendar
from wagtail.models import ModelLogEntry

from calendars.models import OutboxMessage
from scheduling.models import Cohort, Enrolment, Session
from scheduling.services import (
    CohortError,
    EnrolmentError,
    SessionData,
    cohort_cancel,
    cohort_create,
    cohort_update,
    enrolment_cancel,
    enrolment_create,
    participant_enrol,
    session_cancel,
)
from tests.factories import UserFactory
from tests.factories.scheduling import CohortFactory, RoundFactory, SessionFactory
from tests.outage import DOWN

FIRST = datetime(2030, 3, 5, 8, tzinfo=UTC)


def rows(*starts, location="Länsstyrelsen, sal 1"):
    return [
        SessionData(start=start, end=start + timedelta(hours=3), location=location)
        for start in starts
    ]


def current(cohort):
    """The cohort's sessions as SessionData rows, as an unchanged form gives them."""
    return [
        SessionData(id=s.pk, start=s.start, end=s.end, location=s.location, online_url=s.online_url)
        for s in cohort.sessions.order_by("sort_order", "pk")
    ]


def update(cohort, **changes):
    """cohort_update with the cohort's current values, except `changes`."""
    cohort.refresh_from_db()
    values = {
        "cohort": cohort,
        "round": cohort.round,
        "county": cohort.county,
        "name": cohort.name,
        "capacity": cohort.capacity,
        "status": cohort.status,
        "guest_counties": list(cohort.guest_counties.all()),
        "trainers": list(cohort.trainers.all()),
        "sessions": current(cohort),
    }
    values.update(changes)
    return cohort_update(**values)


def person(county, n):
    return UserFactory(email=f"p{n}@example.com", municipality=county.municipalities.get())


def statuses(cohort, people):
    return [Enrolment.objects.get(cohort=cohort, participant=p).status for p in people]


def feed(client, url):
    calendar = Calendar.from_ical(client.get(url).content)
    return {str(e["UID"]): (str(e["STATUS"]), int(e["SEQUENCE"])) for e in calendar.walk("VEVENT")}


@pytest.fixture
def kronoberg(counties):
    return counties["07"]


@pytest.fixture
def cohort(kronoberg):
    cohort = CohortFactory(county=kronoberg, name="Kronoberg vår", capacity=2, round__running=True)
    for n in range(2):
        start = FIRST + timedelta(weeks=4 * n)
        SessionFactory(cohort=cohort, start=start, end=start + timedelta(hours=3), sort_order=n)
    return cohort


def test_cohort_create_saves_the_sessions_and_marks_it_the_countys_own(kronoberg):
    cohort = cohort_create(
        round=RoundFactory(),
        county=kronoberg,
        name="Egen grupp",
        capacity=10,
        sessions=rows(FIRST, FIRST + timedelta(weeks=4)),
    )
    assert cohort.changed_by_county and cohort.status == "open"
    assert list(cohort.sessions.order_by("sort_order").values_list("start", "sequence")) == [
        (FIRST, 0),
        (FIRST + timedelta(weeks=4), 0),
    ]
    assert ModelLogEntry.objects.filter(action="scheduling.cohort.create").count() == 1


def test_cohort_create_names_the_row_of_an_invalid_session(kronoberg):
    bad = SessionData(start=FIRST, end=FIRST - timedelta(hours=1))
    with pytest.raises(CohortError) as refused:
        cohort_create(
            round=RoundFactory(),
            county=kronoberg,
            name="X",
            capacity=10,
            sessions=[*rows(FIRST), bad],
        )
    assert list(refused.value.session_errors) == [1]
    assert not Cohort.objects.filter(name="X").exists()


def test_raising_capacity_moves_the_waitlist_up_like_a_freed_place(cohort, kronoberg):
    people = [person(kronoberg, n) for n in range(5)]
    for p in people:
        enrolment_create(participant=p, cohort=cohort)
    update(cohort, capacity=3)
    assert statuses(cohort, people) == ["enrolled"] * 3 + ["waitlisted"] * 2
    enrolment_cancel(enrolment=Enrolment.objects.get(participant=people[0]))
    assert statuses(cohort, people) == ["cancelled"] + ["enrolled"] * 3 + ["waitlisted"]


def test_a_capacity_below_the_places_taken_is_refused_on_the_capacity_field(cohort, kronoberg):
    for n in range(2):
        enrolment_create(participant=person(kronoberg, n), cohort=cohort)
    with pytest.raises(CohortError) as refused:
        update(cohort, capacity=1)
    assert "2 personer har redan en plats" in refused.value.message_dict["capacity"][0]
    cohort.refresh_from_db()
    assert cohort.capacity == 2


def test_moves_and_place_changes_raise_sequence_and_invite_those_with_a_place(cohort, kronoberg):
    holder, waiting = person(kronoberg, 1), person(kronoberg, 2)
    cohort.capacity = 1
    cohort.save()
    enrolment_create(participant=holder, cohort=cohort)
    enrolment_create(participant=waiting, cohort=cohort)
    OutboxMessage.objects.all().delete()
    first, second = current(cohort)
    moved = SessionData(
        id=first.id, start=first.start + timedelta(days=1), end=first.end + timedelta(days=1)
    )
    elsewhere = SessionData(
        id=second.id, start=second.start, end=second.end, online_url="https://m.example/x"
    )
    update(cohort, sessions=[moved, elsewhere])
    sequences = dict(Session.objects.values_list("pk", "sequence"))
    assert sequences == {first.id: 1, second.id: 1}
    actions = dict(
        ModelLogEntry.objects.filter(action__startswith="scheduling.session.").values_list(
            "data__session", "action"
        )
    )
    assert actions == {
        first.id: "scheduling.session.reschedule",
        second.id: "scheduling.session.change_place",
    }
    assert sorted(
        OutboxMessage.objects.filter(kind="calendar").values_list(
            "participant", "event_id", "method"
        )
    ) == sorted([(holder.pk, first.id, "REQUEST"), (holder.pk, second.id, "REQUEST")])
    update(cohort)  # nothing changed: nothing raised, nobody invited
    assert dict(Session.objects.values_list("pk", "sequence")) == sequences
    assert OutboxMessage.objects.filter(kind="calendar").count() == 2


def test_a_cancelled_session_cannot_be_moved_and_none_can_be_left_out(cohort):
    first = cohort.sessions.order_by("sort_order").first()
    session_cancel(session=first, reason="Snöstorm")
    one, two = current(cohort)
    moved = SessionData(
        id=one.id, start=one.start + timedelta(days=1), end=one.end + timedelta(days=1)
    )
    with pytest.raises(CohortError) as refused:
        update(cohort, sessions=[moved, two])
    assert list(refused.value.session_errors) == [0]
    with pytest.raises(CohortError) as refused:
        update(cohort, sessions=[two])
    assert "kan inte tas bort" in refused.value.messages[0]
    assert Session.objects.get(pk=one.id).sequence == 1
    assert Session.objects.count() == 2


def test_cohort_cancel_sends_one_cancel_per_session_and_person_and_is_idempotent(
    cohort, kronoberg, django_capture_on_commit_callbacks
):
    holders = [person(kronoberg, n) for n in range(2)]
    waiting = person(kronoberg, 9)
    for p in [*holders, waiting]:
        enrolment_create(participant=p, cohort=cohort)
    OutboxMessage.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        cohort_cancel(cohort=cohort, reason="För få anmälda")
        cohort_cancel(cohort=cohort, reason="Igen")
    sessions = list(cohort.sessions.values_list("pk", flat=True))
    assert sorted(
        OutboxMessage.objects.filter(kind="calendar").values_list(
            "participant", "event_id", "method"
        )
    ) == sorted((p.pk, s, "CANCEL") for p in holders for s in sessions)
    assert set(Session.objects.values_list("status", "sequence", "cancel_reason")) == {
        ("cancelled", 1, "För få anmälda")
    }
    letters = [m for m in mail.outbox if not hasattr(m, "calendar")]
    assert sorted(m.to[0] for m in letters) == sorted(p.email for p in [*holders, waiting])
    assert "reservlista" in next(m.body for m in letters if m.to == [waiting.email])
    assert ModelLogEntry.objects.filter(action="scheduling.cohort.cancel").count() == 1
    assert set(Enrolment.objects.values_list("status", flat=True)) == {"cancelled"}


def test_a_failed_cancellation_email_is_kept_logged_and_the_cancellation_stands(
    cohort, kronoberg, settings, django_capture_on_commit_callbacks, caplog
):
    enrolment_create(participant=person(kronoberg, 1), cohort=cohort)
    settings.EMAIL_BACKEND = DOWN
    with (
        caplog.at_level(logging.WARNING, logger="calendars.tasks"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        cohort_cancel(cohort=cohort, reason="Sjukdom")
    assert Cohort.objects.get(pk=cohort.pk).status == "cancelled"
    letter = OutboxMessage.objects.get(kind="email")
    assert (letter.to_email, letter.status) == ("p1@example.com", "failed")
    assert "Sjukdom" in letter.text
    assert "SMTPServerDisconnected" in caplog.text and "p1@example.com" not in caplog.text


def test_participant_enrol_creates_the_account_only_with_the_enrolment(cohort, kronoberg):
    municipality = kronoberg.municipalities.get()
    enrolment = participant_enrol(
        email="Ny@Example.com",
        first_name="Ny",
        last_name="Person",
        municipality=municipality,
        cohort=cohort,
    )
    assert (enrolment.participant.email, enrolment.status) == ("ny@example.com", "enrolled")
    cohort_cancel(cohort=cohort, reason="Inställd")
    with pytest.raises(EnrolmentError):
        participant_enrol(
            email="sen@example.com",
            first_name="Sen",
            last_name="Person",
            municipality=municipality,
            cohort=cohort,
        )
    assert not get_user_model().objects.filter(email="sen@example.com").exists()


def test_a_cohort_from_creation_to_cancellation(
    client, kronoberg, django_capture_on_commit_callbacks
):
    """Create a cohort, fill it, move a session, raise the capacity, then cancel it."""
    cohort = cohort_create(
        round=RoundFactory(),
        county=kronoberg,
        name="Kronoberg livscykel",
        capacity=2,
        sessions=rows(FIRST, FIRST + timedelta(weeks=4)),
    )
    people = [person(kronoberg, n) for n in range(4)]
    for p in people:
        enrolment_create(participant=p, cohort=cohort)
    assert statuses(cohort, people) == ["enrolled"] * 2 + ["waitlisted"] * 2
    first, second = current(cohort)
    moved = SessionData(
        id=first.id, start=first.start + timedelta(hours=1), end=first.end + timedelta(hours=1)
    )
    update(cohort, sessions=[moved, second, *rows(FIRST + timedelta(weeks=8))], capacity=3)
    assert statuses(cohort, people) == ["enrolled"] * 3 + ["waitlisted"]
    requests = OutboxMessage.objects.filter(method="REQUEST")
    # The two first were invited when they joined, again for the moved and the added session;
    # the third when moved up, to all three sessions.
    assert requests.filter(participant=people[2]).count() == 3
    assert requests.filter(participant=people[0]).count() == 2 + 2
    urls = [
        reverse("scheduling:cohort_feed", kwargs={"cohort_id": cohort.pk}),
        reverse("scheduling:county_feed", kwargs={"county_code": kronoberg.code}),
    ]
    before = feed(client, urls[0])
    assert len(before) == 3
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cohort_cancel(cohort=cohort, reason="Kursledaren har slutat")
    for url in urls:
        after = feed(client, url)
        assert set(after) == set(before)
        assert all(
            status == "CANCELLED" and sequence == before[uid][1] + 1
            for uid, (status, sequence) in after.items()
        )
    cancels = [m for m in mail.outbox if b"METHOD:CANCEL" in getattr(m, "calendar", b"")]
    assert len(cancels) == 3 * 3
    letters = [m for m in mail.outbox if not hasattr(m, "calendar")]
    assert sorted(m.to[0] for m in letters) == sorted(p.email for p in people)
    assert all("Kursledaren har slutat" in m.body for m in letters)
    assert set(statuses(cohort, people)) == {"cancelled"}
    late = person(kronoberg, 7)
    with pytest.raises(EnrolmentError):
        enrolment_create(participant=late, cohort=cohort)


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
@pytest.mark.django_db
def test_a_cohort_name_that_spreadsheets_would_run_is_refused(kronoberg, cohort, prefix):
    name = prefix + 'HYPERLINK("http://evil.example/","Klicka")'
    with pytest.raises(CohortError) as created:
        cohort_create(round=RoundFactory(), county=kronoberg, name=name, capacity=10)
    with pytest.raises(CohortError) as updated:
        update(cohort, name=name)
    for refused in (created, updated):
        assert refused.value.message_dict["name"] == [
            "Gruppens namn får inte börja med =, +, -, @, tabb eller radbrytning, "
            "eftersom kalkylprogram då läser texten som en formel."
        ]
    assert not Cohort.objects.filter(name=name).exists()
