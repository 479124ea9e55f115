"""Members: invitations from interest registrations, acceptance, adding and removing members."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.services import (
    participant_ensure,
    participant_name_parts,
    password_link_days,
    password_set_url,
    site_url,
)
from calendars.services import invitations_queue, mail_queue

from ..calendar_source import MEETING_SOURCE
from ..models import (
    Meeting,
    MeetingResponse,
    MeetingStatus,
    MemberProfile,
    Membership,
    Network,
    NetworkInvitation,
)
from ..selectors import confirmed_registrations
from .meetings import ATTENDING


class MembershipError(ValueError):
    """A membership change that is not allowed; the message says why, in Swedish."""


def network_invitation_queue(invitation: NetworkInvitation) -> None:
    """Queue the email, in Swedish, with the link to accept the invitation (see the outbox)."""
    path = reverse("network:accept", kwargs={"token": invitation.token})
    with translation.override("sv"):
        context = {"invitation": invitation, "url": site_url(path)}
        mail_queue(
            to=invitation.email,
            subject=_("Inbjudan till %(network)s") % {"network": invitation.network.name},
            text=render_to_string("network/email/network_invitation.txt", context),
            html=render_to_string("network/email/network_invitation.html", context),
        )


def network_welcome_queue(*, member, network: Network, new_account: bool) -> None:
    """Queue the new member's welcome, in Swedish and in the network's words: where the
    meetings and the profile are, and for a new account the link to choose a password."""
    with translation.override("sv"):
        context = {
            "member": member,
            "network": network,
            "network_url": site_url(reverse("network:detail", kwargs={"slug": network.slug})),
            "profile_url": site_url(reverse("network:profile")),
            "password_url": password_set_url(member) if new_account else "",
            "days": password_link_days(),
        }
        mail_queue(
            to=member.email,
            subject=_("Välkommen till %(network)s") % {"network": network.name},
            text=render_to_string("network/email/welcome.txt", context),
            html=render_to_string("network/email/welcome.html", context),
            participant_id=member.pk,
        )


def network_invite(*, network: Network, registration, by) -> NetworkInvitation:
    """Turn a confirmed interest registration into an invitation, its email queued with it.

    Refused for a registration that is not confirmed, that comes from outside a county
    network's county, or that was already turned into an invitation to this network.
    """
    with transaction.atomic():
        network = Network.objects.select_for_update().get(pk=network.pk)
        if not confirmed_registrations().filter(pk=registration.pk).exists():
            raise MembershipError(_("Intresseanmälan är inte bekräftad."))
        if network.county_id and registration.municipality.county_id != network.county_id:
            raise MembershipError(_("Kommunen ligger inte i nätverkets län."))
        if not registration.contact_email:
            raise MembershipError(_("Intresseanmälan har ingen e-postadress."))
        if NetworkInvitation.objects.filter(network=network, registration=registration).exists():
            raise MembershipError(_("Kontaktpersonen är redan inbjuden till nätverket."))
        invitation = NetworkInvitation(
            network=network,
            registration=registration,
            municipality=registration.municipality,
            name=registration.contact_name,
            email=registration.contact_email.lower(),
            invited_by=by,
        )
        invitation.full_clean()
        invitation.save()
        network_invitation_queue(invitation)
    return invitation


def invitation_accept(*, invitation: NetworkInvitation) -> tuple[object, bool]:
    """Accept an invitation: the contact's account (created if new) and a membership, with the
    network's welcome email (and, for a new account, its password link). Returns the member
    and whether the account is new; accepting twice is refused.
    """
    with transaction.atomic():
        invitation = NetworkInvitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at is not None:
            raise MembershipError(_("Inbjudan är redan använd."))
        first, last = participant_name_parts(invitation.name)
        member, created = participant_ensure(
            email=invitation.email,
            first_name=first,
            last_name=last,
            municipality=invitation.municipality,
        )
        _membership, joined = Membership.objects.get_or_create(
            network_id=invitation.network_id, member=member
        )
        MemberProfile.objects.get_or_create(member=member)
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = member
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        if joined:
            network_welcome_queue(member=member, network=invitation.network, new_account=created)
    return member, created


def membership_add(*, network: Network, member) -> Membership:
    """Add a person with an account and a municipality to a network (the reference group's
    members are appointed this way), with the network's welcome email; adding a member twice
    changes nothing."""
    if member.is_staff or member.municipality_id is None:
        raise ValidationError(_("Bara kommunernas strateger kan vara medlemmar."))
    if network.county_id and member.municipality.county_id != network.county_id:
        raise ValidationError(_("Kommunen ligger inte i nätverkets län."))
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(network=network, member=member)
        MemberProfile.objects.get_or_create(member=member)
        if created:
            network_welcome_queue(member=member, network=network, new_account=False)
    return membership


def membership_remove(*, network: Network, member) -> None:
    """Remove a member: their answers to the network's coming meetings go, and the meetings
    they had said ja or kanske to are cancelled in their calendar."""
    with transaction.atomic():
        Membership.objects.filter(network=network, member=member).delete()
        responses = MeetingResponse.objects.filter(
            member=member,
            meeting__in=Meeting.objects.filter(
                network=network, end__gte=timezone.now(), status=MeetingStatus.SCHEDULED
            ),
        )
        attending = list(
            responses.filter(answer__in=ATTENDING).values_list("meeting_id", flat=True)
        )
        responses.delete()
        invitations_queue(
            source=MEETING_SOURCE,
            pairs=[(member.pk, meeting_id) for meeting_id in attending],
            method="CANCEL",
        )
