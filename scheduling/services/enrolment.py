"""Enrolment: places in a cohort up to its capacity, then a waitlist that moves up in order."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..audit import audit
from ..models import Cohort, CohortStatus, Enrolment, EnrolmentStatus, InvitationMethod
from .invitations import invitations_for_participant


class EnrolmentError(Exception):
    """An enrolment that the rules do not allow; the message says why, in Swedish."""


def _locked_cohort(cohort: Cohort) -> Cohort:
    """Lock the cohort's row so that enrolments in it are decided one at a time."""
    return Cohort.objects.select_for_update().get(pk=cohort.pk)


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
    county_ids = {cohort.county_id, *cohort.guest_counties.values_list("id", flat=True)}
    if municipality.county_id not in county_ids:
        raise EnrolmentError(
            _("%(municipality)s ligger inte i något av gruppens län.")
            % {"municipality": municipality.name}
        )


def _audit(enrolment: Enrolment, action: str, *, by, cohort: Cohort) -> None:
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
    last place; the unique constraint keeps one active enrolment per participant and round.
    `by` is the staff member who enrols them, for the audit log (None: the system).
    """
    with transaction.atomic():
        cohort = _locked_cohort(cohort)
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
        _audit(enrolment, "scheduling.enrolment.create", by=by, cohort=cohort)
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
        cohort = _locked_cohort(enrolment.cohort)
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
        _audit(enrolment, "scheduling.enrolment.cancel", by=by, cohort=cohort)
        if not held_place:
            return None
        invitations_for_participant(
            participant_id=enrolment.participant_id,
            cohort_id=cohort.pk,
            method=InvitationMethod.CANCEL,
        )
        return _promote_from_waitlist(cohort, by=by)


def _promote_from_waitlist(cohort: Cohort, *, by) -> Enrolment | None:
    """Move the longest-waiting participant up while the cohort has a free place."""
    taken = cohort.enrolments.filter(status=EnrolmentStatus.ENROLLED).count()
    if taken >= cohort.capacity:
        return None
    first = (
        cohort.enrolments.filter(status=EnrolmentStatus.WAITLISTED)
        .select_related("participant__municipality")
        .order_by("created_at", "id")
        .first()
    )
    if first is None:
        return None
    first.status = EnrolmentStatus.ENROLLED
    first.save(update_fields=["status"])
    _audit(first, "scheduling.enrolment.promote", by=by, cohort=cohort)
    invitations_for_participant(
        participant_id=first.participant_id, cohort_id=cohort.pk, method=InvitationMethod.REQUEST
    )
    return first
