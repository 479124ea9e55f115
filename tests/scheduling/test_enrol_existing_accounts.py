"""A county coordinator enrols new people and their own county's participants, nobody else.

Staff accounts and other counties' people are refused, unchanged, with a message that names
only the email address given: nothing of their municipality or their enrolments.
"""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.roles import COUNTY_COORDINATORS
from scheduling.models import Enrolment
from tests.factories import UserFactory
from tests.factories.scheduling import CohortFactory, EnrolmentFactory, RoundFactory
from tests.factories.users import staff_member

REFUSED = (
    "Det finns redan ett konto med e-postadressen {email} som inte kan anmälas härifrån. "
    "Kontakta den nationella samordningen om personen ska delta."
)


@pytest.fixture
def world(counties):
    own = CohortFactory(
        county=counties["07"], name="Kronoberg grupp 1", round=RoundFactory(running=True)
    )
    other = CohortFactory(county=counties["14"], name="Göteborgsgruppen", round=own.round)
    vaxjo = counties["07"].municipalities.get()
    goteborg = counties["14"].municipalities.get()
    outsider = UserFactory(email="ola@goteborg.example.com", municipality=goteborg)
    EnrolmentFactory(participant=outsider, cohort=other)
    admin = UserFactory(email="admin@example.com", is_staff=True, is_superuser=True)
    return {
        "own": own,
        "vaxjo": vaxjo,
        "coordinator": staff_member(COUNTY_COORDINATORS, counties["07"]),
        "admin": admin,
        "vg_coordinator": staff_member(COUNTY_COORDINATORS, counties["14"]),
        "outsider": outsider,
        "insider": UserFactory(email="kim@vaxjo.example.com", municipality=vaxjo),
    }


def snapshot(user):
    user = get_user_model().objects.get(pk=user.pk)
    return (user.municipality_id, user.county_id, user.first_name, user.last_name)


def enrol_one(client, world, email):
    return client.post(
        f"/admin/scheduling/cohort/{world['own'].pk}/deltagare/",
        {"action": "one", "email": email, "name": "Ny Person", "municipality": world["vaxjo"].pk},
    )


def assert_reveals_nothing(html):
    for secret in ("Göteborg", "redan anmäld", "ligger inte", "Kronoberg grupp 1 har"):
        assert secret not in html


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["admin", "vg_coordinator", "outsider"])
def test_staff_and_other_counties_people_are_refused_and_left_alone(client, world, who):
    person = world[who]
    before = snapshot(person)
    client.force_login(world["coordinator"])
    response = enrol_one(client, world, person.email.upper())
    html = response.content.decode()
    assert response.status_code == 200
    assert REFUSED.format(email=person.email) in html
    assert_reveals_nothing(html)
    assert snapshot(person) == before
    assert not world["own"].enrolments.exists()


@pytest.mark.django_db
def test_an_own_county_participant_is_enrolled_as_they_are(client, world):
    before = snapshot(world["insider"])
    client.force_login(world["coordinator"])
    assert enrol_one(client, world, "kim@vaxjo.example.com").status_code == 302
    assert world["own"].enrolments.get().participant == world["insider"]
    assert snapshot(world["insider"]) == before  # the name given does not replace theirs


@pytest.mark.django_db
def test_a_file_with_staff_and_other_counties_people_is_refused_whole(client, world):
    client.force_login(world["coordinator"])
    url = f"/admin/scheduling/cohort/{world['own'].pk}/deltagare/"
    people = ["insider", "admin", "vg_coordinator", "outsider"]
    before = {who: snapshot(world[who]) for who in people}
    rows = "".join(f"{world[who].email},Ny Person,0780\n" for who in people)
    upload = SimpleUploadedFile("lista.csv", f"email,name,municipality_code\n{rows}".encode())
    html = client.post(url, {"action": "import", "file": upload}).content.decode()
    for line, who in enumerate(people[1:], start=3):
        assert f"Rad {line}: " + REFUSED.format(email=world[who].email) in html
    assert "Rad 2" not in html
    assert_reveals_nothing(html)
    assert {who: snapshot(world[who]) for who in people} == before
    assert not world["own"].enrolments.exists()

    upload = SimpleUploadedFile(
        "lista.csv", b"email,name,municipality_code\nkim@vaxjo.example.com,Kim K,0780\n"
    )
    assert client.post(url, {"action": "import", "file": upload}).status_code == 302
    assert world["own"].enrolments.get().participant == world["insider"]
    assert snapshot(world["insider"]) == before["insider"]


@pytest.mark.django_db
def test_a_guest_countys_coordinator_enrols_only_their_own_countys_people(client, counties):
    shared = CohortFactory(
        county=counties["14"], guest_counties=[counties["07"]], round=RoundFactory(running=True)
    )
    host_person = UserFactory(
        email="ola@goteborg.example.com", municipality=counties["14"].municipalities.get()
    )
    client.force_login(staff_member(COUNTY_COORDINATORS, counties["07"]))
    url = f"/admin/scheduling/cohort/{shared.pk}/deltagare/"
    upload = SimpleUploadedFile(
        "lista.csv",
        b"email,name,municipality_code\n"
        b"ny@example.com,Ny N,1480\n"
        b"ola@goteborg.example.com,O,0780\n",
    )
    html = client.post(url, {"action": "import", "file": upload}).content.decode()
    assert "Rad 2: Göteborg ligger inte i något av de län du anmäler för." in html
    assert "Rad 3: " + REFUSED.format(email=host_person.email) in html
    assert not Enrolment.objects.filter(cohort=shared).exists()
