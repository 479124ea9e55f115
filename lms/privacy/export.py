"""Everything the platform holds about one person, as a JSON-ready dict (the right of access).

`personal_data_export(user)` reads twelve queries, whatever the number of rows. Every value is
a string, a number, a boolean or null, so the dict goes to `json.dumps` as it is. Times are ISO
8601 in Europe/Stockholm with their offset; dates are ISO 8601. Lists are in time order.

Keys (version 1):

``format``, ``version``, ``exported_at``
    What the file is ("kursplattform-personuppgifter"), the layout's version and when it was made.
``profile``
    The account: ``id``, ``email``, ``first_name``, ``last_name``, ``job_title``,
    ``municipality`` and ``municipality_code``, ``county`` and ``county_code`` (the county board
    of staff), ``is_active``, ``date_joined``, ``last_login``, ``erased_at``.
``admin_profile``
    Wagtail's settings for the account (null if it has none): ``preferred_language``,
    ``current_time_zone``, ``has_avatar``, ``theme``, ``contrast``, ``density``, the four
    ``*_notifications`` flags.
``enrolments``
    Places and waitlist places: ``round``, ``round_slug``, ``cohort``, ``county``, ``status``
    (enrolled, waitlisted, cancelled), ``waitlisted`` (true while on the waitlist),
    ``created_at``, ``cancelled_at``.
``attendance``
    Per session recorded: ``cohort``, ``session_start``, ``attended``, ``recorded_at``.
``module_progress``
    Per module opened: ``module``, ``started_at``, ``completed_at``.
``reflections``
    ``module``, ``question``, ``answer``, ``created_at``, ``updated_at``.
``completions``
    ``round``, ``round_slug``, ``completed_at``, ``verification_code`` (the certificate's).
``calendar_token``
    The personal feed (null if none): ``token``, ``created_at``, ``rotated_at``,
    ``last_fetched_at``, ``fetch_count``.
``interest_registrations``
    Registrations that give the account's email as the contact: ``round``, ``municipality``,
    ``contact_name``, ``contact_email``, ``strategists``, ``preferred_term``, ``message``,
    ``created_at``.
``invitations``
    Calendar invitations sent (or to be sent) to the person: ``method`` (REQUEST, CANCEL),
    ``status``, ``cohort``, ``session_start``, ``created_at``, ``sent_at``, ``attempts``.
``admin_log``
    Wagtail's audit log entries of what the person did in the admin: ``action``, ``object``
    (the label logged), ``object_type``, ``timestamp``.
"""

from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import ModelLogEntry, PageLogEntry
from wagtail.users.models import UserProfile

from scheduling.models import (
    CalendarToken,
    Enrolment,
    EnrolmentStatus,
    InterestRegistration,
    Invitation,
)

from ..models import Attendance, Completion, ModuleProgress, Reflection

FORMAT = "kursplattform-personuppgifter"
VERSION = 1

_NOTIFICATIONS = (
    "submitted_notifications",
    "approved_notifications",
    "rejected_notifications",
    "updated_comments_notifications",
)


def _plain(value):
    """A JSON value: times in local time, dates as ISO 8601, everything else as it is."""
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _rows(queryset, **fields) -> list[dict]:
    """Each row of the queryset as a dict of output key -> plain value of the field named."""
    return [
        {key: _plain(row[field]) for key, field in fields.items()}
        for row in queryset.values(*fields.values())
    ]


def _profile(user) -> dict:
    person = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .values(
            "id",
            "email",
            "first_name",
            "last_name",
            "job_title",
            "municipality__name",
            "municipality__code",
            "county__name",
            "county__code",
            "is_active",
            "date_joined",
            "last_login",
            "erased_at",
        )
        .get()
    )
    renamed = {"municipality__name": "municipality", "municipality__code": "municipality_code"}
    renamed |= {"county__name": "county", "county__code": "county_code"}
    return {renamed.get(key, key): _plain(value) for key, value in person.items()}


def _admin_profile(user) -> dict | None:
    profile = UserProfile.objects.filter(user_id=user.pk).first()
    if profile is None:
        return None
    return {
        "preferred_language": profile.preferred_language,
        "current_time_zone": profile.current_time_zone,
        "has_avatar": bool(profile.avatar),
        "theme": profile.theme,
        "contrast": profile.contrast,
        "density": profile.density,
        **{name: getattr(profile, name) for name in _NOTIFICATIONS},
    }


def _enrolments(user) -> list[dict]:
    rows = _rows(
        Enrolment.objects.filter(participant_id=user.pk).order_by("created_at", "pk"),
        round="round__title",
        round_slug="round__slug",
        cohort="cohort__name",
        county="cohort__county__name",
        status="status",
        created_at="created_at",
        cancelled_at="cancelled_at",
    )
    for row in rows:
        row["waitlisted"] = row["status"] == EnrolmentStatus.WAITLISTED
    return rows


def _calendar_token(user) -> dict | None:
    token = CalendarToken.objects.filter(participant_id=user.pk).first()
    if token is None:
        return None
    fields = ("token", "created_at", "rotated_at", "last_fetched_at", "fetch_count")
    return {name: _plain(getattr(token, name)) for name in fields}


def _admin_log(user) -> list[dict]:
    fields = {"action": "action", "object": "label", "timestamp": "timestamp"}
    models = _rows(
        ModelLogEntry.objects.filter(user_id=user.pk),
        object_type="content_type__model",
        **fields,
    )
    pages = _rows(PageLogEntry.objects.filter(user_id=user.pk), **fields)
    for row in pages:
        row["object_type"] = "page"
    return sorted(models + pages, key=lambda row: datetime.fromisoformat(row["timestamp"]))


def personal_data_export(user) -> dict:
    """Everything held about the user, in the layout (version 1) that the module docstring gives."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": _plain(timezone.now()),
        "profile": _profile(user),
        "admin_profile": _admin_profile(user),
        "enrolments": _enrolments(user),
        "attendance": _rows(
            Attendance.objects.filter(participant_id=user.pk).order_by("session__start", "pk"),
            cohort="session__cohort__name",
            session_start="session__start",
            attended="attended",
            recorded_at="recorded_at",
        ),
        "module_progress": _rows(
            ModuleProgress.objects.filter(participant_id=user.pk).order_by("started_at", "pk"),
            module="module__title",
            started_at="started_at",
            completed_at="completed_at",
        ),
        "reflections": _rows(
            Reflection.objects.filter(participant_id=user.pk).order_by("created_at", "pk"),
            module="module__title",
            question="question",
            answer="answer",
            created_at="created_at",
            updated_at="updated_at",
        ),
        "completions": _rows(
            Completion.objects.filter(participant_id=user.pk).order_by("completed_at", "pk"),
            round="round__title",
            round_slug="round__slug",
            completed_at="completed_at",
            verification_code="verification_code",
        ),
        "calendar_token": _calendar_token(user),
        "interest_registrations": _rows(
            InterestRegistration.objects.filter(contact_email__iexact=user.email).order_by(
                "created_at", "pk"
            ),
            round="round__title",
            municipality="municipality__name",
            contact_name="contact_name",
            contact_email="contact_email",
            strategists="strategists",
            preferred_term="preferred_term",
            message="message",
            created_at="created_at",
        ),
        "invitations": _rows(
            Invitation.objects.filter(participant_id=user.pk).order_by("created_at", "pk"),
            method="method",
            status="status",
            cohort="session__cohort__name",
            session_start="session__start",
            created_at="created_at",
            sent_at="sent_at",
            attempts="attempts",
        ),
        "admin_log": _admin_log(user),
    }
