"""Writes on participant accounts."""

from django.contrib.auth import get_user_model
from django.db import transaction

from scheduling.models import Municipality


@transaction.atomic
def participant_ensure(
    *, email: str, first_name: str, last_name: str, municipality: Municipality
) -> tuple[object, bool]:
    """Return the participant with this email, creating the account (without a password) if new.

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
    elif user.municipality_id is None:
        user.municipality = municipality
        user.save(update_fields=["municipality"])
    return user, created
