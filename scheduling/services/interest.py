"""A municipality registers its interest in a round; it counts once its contact confirms it.

Double opt-in: `interest_register` saves the registration unconfirmed and emails the contact a
link; `interest_confirm` sets ``confirmed_at`` when the link is followed. Only confirmed
registrations count in the planner's demand (`scheduling.rollout.county_demand_for`).

The link carries the registration's id signed with Django's signing (its own salt, valid for
INTEREST_CONFIRM_DAYS days). Nothing secret is stored, so a copy of the database holds no
working link, and the expiry needs no clean-up; confirming twice is harmless, so a link need
not be single-use.

The email quotes nothing from the form but the municipality and the term: the form is public,
and whatever else it carries could be text written to whoever owns the address. Posts are
limited per contact address and per client IP address (INTEREST_POSTS_PER_HOUR_PER_EMAIL,
INTEREST_POSTS_PER_HOUR_PER_IP) through Django's cache, shared by every instance.
"""

from collections.abc import Collection
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.services import site_url
from calendars.services import mail_queue
from regions.models import Municipality

from ..models import InterestRegistration, Round, SupportKind
from ..terms import Term, terms_between

CONFIRM_SALT = "scheduling.interest-confirm"
LIMIT_WINDOW = timedelta(hours=1)


class InterestLimitError(ValidationError):
    """Too many registrations posted from one address or IP address within the hour."""


class InterestLinkError(Exception):
    """A confirmation link that is not valid; `expired` tells an old link from a broken one."""

    def __init__(self, *, expired: bool):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def _limit_reached(key: str, limit: int) -> bool:
    """Count one post under the key for the window; True once the count exceeds the limit."""
    cache.add(key, 0, timeout=int(LIMIT_WINDOW.total_seconds()))
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: this post starts a new window
        cache.set(key, 1, timeout=int(LIMIT_WINDOW.total_seconds()))
        count = 1
    return count > limit


def _check_limits(*, contact_email: str, client_ip: str | None) -> None:
    email_key = f"interest-posts:email:{contact_email.strip().lower()}"
    over = _limit_reached(email_key, settings.INTEREST_POSTS_PER_HOUR_PER_EMAIL)
    if client_ip:
        ip_key = f"interest-posts:ip:{client_ip}"
        over = _limit_reached(ip_key, settings.INTEREST_POSTS_PER_HOUR_PER_IP) or over
    if over:
        raise InterestLimitError(
            _(
                "Vi har tagit emot många intresseanmälningar från samma e-postadress eller "
                "nätverk den senaste timmen. Vänta en timme och försök igen, eller kontakta "
                "länsstyrelsen i ert län."
            ),
            code="rate_limited",
        )


def interest_register(
    *,
    round: Round,
    municipality: Municipality,
    contact_name: str,
    contact_email: str,
    strategists: int,
    preferred_term: str = "",
    message: str = "",
    needs_topics=(),
    support: Collection[str] = (),
    client_ip: str | None = None,
) -> InterestRegistration:
    """Save an unconfirmed registration and queue the email with its link to the contact.

    `needs_topics` and `support` (SupportKind values) are the needs survey's answers, optional.

    Raises ValidationError naming the field for invalid data, and InterestLimitError (a
    ValidationError) once the contact address or `client_ip` has posted too often this hour.
    """
    if preferred_term and preferred_term not in {
        term.code for term in terms_between(round.start_date, round.end_date)
    }:
        raise ValidationError(
            {"preferred_term": _("Den önskade terminen ligger utanför kursomgångens period.")}
        )
    unknown = set(support) - set(SupportKind.values)
    if unknown:
        raise ValidationError({"support": _("Välj bland alternativen i listan.")})
    registration = InterestRegistration(
        round=round,
        municipality=municipality,
        contact_name=contact_name,
        contact_email=contact_email,
        strategists=strategists,
        preferred_term=preferred_term,
        message=message,
    )
    registration.set_support(support)
    registration.full_clean()
    _check_limits(contact_email=contact_email, client_ip=client_ip)
    with transaction.atomic():
        registration.save()
        registration.needs_topics.set(needs_topics)
        _queue_confirmation(registration)
    return registration


def interest_confirmation_token(*, registration: InterestRegistration) -> str:
    """The signed token of the registration's confirmation link."""
    return signing.dumps(registration.pk, salt=CONFIRM_SALT, compress=False)


def interest_by_token(*, token: str, for_update: bool = False) -> InterestRegistration:
    """The registration a confirmation link names; InterestLinkError if the link is not valid."""
    try:
        pk = signing.loads(
            token, salt=CONFIRM_SALT, max_age=timedelta(days=settings.INTEREST_CONFIRM_DAYS)
        )
    except signing.SignatureExpired as error:
        raise InterestLinkError(expired=True) from error
    except signing.BadSignature as error:
        raise InterestLinkError(expired=False) from error
    registrations = InterestRegistration.objects.select_related("round", "municipality__county")
    if for_update:
        registrations = registrations.select_for_update(of=("self",))
    registration = registrations.filter(pk=pk).first()
    if registration is None:
        raise InterestLinkError(expired=False)
    return registration


def interest_confirm(*, token: str) -> InterestRegistration:
    """Confirm the registration the link names, from then on counted in the demand.

    Raises InterestLinkError for an expired, broken or unknown link. Confirming an already
    confirmed registration changes nothing.
    """
    with transaction.atomic():
        registration = interest_by_token(token=token, for_update=True)
        if registration.confirmed_at is None:
            registration.confirmed_at = timezone.now()
            registration.save(update_fields=["confirmed_at"])
    return registration


def interest_term_label(registration: InterestRegistration) -> str:
    """The preferred term in words, or that there is no preference."""
    if registration.preferred_term:
        return Term.from_code(registration.preferred_term).label
    return _("Ingen preferens")


def interest_confirmation_email(registration: InterestRegistration) -> tuple[str, str]:
    """The confirmation email's subject and text, in Swedish, quoting only municipality and term."""
    with translation.override("sv"):
        term = interest_term_label(registration)
        path = reverse(
            "scheduling:interest_confirm",
            kwargs={"token": interest_confirmation_token(registration=registration)},
        )
        context = {
            "round": registration.round.title,
            "municipality": registration.municipality.name,
            "term": term,
            "county": registration.municipality.county,
            "url": site_url(path),
            "days": settings.INTEREST_CONFIRM_DAYS,
        }
        subject = _("Bekräfta intresseanmälan till %(round)s") % context
        body = render_to_string("scheduling/email/interest_confirm.txt", context)
    return subject, body


def _queue_confirmation(registration: InterestRegistration) -> None:
    subject, body = interest_confirmation_email(registration)
    mail_queue(to=registration.contact_email, subject=subject, text=body)
