"""The scheduling admin: each county coordinator sees and changes only their own county."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from lms.roles import (
    COUNTY_COORDINATORS,
    NATIONAL_COORDINATORS,
    TRAINERS,
)
from scheduling.models import Cohort, EnrolmentStatus, Invitation, Session
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
    own = CohortFactory(county=counties["07"], name="Kronoberg grupp 1")
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
    invitation = Invitation.objects.get(session=session)
    assert (invitation.participant, invitation.method) == (participant, "REQUEST")


@pytest.mark.django_db
def test_deleting_a_session_is_refused_in_favour_of_cancelling(kronoberg_client, cohorts):
    cohort = cohorts["own"]
    session = cohort.sessions.get()
    data = cohort_form_data(cohort, [session_row(session, DELETE=1)])
    response = kronoberg_client.post(f"/admin/scheduling/cohort/edit/{cohort.pk}/", data)
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
    assert "Rad 2: Göteborg ligger inte i något av gruppens län." in html
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
