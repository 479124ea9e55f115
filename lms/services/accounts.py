"""Participant accounts: created when someone new is enrolled, with an emailed invitation."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from scheduling.models import Municipality


def participant_name_parts(name: str) -> tuple[str, str]:
    """First and last name from a full name: "Anna Maria Berg" gives "Anna" and "Maria Berg".

    Raises ValidationError, in Swedish, when a part is longer than the account can hold.
    """
    first, _space, last = " ".join(name.split()).partition(" ")
    limit = get_user_model()._meta.get_field("first_name").max_length
    if len(first) > limit or len(last) > limit:
        raise ValidationError(
            _("Namnet är för långt: förnamn och efternamn får vara högst %(limit)d tecken vardera.")
            % {"limit": limit}
        )
    return first, last


def password_set_url(user) -> str:
    """A single-use link to choose a password; it expires after PASSWORD_RESET_TIMEOUT."""
    path = reverse(
        "lms:password_set",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return settings.SITE_URL.rstrip("/") + path


def account_invitation_send(user) -> None:
    """Email the new participant, in Swedish, a link to choose their password."""
    with translation.override("sv"):
        context = {
            "user": user,
            "url": password_set_url(user),
            "days": settings.PASSWORD_RESET_TIMEOUT // 86400,
        }
        email = EmailMultiAlternatives(
            subject=_("Välkommen till kursen i förändringsledning"),
            body=render_to_string("lms/email/account_invitation.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[user.email],
        )
        email.attach_alternative(
            render_to_string("lms/email/account_invitation.html", context), "text/html"
        )
    email.send()


@transaction.atomic
def participant_ensure(
    *, email: str, first_name: str, last_name: str, municipality: Municipality
) -> tuple[object, bool]:
    """Return the participant with this email, creating the account (with an invitation) if new.

    An existing account keeps its name; its municipality is filled in only if it had none.
    """
    user_model = get_user_model()
    email = user_model.objects.normalize_email(email).lower()
    user, created = user_model.objects.get_or_create(
        email=email,
        defaults={"first_name": first_name, "last_name": last_name, "municipality": municipality},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        transaction.on_commit(lambda: account_invitation_send(user))
    elif user.municipality_id is None:
        user.municipality = municipality
        user.save(update_fields=["municipality"])
    return user, created
