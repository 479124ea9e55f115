"""Participant accounts: created when someone new is enrolled, and the invitation they are sent."""

from collections.abc import Collection
from typing import NamedTuple

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from regions.models import Municipality

from .validators import NoFormulaValidator


def participant_name_parts(name: str) -> tuple[str, str]:
    """First and last name from a full name: "Anna Maria Berg" gives "Anna" and "Maria Berg".

    Raises ValidationError, in Swedish, when a part is longer than the account can hold or the
    name begins like a spreadsheet formula.
    """
    name = " ".join(name.split())
    NoFormulaValidator(_("Namnet"))(name)
    first, _space, last = name.partition(" ")
    limit = get_user_model()._meta.get_field("first_name").max_length
    if len(first) > limit or len(last) > limit:
        raise ValidationError(
            _("Namnet är för långt: förnamn och efternamn får vara högst %(limit)d tecken vardera.")
            % {"limit": limit}
        )
    return first, last


def password_set_path(user) -> str:
    """The path of a single-use link to choose a password (see `password_set_url`)."""
    return reverse(
        "lms:password_set",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )


def site_url(path: str) -> str:
    """The absolute address of a path on this site, for links in emails (SITE_URL)."""
    return settings.SITE_URL.rstrip("/") + path


def password_set_url(user) -> str:
    """A single-use link to choose a password; it expires after PASSWORD_RESET_TIMEOUT."""
    return site_url(password_set_path(user))


def password_link_days() -> int:
    """How many days a link to choose a password stays valid, as the emails say."""
    return settings.PASSWORD_RESET_TIMEOUT // 86400


class RenderedEmail(NamedTuple):
    """An email's subject, text and HTML, rendered and ready to queue."""

    subject: str
    text: str
    html: str


def account_invitation_email(user) -> RenderedEmail:
    """The new participant's invitation, in Swedish, with a link to choose their password.

    The caller queues it in the outbox, in the transaction that creates the account.
    """
    with translation.override("sv"):
        context = {
            "user": user,
            "url": password_set_url(user),
            "days": password_link_days(),
        }
        return RenderedEmail(
            subject=_("Välkommen till kursen i förändringsledning"),
            text=render_to_string("accounts/email/account_invitation.txt", context),
            html=render_to_string("accounts/email/account_invitation.html", context),
        )


class ParticipantRefusedError(ValueError):
    """An existing account that may not be enrolled from here; the message names only its email."""


def account_is_staff(user) -> bool:
    """Whether the account is staff's: a staff flag, superuser, any group or a county board."""
    return bool(user.is_staff or user.is_superuser or user.county_id or user.groups.all())


def participant_refusal(user, *, county_ids: Collection[int]) -> str | None:
    """Why the existing account may not be enrolled for these counties, or None if it may.

    Only a participant whose municipality lies in one of `county_ids` may. The reason is the
    same for a staff account and for another county's person, and names only the email address,
    so that it reveals nothing of other counties.
    """
    municipality = user.municipality
    if account_is_staff(user) or municipality is None or municipality.county_id not in county_ids:
        return _(
            "Det finns redan ett konto med e-postadressen %(email)s som inte kan anmälas "
            "härifrån. Kontakta den nationella samordningen om personen ska delta."
        ) % {"email": user.email}
    return None


@transaction.atomic
def participant_ensure(
    *,
    email: str,
    first_name: str,
    last_name: str,
    municipality: Municipality,
    county_ids: Collection[int] | None = None,
) -> tuple[object, bool]:
    """Return the participant with this email and whether the account was created just now.

    `county_ids` are the counties the enrolling coordinator acts for (None: the municipality's).
    An existing account is used as it is, its name and municipality unchanged, and only if it is
    a participant of one of those counties; otherwise ParticipantRefusedError (see
    `participant_refusal`). A new account's municipality must lie in one of them too, and it has
    no usable password: the caller queues its `account_invitation_email`.
    """
    county_ids = {municipality.county_id} if county_ids is None else set(county_ids)
    user_model = get_user_model()
    email = user_model.objects.normalize_email(email).lower()
    user, created = user_model.objects.get_or_create(
        email=email,
        defaults={"first_name": first_name, "last_name": last_name, "municipality": municipality},
    )
    if not created:
        if reason := participant_refusal(user, county_ids=county_ids):
            raise ParticipantRefusedError(reason)
        return user, False
    if municipality.county_id not in county_ids:  # rolled back with the new account
        raise ParticipantRefusedError(
            _("%(municipality)s ligger inte i något av de län du anmäler för.")
            % {"municipality": municipality.name}
        )
    user.set_unusable_password()
    user.save(update_fields=["password"])
    return user, True
