"""The network's services: invitations and acceptance, members, meetings and their calendar
messages, answers with a number of places, attendance, profiles and the needs survey."""

import email
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.models import ModelLogEntry

from network.models import (
    Answer,
    MeetingAttendance,
    MeetingStatus,
    MemberProfile,
    Membership,
    NeedsAnswer,
    Topic,
)
from network.services import (
    MeetingError,
    MembershipError,
    invitation_accept,
    meeting_answer,
    meeting_attendance_record,
    meeting_cancel,
    meeting_create,
    meeting_update,
    membership_add,
    membership_remove,
    needs_answer_save,
    network_invite,
)
from tests.factories import MunicipalityFactory, UserFactory
from tests.factories.network import MeetingFactory, MembershipFactory, NetworkFactory
from tests.factories.scheduling import InterestRegistrationFactory

pytestmark = pytest.mark.django_db


def _calendar_method(message) -> str:
    """The METHOD of the text/calendar part of a sent invitation."""
    parsed = email.message_from_bytes(message.message().as_bytes())
    for part in parsed.walk():
        if part.get_content_type() == "text/calendar":
            return part.get_param("method")
    raise AssertionError("no text/calendar part")


def test_invitation_from_registration_is_emailed_and_accepting_creates_account(
    django_capture_on_commit_callbacks,
):
    network = NetworkFactory()
    municipality = MunicipalityFactory(county=network.county)
    registration = InterestRegistrationFactory(
        municipality=municipality, contact_name="Maja Ek", contact_email="Maja.Ek@kommun.example"
    )
    with django_capture_on_commit_callbacks(execute=True):
        invitation = network_invite(network=network, registration=registration, by=None)
    assert [m.to for m in mail.outbox] == [["maja.ek@kommun.example"]]
    assert invitation.token in mail.outbox[0].body

    with django_capture_on_commit_callbacks(execute=True):
        member, created = invitation_accept(invitation=invitation)
    assert created
    assert (member.first_name, member.last_name, member.municipality) == (
        "Maja",
        "Ek",
        municipality,
    )
    assert Membership.objects.filter(network=network, member=member).exists()
    assert MemberProfile.objects.get(member=member).listed is False
    # The welcome is the network's, in Swedish, delivered from the outbox after the commit.
    welcome = mail.outbox[1]
    assert (welcome.to, welcome.subject) == (
        ["maja.ek@kommun.example"],
        f"Välkommen till {network}",
    )
    assert "Välkommen som medlem i" in welcome.body and "kursen" not in welcome.body
    assert len(mail.outbox) == 2
    with pytest.raises(MembershipError):
        invitation_accept(invitation=invitation)


def test_accepting_with_an_existing_account_creates_none():
    network = NetworkFactory()
    municipality = MunicipalityFactory(county=network.county)
    user = UserFactory(email="anna@kommun.example", municipality=municipality)
    registration = InterestRegistrationFactory(
        municipality=municipality, contact_email="anna@kommun.example"
    )
    invitation = network_invite(network=network, registration=registration, by=None)
    member, created = invitation_accept(invitation=invitation)
    assert (member, created) == (user, False)


def test_invitation_refused_outside_the_county_and_twice():
    network = NetworkFactory()
    elsewhere = InterestRegistrationFactory()
    with pytest.raises(MembershipError):
        network_invite(network=network, registration=elsewhere, by=None)
    registration = InterestRegistrationFactory(
        municipality=MunicipalityFactory(county=network.county)
    )
    network_invite(network=network, registration=registration, by=None)
    with pytest.raises(MembershipError):
        network_invite(network=network, registration=registration, by=None)


def test_membership_add_refuses_staff_and_other_counties():
    network = NetworkFactory()
    with pytest.raises(ValidationError):
        membership_add(network=network, member=UserFactory(is_staff=True))
    with pytest.raises(ValidationError):
        membership_add(network=network, member=UserFactory(municipality=MunicipalityFactory()))
    member = UserFactory(municipality=MunicipalityFactory(county=network.county))
    membership_add(network=network, member=member)
    membership_add(network=network, member=member)
    assert Membership.objects.filter(network=network, member=member).count() == 1


def test_answers_send_request_then_cancel(django_capture_on_commit_callbacks):
    membership = MembershipFactory()
    meeting = MeetingFactory(network=membership.network)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_answer(meeting=meeting, member=membership.member, answer=Answer.YES)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_answer(meeting=meeting, member=membership.member, answer=Answer.MAYBE)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_answer(meeting=meeting, member=membership.member, answer=Answer.NO)
    assert [_calendar_method(m) for m in mail.outbox] == ["REQUEST", "CANCEL"]
    assert "Du har svarat nej" in mail.outbox[1].body


def test_non_members_cannot_answer():
    meeting = MeetingFactory()
    with pytest.raises(MeetingError):
        meeting_answer(meeting=meeting, member=UserFactory(), answer=Answer.YES)


def test_the_last_place_goes_once():
    network = NetworkFactory()
    first, second = MembershipFactory(network=network), MembershipFactory(network=network)
    meeting = MeetingFactory(network=network, capacity=1)
    meeting_answer(meeting=meeting, member=first.member, answer=Answer.YES)
    with pytest.raises(MeetingError, match="fullbokad"):
        meeting_answer(meeting=meeting, member=second.member, answer=Answer.YES)
    meeting_answer(meeting=meeting, member=second.member, answer=Answer.MAYBE)
    meeting_answer(meeting=meeting, member=first.member, answer=Answer.NO)
    meeting_answer(meeting=meeting, member=second.member, answer=Answer.YES)


def test_moving_raises_sequence_and_invites_yes_and_maybe(django_capture_on_commit_callbacks):
    network = NetworkFactory()
    yes, maybe, no = (MembershipFactory(network=network) for _ in range(3))
    meeting = MeetingFactory(network=network)
    meeting_answer(meeting=meeting, member=yes.member, answer=Answer.YES)
    meeting_answer(meeting=meeting, member=maybe.member, answer=Answer.MAYBE)
    meeting_answer(meeting=meeting, member=no.member, answer=Answer.NO)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moved = meeting_update(
            meeting=meeting, start=meeting.start + timedelta(hours=1), end=meeting.end
        )
    assert moved.sequence == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted([yes.member.email, maybe.member.email])
    assert {_calendar_method(m) for m in mail.outbox} == {"REQUEST"}
    # A new title alone is not a calendar change.
    assert meeting_update(meeting=moved, title="Ny rubrik").sequence == 1


def test_capacity_cannot_fall_below_the_yes_answers():
    network = NetworkFactory()
    members = [MembershipFactory(network=network) for _ in range(2)]
    meeting = MeetingFactory(network=network, capacity=5)
    for membership in members:
        meeting_answer(meeting=meeting, member=membership.member, answer=Answer.YES)
    with pytest.raises(MeetingError):
        meeting_update(meeting=meeting, capacity=1)


def test_cancel_keeps_the_meeting_and_sends_cancel(django_capture_on_commit_callbacks):
    membership = MembershipFactory()
    meeting = MeetingFactory(network=membership.network)
    meeting_answer(meeting=meeting, member=membership.member, answer=Answer.YES)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = meeting_cancel(meeting=meeting, reason="Sjukdom")
    assert (cancelled.status, cancelled.sequence) == (MeetingStatus.CANCELLED, 1)
    assert [_calendar_method(m) for m in mail.outbox] == ["CANCEL"]
    with pytest.raises(MeetingError):
        meeting_update(meeting=cancelled, title="Igen")
    with pytest.raises(MeetingError):
        meeting_answer(meeting=cancelled, member=membership.member, answer=Answer.YES)


def test_removing_a_member_cancels_their_coming_meetings(django_capture_on_commit_callbacks):
    membership = MembershipFactory()
    meeting = MeetingFactory(network=membership.network)
    meeting_answer(meeting=meeting, member=membership.member, answer=Answer.YES)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        membership_remove(network=membership.network, member=membership.member)
    assert [_calendar_method(m) for m in mail.outbox] == ["CANCEL"]
    assert not meeting.responses.exists()


def test_attendance_records_exactly_the_ticked_members():
    network = NetworkFactory()
    first, second = MembershipFactory(network=network), MembershipFactory(network=network)
    meeting = MeetingFactory(network=network)
    assert meeting_attendance_record(meeting=meeting, member_ids=[first.member_id]) == 1
    meeting_attendance_record(meeting=meeting, member_ids=[second.member_id])
    assert list(MeetingAttendance.objects.values_list("member_id", flat=True)) == [second.member_id]
    with pytest.raises(MeetingError):
        meeting_attendance_record(meeting=meeting, member_ids=[UserFactory().pk])


def test_needs_answer_is_one_per_person_and_changes():
    user = UserFactory(municipality=MunicipalityFactory())
    topic = Topic.objects.create(name="Klimat")
    needs_answer_save(
        respondent=user, municipality=user.municipality, topics=[topic], support={"guide"}
    )
    answer = needs_answer_save(
        respondent=user, municipality=user.municipality, topics=[], support={"course", "meetings"}
    )
    assert NeedsAnswer.objects.count() == 1
    assert (answer.wants_course, answer.wants_meetings, answer.wants_guide) == (True, True, False)
    assert not answer.topics.exists()


def test_a_network_slug_cannot_take_a_members_page_path():
    network = NetworkFactory.build(slug="behov")
    network.county.save()
    with pytest.raises(ValidationError):
        network.full_clean()


def test_each_change_of_a_meeting_is_in_its_history_without_names():
    network = NetworkFactory()
    coordinator = UserFactory(is_staff=True)
    member = MembershipFactory(network=network).member
    start = timezone.now() + timedelta(days=30)
    meeting = meeting_create(
        network=network,
        title="Träff om klimat",
        start=start,
        end=start + timedelta(hours=2),
        mode="on_site",
        location="Växjö",
        by=coordinator,
    )
    meeting_update(meeting=meeting, title="Träff om klimat och energi", by=coordinator)
    meeting_update(meeting=meeting, title="Träff om klimat och energi", by=coordinator)  # no change
    meeting_update(meeting=meeting, location="Ljungby", by=coordinator)
    meeting_attendance_record(meeting=meeting, member_ids=[member.pk], by=coordinator)
    meeting_cancel(meeting=meeting, reason="För få anmälda", by=coordinator)

    entries = ModelLogEntry.objects.for_instance(meeting).order_by("pk")
    assert [entry.action for entry in entries] == [
        "network.meeting.create",
        "network.meeting.update",
        "network.meeting.move",
        "network.meeting.attendance",
        "network.meeting.cancel",
    ]
    assert {entry.user_id for entry in entries} == {coordinator.pk}
    assert entries[2].data == {"network": network.pk, "fields": ["location"]}
    assert entries[3].data == {"network": network.pk, "present": 1}
    stored = repr([(entry.label, entry.data) for entry in entries])
    assert member.email not in stored and member.get_full_name() not in stored
