"""Everything the platform holds about one person, as a JSON-ready dict (the right of access).

`personal_data_export(user)` reads a fixed number of queries whatever the number of rows:
twenty, and those of each kind of event the person was invited to (two for course sessions).
Every value is a string, a number, a boolean or null, so the dict goes to `json.dumps` as it
is. Times are ISO 8601 in Europe/Stockholm with their offset; dates are ISO 8601. Lists are in
time order.

Keys (version 3: ``emails`` added, ``invitations`` cover every kind of event; version 2 added
``login_records`` and the registrations' ``confirmed_at``):

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
    the needs survey's four ``wants_*`` flags, ``created_at``, ``confirmed_at`` (null until
    the contact confirmed it).
``invitations``
    Calendar invitations sent (or to be sent) to the person (`calendars.privacy`): ``source``
    (``scheduling.session`` for a course session, ``network.meeting`` for a network meeting),
    ``event`` (its title as the calendar shows it, null once the event is deleted),
    ``event_start``, ``method`` (REQUEST, CANCEL), ``status``, ``created_at``, ``sent_at``,
    ``attempts``.
``emails``
    Every other email to the person's account or address (account invitations, password links,
    confirmations, network invitations): ``to_email``, ``subject``, ``text``, ``status``,
    ``created_at``, ``sent_at``, ``attempts``.
``network``
    The municipalities' network (`network.privacy`): ``directory_profile`` (null if none:
    ``listed``, the four ``show_*`` choices, ``topics``, ``updated_at``), ``memberships``
    (``network``, ``joined_at``), ``meeting_answers`` (``meeting``, ``network``,
    ``meeting_start``, ``answer``, ``answered_at``), ``meeting_attendance`` (``meeting``,
    ``meeting_start``, ``recorded_at``), ``examples`` written (``title``, ``network``,
    ``summary``, ``body``, ``live``), ``needs_answer`` (null if none: ``municipality``, the four
    ``wants_*`` flags, ``answered_at``, ``topics``) and ``network_invitations`` (``network``,
    ``name``, ``email``, ``created_at``, ``accepted_at``).
``admin_log``
    Wagtail's audit log entries of what the person did in the admin: ``action``, ``object``
    (the label logged), ``object_type``, ``timestamp``.
``login_records``
    django-axes' records of logins with the account's email: ``kind`` (``login`` for a
    successful login, ``failure`` for a failed one, ``lockout_count`` for the running count of
    failures that can lock the account out), ``time``, ``logout_time`` (logins only),
    ``ip_address``, ``user_agent``, ``path``.
"""

from datetime import datetime

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.db.models import CharField, DateTimeField, F, Value
from django.utils import timezone
from wagtail.models import ModelLogEntry, PageLogEntry
from wagtail.users.models import UserProfile

from accounts.exports import plain, plain_rows
from calendars.models import CalendarToken
from calendars.privacy import outbox_personal_data
from network.privacy import network_personal_data
from scheduling.models import SUPPORT_FIELDS, Enrolment, EnrolmentStatus, InterestRegistration

from ..models import Attendance, Completion, ModuleProgress, Reflection

FORMAT = "kursplattform-personuppgifter"
VERSION = 3

_NOTIFICATIONS = (
    "submitted_notifications",
    "approved_notifications",
    "rejected_notifications",
    "updated_comments_notifications",
)


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
    return {renamed.get(key, key): plain(value) for key, value in person.items()}


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
    rows = plain_rows(
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


def _outbox(user) -> dict:
    """The outbox's ``invitations`` and ``emails`` for the person, as plain values."""
    return {
        key: [{name: plain(value) for name, value in row.items()} for row in rows]
        for key, rows in outbox_personal_data(user).items()
    }


def _calendar_token(user) -> dict | None:
    token = CalendarToken.objects.filter(participant_id=user.pk).first()
    if token is None:
        return None
    fields = ("token", "created_at", "rotated_at", "last_fetched_at", "fetch_count")
    return {name: plain(getattr(token, name)) for name in fields}


def _admin_log(user) -> list[dict]:
    fields = {"action": "action", "object": "label", "timestamp": "timestamp"}
    models = plain_rows(
        ModelLogEntry.objects.filter(user_id=user.pk),
        object_type="content_type__model",
        **fields,
    )
    pages = plain_rows(PageLogEntry.objects.filter(user_id=user.pk), **fields)
    for row in pages:
        row["object_type"] = "page"
    return sorted(models + pages, key=lambda row: datetime.fromisoformat(row["timestamp"]))


def _login_records(user) -> list[dict]:
    """django-axes' three kinds of record under the person's email, in one query."""

    def records(model, kind: str, logout_time):
        return (
            model.objects.filter(username__iexact=user.email)
            .annotate(
                kind=Value(kind, output_field=CharField()),
                logged_out=logout_time,
            )
            .values("kind", "attempt_time", "logged_out", "ip_address", "user_agent", "path_info")
        )

    no_logout = Value(None, output_field=DateTimeField())
    union = (
        records(AccessLog, "login", F("logout_time"))
        .union(
            records(AccessFailureLog, "failure", no_logout),
            records(AccessAttempt, "lockout_count", no_logout),
            all=True,
        )
        .order_by("attempt_time")
    )
    return [
        {
            "kind": row["kind"],
            "time": plain(row["attempt_time"]),
            "logout_time": plain(row["logged_out"]),
            "ip_address": row["ip_address"],
            "user_agent": row["user_agent"],
            "path": row["path_info"],
        }
        for row in union
    ]


def personal_data_export(user) -> dict:
    """Everything held about the user, in the layout (version 2) that the module docstring gives."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": plain(timezone.now()),
        "profile": _profile(user),
        "admin_profile": _admin_profile(user),
        "enrolments": _enrolments(user),
        "attendance": plain_rows(
            Attendance.objects.filter(participant_id=user.pk).order_by("session__start", "pk"),
            cohort="session__cohort__name",
            session_start="session__start",
            attended="attended",
            recorded_at="recorded_at",
        ),
        "module_progress": plain_rows(
            ModuleProgress.objects.filter(participant_id=user.pk).order_by("started_at", "pk"),
            module="module__title",
            started_at="started_at",
            completed_at="completed_at",
        ),
        "reflections": plain_rows(
            Reflection.objects.filter(participant_id=user.pk).order_by("created_at", "pk"),
            module="module__title",
            question="question",
            answer="answer",
            created_at="created_at",
            updated_at="updated_at",
        ),
        "completions": plain_rows(
            Completion.objects.filter(participant_id=user.pk).order_by("completed_at", "pk"),
            round="round__title",
            round_slug="round__slug",
            completed_at="completed_at",
            verification_code="verification_code",
        ),
        "calendar_token": _calendar_token(user),
        "network": network_personal_data(user),
        "interest_registrations": plain_rows(
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
            **{field: field for field in SUPPORT_FIELDS},
            created_at="created_at",
            confirmed_at="confirmed_at",
        ),
        **_outbox(user),
        "admin_log": _admin_log(user),
        "login_records": _login_records(user),
    }
