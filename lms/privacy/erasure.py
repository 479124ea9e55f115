"""Erasing a participant's personal data (the right to erasure), keeping anonymous statistics.

The design: the user row stays, anonymised, so that every fact the statistics count still has a
participant with a municipality, and the figures (`lms.stats.data`, `lms.stats`) read the same
before and after. In one transaction, `participant_erase`:

- anonymises the account: the email becomes ``raderad-<id>@raderad.invalid`` (the ``.invalid``
  domain can never receive mail), first and last name and job title are blanked, the password
  is made unusable, ``last_login`` is cleared, groups and permissions are dropped, the account
  is deactivated and ``erased_at`` is set. Logging in, resetting the password and every open
  session stop working. The municipality is kept: it is what the statistics count by;
- deletes the reflections, the personal calendar feed (its token; calendars that subscribed
  lose the sessions), every message in the outbox to or about the person (calendar invitations,
  account invitations, password links and confirmations, with any error text), and Wagtail's
  admin profile with its avatar file;
- blanks the contact name, email and message of interest registrations whose contact email was
  the person's; the registration (municipality, number of strategists, term) stays for the
  planner;
- cancels, through `scheduling.services.enrolment_cancel`, every place or waitlist place in a
  round that has not ended (its last day is today or later), so the place goes to the first on
  the waitlist. No email goes out about it: the address is gone. Statistics then count the
  person as cancelled, as if they had cancelled themselves. A place in a round the person has
  completed stays: the course is done, nobody on the waitlist can use it, and the statistics
  count only enrolled participants' completions;
- keeps enrolments in ended rounds, module progress, attendance and completions, linked to the
  anonymised account, so a completion stays counted, anonymously; a completion's verification
  code is replaced by ``RADERAD-<id>``, which is not a code's shape, so the certificate no
  longer verifies (it would name nobody);
- deletes django-axes' login records under the person's email (failed and successful logins,
  lockouts: times, IP addresses, browsers);
- deletes what the network holds (`network.privacy`): the directory profile, meeting answers,
  memberships and network invitations; attendance at network meetings stays without a person
  (the count of participants stays), a needs answer stays with its municipality only, and
  examples the person wrote stay without an author;
- renames Wagtail's audit log entries about the account to the anonymised label, and logs the
  erasure itself (``lms.erase_personal_data``) with the counts of what was removed, no names.

Staff accounts are never erased here: their names stand in the audit trail of editorial and
coordination work, and they are removed through the user admin. Only an administrator (or the
retention command, ``by=None``) erases.
"""

from dataclasses import asdict, dataclass
from datetime import date

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

from calendars.models import CalendarToken
from calendars.privacy import person_messages
from network.privacy import network_personal_data_erase
from scheduling.models import Enrolment, EnrolmentStatus, InterestRegistration
from scheduling.services import enrolment_cancel

from ..models import Completion, Reflection

ERASE_ACTION = "lms.erase_personal_data"


class ErasureError(Exception):
    """An erasure that the rules do not allow; the message says why, in Swedish."""


@dataclass(frozen=True)
class ErasureReport:
    """What one erasure removed or changed, as counts (no personal data)."""

    enrolments_cancelled: int
    reflections_deleted: int
    messages_deleted: int
    calendar_tokens_deleted: int
    interest_registrations_blanked: int
    completions_unverified: int
    login_records_deleted: int
    network: dict


def erased_email(user_id: int) -> str:
    """The address an erased account gets: unique, valid in form, never deliverable."""
    return f"raderad-{user_id}@raderad.invalid"


def erasure_refusal(user, *, by) -> str | None:
    """Why `by` may not erase this account (in Swedish), or None if they may."""
    if by is not None and not by.is_superuser:
        return _("Bara administratörer får radera personuppgifter.")
    if user.is_staff or user.is_superuser:
        return _(
            "Kontot tillhör personal. Personalkonton raderas inte här, utan tas bort eller "
            "inaktiveras i användaradministrationen."
        )
    if user.erased_at is not None:
        return _("Personuppgifterna för det här kontot är redan raderade.")
    return None


def running_enrolments(user, *, today: date):
    """The places and waitlist places in rounds not yet ended: erasure cancels them.

    A place in a round the person has completed is left out: it stays, and so does the
    completion in the statistics.
    """
    completed_rounds = Completion.objects.filter(participant_id=user.pk).values("round_id")
    return (
        Enrolment.objects.filter(participant_id=user.pk, round__end_date__gte=today)
        .exclude(status=EnrolmentStatus.CANCELLED)
        .exclude(status=EnrolmentStatus.ENROLLED, round_id__in=completed_rounds)
        .select_related("round", "cohort")
        .order_by("created_at", "pk")
    )


def _drop_admin_profile(user) -> None:
    """Delete Wagtail's profile; its avatar file goes once the transaction has committed."""
    profile = UserProfile.objects.filter(user_id=user.pk).first()
    if profile is None:
        return
    if profile.avatar:
        storage, name = profile.avatar.storage, profile.avatar.name
        transaction.on_commit(lambda: storage.delete(name))
    profile.delete()


def _delete_login_records(email: str) -> int:
    """Delete django-axes' records of logins with this email; how many there were."""
    deleted = 0
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        count, _counts = model.objects.filter(username__iexact=email).delete()
        deleted += count
    return deleted


def participant_erase(user, *, by, today: date | None = None) -> ErasureReport:
    """Erase the participant's personal data as the module docstring says; all or nothing.

    `by` is the administrator who erases, or None for the retention command. Raises
    ErasureError, changing nothing, where `erasure_refusal` gives a reason.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        user = get_user_model().objects.select_for_update().get(pk=user.pk)
        refusal = erasure_refusal(user, by=by)
        if refusal:
            raise ErasureError(refusal)

        running = list(running_enrolments(user, today=today))
        for enrolment in running:
            enrolment_cancel(enrolment=enrolment)
        interest = InterestRegistration.objects.filter(contact_email__iexact=user.email).update(
            contact_name="", contact_email="", message=""
        )
        reflections, _counts = Reflection.objects.filter(participant_id=user.pk).delete()
        tokens, _counts = CalendarToken.objects.filter(participant_id=user.pk).delete()
        # After the cancellations above, so their CANCEL invitations never go out either.
        messages, _counts = person_messages(user).delete()
        _drop_admin_profile(user)
        login_records = _delete_login_records(user.email)
        network = network_personal_data_erase(user)
        completions = Completion.objects.filter(participant_id=user.pk)
        unverified = 0
        for completion in completions:
            completion.verification_code = f"RADERAD-{completion.pk}"
            completion.save(update_fields=["verification_code"])
            unverified += 1

        user.email = erased_email(user.pk)
        user.first_name = user.last_name = user.job_title = ""
        user.set_unusable_password()
        user.last_login = None
        user.is_active = False
        user.erased_at = timezone.now()
        user.save()
        user.groups.clear()
        user.user_permissions.clear()
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(user, for_concrete_model=False),
            object_id=str(user.pk),
        ).update(label=str(user))

        report = ErasureReport(
            enrolments_cancelled=len(running),
            reflections_deleted=reflections,
            messages_deleted=messages,
            calendar_tokens_deleted=tokens,
            interest_registrations_blanked=interest,
            completions_unverified=unverified,
            login_records_deleted=login_records,
            network=network,
        )
        log(instance=user, action=ERASE_ACTION, user=by, data=asdict(report))
    return report
