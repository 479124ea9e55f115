"""The attendance screen: who may record a session's attendance, what they see, what is saved."""

from datetime import UTC, datetime
from functools import partial

import pytest
from django.test import Client
from django.urls import reverse

from accounts.roles import COUNTY_COORDINATORS, NATIONAL_COORDINATORS, TRAINERS
from lms.models import Attendance
from lms.services import AttendanceError, attendance_record
from scheduling.models import EnrolmentStatus, SessionStatus
from tests.factories import CountyFactory, MunicipalityFactory, UserFactory
from tests.factories.scheduling import CohortFactory, EnrolmentFactory, SessionFactory
from tests.factories.users import staff_member as staff
from tests.races import errors_of, postgresql_only, race

# Pinned: the page costs the same for 3 participants as for 30 (see the query-count test).
PAGE_QUERIES = 11


def url(session):
    return reverse("lms_attendance", args=[session.pk])


@pytest.fixture
def kronoberg(db):
    county = CountyFactory(code="07", name="Kronobergs län")
    MunicipalityFactory(county=county, code="0780", name="Växjö")
    return county


@pytest.fixture
def vastra_gotaland(db):
    county = CountyFactory(code="14", name="Västra Götalands län")
    MunicipalityFactory(county=county, code="1480", name="Göteborg")
    return county


@pytest.fixture
def cohort(kronoberg):
    return CohortFactory(county=kronoberg, name="Kronoberg grupp 1")


@pytest.fixture
def session(cohort):
    # 08.00–11.00 UTC is 09.00–12.00 in Stockholm (winter time) on a Tuesday.
    return SessionFactory(
        cohort=cohort,
        start=datetime(2022, 3, 15, 8, tzinfo=UTC),
        end=datetime(2022, 3, 15, 11, tzinfo=UTC),
    )


@pytest.fixture
def people(cohort, kronoberg):
    """Three enrolled participants, one on the waitlist and one who cancelled."""
    vaxjo = kronoberg.municipalities.get()

    def person(first, last):
        return UserFactory(first_name=first, last_name=last, municipality=vaxjo)

    enrolled = [person("Ada", "Andersson"), person("Bo", "Berg"), person("Cia", "Ceder")]
    for participant in enrolled:
        EnrolmentFactory(cohort=cohort, participant=participant)
    waiting = person("Dan", "Dahl")
    EnrolmentFactory(cohort=cohort, participant=waiting, status=EnrolmentStatus.WAITLISTED)
    gone = person("Eva", "Ek")
    EnrolmentFactory(cohort=cohort, participant=gone, status=EnrolmentStatus.CANCELLED)
    return {"enrolled": enrolled, "waiting": waiting, "gone": gone}


@pytest.fixture
def trainer(cohort):
    user = staff(TRAINERS)
    cohort.trainers.add(user)
    return user


def attendance_of(session):
    return dict(
        Attendance.objects.filter(session=session).values_list(
            "participant__first_name", "attended"
        )
    )


def test_the_url_name_and_path(db, session):
    assert url(session) == f"/admin/narvaro/{session.pk}/"


def test_trainer_sees_the_session_and_its_enrolled_participants_only(
    client, trainer, session, people
):
    client.force_login(trainer)
    response = client.get(url(session))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Närvaro: Kronoberg grupp 1, tisdag 15 mars 2022, 09.00–12.00" in html
    for participant in people["enrolled"]:
        pk = participant.pk
        assert f'<label for="narvaro-{pk}">{participant.get_full_name()}</label>' in html
        assert f'name="attended" value="{pk}" id="narvaro-{pk}">' in html  # not checked
    assert "Växjö" in html
    assert "Dan Dahl" not in html and "Eva Ek" not in html
    assert '<th scope="col">Närvarande</th>' in html and "<caption" in html
    assert "Närvaron är inte registrerad än." in html
    assert "Spara närvaron" in html


def test_trainer_saves_attendance_and_sees_it_again(client, trainer, session, people):
    ada, bo, cia = people["enrolled"]
    client.force_login(trainer)
    response = client.post(url(session), {"attended": [ada.pk, cia.pk]})
    assert response.status_code == 302
    assert response.url == url(session)
    assert attendance_of(session) == {"Ada": True, "Bo": False, "Cia": True}
    assert set(Attendance.objects.values_list("recorded_by", flat=True)) == {trainer.pk}

    html = client.get(response.url).content.decode()
    assert "Närvaron är sparad: 2 närvarande, 1 frånvarande." in html
    assert f'value="{ada.pk}" id="narvaro-{ada.pk}" checked>' in html
    assert f'value="{bo.pk}" id="narvaro-{bo.pk}">' in html
    assert f'value="{cia.pk}" id="narvaro-{cia.pk}" checked>' in html
    assert "Registrerat närvarande: 2 av 3." in html
    assert f"av {trainer.get_full_name()}." in html


def test_unchecking_records_the_participant_absent(client, trainer, session, people):
    ada, bo, _cia = people["enrolled"]
    attendance_record(session=session, attended_ids=[ada.pk, bo.pk], recorded_by=trainer)
    client.force_login(trainer)
    assert client.post(url(session), {"attended": [bo.pk]}).status_code == 302
    assert attendance_of(session) == {"Ada": False, "Bo": True, "Cia": False}
    assert Attendance.objects.count() == 3


def test_saving_with_no_box_checked_records_everyone_absent(client, trainer, session, people):
    client.force_login(trainer)
    response = client.post(url(session), {}, follow=True)
    assert "Närvaron är sparad: 0 närvarande, 3 frånvarande." in response.content.decode()
    assert attendance_of(session) == {"Ada": False, "Bo": False, "Cia": False}


def test_host_county_coordinator_records_attendance(client, kronoberg, session, people):
    coordinator = staff(COUNTY_COORDINATORS, kronoberg)
    client.force_login(coordinator)
    assert client.get(url(session)).status_code == 200
    ada = people["enrolled"][0]
    assert client.post(url(session), {"attended": [ada.pk]}).status_code == 302
    assert attendance_of(session) == {"Ada": True, "Bo": False, "Cia": False}
    assert Attendance.objects.filter(recorded_by=coordinator).count() == 3


@pytest.mark.parametrize("kind", ["national", "superuser"])
def test_national_coordinators_and_superusers_record_attendance(client, session, people, kind):
    if kind == "national":
        user = staff(NATIONAL_COORDINATORS)
    else:
        user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    assert client.get(url(session)).status_code == 200
    assert client.post(url(session), {"attended": [people["enrolled"][1].pk]}).status_code == 302
    assert attendance_of(session) == {"Ada": False, "Bo": True, "Cia": False}


def test_coordinator_of_another_county_gets_404(client, vastra_gotaland, session, people):
    client.force_login(staff(COUNTY_COORDINATORS, vastra_gotaland))
    assert client.get(url(session)).status_code == 404
    ada = people["enrolled"][0]
    assert client.post(url(session), {"attended": [ada.pk]}).status_code == 404
    assert not Attendance.objects.exists()


def test_coordinator_of_a_guest_county_gets_404(client, vastra_gotaland, session, people):
    # A guest county sees the cohort, but the host county takes its attendance; the page would
    # also show the host county's participants.
    session.cohort.guest_counties.add(vastra_gotaland)
    client.force_login(staff(COUNTY_COORDINATORS, vastra_gotaland))
    assert client.get(url(session)).status_code == 404


def test_trainer_of_another_cohort_gets_404(client, kronoberg, cohort, session, people):
    other_trainer = staff(TRAINERS, kronoberg)
    CohortFactory(county=kronoberg, round=cohort.round).trainers.add(other_trainer)
    client.force_login(other_trainer)
    assert client.get(url(session)).status_code == 404
    ada = people["enrolled"][0]
    assert client.post(url(session), {"attended": [ada.pk]}).status_code == 404
    assert not Attendance.objects.exists()


def test_a_cohort_with_several_trainers_still_finds_its_session(client, trainer, session, people):
    session.cohort.trainers.add(staff(TRAINERS))
    client.force_login(trainer)
    assert client.get(url(session)).status_code == 200


def test_unknown_session_is_404(client, trainer, session):
    client.force_login(trainer)
    assert client.get(reverse("lms_attendance", args=[session.pk + 1000])).status_code == 404


def test_people_without_admin_access_are_sent_to_the_login(client, session, people):
    assert client.get(url(session)).status_code == 302
    client.force_login(people["enrolled"][0])
    response = client.post(url(session), {"attended": [people["enrolled"][0].pk]})
    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))
    assert not Attendance.objects.exists()


def test_a_participant_of_another_cohort_cannot_be_injected(
    client, kronoberg, trainer, session, people
):
    ada = people["enrolled"][0]
    outsider = UserFactory(first_name="Olle", last_name="Utanför")
    EnrolmentFactory(participant=outsider, cohort=CohortFactory(county=kronoberg))
    with pytest.raises(AttendanceError):
        attendance_record(session=session, attended_ids=[outsider.pk], recorded_by=trainer)

    client.force_login(trainer)
    for attended in ([ada.pk, outsider.pk], [people["waiting"].pk], [ada.pk, "x"]):
        response = client.post(url(session), {"attended": attended})
        assert response.status_code == 200
        html = response.content.decode()
        assert "Närvaron sparades inte: någon av de markerade deltagarna" in html
        assert not Attendance.objects.exists()
        assert "Olle Utanför" not in html and "Dan Dahl" not in html
    # The marks of those who hold a place are kept, so nothing has to be redone.
    assert f'value="{ada.pk}" id="narvaro-{ada.pk}" checked>' in html


def test_cancelled_session_shows_no_form_and_saves_nothing(client, trainer, session, people):
    session.status = SessionStatus.CANCELLED
    session.cancel_reason = "Snöstorm"
    session.save()
    client.force_login(trainer)
    html = client.get(url(session)).content.decode()
    assert "Träffen är inställd." in html and "Anledning: Snöstorm" in html
    assert '<form method="post" novalidate>' not in html
    assert 'type="checkbox"' not in html and "Spara närvaron" not in html
    response = client.post(url(session), {"attended": [people["enrolled"][0].pk]}, follow=True)
    assert "Närvaro registreras inte för inställda träffar." in response.content.decode()
    assert not Attendance.objects.exists()


def test_cohort_page_links_each_session_to_its_attendance(client, kronoberg, session):
    client.force_login(staff(COUNTY_COORDINATORS, kronoberg))
    html = client.get(
        reverse("scheduling_cohort:participants", args=[session.cohort_id])
    ).content.decode()
    assert (
        f'href="{url(session)}">Närvaro<span class="w-sr-only"> tisdag 15 mars 2022, 09.00</span>'
        in html
    )


def test_page_query_count_is_the_same_for_3_and_30_participants(
    client, trainer, kronoberg, cohort, session, django_assert_num_queries
):
    client.force_login(trainer)
    client.get(url(session))  # the first admin request creates the user's profile
    vaxjo = kronoberg.municipalities.get()
    for total in (3, 30):
        while cohort.enrolments.count() < total:
            EnrolmentFactory(cohort=cohort, participant=UserFactory(municipality=vaxjo))
        participant_ids = list(cohort.enrolments.values_list("participant_id", flat=True))
        attendance_record(session=session, attended_ids=participant_ids[::2], recorded_by=trainer)
        with django_assert_num_queries(PAGE_QUERIES):
            response = client.get(url(session))
        assert response.content.decode().count('type="checkbox"') == total


@postgresql_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_people_saving_at_once_leave_one_row_per_participant():
    county = CountyFactory(code="07")
    municipality = MunicipalityFactory(county=county, code="0780")
    cohort = CohortFactory(county=county)
    session = SessionFactory(cohort=cohort)
    participants = [UserFactory(municipality=municipality) for _ in range(12)]
    for participant in participants:
        EnrolmentFactory(cohort=cohort, participant=participant)
    trainer = staff(TRAINERS)
    cohort.trainers.add(trainer)
    coordinator = staff(COUNTY_COORDINATORS, county)
    selections = {
        trainer.pk: [p.pk for p in participants[:8]],
        coordinator.pk: [p.pk for p in participants[4:]],
    }
    clients = []
    for user in (trainer, coordinator):
        client = Client()
        client.force_login(user)
        clients.append((user, client))

    def save(user, client):
        return client.post(url(session), {"attended": selections[user.pk]}).status_code

    statuses = race(*(partial(save, user, client) for user, client in clients))

    assert errors_of(statuses) == []
    assert statuses == [302, 302]
    rows = list(Attendance.objects.filter(session=session).values_list("participant", flat=True))
    assert sorted(rows) == sorted(p.pk for p in participants)
    # The last one to save wins as a whole: never a mixture of the two selections.
    present = set(
        Attendance.objects.filter(session=session, attended=True).values_list(
            "participant", flat=True
        )
    )
    assert present in ({*selections[trainer.pk]}, {*selections[coordinator.pk]})
    assert len(set(Attendance.objects.values_list("recorded_by", flat=True))) == 1
