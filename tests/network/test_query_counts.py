"""Pinned query counts of the network's pages and admin screens: a network with many members,
meetings, answers and registrations costs the same number of queries as one with few."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import COUNTY_COORDINATORS
from network.models import Answer
from network.roles import ensure_network_roles
from network.services import meeting_answer, network_invite
from tests.factories import MunicipalityFactory
from tests.factories.network import MeetingFactory, MembershipFactory, NetworkFactory
from tests.factories.scheduling import InterestRegistrationFactory
from tests.factories.users import staff_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():
    return NetworkFactory(slug="kronoberg")


def _grow(network, viewer, meeting, count: int) -> None:
    """Add `count` members who answer the meeting, meetings the viewer answers, registrations
    and invitations."""
    for _ in range(count):
        member = MembershipFactory(network=network).member
        meeting_answer(meeting=meeting, member=member, answer=Answer.MAYBE)
        other = MeetingFactory(network=network)
        meeting_answer(meeting=other, member=viewer, answer=Answer.YES)
        registration = InterestRegistrationFactory(
            municipality=MunicipalityFactory(county=network.county)
        )
        if count % 2:
            network_invite(network=network, registration=registration, by=None)


def _queries(client, url) -> int:
    """Queries of a request once the shared cache holds the site (as it does under traffic)."""
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context)


def _pages(network, meeting) -> dict[str, str]:
    return {
        "mine": reverse("network:mine"),
        "detail": reverse("network:detail", args=[network.slug]),
        "meeting": reverse("network:meeting", args=[network.slug, meeting.uid]),
        "feed": reverse("network:feed", args=[network.slug, network.feed_token]),
    }


def _admin_screens(network, meeting) -> dict[str, str]:
    return {
        "members": reverse("network_network:members", args=[network.pk]),
        "networks": reverse("network_network:index"),
        "meetings": reverse("network_meeting:index"),
        "attendance": reverse("network_meeting:attendance", args=[meeting.pk]),
        "edit": reverse("network_meeting:edit", args=[meeting.pk]),
        "cancel": reverse("network_meeting:cancel", args=[meeting.pk]),
    }


MEMBER_PAGES = {"mine": 3, "detail": 7, "meeting": 8, "feed": 2}
ADMIN_SCREENS = {
    "members": 13,
    "networks": 10,
    "meetings": 11,
    "attendance": 13,
    "edit": 16,
    "cancel": 9,
}


def _measure(client, network, viewer, urls_of) -> tuple[dict, dict]:
    meeting = MeetingFactory(network=network)
    urls = urls_of(network, meeting)
    _grow(network, viewer, meeting, 1)
    few = {name: _queries(client, url) for name, url in urls.items()}
    _grow(network, viewer, meeting, 9)
    many = {name: _queries(client, url) for name, url in urls.items()}
    return few, many


def test_members_pages_cost_the_same_for_many_rows(client, network):
    viewer = MembershipFactory(network=network).member
    client.force_login(viewer)
    few, many = _measure(client, network, viewer, _pages)
    assert few == many == MEMBER_PAGES


def test_admin_screens_cost_the_same_for_many_rows(client, network):
    ensure_network_roles()
    coordinator = staff_member(COUNTY_COORDINATORS, county=network.county)
    client.force_login(coordinator)
    few, many = _measure(client, network, MembershipFactory(network=network).member, _admin_screens)
    assert few == many == ADMIN_SCREENS
