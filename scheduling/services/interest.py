"""A municipality registers its interest in a round, and the contact gets a confirmation."""

from functools import partial

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from ..models import InterestRegistration, Municipality, Round
from ..selectors import Term, terms_between


def interest_register(
    *,
    round: Round,
    municipality: Municipality,
    contact_name: str,
    contact_email: str,
    strategists: int,
    preferred_term: str = "",
    message: str = "",
) -> InterestRegistration:
    """Save a registration for the round and, once committed, email the contact in Swedish."""
    if preferred_term and preferred_term not in {
        term.code for term in terms_between(round.start_date, round.end_date)
    }:
        raise ValidationError(
            {"preferred_term": _("Den önskade terminen ligger utanför kursomgångens period.")}
        )
    registration = InterestRegistration(
        round=round,
        municipality=municipality,
        contact_name=contact_name,
        contact_email=contact_email,
        strategists=strategists,
        preferred_term=preferred_term,
        message=message,
    )
    with transaction.atomic():
        registration.full_clean()
        registration.save()
        transaction.on_commit(partial(_send_confirmation, registration))
    return registration


def _send_confirmation(registration: InterestRegistration) -> None:
    with translation.override("sv"):
        subject, body = _confirmation_text(registration)
    send_mail(subject, body, None, [registration.contact_email])


def _confirmation_text(registration: InterestRegistration) -> tuple[str, str]:
    county = registration.municipality.county
    term = (
        Term.from_code(registration.preferred_term).label
        if registration.preferred_term
        else _("Ingen preferens")
    )
    values = {
        "name": registration.contact_name,
        "round": registration.round.title,
        "municipality": registration.municipality.name,
        "strategists": registration.strategists,
        "term": term,
        "message": registration.message or "–",
        "county": county.name,
        "email": county.contact_email,
    }
    subject = _("Vi har tagit emot er intresseanmälan till %(round)s") % values
    lines = [
        _("Hej %(name)s!") % values,
        "",
        _("Tack för er intresseanmälan till %(round)s. Det här har vi registrerat:") % values,
        "",
        _("Kommun: %(municipality)s") % values,
        _("Antal strateger: %(strategists)s") % values,
        _("Önskad termin: %(term)s") % values,
        _("Meddelande: %(message)s") % values,
        "",
        _("Länsstyrelsen i %(county)s hör av sig när länets kursgrupper planeras.") % values,
    ]
    if county.contact_email:
        lines.append(_("Har ni frågor före dess når ni länsstyrelsen på %(email)s.") % values)
    lines += ["", _("Med vänliga hälsningar"), _("Länsstyrelsernas kursplattform")]
    return subject, "\n".join(lines) + "\n"
