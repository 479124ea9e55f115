"""The scheduling admin: each county coordinator sees and changes only their own county."""

import csv
import io
import re
from datetime import UTC, datetime, timedelta
from unittest.mock import patch

import openpyxl
import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar
from wagtail.models import ModelLogEntry
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from accounts.roles import COUNTY_COORDINATORS, NATIONAL_COORDINATORS, TRAINERS
from calendars.models import OutboxMessage
from scheduling.models import Cohort, EnrolmentStatus, Session
from scheduling.services import enrolment_create, participant_enrol, session_cancel
from tests.factories import UserFactory
from tests.factories.scheduling import (
    CohortFactory,
    EnrolmentFactory,
    InterestRegistrationFactory,
    SessionFactory,
)
from tests.factories.users import staff_member as staff


@pytest.fixture
def kronoberg_client(client, counties):
    client.force_login(staff(COUNTY_COORDINATORS, counties["07"]))
    return client


@pytest.fixture
def cohorts(counties):
    own = CohortFactory(county=counties["07"], name="Kronoberg grupp 1", round__running=True)
    SessionFactory(
        cohort=own,
        start=datetime(2022, 3, 1, 8, tzinfo=UTC),
        end=datetime(2022, 3, 1, 11, tzinfo=UTC),
    )
    other = CohortFactory(county=counties["14"], name="Västra Götaland grupp 1", round=own.round)
    guest = CohortFactory(
        county=counties["14"],
        name="Delad med Kronoberg",
        round=own.round,
        guest_counties=[counties["07"]],
    )
    return {"own": own, "other": other, "guest": guest}


def cohort_form_data(cohort, sessions, **changes):
    data = {
        "name": cohort.name,
        "round": cohort.round_id,
        "county": cohort.county_id,
        "guest_counties": [c.pk for c in cohort.guest_counties.all()],
        "capacity": cohort.capacity,
        "status": cohort.status,
        "trainers": [],
        "sessions": inline_formset(sessions, initial=len([s for s in sessions if s.get("id")])),
    }
    data.update(changes)
    return nested_form_data(data)


def session_row(session, **changes):
    row = {
        "id": session.pk,
        "start": session.start.astimezone().strftime("%Y-%m-%d %H:%M"),
        "end": session.end.astimezone().strftime("%Y-%m-%d %H:%M"),
        "location": session.location,
        "online_url": session.online_url,
        "ORDER": 1,
    }
    row.update(changes)
    return row


@pytest.mark.django_db
def test_coordinator_lists_own_and_shared_cohorts_only(kronoberg_client, cohorts):
    html = kronoberg_client.get("/admin/scheduling/cohort/").content.decode()
    assert "Kronoberg grupp 1" in html
    assert "Delad med Kronoberg" in html
    assert "Västra Götaland grupp 1" not in html


@pytest.mark.django_db
def test_coordinator_cannot_open_another_countys_cohort(kronoberg_client, cohorts):
    assert (
        kronoberg_client.get(f"/admin/scheduling/cohort/edit/{cohorts['other'].pk}/").status_code
        == 404
    )
    assert (
        kronoberg_client.get(f"/admin/scheduling/cohort/edit/{cohorts['guest'].pk}/").status_code
        == 404
    )
    assert (
        kronoberg_client.get(
            f"/admin/scheduling/cohort/{cohorts['other'].pk}/deltagare/"
        ).status_code
        == 404
    )
    assert (
        kronoberg_client.get(f"/admin/scheduling/cohort/edit/{cohorts['own'].pk}/").status_code
        == 200
    )


@pytest.mark.django_db
def test_moving_a_session_in_the_admin_raises_its_sequence(kronoberg_client, cohorts):
    cohort = cohorts["own"]
    session = cohort.sessions.get()
    participant = UserFactory(municipality=cohort.county.municipalities.get())
    EnrolmentFactory(participant=participant, cohort=cohort)
    later = session.start + timedelta(days=7)
    data = cohort_form_data(
        cohort,
        [
            session_row(
                session,
                start=later.astimezone().strftime("%Y-%m-%d %H:%M"),
                end=(later + timedelta(hours=3)).astimezone().strftime("%Y-%m-%d %H:%M"),
            )
        ],
    )
    response = kronoberg_client.post(f"/admin/scheduling/cohort/edit/{cohort.pk}/", data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    session.refresh_from_db()
    assert session.start == later
    assert session.sequence == 1
    assert Cohort.objects.get(pk=cohort.pk).changed_by_county
    invitation = OutboxMessage.objects.get(event_id=session.pk)
    assert (invitation.participant, invitation.method) == (participant, "REQUEST")


@pytest.mark.django_db
def test_deleting_a_session_is_refused_in_favour_of_cancelling(kronoberg_client, cohorts):
    cohort = cohorts["own"]
    session = cohort.sessions.get()
    url = f"/admin/scheduling/cohort/edit/{cohort.pk}/"
    # The formset has no deletion: a posted DELETE is ignored and the session stays.
    data = cohort_form_data(cohort, [session_row(session, DELETE=1)])
    assert kronoberg_client.post(url, data).status_code == 302
    assert Session.objects.filter(pk=session.pk).exists()
    # A row left out is refused, with the way to cancel it instead.
    response = kronoberg_client.post(url, cohort_form_data(cohort, []))
    assert response.status_code == 200
    assert "Ställ in den i stället" in response.content.decode()
    assert Session.objects.filter(pk=session.pk).exists()


@pytest.mark.django_db
def test_cancelling_a_session_with_a_reason(kronoberg_client, cohorts):
    session = cohorts["own"].sessions.get()
    response = kronoberg_client.post(
        f"/admin/scheduling/cohort/trff/{session.pk}/stall-in/", {"reason": "Snöstorm"}
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.status, session.cancel_reason, session.sequence) == ("cancelled", "Snöstorm", 1)
    other_session = SessionFactory(cohort=cohorts["other"])
    assert (
        kronoberg_client.post(
            f"/admin/scheduling/cohort/trff/{other_session.pk}/stall-in/", {"reason": "x"}
        ).status_code
        == 404
    )


@pytest.mark.django_db
def test_coordinator_creates_cohorts_only_in_own_county(kronoberg_client, cohorts, counties):
    html = kronoberg_client.get("/admin/scheduling/cohort/new/").content.decode()
    assert "Kronobergs län" in html
    data = cohort_form_data(cohorts["own"], [], name="Egen grupp", county=counties["14"].pk)
    response = kronoberg_client.post("/admin/scheduling/cohort/new/", data)
    assert response.status_code == 200
    assert not Cohort.objects.filter(name="Egen grupp").exists()
    data = cohort_form_data(cohorts["own"], [], name="Egen grupp", county=counties["07"].pk)
    assert kronoberg_client.post("/admin/scheduling/cohort/new/", data).status_code == 302
    assert Cohort.objects.get(name="Egen grupp").county == counties["07"]


@pytest.mark.django_db
def test_enrol_one_participant_and_import_a_file(kronoberg_client, cohorts):
    url = f"/admin/scheduling/cohort/{cohorts['own'].pk}/deltagare/"
    response = kronoberg_client.post(
        url,
        {
            "action": "one",
            "email": "ny@example.com",
            "name": "Ny Person",
            "municipality": cohorts["own"].county.municipalities.get().pk,
        },
    )
    assert response.status_code == 302
    assert cohorts["own"].enrolments.get().status == EnrolmentStatus.ENROLLED
    bad = SimpleUploadedFile("lista.csv", b"email,name,municipality_code\nx@example.com,X Y,1480\n")
    response = kronoberg_client.post(url, {"action": "import", "file": bad})
    html = response.content.decode()
    assert "Rad 2: Göteborg ligger inte i något av de län du anmäler för." in html
    good = SimpleUploadedFile(
        "lista.csv", "email;name;municipality_code\nasa@example.com;Åsa Ö;0780\n".encode()
    )
    assert kronoberg_client.post(url, {"action": "import", "file": good}).status_code == 302
    assert cohorts["own"].enrolments.count() == 2
    page = kronoberg_client.get(url).content.decode()
    assert "ny@example.com" in page and "2 av 20 platser tagna" in page


@pytest.mark.django_db
def test_interest_registrations_are_scoped_to_the_county(kronoberg_client, counties):
    InterestRegistrationFactory(
        municipality=counties["07"].municipalities.get(), contact_name="Kim i Växjö"
    )
    InterestRegistrationFactory(
        municipality=counties["14"].municipalities.get(), contact_name="Ola i Göteborg"
    )
    html = kronoberg_client.get("/admin/scheduling/interestregistration/").content.decode()
    assert "Växjö" in html and "Göteborg" not in html


@pytest.mark.django_db
def test_national_coordinator_sees_all_and_county_coordinator_cannot_plan(
    client, counties, cohorts
):
    national = staff(NATIONAL_COORDINATORS)
    client.force_login(national)
    html = client.get("/admin/scheduling/cohort/").content.decode()
    assert "Västra Götaland grupp 1" in html and "Kronoberg grupp 1" in html
    assert client.get(f"/admin/scheduling/round/{cohorts['own'].round_id}/plan/").status_code == 200
    client.force_login(staff(COUNTY_COORDINATORS, counties["07"]))
    assert client.get(f"/admin/scheduling/round/{cohorts['own'].round_id}/plan/").status_code in (
        302,
        403,
    )


@pytest.mark.django_db
def test_cohort_list_query_count_does_not_grow(client, counties):
    client.force_login(staff(NATIONAL_COORDINATORS))
    counts = []
    for total in (2, 12):
        while Cohort.objects.count() < total:
            cohort = CohortFactory(county=counties["07"])
            SessionFactory(cohort=cohort)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/admin/scheduling/cohort/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


@pytest.mark.django_db
def test_national_coordinator_publishes_the_plan_from_the_admin(client, cohorts):
    client.force_login(staff(NATIONAL_COORDINATORS))
    course_round = cohorts["own"].round
    Cohort.objects.all().delete()
    page = client.get(f"/admin/scheduling/round/{course_round.pk}/plan/").content.decode()
    assert "Förslag per län" in page and "Publicera planen" in page
    response = client.post(f"/admin/scheduling/round/{course_round.pk}/plan/")
    assert response.status_code == 302
    assert Cohort.objects.filter(round=course_round).exists()
    assert Session.objects.filter(cohort__round=course_round).exists()


@pytest.mark.django_db
def test_host_sees_every_participant_and_a_guest_county_only_its_own(client, counties, cohorts):
    shared = cohorts["guest"]  # hosted by Västra Götaland, Kronoberg a guest
    EnrolmentFactory(
        participant=UserFactory(
            email="vg@example.com", municipality=counties["14"].municipalities.get()
        ),
        cohort=shared,
    )
    EnrolmentFactory(
        participant=UserFactory(
            email="kb@example.com", municipality=counties["07"].municipalities.get()
        ),
        cohort=shared,
    )
    url = f"/admin/scheduling/cohort/{shared.pk}/deltagare/"
    client.force_login(staff(COUNTY_COORDINATORS, counties["14"]))
    html = client.get(url).content.decode()
    assert "vg@example.com" in html and "kb@example.com" in html
    client.force_login(staff(COUNTY_COORDINATORS, counties["07"]))
    html = client.get(url).content.decode()
    assert "kb@example.com" in html and "vg@example.com" not in html


@pytest.mark.django_db
def test_a_guest_county_is_not_offered_attendance_or_cancelling(client, counties, cohorts):
    SessionFactory(cohort=cohorts["guest"])
    url = f"/admin/scheduling/cohort/{cohorts['guest'].pk}/deltagare/"
    client.force_login(staff(COUNTY_COORDINATORS, counties["07"]))
    html = client.get(url).content.decode()
    assert "/admin/narvaro/" not in html and "stall-in" not in html
    client.force_login(staff(COUNTY_COORDINATORS, counties["14"]))
    html = client.get(url).content.decode()
    assert "/admin/narvaro/" in html and "stall-in" in html


@pytest.mark.django_db
@pytest.mark.parametrize("view", ["history", "history-results", "usage"])
def test_coordinator_cannot_read_another_countys_cohort_history(kronoberg_client, cohorts, view):
    """Regression: history and usage loaded any cohort by id, so they showed who changed it."""
    own = kronoberg_client.get(f"/admin/scheduling/cohort/{view}/{cohorts['own'].pk}/")
    other = kronoberg_client.get(f"/admin/scheduling/cohort/{view}/{cohorts['other'].pk}/")
    assert (own.status_code, other.status_code) == (200, 404)


@pytest.fixture
def trainer_at_county_board(client, counties, cohorts):
    """A trainer who works at Västra Götaland's board and leads Kronoberg's cohort only."""
    trainer = staff(TRAINERS, counties["14"])
    cohorts["own"].trainers.add(trainer)
    client.force_login(trainer)
    return client


@pytest.mark.django_db
def test_trainer_sees_only_the_cohorts_they_lead_not_their_countys(
    trainer_at_county_board, cohorts
):
    """Regression: a trainer with a county reached every cohort of it, with its participants."""
    html = trainer_at_county_board.get("/admin/scheduling/cohort/").content.decode()
    assert "Kronoberg grupp 1" in html
    assert "Västra Götaland grupp 1" not in html
    other = f"/admin/scheduling/cohort/{cohorts['other'].pk}/deltagare/"
    assert trainer_at_county_board.get(other).status_code == 404


@pytest.mark.django_db
def test_trainer_sees_every_participant_of_a_cohort_they_lead_in_another_county(
    trainer_at_county_board, cohorts, counties
):
    """Regression: a trainer from another county's board saw only participants from their own."""
    participant = UserFactory(
        first_name="Vera", last_name="Växjöbo", municipality=counties["07"].municipalities.get()
    )
    EnrolmentFactory(cohort=cohorts["own"], participant=participant)
    response = trainer_at_county_board.get(
        f"/admin/scheduling/cohort/{cohorts['own'].pk}/deltagare/"
    )
    assert "Vera Växjöbo" in response.content.decode()


def future_sessions(cohort, count=2):
    """Sessions a year ahead, whole minutes, so that they stay in feeds after cancelling."""
    first = datetime(2030, 3, 5, 8, tzinfo=UTC)
    return [
        SessionFactory(
            cohort=cohort,
            start=first + timedelta(weeks=4 * n),
            end=first + timedelta(weeks=4 * n, hours=3),
            sort_order=n,
        )
        for n in range(count)
    ]


def people(cohort, count, start=0):
    municipality = cohort.county.municipalities.get()
    return [
        UserFactory(email=f"deltagare{n}@example.com", municipality=municipality)
        for n in range(start, start + count)
    ]


def feed_events(client, url):
    calendar = Calendar.from_ical(client.get(url).content)
    return {
        str(event["UID"]): (str(event["STATUS"]), int(event["SEQUENCE"]))
        for event in calendar.walk("VEVENT")
    }


@pytest.fixture
def busy_cohort(counties):
    """A Kronoberg cohort of two places, both taken, one person waiting, two future sessions."""
    cohort = CohortFactory(county=counties["07"], name="Kronoberg vår", capacity=2)
    future_sessions(cohort)
    for person in people(cohort, 3):
        enrolment_create(participant=person, cohort=cohort)
    return cohort


@pytest.mark.django_db
def test_cancelling_a_cohort_in_the_admin_cancels_everything_and_tells_everyone(
    kronoberg_client, busy_cohort, client, django_capture_on_commit_callbacks
):
    cohort = busy_cohort
    sessions = list(cohort.sessions.order_by("sort_order"))
    cohort_feed = reverse("scheduling:cohort_feed", kwargs={"cohort_id": cohort.pk})
    county_feed = reverse("scheduling:county_feed", kwargs={"county_code": "07"})
    before = feed_events(kronoberg_client, cohort_feed)
    assert {status for status, _sequence in before.values()} == {"CONFIRMED"}
    OutboxMessage.objects.all().delete()
    mail.outbox.clear()
    enrolled = {e.participant for e in cohort.enrolments.filter(status="enrolled")}
    waiting = {e.participant for e in cohort.enrolments.filter(status="waitlisted")}
    data = cohort_form_data(
        cohort,
        [session_row(s) for s in sessions],
        status="cancelled",
        cancel_reason="Kursledaren är sjuk",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = kronoberg_client.post(f"/admin/scheduling/cohort/edit/{cohort.pk}/", data)
    assert response.status_code == 302, response.content.decode()[-3000:]

    invitations = OutboxMessage.objects.filter(kind="calendar")
    assert sorted((i.participant_id, i.event_id, i.method) for i in invitations) == sorted(
        (person.pk, session.pk, "CANCEL") for person in enrolled for session in sessions
    )
    assert {i.status for i in invitations} == {"sent"}
    calendar_mails = [m for m in mail.outbox if getattr(m, "calendar", None)]
    assert len(calendar_mails) == 4
    assert all(b"METHOD:CANCEL" in m.calendar for m in calendar_mails)
    letters = [m for m in mail.outbox if not getattr(m, "calendar", None)]
    assert sorted(m.to[0] for m in letters) == sorted(p.email for p in enrolled | waiting)
    assert all("Kursledaren är sjuk" in m.body and "Kronoberg vår" in m.body for m in letters)

    for url in (cohort_feed, county_feed):
        after = feed_events(client, url)
        assert set(after) == set(before)
        for uid, (status, sequence) in after.items():
            assert status == "CANCELLED"
            assert sequence > before[uid][1]
    assert set(cohort.enrolments.values_list("status", flat=True)) == {"cancelled"}
    assert not cohort.enrolments.filter(cancelled_at=None).exists()
    assert Cohort.objects.get(pk=cohort.pk).status == "cancelled"


@pytest.mark.django_db
def test_cancelling_a_cohort_in_the_admin_needs_a_reason(kronoberg_client, busy_cohort):
    cohort = busy_cohort
    data = cohort_form_data(
        cohort, [session_row(s) for s in cohort.sessions.all()], status="cancelled"
    )
    response = kronoberg_client.post(f"/admin/scheduling/cohort/edit/{cohort.pk}/", data)
    assert response.status_code == 200
    assert "Skriv varför gruppen ställs in" in response.content.decode()
    assert Cohort.objects.get(pk=cohort.pk).status == "open"
    assert not cohort.sessions.filter(status="cancelled").exists()


@pytest.mark.django_db
def test_raising_capacity_in_the_admin_moves_the_waitlist_up_in_order(kronoberg_client, counties):
    cohort = CohortFactory(county=counties["07"], name="Kronoberg höst", capacity=5)
    sessions = future_sessions(cohort)
    crowd = people(cohort, 8)
    for person in crowd:
        enrolment_create(participant=person, cohort=cohort)
    OutboxMessage.objects.all().delete()
    data = cohort_form_data(cohort, [session_row(s) for s in sessions], capacity=7)
    response = kronoberg_client.post(f"/admin/scheduling/cohort/edit/{cohort.pk}/", data)
    assert response.status_code == 302, response.content.decode()[-3000:]

    def status_of(person):
        return cohort.enrolments.get(participant=person).status

    assert [status_of(p) for p in crowd] == ["enrolled"] * 7 + ["waitlisted"]
    assert sorted(
        OutboxMessage.objects.filter(kind="calendar").values_list(
            "participant", "event_id", "method"
        )
    ) == sorted((person.pk, session.pk, "REQUEST") for person in crowd[5:7] for session in sessions)
    (late,) = people(cohort, 1, start=8)
    assert enrolment_create(participant=late, cohort=cohort).status == "waitlisted"
    waiting = cohort.enrolments.filter(status="waitlisted").order_by("created_at", "id")
    assert [e.participant for e in waiting] == [crowd[7], late]


@pytest.mark.django_db
def test_lowering_capacity_below_the_places_taken_is_refused(kronoberg_client, busy_cohort):
    cohort = busy_cohort
    data = cohort_form_data(cohort, [session_row(s) for s in cohort.sessions.all()], capacity=1)
    response = kronoberg_client.post(f"/admin/scheduling/cohort/edit/{cohort.pk}/", data)
    assert response.status_code == 200
    assert "2 personer har redan en plats" in response.content.decode()
    assert Cohort.objects.get(pk=cohort.pk).capacity == 2


@pytest.mark.django_db
def test_a_cancelled_session_cannot_be_moved_in_the_admin(kronoberg_client, busy_cohort):
    cohort = busy_cohort
    first, second = cohort.sessions.order_by("sort_order")
    session_cancel(session=first, reason="Snöstorm")
    first.refresh_from_db()
    start, end = (
        (moment + timedelta(days=1)).astimezone().strftime("%Y-%m-%d %H:%M")
        for moment in (first.start, first.end)
    )
    moved = session_row(first, start=start, end=end, location="Annan sal")
    data = cohort_form_data(cohort, [moved, session_row(second)])
    response = kronoberg_client.post(f"/admin/scheduling/cohort/edit/{cohort.pk}/", data)
    assert response.status_code == 200
    assert "är inställd och kan inte flyttas" in response.content.decode()
    unchanged = Session.objects.get(pk=first.pk)
    assert (unchanged.start, unchanged.location, unchanged.sequence) == (
        first.start,
        first.location,
        first.sequence,
    )


@pytest.mark.django_db
def test_changing_only_the_place_raises_sequence_and_is_logged_as_a_place_change(
    kronoberg_client, busy_cohort
):
    cohort = busy_cohort
    first, second = cohort.sessions.order_by("sort_order")
    OutboxMessage.objects.all().delete()
    data = cohort_form_data(
        cohort, [session_row(first, location="Residenset, Växjö"), session_row(second)]
    )
    response = kronoberg_client.post(f"/admin/scheduling/cohort/edit/{cohort.pk}/", data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.location, first.sequence, second.sequence) == ("Residenset, Växjö", 1, 0)
    actions = set(
        ModelLogEntry.objects.filter(data__session=first.pk).values_list("action", flat=True)
    )
    assert "scheduling.session.change_place" in actions
    assert "scheduling.session.reschedule" not in actions
    history = kronoberg_client.get(f"/admin/scheduling/cohort/history/{cohort.pk}/")
    assert "Träffens plats ändrad" in history.content.decode()
    assert set(OutboxMessage.objects.filter(kind="calendar").values_list("event_id", "method")) == {
        (first.pk, "REQUEST")
    }


@pytest.mark.django_db
def test_the_sessions_of_the_cohort_form_have_no_delete_control(kronoberg_client, busy_cohort):
    cohort = busy_cohort
    session_cancel(session=cohort.sessions.order_by("sort_order").first(), reason="Snöstorm")
    response = kronoberg_client.get(f"/admin/scheduling/cohort/edit/{cohort.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="inline_child_sessions-0"' in html
    assert "sessions-0-DELETE" not in html and "sessions-__prefix__-DELETE" not in html
    assert 'title="Delete"' not in html and 'title="Ta bort"' not in html
    # A session's status is shown but cannot be changed in the form.
    assert 'name="sessions-0-status"' not in html
    assert re.search(r'traffar-0-child-status-label" aria-readonly="true">\s*Inställd', html)
    assert 'name="sessions-0-ORDER" value="1"' in html


@pytest.mark.django_db
def test_one_person_and_a_file_are_enrolled_through_participant_enrol(kronoberg_client, cohorts):
    url = f"/admin/scheduling/cohort/{cohorts['own'].pk}/deltagare/"
    with (
        patch("scheduling.admin_views.participant_enrol", wraps=participant_enrol) as one,
        patch(
            "scheduling.services.enrolment_import.participant_enrol", wraps=participant_enrol
        ) as imported,
    ):
        kronoberg_client.post(
            url,
            {
                "action": "one",
                "email": "ny@example.com",
                "name": "Ny Person",
                "municipality": cohorts["own"].county.municipalities.get().pk,
            },
        )
        upload = SimpleUploadedFile(
            "lista.csv", "email;name;municipality_code\nasa@example.com;Åsa Ö;0780\n".encode()
        )
        kronoberg_client.post(url, {"action": "import", "file": upload})
    assert [c.kwargs["email"] for c in one.call_args_list] == ["ny@example.com"]
    assert [c.kwargs["email"] for c in imported.call_args_list] == ["asa@example.com"]
    assert sorted(cohorts["own"].enrolments.values_list("participant__email", flat=True)) == [
        "asa@example.com",
        "ny@example.com",
    ]


@pytest.mark.django_db
def test_unconfirmed_registrations_are_marked_and_can_be_filtered(kronoberg_client, counties):
    vaxjo = counties["07"].municipalities.get()
    InterestRegistrationFactory(municipality=vaxjo, contact_name="Kim Bekräftad")
    InterestRegistrationFactory(
        municipality=vaxjo, contact_name="Ola Obekräftad", confirmed_at=None
    )
    url = "/admin/scheduling/interestregistration/"

    html = kronoberg_client.get(url).content.decode()
    cells = re.findall(r"<td[^>]*>\s*(\S[^<]*?)\s*</td>", html)
    assert "Bekräftelse" in html and {"Obekräftad", "Bekräftad"} <= set(cells)
    unconfirmed = kronoberg_client.get(url + "?confirmed=false").content.decode()
    assert "Ola Obekräftad" in unconfirmed and "Kim Bekräftad" not in unconfirmed
    confirmed = kronoberg_client.get(url + "?confirmed=true").content.decode()
    assert "Kim Bekräftad" in confirmed and "Ola Obekräftad" not in confirmed


@pytest.mark.django_db
def test_the_interest_export_writes_no_live_formula(kronoberg_client, counties):
    evil = '=HYPERLINK("http://evil.example/","Klicka")'
    registration = InterestRegistrationFactory(municipality=counties["07"].municipalities.get())
    type(registration).objects.filter(pk=registration.pk).update(
        contact_name=evil, message="@SUM(1)"
    )
    url = "/admin/scheduling/interestregistration/"

    text = kronoberg_client.get(url + "?export=csv").getvalue().decode("utf-8")
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert "'" + evil in cells and "'@SUM(1)" in cells
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)
    book = openpyxl.load_workbook(io.BytesIO(kronoberg_client.get(url + "?export=xlsx").getvalue()))
    values = [cell.value for row in book.active.iter_rows() for cell in row]
    assert "'" + evil in values
