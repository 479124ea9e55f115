"""Enrolment: places in a cohort up to its capacity, then a waitlist that moves up in order."""

from collections.abc import Collection

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from accounts.services import ParticipantRefusedError, account_invitation_email, participant_ensure
from calendars.models import InvitationMethod
from calendars.services import mail_queue

from ..audit import audit
from ..models import Cohort, CohortStatus, Enrolment, EnrolmentStatus, Round
from ..signals import schedule_changed_on_commit
from .invitations import invitations_for_participant
from .locks import COHORT_GONE, cohort_lock


class EnrolmentError(Exception):
    """An enrolment that the rules do not allow; the message says why, in Swedish."""


def cohort_county_ids(cohort: Cohort) -> set[int]:
    """The ids of the cohort's host county and guest counties."""
    return {cohort.county_id, *cohort.guest_counties.values_list("id", flat=True)}


def round_has_ended(round: Round) -> bool:
    """Whether the round's last day is behind us (in Swedish time)."""
    return round.end_date < timezone.localdate()


def round_ended_message(cohort: Cohort) -> str:
    """Why a cohort of an ended round takes no enrolments, in Swedish."""
    return _(
        "Kursomgången %(round)s slutade %(end)s. Gruppen %(cohort)s tar inte emot fler anmälningar."
    ) % {
        "round": cohort.round.title,
        "end": date_format(cohort.round.end_date, "j F Y"),
        "cohort": cohort.name,
    }


def check_round_not_ended(cohort: Cohort) -> None:
    """Refuse a cohort whose round has ended: its sessions are past, its places are closed."""
    if round_has_ended(cohort.round):
        raise EnrolmentError(round_ended_message(cohort))


def _check_participant_may_join(participant, cohort: Cohort) -> None:
    if cohort.status not in (CohortStatus.OPEN, CohortStatus.PLANNED):
        raise EnrolmentError(
            _("Gruppen %(cohort)s tar inte emot anmälningar (%(status)s).")
            % {"cohort": cohort.name, "status": cohort.get_status_display()}
        )
    municipality = participant.municipality
    if municipality is None:
        raise EnrolmentError(
            _("%(person)s har ingen kommun angiven och kan inte anmälas.") % {"person": participant}
        )
    if municipality.county_id not in cohort_county_ids(cohort):
        raise EnrolmentError(_("Deltagarens kommun ligger inte i något av gruppens län."))


def enrolment_audit(enrolment: Enrolment, action: str, *, by, cohort: Cohort) -> None:
    """Log an enrolment's change under the participant's county, without their name.

    A participant whose municipality has since been removed counts under the host county.
    """
    municipality = enrolment.participant.municipality
    audit(
        enrolment,
        action,
        by=by,
        cohort=cohort,
        county_id=municipality.county_id if municipality else cohort.county_id,
        title=f"{cohort.name}, #{enrolment.pk} ({enrolment.get_status_display()})",
        enrolment=enrolment.pk,
        status=enrolment.status,
    )


def enrolment_create(*, participant, cohort: Cohort, by=None) -> Enrolment:
    """Give the participant a place in the cohort, or a place on its waitlist when it is full.

    The cohort row is locked while places are counted, so two requests can never both take the
    last place; the unique constraint keeps one active enrolment per participant and round. A
    cohort that a republished plan has just replaced is refused with a message saying so.
    `by` is the staff member who enrols them, for the audit log (None: the system).
    """
    with transaction.atomic():
        try:
            cohort = cohort_lock(cohort_id=cohort.pk)
        except Cohort.DoesNotExist as error:
            raise EnrolmentError(str(COHORT_GONE)) from error
        _check_participant_may_join(participant, cohort)
        if (
            Enrolment.objects.filter(participant=participant, round_id=cohort.round_id)
            .exclude(status=EnrolmentStatus.CANCELLED)
            .exists()
        ):
            raise EnrolmentError(
                _("%(person)s är redan anmäld till den här kursomgången.") % {"person": participant}
            )
        taken = cohort.enrolments.filter(status=EnrolmentStatus.ENROLLED).count()
        status = EnrolmentStatus.ENROLLED if taken < cohort.capacity else EnrolmentStatus.WAITLISTED
        enrolment = Enrolment(
            participant=participant, cohort=cohort, round_id=cohort.round_id, status=status
        )
        enrolment.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                enrolment.save()
        except IntegrityError as error:
            raise EnrolmentError(
                _("%(person)s är redan anmäld till den här kursomgången.") % {"person": participant}
            ) from error
        enrolment_audit(enrolment, "scheduling.enrolment.create", by=by, cohort=cohort)
        schedule_changed_on_commit(round_id=cohort.round_id)
        if status == EnrolmentStatus.ENROLLED:
            invitations_for_participant(
                participant_id=participant.pk, cohort_id=cohort.pk, method=InvitationMethod.REQUEST
            )
    return enrolment


def enrolment_cancel(*, enrolment: Enrolment, by=None) -> Enrolment | None:
    """Cancel an enrolment; if it held a place, the first on the waitlist gets it.

    Returns the enrolment that moved up from the waitlist, if any. `by` is the staff member who
    cancels, for the audit log.
    """
    with transaction.atomic():
        cohort = cohort_lock(cohort_id=enrolment.cohort_id)
        enrolment = (
            Enrolment.objects.select_for_update(of=("self",))
            .select_related("participant__municipality")
            .get(pk=enrolment.pk)
        )
        if enrolment.status == EnrolmentStatus.CANCELLED:
            return None
        held_place = enrolment.status == EnrolmentStatus.ENROLLED
        enrolment.status = EnrolmentStatus.CANCELLED
        enrolment.cancelled_at = timezone.now()
        enrolment.save(update_fields=["status", "cancelled_at"])
        enrolment_audit(enrolment, "scheduling.enrolment.cancel", by=by, cohort=cohort)
        schedule_changed_on_commit(round_id=cohort.round_id)
        if not held_place:
            return None
        invitations_for_participant(
            participant_id=enrolment.participant_id,
            cohort_id=cohort.pk,
            method=InvitationMethod.CANCEL,
        )
        promoted = waitlist_promote(cohort=cohort, by=by)
        return promoted[0] if promoted else None


def waitlist_promote(*, cohort: Cohort, by=None) -> list[Enrolment]:
    """Move the waitlist up, in order, while the cohort has free places; return who moved up.

    Called whenever a place appears (a cancelled place, a raised capacity). The cohort row is
    locked so that places are counted once; each person moved up is invited to the sessions.
    """
    with transaction.atomic():
        cohort = cohort_lock(cohort_id=cohort.pk)
        taken = cohort.enrolments.filter(status=EnrolmentStatus.ENROLLED).count()
        free = cohort.capacity - taken
        if free <= 0:
            return []
        waiting = list(
            cohort.enrolments.filter(status=EnrolmentStatus.WAITLISTED)
            .select_related("participant__municipality")
            .order_by("created_at", "id")[:free]
        )
        for enrolment in waiting:
            enrolment.status = EnrolmentStatus.ENROLLED
            enrolment.save(update_fields=["status"])
            enrolment_audit(enrolment, "scheduling.enrolment.promote", by=by, cohort=cohort)
            invitations_for_participant(
                participant_id=enrolment.participant_id,
                cohort_id=cohort.pk,
                method=InvitationMethod.REQUEST,
            )
        if waiting:
            schedule_changed_on_commit(round_id=cohort.round_id)
    return waiting


def participant_enrol(
    *,
    email: str,
    first_name: str,
    last_name: str,
    municipality,
    cohort: Cohort,
    county_ids: Collection[int] | None = None,
    by=None,
) -> Enrolment:
    """Find or create the participant's account and enrol them, both or neither.

    `county_ids` are the counties the coordinator enrols for (a guest county's coordinator:
    their own; None: all of the cohort's). An existing account is enrolled only if it is a
    participant of one of them, and is never changed; a staff account or another county's
    person is refused with a message that names only the email address. A new account's
    invitation to set its password is queued in the outbox with the enrolment and sent once
    both are committed; if the enrolment is refused (EnrolmentError), no account is created
    and nothing is sent. This is how staff enrol people, so a cohort whose round has ended
    is refused here.
    """
    check_round_not_ended(cohort)
    allowed = cohort_county_ids(cohort)
    if county_ids is not None:
        allowed &= set(county_ids)
    with transaction.atomic():
        try:
            participant, created = participant_ensure(
                email=email,
                first_name=first_name,
                last_name=last_name,
                municipality=municipality,
                county_ids=allowed,
            )
        except ParticipantRefusedError as error:
            raise EnrolmentError(str(error)) from error
        if created:
            invitation = account_invitation_email(participant)
            mail_queue(
                to=participant.email,
                subject=invitation.subject,
                text=invitation.text,
                html=invitation.html,
                participant_id=participant.pk,
            )
        return enrolment_create(participant=participant, cohort=cohort, by=by)
