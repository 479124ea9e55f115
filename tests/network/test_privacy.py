"""The network in the data export and the erasure."""

import pytest
from django.utils.timezone import localtime

from lms.privacy import personal_data_export
from lms.privacy.erasure import participant_erase
from network.models import MeetingAttendance, MemberProfile, NeedsAnswer, Topic
from network.services import (
    meeting_answer,
    meeting_attendance_record,
    needs_answer_save,
    profile_update,
)
from tests.factories import UserFactory
from tests.factories.network import MeetingFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    membership = MembershipFactory()
    user = membership.member
    topic = Topic.objects.create(name="Klimat")
    profile_update(
        member=user,
        listed=True,
        show_name=True,
        show_title=False,
        show_municipality=True,
        show_topics=True,
        topics=[topic],
    )
    meeting = MeetingFactory(network=membership.network, title="Vårträff")
    meeting_answer(meeting=meeting, member=user, answer="yes")
    meeting_attendance_record(meeting=meeting, member_ids=[user.pk])
    needs_answer_save(
        respondent=user, municipality=user.municipality, topics=[topic], support={"guide"}
    )
    return user


def test_the_export_holds_the_network_data(member):
    network = personal_data_export(member)["network"]
    assert network["directory_profile"]["listed"] is True
    assert network["directory_profile"]["topics"] == ["Klimat"]
    assert [m["network"] for m in network["memberships"]] == [
        member.network_memberships.get().network.name
    ]
    assert [(a["meeting"], a["answer"]) for a in network["meeting_answers"]] == [
        ("Vårträff", "yes")
    ]
    assert [a["meeting"] for a in network["meeting_attendance"]] == ["Vårträff"]
    assert network["needs_answer"]["wants_guide"] is True
    assert network["needs_answer"]["topics"] == ["Klimat"]


def test_the_export_holds_the_meetings_invitations_and_keeps_them_once_a_meeting_is_gone(member):
    meeting = member.meeting_responses.get().meeting
    [invitation] = personal_data_export(member)["invitations"]
    assert (invitation["source"], invitation["method"]) == ("network.meeting", "REQUEST")
    assert invitation["event"] == "Vårträff"
    assert invitation["event_start"] == localtime(meeting.start).isoformat()

    meeting.delete()
    [invitation] = personal_data_export(member)["invitations"]
    assert (invitation["source"], invitation["event"], invitation["event_start"]) == (
        "network.meeting",
        None,
        None,
    )


def test_erasure_removes_the_network_data_and_keeps_counts(member):
    admin = UserFactory(is_staff=True, is_superuser=True)
    report = participant_erase(member, by=admin)
    assert not MemberProfile.objects.filter(member=member).exists()
    assert not member.meeting_responses.exists()
    assert not member.network_memberships.exists()
    assert MeetingAttendance.objects.filter(member__isnull=True).count() == 1
    answer = NeedsAnswer.objects.get()
    assert answer.respondent is None and answer.wants_guide
    assert report.network["meeting_answers_deleted"] == 1
    assert personal_data_export(member)["network"]["directory_profile"] is None
