"""The members screen end to end, with a county coordinator's login: invite from a confirmed
interest registration (the invitation email goes through the outbox), the contact accepts and
gets an account and the network's welcome, and members are added and removed."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from calendars.models import OutboxMessage
from network.models import Membership, NeedsAnswer, NetworkInvitation
from scheduling.models import Topic
from tests.factories import MunicipalityFactory, UserFactory
from tests.factories.network import MembershipFactory, NetworkFactory
from tests.factories.scheduling import InterestRegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():
    return NetworkFactory(slug="kronoberg", name="Kronobergs nätverk")


def _members_url(network) -> str:
    return reverse("network_network:members", args=[network.pk])


def _emails_to(address: str) -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(to_email=address).order_by("pk"))


def test_invite_accept_and_welcome_for_a_new_contact(coordinator_client, network):
    municipality = MunicipalityFactory(county=network.county, name="Ljungby")
    indicators = Topic.objects.get(name="Lokala indikatorer")  # from ensure_network_roles
    registration = InterestRegistrationFactory(
        municipality=municipality,
        contact_name="Maja Ek",
        contact_email="maja.ek@ljungby.example",
        confirmed_at=timezone.now(),
        wants_guide=True,
    )
    registration.needs_topics.set([indicators])
    unconfirmed = InterestRegistrationFactory(
        municipality=municipality, contact_name="Obekräftad Person", confirmed_at=None
    )
    screen = coordinator_client.get(_members_url(network)).content.decode()
    assert "Maja Ek" in screen and "Obekräftad Person" not in screen

    response = coordinator_client.post(
        _members_url(network), {"action": "invite", "registration": registration.pk}
    )
    assert response.status_code == 302
    response = coordinator_client.post(
        _members_url(network), {"action": "invite", "registration": unconfirmed.pk}
    )
    assert response.status_code == 404
    (invitation_email,) = _emails_to("maja.ek@ljungby.example")
    assert invitation_email.subject == "Inbjudan till Kronobergs nätverk"
    accept_path = re.search(r"https?://[^/\s]+(/natverk/inbjudan/\S+/)", invitation_email.text)[1]
    screen = coordinator_client.get(_members_url(network)).content.decode()
    assert "Inga obesvarade inbjudningar." not in screen
    assert "Inga intresseanmälningar att bjuda in." in screen

    client = Client()
    page = client.get(accept_path).content.decode()
    assert "Gå med i Kronobergs nätverk" in page
    # The needs the contact gave on the public interest form are already ticked.
    assert re.search(r'value="guide"[^>]*checked', page)
    assert re.search(rf'value="{indicators.pk}"[^>]*checked', page)
    assert not re.search(r'value="meetings"[^>]*checked', page)
    response = client.post(accept_path, {"support": ["meetings", "indicators"]})
    assert response.status_code == 302
    assert "/konto/valj-losenord/" in response["Location"]
    member = get_user_model().objects.get(email="maja.ek@ljungby.example")
    assert (member.get_full_name(), member.municipality, member.has_usable_password()) == (
        "Maja Ek",
        municipality,
        False,
    )
    assert Membership.objects.filter(network=network, member=member).exists()
    assert NetworkInvitation.objects.get().accepted_by == member
    # The answer on joining takes over the registration's, so the needs report counts it once.
    answer = NeedsAnswer.objects.get(respondent=member)
    assert (answer.registration, answer.wants_meetings, answer.wants_guide) == (
        registration,
        True,
        False,
    )

    invitation_email, welcome = _emails_to("maja.ek@ljungby.example")
    assert welcome.subject == "Välkommen till Kronobergs nätverk"
    assert welcome.participant_id == member.pk
    assert "Välkommen som medlem i Kronobergs nätverk" in welcome.text
    assert "/natverk/kronoberg/" in welcome.text
    assert "/konto/valj-losenord/" in welcome.text
    # Network wording, not the course's.
    assert "kursen" not in welcome.subject + welcome.text + welcome.html
    # The link is used: a second visit says so, and no second membership or email appears.
    assert "Inbjudan är redan använd." in client.get(accept_path).content.decode()
    assert client.post(accept_path, {}).status_code == 200
    assert len(_emails_to("maja.ek@ljungby.example")) == 2

    screen = coordinator_client.get(_members_url(network)).content.decode()
    assert "Maja Ek" in screen and "Inga obesvarade inbjudningar." in screen


def test_add_and_remove_a_member(coordinator_client, network):
    person = UserFactory(
        email="per@alvesta.example",
        first_name="Per",
        last_name="Lund",
        municipality=MunicipalityFactory(county=network.county),
    )
    response = coordinator_client.post(
        _members_url(network), {"action": "add", "email": "PER@alvesta.example"}
    )
    assert response.status_code == 302
    assert Membership.objects.filter(network=network, member=person).exists()
    (welcome,) = _emails_to("per@alvesta.example")
    assert welcome.subject == f"Välkommen till {network.name}"
    assert "lösenord" not in welcome.text  # an existing account keeps its password
    # Adding twice changes nothing and sends nothing more.
    coordinator_client.post(_members_url(network), {"action": "add", "email": person.email})
    assert len(_emails_to("per@alvesta.example")) == 1

    response = coordinator_client.post(
        _members_url(network), {"action": "add", "email": "ingen@example.org"}
    )
    assert response.status_code == 200
    assert "Det finns inget konto med den adressen." in response.content.decode()
    outsider = UserFactory(municipality=MunicipalityFactory())
    response = coordinator_client.post(
        _members_url(network), {"action": "add", "email": outsider.email}, follow=True
    )
    assert "Kommunen ligger inte i nätverkets län." in response.content.decode()
    assert not Membership.objects.filter(member=outsider).exists()

    response = coordinator_client.post(
        _members_url(network), {"action": "remove", "member": person.pk}
    )
    assert response.status_code == 302
    assert not Membership.objects.filter(network=network, member=person).exists()


def test_another_countys_network_and_members_are_out_of_reach(coordinator_client, network):
    other = NetworkFactory()
    stranger = MembershipFactory(network=other)
    assert coordinator_client.get(_members_url(other)).status_code == 404
    response = coordinator_client.post(
        _members_url(other), {"action": "remove", "member": stranger.member_id}
    )
    assert response.status_code == 404
    # A member of another network cannot be removed through one's own network either.
    response = coordinator_client.post(
        _members_url(network), {"action": "remove", "member": stranger.member_id}
    )
    assert response.status_code == 404
    assert Membership.objects.filter(pk=stranger.pk).exists()
