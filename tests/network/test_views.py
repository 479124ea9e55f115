"""The members' pages and the network feed: who sees what, answers, and pinned query counts."""

import pytest
from django.urls import reverse
from icalendar import Calendar

from calendars.models import CalendarToken
from network.models import Answer, MemberProfile, Membership, NetworkInvitation, Topic
from network.services import meeting_answer, meeting_cancel, profile_update
from tests.factories import MunicipalityFactory, UserFactory
from tests.factories.network import MeetingFactory, MembershipFactory, NetworkFactory
from tests.factories.scheduling import InterestRegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():
    return NetworkFactory(slug="kronoberg")


def _listed(membership, **shown):
    profile_update(
        member=membership.member,
        listed=True,
        show_name=shown.get("name", False),
        show_title=False,
        show_municipality=shown.get("municipality", False),
        show_topics=False,
        topics=[],
    )


def test_directory_shows_only_what_members_chose(client, network):
    viewer = MembershipFactory(network=network)
    shown = MembershipFactory(network=network)
    hidden = MembershipFactory(network=network)
    _listed(shown, name=True)
    MemberProfile.objects.create(member=hidden.member)
    client.force_login(viewer.member)
    response = client.get(reverse("network:directory", args=[network.slug]))
    body = response.content.decode()
    assert shown.member.get_full_name() in body
    assert hidden.member.get_full_name() not in body
    assert shown.member.municipality.name not in body


def test_directory_costs_the_same_for_many_members(client, network, django_assert_num_queries):
    viewer = MembershipFactory(network=network)
    client.force_login(viewer.member)
    for _ in range(3):
        _listed(MembershipFactory(network=network), name=True, municipality=True)
    with django_assert_num_queries(7):
        client.get(reverse("network:directory", args=[network.slug]))
    for _ in range(10):
        _listed(MembershipFactory(network=network), name=True, municipality=True)
    with django_assert_num_queries(7):
        client.get(reverse("network:directory", args=[network.slug]))


def test_non_members_get_404(client, network):
    client.force_login(UserFactory())
    assert client.get(reverse("network:detail", args=[network.slug])).status_code == 404
    assert client.get(reverse("network:directory", args=[network.slug])).status_code == 404


def test_network_page_costs_the_same_for_many_meetings(client, network, django_assert_num_queries):
    member = MembershipFactory(network=network).member
    client.force_login(member)
    MeetingFactory(network=network)
    with django_assert_num_queries(7):
        client.get(reverse("network:detail", args=[network.slug]))
    for _ in range(5):
        meeting_answer(meeting=MeetingFactory(network=network), member=member, answer="yes")
    with django_assert_num_queries(7):
        response = client.get(reverse("network:detail", args=[network.slug]))
    assert response.content.decode().count("Du har svarat ja.") == 5


def test_answer_through_the_meeting_page(client, network):
    member = MembershipFactory(network=network).member
    meeting = MeetingFactory(network=network)
    client.force_login(member)
    url = reverse("network:meeting", args=[network.slug, meeting.uid])
    response = client.post(url, {"answer": "maybe"})
    assert response.status_code == 302
    assert meeting.responses.get().answer == Answer.MAYBE


def test_network_feed_needs_the_secret_and_carries_no_names(client, network):
    member = MembershipFactory(network=network).member
    meeting = MeetingFactory(network=network, title="Träff om indikatorer")
    meeting_answer(meeting=meeting, member=member, answer="yes")
    url = reverse("network:feed", args=[network.slug, network.feed_token])
    assert client.get(url.replace(network.feed_token, "fel")).status_code == 404
    response = client.get(url)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert member.email.encode() not in response.content
    assert member.last_name.encode() not in response.content
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Träff om indikatorer"]
    assert str(events[0]["UID"]) == f"{meeting.uid}@kurs.lansstyrelsen.se"
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    meeting_cancel(meeting=meeting, reason="Sjukdom")
    changed = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert changed.status_code == 200
    event = Calendar.from_ical(changed.content).walk("VEVENT")[0]
    assert (str(event["STATUS"]), int(event["SEQUENCE"])) == ("CANCELLED", 1)


def test_personal_feed_carries_meetings_answered_yes(client, network):
    member = MembershipFactory(network=network).member
    yes, maybe = MeetingFactory(network=network), MeetingFactory(network=network)
    meeting_answer(meeting=yes, member=member, answer="yes")
    meeting_answer(meeting=maybe, member=member, answer="maybe")
    token = CalendarToken.objects.create(participant=member)
    response = client.get(reverse("scheduling:personal_feed", args=[token.token]))
    uids = [str(e["UID"]) for e in Calendar.from_ical(response.content).walk("VEVENT")]
    assert uids == [f"{yes.uid}@kurs.lansstyrelsen.se"]
    meeting_answer(meeting=yes, member=member, answer="no")
    again = client.get(
        reverse("scheduling:personal_feed", args=[token.token]),
        HTTP_IF_NONE_MATCH=response["ETag"],
    )
    assert again.status_code == 200
    assert not Calendar.from_ical(again.content).walk("VEVENT")


def test_accept_page_creates_the_account_and_saves_the_survey(client, network):
    municipality = MunicipalityFactory(county=network.county)
    topic = Topic.objects.create(name="Klimat")
    registration = InterestRegistrationFactory(
        municipality=municipality, contact_name="Per Holm", contact_email="per@kommun.example"
    )
    invitation = NetworkInvitation.objects.create(
        network=network,
        registration=registration,
        municipality=municipality,
        name="Per Holm",
        email="per@kommun.example",
    )
    url = reverse("network:accept", args=[invitation.token])
    assert "Gå med i" in client.get(url).content.decode()
    response = client.post(url, {"topics": [topic.pk], "support": ["indicators"]})
    assert response.status_code == 302
    assert "/konto/valj-losenord/" in response["Location"]
    membership = Membership.objects.get(network=network)
    answer = membership.member.needs_answer
    assert (answer.wants_indicators, list(answer.topics.all())) == (True, [topic])
    assert "redan använd" in client.get(url).content.decode()


def test_profile_and_needs_pages_save(client):
    user = UserFactory(municipality=MunicipalityFactory())
    client.force_login(user)
    response = client.post(
        reverse("network:profile"), {"listed": "on", "show_name": "on", "job_title": "Strateg"}
    )
    assert response.status_code == 302
    profile = MemberProfile.objects.get(member=user)
    assert (profile.listed, profile.show_name, profile.show_title) == (True, True, False)
    user.refresh_from_db()
    assert user.job_title == "Strateg"
    response = client.post(reverse("network:needs"), {"support": ["guide"]})
    assert response.status_code == 302
    assert user.needs_answer.wants_guide
