"""The meeting admin through its real views, with a county coordinator's login: create a
meeting, move it (SEQUENCE rises, a REQUEST to those who said ja or kanske through the outbox),
cancel it (CANCEL, and it stays in the network's feed as cancelled)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from wagtail.test.utils.form_data import rich_text

from calendars.models import OutboxMessage
from network.calendar_source import MEETING_SOURCE
from network.models import Answer, Meeting, MeetingStatus
from network.services import meeting_answer
from tests.factories.network import MembershipFactory, NetworkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():
    return NetworkFactory(slug="kronoberg")


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _form(network, start, **changes) -> dict:
    data = {
        "network": network.pk,
        "title": "Nätverksträff om indikatorer",
        "start": _local(start),
        "end": _local(start + timedelta(hours=2)),
        "capacity": "",
        "mode": "on_site",
        "location": "Länsstyrelsen, Växjö",
        "online_url": "",
        "agenda": rich_text("<ol><li>Välkommen</li><li>Indikatorer</li></ol>"),
    }
    data.update(changes)
    return data


def _outbox(meeting) -> list[tuple[str, str]]:
    return sorted(
        OutboxMessage.objects.filter(source=MEETING_SOURCE, event_id=meeting.pk).values_list(
            "participant__email", "method"
        )
    )


def _feed_event(client, network, meeting):
    response = client.get(
        reverse("network:feed", kwargs={"slug": network.slug, "token": network.feed_token})
    )
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    (event,) = [e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith(str(meeting.uid))]
    return event


def test_create_move_and_cancel_through_the_admin(coordinator_client, network):
    start = (timezone.now() + timedelta(days=20)).replace(minute=0, second=0, microsecond=0)
    response = coordinator_client.post(reverse("network_meeting:add"), _form(network, start))
    assert response.status_code == 302, response.content.decode()[-3000:]
    meeting = Meeting.objects.get(title="Nätverksträff om indikatorer")
    assert (meeting.network, meeting.start, meeting.sequence) == (network, start, 0)

    yes, maybe, no = (MembershipFactory(network=network).member for _ in range(3))
    meeting_answer(meeting=meeting, member=yes, answer=Answer.YES)
    meeting_answer(meeting=meeting, member=maybe, answer=Answer.MAYBE)
    meeting_answer(meeting=meeting, member=no, answer=Answer.NO)
    OutboxMessage.objects.all().delete()

    later = start + timedelta(days=1)
    response = coordinator_client.post(
        reverse("network_meeting:edit", args=[meeting.pk]), _form(network, later)
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    meeting.refresh_from_db()
    assert (meeting.start, meeting.sequence) == (later, 1)
    assert _outbox(meeting) == sorted([(yes.email, "REQUEST"), (maybe.email, "REQUEST")])
    event = _feed_event(coordinator_client, network, meeting)
    assert (event["SEQUENCE"], event.decoded("DTSTART")) == (1, later)

    # Saving the form again unchanged is no calendar change.
    OutboxMessage.objects.all().delete()
    coordinator_client.post(
        reverse("network_meeting:edit", args=[meeting.pk]), _form(network, later)
    )
    meeting.refresh_from_db()
    assert (meeting.sequence, _outbox(meeting)) == (1, [])

    response = coordinator_client.post(
        reverse("network_meeting:cancel", args=[meeting.pk]), {"reason": "Sjukdom"}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.status, meeting.sequence) == (MeetingStatus.CANCELLED, 2)
    assert _outbox(meeting) == sorted([(yes.email, "CANCEL"), (maybe.email, "CANCEL")])
    event = _feed_event(coordinator_client, network, meeting)
    assert (str(event["STATUS"]), event["SEQUENCE"]) == ("CANCELLED", 2)

    # A cancelled meeting cannot be moved from the admin either: the form says why.
    response = coordinator_client.post(
        reverse("network_meeting:edit", args=[meeting.pk]),
        _form(network, later + timedelta(days=1)),
    )
    assert response.status_code == 200
    assert "En inställd träff kan inte ändras." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.start == later


def test_admin_form_refuses_another_countys_network(coordinator_client, network):
    other = NetworkFactory()
    start = timezone.now() + timedelta(days=10)
    response = coordinator_client.post(reverse("network_meeting:add"), _form(other, start))
    assert response.status_code == 200
    assert not Meeting.objects.exists()


def test_admin_form_shows_the_rules_of_a_meeting(coordinator_client, network):
    start = timezone.now() + timedelta(days=10)
    response = coordinator_client.post(
        reverse("network_meeting:add"), _form(network, start, mode="online", location="")
    )
    assert response.status_code == 200
    assert "En digital träff behöver en länk." in response.content.decode()
    assert not Meeting.objects.exists()
