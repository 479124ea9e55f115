"""A participant's secret calendar token: created on first use, rotated on request."""

from django.db import transaction
from django.utils import timezone

from ..models import CalendarToken, new_calendar_token


def calendar_token_for(*, participant) -> CalendarToken:
    """The participant's token, created the first time it is needed."""
    token, _created = CalendarToken.objects.get_or_create(participant=participant)
    return token


@transaction.atomic
def calendar_token_rotate(*, participant) -> CalendarToken:
    """Give the participant a new secret; the old feed URL answers 404 from now on."""
    token = calendar_token_for(participant=participant)
    token.token = new_calendar_token()
    token.rotated_at = timezone.now()
    token.last_fetched_at = None
    token.fetch_count = 0
    token.save(update_fields=["token", "rotated_at", "last_fetched_at", "fetch_count"])
    return token
