"""What the network holds about one person, for the data export, and its erasure.

`network_personal_data(user)` reads seven queries whatever the number of rows; the keys are
described in `lms.privacy.export`. `network_personal_data_erase(user)` deletes the directory
profile, meeting answers, needs answer's link to the person, memberships and invitations, and
keeps attendance rows without a person, so a meeting's number of participants stays.
"""

from django.db.models import F, Q

from accounts.exports import plain, plain_rows
from scheduling.models import SUPPORT_FIELDS

from .models import (
    ExamplePage,
    MeetingAttendance,
    MeetingResponse,
    MemberProfile,
    Membership,
    NeedsAnswer,
    NetworkInvitation,
)


def _invitations(user):
    return NetworkInvitation.objects.filter(Q(email__iexact=user.email) | Q(accepted_by_id=user.pk))


def network_personal_data(user) -> dict:
    """The person's directory profile, memberships, answers, attendance, examples and needs."""
    profile = (
        MemberProfile.objects.filter(member_id=user.pk)
        .annotate(topic_names=F("topics__name"))
        .values(
            "listed",
            "show_name",
            "show_title",
            "show_municipality",
            "show_topics",
            "updated_at",
            "topic_names",
        )
    )
    profile_rows = list(profile)
    directory_profile = None
    if profile_rows:
        first = profile_rows[0]
        directory_profile = {
            key: plain(first[key])
            for key in (
                "listed",
                "show_name",
                "show_title",
                "show_municipality",
                "show_topics",
                "updated_at",
            )
        }
        directory_profile["topics"] = [
            row["topic_names"] for row in profile_rows if row["topic_names"]
        ]
    needs = list(
        NeedsAnswer.objects.filter(respondent_id=user.pk)
        .annotate(topic_names=F("topics__name"))
        .values(
            "municipality__name",
            *SUPPORT_FIELDS,
            "answered_at",
            "topic_names",
        )
    )
    needs_answer = None
    if needs:
        first = needs[0]
        needs_answer = {
            "municipality": first["municipality__name"],
            **{key: first[key] for key in SUPPORT_FIELDS},
            "answered_at": plain(first["answered_at"]),
            "topics": [row["topic_names"] for row in needs if row["topic_names"]],
        }
    return {
        "directory_profile": directory_profile,
        "memberships": plain_rows(
            Membership.objects.filter(member_id=user.pk).order_by("joined_at", "pk"),
            network="network__name",
            joined_at="joined_at",
        ),
        "meeting_answers": plain_rows(
            MeetingResponse.objects.filter(member_id=user.pk).order_by("meeting__start", "pk"),
            meeting="meeting__title",
            network="meeting__network__name",
            meeting_start="meeting__start",
            answer="answer",
            answered_at="answered_at",
        ),
        "meeting_attendance": plain_rows(
            MeetingAttendance.objects.filter(member_id=user.pk).order_by("meeting__start", "pk"),
            meeting="meeting__title",
            meeting_start="meeting__start",
            recorded_at="recorded_at",
        ),
        "examples": plain_rows(
            ExamplePage.objects.filter(author_id=user.pk).order_by("pk"),
            title="title",
            network="network__name",
            summary="summary",
            body="body",
            live="live",
        ),
        "needs_answer": needs_answer,
        "network_invitations": plain_rows(
            _invitations(user).order_by("created_at", "pk"),
            network="network__name",
            name="name",
            email="email",
            created_at="created_at",
            accepted_at="accepted_at",
        ),
    }


def network_personal_data_erase(user) -> dict[str, int]:
    """Delete what the network holds about the person; call inside the erasure's transaction.

    Examples they wrote stay published (their network shared them), without the author.
    """
    profiles, _counts = MemberProfile.objects.filter(member_id=user.pk).delete()
    answers, _counts = MeetingResponse.objects.filter(member_id=user.pk).delete()
    memberships, _counts = Membership.objects.filter(member_id=user.pk).delete()
    invitations, _counts = _invitations(user).delete()
    attendance = MeetingAttendance.objects.filter(member_id=user.pk).update(member=None)
    needs = NeedsAnswer.objects.filter(respondent_id=user.pk).update(respondent=None)
    ExamplePage.objects.filter(author_id=user.pk).update(author=None, owner=None)
    return {
        "network_profiles_deleted": profiles,
        "meeting_answers_deleted": answers,
        "memberships_deleted": memberships,
        "network_invitations_deleted": invitations,
        "meeting_attendance_anonymised": attendance,
        "needs_answers_unlinked": needs,
    }
