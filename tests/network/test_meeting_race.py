"""A network meeting's last place goes once: members answering ja at the same moment, in real
threads on PostgreSQL."""

import pytest

from calendars.models import OutboxMessage
from network.calendar_source import MEETING_SOURCE
from network.models import Answer, MeetingResponse
from network.services import MeetingError, meeting_answer
from tests.factories.network import MeetingFactory, MembershipFactory, NetworkFactory
from tests.races import errors_of, postgresql_only, race

pytestmark = postgresql_only

TRIALS = 30
RACERS = 6


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_many_yes_answers_at_once_take_the_one_place_once():
    network = NetworkFactory()
    members = [MembershipFactory(network=network).member for _ in range(RACERS)]
    for _trial in range(TRIALS):
        meeting = MeetingFactory(network=network, capacity=1)

        outcomes = race(
            *(
                lambda member=member, meeting=meeting: meeting_answer(
                    meeting=meeting, member=member, answer=Answer.YES
                )
                for member in members
            )
        )

        refused = errors_of(outcomes)
        assert len(refused) == RACERS - 1
        assert all(isinstance(error, MeetingError) for error in refused)
        assert {str(error) for error in refused} == {"Träffen är fullbokad."}
        (winner,) = MeetingResponse.objects.filter(meeting=meeting, answer=Answer.YES)
        assert MeetingResponse.objects.filter(meeting=meeting).count() == 1
        # Only the one who got the place is invited to the meeting.
        invited = OutboxMessage.objects.filter(source=MEETING_SOURCE, event_id=meeting.pk)
        assert list(invited.values_list("participant_id", "method")) == [
            (winner.member_id, "REQUEST")
        ]
