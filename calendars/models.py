"""Personal feed tokens and the outbox of every email the platform sends.

A calendar invitation names its event by source and id (`scheduling.session` 42), never by a
foreign key, so that any kind of meeting can use the same outbox. The token table kept the name
it had when the model lived in `scheduling`.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_calendar_token() -> str:
    """A secret of 256 bits, URL-safe, for a participant's personal feed."""
    return secrets.token_urlsafe(32)


class CalendarToken(models.Model):
    """The secret in a participant's personal feed URL, and when the feed was last fetched."""

    participant = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deltagare"),
        on_delete=models.CASCADE,
        related_name="calendar_token",
    )
    token = models.CharField(max_length=64, unique=True, default=new_calendar_token, editable=False)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    rotated_at = models.DateTimeField(_("bytt"), null=True, blank=True)
    last_fetched_at = models.DateTimeField(_("senast hämtad"), null=True, blank=True)
    fetch_count = models.PositiveIntegerField(_("antal hämtningar"), default=0)

    class Meta:
        db_table = "scheduling_calendartoken"
        verbose_name = _("kalenderprenumeration")
        verbose_name_plural = _("kalenderprenumerationer")

    def __str__(self):
        return str(self.participant)


class InvitationMethod(models.TextChoices):
    """The iTIP method of a calendar invitation."""

    REQUEST = "REQUEST", _("Inbjudan")
    CANCEL = "CANCEL", _("Avbokning")


class MessageKind(models.TextChoices):
    """What an outbox message is: a calendar invitation or a plain email."""

    CALENDAR = "calendar", _("Kalenderinbjudan")
    EMAIL = "email", _("E-post")


class MessageStatus(models.TextChoices):
    """Where a message is on its way to its recipient."""

    PENDING = "pending", _("Väntar")
    SENT = "sent", _("Skickad")
    FAILED = "failed", _("Misslyckades, försöker igen")
    FLAGGED = "flagged", _("Behöver åtgärdas")
    SUPERSEDED = "superseded", _("Ersatt av ett nyare meddelande")
    GONE = "gone", _("Händelsen finns inte längre")


#: The statuses of a message that may still be sent.
UNSENT = (MessageStatus.PENDING, MessageStatus.FAILED, MessageStatus.FLAGGED)


class OutboxMessage(models.Model):
    """One email to send: written with the change it announces, sent by a background task.

    A calendar invitation names its event (source and id) and its participant, and is rendered
    from the event's state when it is sent; for one event and person only the newest is ever
    delivered. A plain email is rendered, in Swedish, when it is queued.
    """

    kind = models.CharField(
        _("slag"), max_length=10, choices=MessageKind, default=MessageKind.CALENDAR
    )
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deltagare"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="outbox_messages",
    )
    source = models.CharField(
        _("källa"),
        max_length=50,
        blank=True,
        help_text=_("Vilken sorts händelse, till exempel en träff."),
    )
    event_id = models.PositiveBigIntegerField(_("händelse"), null=True, blank=True)
    method = models.CharField(max_length=7, choices=InvitationMethod, blank=True)
    to_email = models.EmailField(_("mottagare"), max_length=254, blank=True)
    subject = models.CharField(_("ämne"), max_length=255, blank=True)
    text = models.TextField(_("text"), blank=True)
    html = models.TextField(_("HTML"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MessageStatus, default=MessageStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("försök"), default=0)
    next_attempt_at = models.DateTimeField(_("nästa försök"), null=True, blank=True)
    last_error = models.TextField(_("senaste fel"), blank=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    sent_at = models.DateTimeField(_("skickad"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("utgående meddelande")
        verbose_name_plural = _("utgående meddelanden")
        permissions = [("resend_outboxmessage", _("Kan se och skicka om e-post som fastnat"))]
        indexes = [
            models.Index(fields=["status", "created_at"], name="invitation_outbox_idx"),
            models.Index(fields=["source", "event_id", "participant"], name="invitation_event_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="calendar")
                    & ~models.Q(source="")
                    & models.Q(event_id__isnull=False)
                    & models.Q(participant__isnull=False)
                    & ~models.Q(method="")
                )
                | (models.Q(kind="email") & ~models.Q(to_email="") & ~models.Q(subject="")),
                name="outbox_message_complete",
            ),
        ]

    def __str__(self):
        if self.kind == MessageKind.CALENDAR:
            return f"{self.method} {self.source}:{self.event_id} → {self.participant_id}"
        return f"{self.subject} → {self.pk}"

    @property
    def recipient(self) -> str:
        """The address the message goes to: the queued one, or the participant's."""
        return self.to_email or (self.participant.email if self.participant_id else "")
