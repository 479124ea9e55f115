"""Erasing a participant: personal data gone, anonymous counts kept, all or nothing."""

from datetime import UTC, date, datetime
from unittest import mock

import pandas as pd
import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import authenticate, get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

from calendars.models import CalendarToken, OutboxMessage
from lms.models import Attendance, Completion, ModuleProgress, Reflection
from lms.privacy import ErasureError, participant_erase
from lms.stats import figures as stats
from lms.stats.data import load_frames
from scheduling.models import Enrolment, EnrolmentStatus, InterestRegistration
from scheduling.services import enrolment_create
from tests.factories import UserFactory
from tests.factories.scheduling import InterestRegistrationFactory
from tests.lms.test_privacy_export import add_login_records
from tests.lms.test_stats_data import make_round

TODAY = date(2022, 6, 1)  # the fixtures' round (2022–2023) is running


@pytest.fixture
def admin(db):
    return get_user_model().objects.create_superuser("admin@example.com", "x")


@pytest.fixture
def sara(participant, cohort, modules):
    """Sara from Växjö with a record of every kind, in a running round."""
    participant.job_title = "Miljöstrateg"
    participant.save()
    session = cohort.sessions.order_by("start")[0]
    ModuleProgress.objects.create(
        participant=participant, module=modules[0], started_at=datetime(2022, 3, 1, tzinfo=UTC)
    )
    Reflection.objects.create(
        participant=participant, module=modules[0], block_id="b1", question="F?", answer="Svar"
    )
    Attendance.objects.create(
        session=session, participant=participant, attended=True, recorded_at=session.start
    )
    Completion.objects.create(
        participant=participant,
        round=cohort.round,
        completed_at=datetime(2022, 5, 1, tzinfo=UTC),
        verification_code="K7QM-2XHP-9DTA",
    )
    CalendarToken.objects.create(participant=participant)
    UserProfile.objects.create(
        user=participant, avatar=SimpleUploadedFile("sara.png", b"\x89PNG avatar")
    )
    InterestRegistrationFactory(
        round=cohort.round,
        municipality=participant.municipality,
        contact_name="Sara Strateg",
        contact_email="Sara@Example.com",
        message="Ring mig på 0470-123 45.",
    )
    log(instance=participant, action="wagtail.edit", user=None)
    return participant


@pytest.mark.django_db
def test_erasure_removes_personal_data_and_keeps_the_facts(
    sara, admin, django_capture_on_commit_callbacks
):
    avatar = UserProfile.objects.get(user=sara).avatar
    storage, name = avatar.storage, avatar.name
    progress_before = ModuleProgress.objects.filter(participant=sara).count()

    with django_capture_on_commit_callbacks(execute=True):
        report = participant_erase(sara, by=admin, today=TODAY)

    sara.refresh_from_db()
    assert sara.email == f"raderad-{sara.pk}@raderad.invalid"
    assert (sara.first_name, sara.last_name, sara.job_title) == ("", "", "")
    assert not sara.has_usable_password() and not sara.is_active
    assert sara.erased_at is not None and sara.last_login is None
    assert sara.municipality.name == "Växjö"  # the statistics count by it
    assert not Reflection.objects.filter(participant=sara).exists()
    assert not CalendarToken.objects.filter(participant=sara).exists()
    assert not OutboxMessage.objects.filter(participant=sara).exists()
    assert not UserProfile.objects.filter(user=sara).exists()
    assert not storage.exists(name)
    interest = InterestRegistration.objects.get()
    assert (interest.contact_name, interest.contact_email, interest.message) == ("", "", "")
    assert interest.strategists == 3  # the planner's demand stays
    assert ModuleProgress.objects.filter(participant=sara).count() == progress_before
    assert Attendance.objects.filter(participant=sara).count() == 1
    completion = Completion.objects.get(participant=sara)
    assert completion.verification_code == f"RADERAD-{completion.pk}"
    assert report.reflections_deleted == 1 and report.interest_registrations_blanked == 1


@pytest.mark.django_db
def test_the_audit_log_names_nobody(sara, admin):
    participant_erase(sara, by=admin, today=TODAY)
    sara.refresh_from_db()
    entry = ModelLogEntry.objects.get(action="lms.erase_personal_data")
    assert entry.user_id == admin.pk and entry.object_id == str(sara.pk)
    assert entry.label == f"raderad-{sara.pk}@raderad.invalid"
    assert entry.data["reflections_deleted"] == 1
    labels = ModelLogEntry.objects.filter(object_id=str(sara.pk)).values_list("label", flat=True)
    assert not any("Sara" in label or "sara@" in label for label in labels)


@pytest.mark.django_db
def test_nobody_can_log_in_or_reset_the_password_after(sara, admin, client):
    sara.set_password("ett-langt-losenord-9")
    sara.save()
    participant_erase(sara, by=admin, today=TODAY)
    request = RequestFactory().post("/konto/logga-in/")
    assert authenticate(request, email="sara@example.com", password="ett-langt-losenord-9") is None
    client.post("/konto/glomt-losenord/", {"email": "sara@example.com"})
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_place_in_a_running_round_goes_to_the_waitlist(
    sara, admin, cohort, django_capture_on_commit_callbacks
):
    Completion.objects.filter(participant=sara).delete()  # a completed place stays (below)
    cohort.capacity = 1
    cohort.save()
    waiting = UserFactory(email="vantar@example.com", municipality=sara.municipality)
    enrolment_create(participant=waiting, cohort=cohort)
    assert Enrolment.objects.get(participant=waiting).status == EnrolmentStatus.WAITLISTED

    with django_capture_on_commit_callbacks(execute=True):
        report = participant_erase(sara, by=admin, today=TODAY)

    assert report.enrolments_cancelled == 1
    assert Enrolment.objects.get(participant=sara).status == EnrolmentStatus.CANCELLED
    assert Enrolment.objects.get(participant=waiting).status == EnrolmentStatus.ENROLLED
    recipients = {address for message in mail.outbox for address in message.to}
    assert recipients == {"vantar@example.com"}  # nothing goes to the erased address


@pytest.mark.django_db
def test_a_completion_in_a_running_round_stays_counted_anonymously(sara, admin, cohort):
    now = datetime(2022, 6, 1, tzinfo=UTC)

    def figures():
        frames = load_frames(round=cohort.round)
        return stats.totals(frames, now=now), stats.summary(frames, by="municipality", now=now)

    before = figures()
    assert before[0]["completed"].iloc[0] == 1
    report = participant_erase(sara, by=admin, today=TODAY)

    assert report.enrolments_cancelled == 0
    assert Enrolment.objects.get(participant=sara).status == EnrolmentStatus.ENROLLED
    after = figures()
    for table_before, table_after in zip(before, after, strict=True):
        pd.testing.assert_frame_equal(table_before, table_after)
    sara.refresh_from_db()
    assert sara.email.endswith("@raderad.invalid") and sara.first_name == ""


@pytest.mark.django_db
def test_the_login_records_go_with_the_rest(sara, admin):
    add_login_records("SARA@example.com")
    add_login_records("annan@example.com")

    report = participant_erase(sara, by=admin, today=TODAY)

    assert report.login_records_deleted == 3
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        assert list(model.objects.values_list("username", flat=True)) == ["annan@example.com"]


@pytest.mark.django_db
def test_an_enrolment_in_an_ended_round_is_kept(sara, admin):
    report = participant_erase(sara, by=admin, today=date(2024, 1, 1))
    assert report.enrolments_cancelled == 0
    assert Enrolment.objects.get(participant=sara).status == EnrolmentStatus.ENROLLED


@pytest.mark.django_db
def test_the_statistics_read_the_same_before_and_after(course_tree, admin):
    course_round, made = make_round(course_tree, participants=8)
    now = datetime(2022, 6, 1, tzinfo=UTC)

    def figures():
        frames = load_frames(round=course_round)
        tables = {by: stats.summary(frames, by=by, now=now) for by in stats.GroupBy.__args__}
        tables["totals"] = stats.totals(frames, now=now)
        tables["funnel"] = stats.module_funnel(frames)
        tables["over_time"] = stats.over_time(frames)
        tables["rollout"] = stats.rollout_by_county(frames)
        for county in (made["kronoberg"], made["vgr"]):
            county_frames = load_frames(round=course_round, county=county)
            tables[county.code] = stats.summary(county_frames, by="municipality", now=now)
        return tables

    before = figures()
    for person in made["people"][:3]:  # Växjö, Göteborg and Alvesta (waitlisted)
        participant_erase(person, by=admin)
    after = figures()

    assert before.keys() == after.keys()
    assert before["totals"]["completed"].iloc[0] > 0
    for name, table in before.items():
        pd.testing.assert_frame_equal(table, after[name], obj=name)


@pytest.mark.parametrize(
    "who, message",
    [
        ("staff", "Kontot tillhör personal"),
        ("erased", "redan raderade"),
        ("not_admin", "Bara administratörer"),
    ],
)
@pytest.mark.django_db
def test_refused_erasures_change_nothing(sara, admin, who, message):
    by = admin
    if who == "staff":
        sara.is_staff = True
        sara.save()
    elif who == "erased":
        sara.erased_at = datetime(2024, 1, 1, tzinfo=UTC)
        sara.save()
    else:
        by = UserFactory(email="samordnare@example.com", is_staff=True)
    with pytest.raises(ErasureError, match=message):
        participant_erase(sara, by=by, today=TODAY)
    sara.refresh_from_db()
    assert sara.email == "sara@example.com"
    assert Reflection.objects.filter(participant=sara).exists()


@pytest.mark.django_db
def test_a_failure_half_way_leaves_everything_as_it_was(sara, admin):
    with (
        mock.patch("lms.privacy.erasure.log", side_effect=RuntimeError("loggen är nere")),
        pytest.raises(RuntimeError),
    ):
        participant_erase(sara, by=admin, today=TODAY)
    sara.refresh_from_db()
    assert sara.email == "sara@example.com" and sara.is_active
    assert Reflection.objects.filter(participant=sara).count() == 1
    assert CalendarToken.objects.filter(participant=sara).exists()
    assert Enrolment.objects.get(participant=sara).status == EnrolmentStatus.ENROLLED
    assert InterestRegistration.objects.get().contact_name == "Sara Strateg"
