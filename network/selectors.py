"""Reads of the network: confirmed registrations, the directory, meetings with their answers."""

from django.db.models import Count, Prefetch, Q, QuerySet

from scheduling.models import InterestRegistration

from .models import (
    Answer,
    Meeting,
    MeetingResponse,
    MemberProfile,
    Membership,
    Network,
    NetworkInvitation,
    Topic,
)


def confirmed_registrations() -> QuerySet:
    """Interest registrations whose contact confirmed them through the emailed link."""
    return InterestRegistration.objects.filter(confirmed_at__isnull=False)


def registrations_to_invite(network: Network) -> QuerySet:
    """Confirmed registrations of the network's county (every county's for the others) not
    yet invited to it, newest first."""
    queryset = confirmed_registrations().select_related("municipality", "round")
    if network.county_id:
        queryset = queryset.filter(municipality__county_id=network.county_id)
    invited = NetworkInvitation.objects.filter(network=network).values("registration_id")
    return queryset.exclude(pk__in=invited).exclude(contact_email="").order_by("-created_at")


def network_members(network: Network) -> QuerySet:
    """A network's memberships with their members and municipalities, by name."""
    return (
        Membership.objects.filter(network=network)
        .select_related("member__municipality")
        .order_by("member__last_name", "member__first_name", "pk")
    )


def directory(network: Network) -> list[dict]:
    """The member directory: only members who chose to be listed, and only what each chose
    to show. Two queries whatever the number of members."""
    profiles = (
        MemberProfile.objects.filter(listed=True, member__network_memberships__network=network)
        .select_related("member__municipality")
        .prefetch_related(Prefetch("topics", queryset=Topic.objects.order_by("sort_order")))
        .order_by("member__last_name", "member__first_name", "pk")
    )
    entries = []
    for profile in profiles:
        member = profile.member
        entries.append(
            {
                "name": member.get_full_name() if profile.show_name else "",
                "title": member.job_title if profile.show_title else "",
                "municipality": (
                    member.municipality.name
                    if profile.show_municipality and member.municipality
                    else ""
                ),
                "topics": [t.name for t in profile.topics.all()] if profile.show_topics else [],
            }
        )
    return [entry for entry in entries if any(entry.values())]


def meetings_with_counts(queryset: QuerySet) -> QuerySet:
    """Meetings with how many answered ja, nej and kanske, in one query."""
    return queryset.annotate(
        yes_count=Count("responses", filter=Q(responses__answer=Answer.YES)),
        no_count=Count("responses", filter=Q(responses__answer=Answer.NO)),
        maybe_count=Count("responses", filter=Q(responses__answer=Answer.MAYBE)),
    )


def member_answers(member, meetings) -> dict[int, str]:
    """The member's answer to each of these meetings, by meeting id."""
    return dict(
        MeetingResponse.objects.filter(member=member, meeting__in=meetings).values_list(
            "meeting_id", "answer"
        )
    )


def upcoming_meetings(network: Network, *, now) -> QuerySet:
    """A network's meetings that have not ended, cancelled ones included, by date."""
    return meetings_with_counts(
        Meeting.objects.filter(network=network, end__gte=now).order_by("start")
    )
