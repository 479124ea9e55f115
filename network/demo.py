"""Demo network: a national network and Kronoberg's, members from demo interest registrations,
and two meetings."""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.demo import DEMO_ACCOUNTS
from regions.models import County
from scheduling.models import InterestRegistration, Round

from .models import Meeting, MeetingMode, Network, NetworkInvitation, NetworkKind
from .services import (
    invitation_accept,
    meeting_answer,
    meeting_create,
    membership_add,
    network_invite,
)


def _at(day, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _round_start(course_round):
    """Midnight, local time, on the round's first day."""
    return timezone.make_aware(datetime.combine(course_round.start_date, time()))


def build_demo_network(course_round: Round, *, today) -> list[str]:
    """Create the demo networks, members and meetings once; a second run changes nothing."""
    national, _created = Network.objects.get_or_create(
        kind=NetworkKind.NATIONAL,
        defaults={"name": "Kommunernas nationella nätverk", "slug": "nationellt"},
    )
    kronoberg, _created = Network.objects.get_or_create(
        kind=NetworkKind.COUNTY,
        county=County.objects.get(code="07"),
        defaults={"name": "Kronobergs nätverk för miljömål och Agenda 2030", "slug": "kronoberg"},
    )
    participants = (
        get_user_model()
        .objects.filter(email__in=[a.email for a in DEMO_ACCOUNTS if a.municipality_code])
        .select_related("municipality")
        .order_by("pk")
    )
    joined = 0
    for participant in participants:
        registration, _created = InterestRegistration.objects.get_or_create(
            round=course_round,
            municipality=participant.municipality,
            contact_email=participant.email,
            # The demo's contacts confirmed their registrations, as double opt-in requires.
            defaults={
                "contact_name": participant.get_full_name(),
                "strategists": 2,
                "confirmed_at": _round_start(course_round),
            },
        )
        if participant.municipality.county_id == kronoberg.county_id:
            invitation = NetworkInvitation.objects.filter(
                network=kronoberg, registration=registration
            ).first() or network_invite(network=kronoberg, registration=registration, by=None)
            if invitation.accepted_at is None:
                invitation_accept(invitation=invitation)
                joined += 1
        membership_add(network=national, member=participant)
    meetings = 0
    if not Meeting.objects.filter(network=kronoberg).exists():
        first = meeting_create(
            network=kronoberg,
            title="Nätverksträff: lokala indikatorer",
            start=_at(today + timedelta(days=21), 9),
            end=_at(today + timedelta(days=21), 12),
            mode=MeetingMode.ON_SITE,
            location="Länsstyrelsen i Kronobergs län, Växjö",
            agenda="<ol><li>Välkommen</li><li>Lokala indikatorer i praktiken</li></ol>",
            capacity=20,
        )
        second = meeting_create(
            network=kronoberg,
            title="Digital nätverksträff: Agenda 2030 i miljöprogrammet",
            start=_at(today + timedelta(days=49), 13),
            end=_at(today + timedelta(days=49), 15),
            mode=MeetingMode.ONLINE,
            online_url="https://mote.example/kronoberg",
        )
        for participant in participants:
            if participant.municipality.county_id == kronoberg.county_id:
                meeting_answer(meeting=first, member=participant, answer="yes")
                meeting_answer(meeting=second, member=participant, answer="maybe")
        meetings = 2
    return [
        f"{national.name}: {national.memberships.count()} medlemmar",
        f"{kronoberg.name}: {joined} nya medlemmar, {meetings} nya träffar",
    ]
