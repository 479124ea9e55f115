"""Counties and municipalities, course rounds, cohorts, sessions, enrolment and interest."""

import secrets
import uuid
from datetime import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

county_code_validator = RegexValidator(r"^\d{2}$", _("Länskoden ska vara två siffror."))
municipality_code_validator = RegexValidator(r"^\d{4}$", _("Kommunkoden ska vara fyra siffror."))


class SkrGroup(models.TextChoices):
    """SKR's municipality groups of 2017 (kommungruppsindelning 2017)."""

    A1 = "A1", _("A1 Storstäder")
    A2 = "A2", _("A2 Pendlingskommun nära storstad")
    B3 = "B3", _("B3 Större stad")
    B4 = "B4", _("B4 Pendlingskommun nära större stad")
    B5 = "B5", _("B5 Lågpendlingskommun nära större stad")
    C6 = "C6", _("C6 Mindre stad/tätort")
    C7 = "C7", _("C7 Pendlingskommun nära mindre stad/tätort")
    C8 = "C8", _("C8 Landsbygdskommun")
    C9 = "C9", _("C9 Landsbygdskommun med besöksnäring")


class County(models.Model):
    """A county (län), served by its county administrative board (länsstyrelse)."""

    code = models.CharField(
        _("länskod"), max_length=2, unique=True, validators=[county_code_validator]
    )
    name = models.CharField(_("namn"), max_length=100)
    is_pilot = models.BooleanField(_("pilotlän"), default=False)
    contact_email = models.EmailField(_("länsstyrelsens kontaktadress"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("län")
        verbose_name_plural = _("län")

    def __str__(self):
        return self.name


class Municipality(models.Model):
    """A municipality (kommun) with its SKR group (2017) and population on 31 Dec 2021."""

    code = models.CharField(
        _("kommunkod"), max_length=4, unique=True, validators=[municipality_code_validator]
    )
    name = models.CharField(_("namn"), max_length=100)
    county = models.ForeignKey(
        County,
        verbose_name=_("län"),
        on_delete=models.PROTECT,
        related_name="municipalities",
    )
    skr_group = models.CharField(_("kommungrupp (SKR 2017)"), max_length=2, choices=SkrGroup)
    population = models.PositiveIntegerField(_("folkmängd 31 dec 2021"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("kommun")
        verbose_name_plural = _("kommuner")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^\d{4}$"),
                name="municipality_code_four_digits",
            ),
        ]

    def __str__(self):
        return self.name


WEEKDAY_CHOICES = [
    (0, _("måndag")),
    (1, _("tisdag")),
    (2, _("onsdag")),
    (3, _("torsdag")),
    (4, _("fredag")),
]
weekdays_validator = RegexValidator(
    r"^[0-4](,[0-4])*$", _("Ange veckodagar som siffror 0–4 åtskilda med kommatecken.")
)


class Round(ClusterableModel):
    """A course round (kursomgång): one offering of a course over a period, with its rules."""

    slug = models.SlugField(_("kortnamn"), max_length=100, unique=True)
    title = models.CharField(_("namn"), max_length=200)
    course = models.ForeignKey(
        "coursecontent.CoursePage",
        verbose_name=_("kurs"),
        on_delete=models.PROTECT,
        related_name="rounds",
        null=True,
        blank=True,
    )
    start_date = models.DateField(_("första dag"))
    end_date = models.DateField(_("sista dag"))
    pilot_counties = models.ManyToManyField(
        County, verbose_name=_("pilotlän"), related_name="pilot_rounds", blank=True
    )
    min_cohort_size = models.PositiveSmallIntegerField(_("minsta gruppstorlek"), default=8)
    max_cohort_size = models.PositiveSmallIntegerField(_("största gruppstorlek"), default=20)
    sessions_per_cohort = models.PositiveSmallIntegerField(_("träffar per grupp"), default=3)
    weeks_between_sessions = models.PositiveSmallIntegerField(
        _("veckor mellan träffarna"), default=4
    )
    session_start_time = models.TimeField(_("träffarnas starttid"), default=time(9, 0))
    session_minutes = models.PositiveSmallIntegerField(_("träffarnas längd i minuter"), default=180)
    weekdays = models.CharField(
        _("veckodagar för träffar"),
        max_length=9,
        default="1,2,3",
        validators=[weekdays_validator],
        help_text=_("0 = måndag … 4 = fredag, till exempel 1,2,3 för tisdag–torsdag."),
    )
    trainer_capacity = models.PositiveSmallIntegerField(
        _("grupper som kan pågå samtidigt"), default=4
    )
    default_demand_per_municipality = models.PositiveSmallIntegerField(
        _("antagen efterfrågan per kommun"),
        default=2,
        help_text=_("Antal strateger per kommun som saknar intresseanmälan."),
    )
    required_sessions_attended = models.PositiveSmallIntegerField(
        _("träffar som krävs för att slutföra"), default=2
    )

    class Meta:
        ordering = ["start_date", "slug"]
        verbose_name = _("kursomgång")
        verbose_name_plural = _("kursomgångar")
        permissions = [("plan_round", _("Kan föreslå och publicera kursomgångens plan"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gt=models.F("start_date")),
                name="round_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(min_cohort_size__lte=models.F("max_cohort_size")),
                name="round_min_size_not_above_max",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        """Check the period and the cohort sizes against each other."""
        errors = {}
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            errors["end_date"] = _("Sista dagen måste komma efter den första.")
        sizes = (self.min_cohort_size, self.max_cohort_size)
        if all(sizes) and sizes[0] > sizes[1]:
            errors["min_cohort_size"] = _("Minsta gruppstorlek är större än största.")
        if errors:
            raise ValidationError(errors)

    @property
    def weekday_numbers(self) -> frozenset[int]:
        """The weekdays (Monday = 0) on which sessions may be held."""
        return frozenset(int(part) for part in self.weekdays.split(",") if part)


class Blackout(models.Model):
    """A period of a round without sessions, such as the summer break."""

    round = ParentalKey(Round, on_delete=models.CASCADE, related_name="blackouts")
    start_date = models.DateField(_("från och med"))
    end_date = models.DateField(_("till och med"))
    reason = models.CharField(_("anledning"), max_length=200)

    panels = [FieldPanel("start_date"), FieldPanel("end_date"), FieldPanel("reason")]

    class Meta:
        ordering = ["start_date"]
        verbose_name = _("uppehåll")
        verbose_name_plural = _("uppehåll")

    def __str__(self):
        return f"{self.reason} ({self.start_date}–{self.end_date})"


class InterestRegistration(models.Model):
    """A municipality's registration of interest in a round, feeding the planner's demand."""

    round = models.ForeignKey(
        Round, verbose_name=_("kursomgång"), on_delete=models.CASCADE, related_name="interest"
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("kommun"), on_delete=models.PROTECT, related_name="interest"
    )
    contact_name = models.CharField(_("kontaktperson"), max_length=200)
    contact_email = models.EmailField(_("e-postadress"))
    strategists = models.PositiveSmallIntegerField(
        _("antal strateger"), validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    preferred_term = models.CharField(_("önskad termin"), max_length=7, blank=True)
    message = models.TextField(_("meddelande"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("anmäld"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("intresseanmälan")
        verbose_name_plural = _("intresseanmälningar")
        indexes = [
            models.Index(
                fields=["round", "municipality", "-created_at"], name="interest_latest_idx"
            )
        ]

    def __str__(self):
        return f"{self.municipality} ({self.strategists})"


class CohortStatus(models.TextChoices):
    """Where a cohort is in its life."""

    PLANNED = "planned", _("Planerad")
    OPEN = "open", _("Öppen för anmälan")
    CANCELLED = "cancelled", _("Inställd")
    FINISHED = "finished", _("Avslutad")


class Cohort(ClusterableModel):
    """A group of participants of one round, hosted by one county, with its sessions."""

    round = models.ForeignKey(
        Round, verbose_name=_("kursomgång"), on_delete=models.PROTECT, related_name="cohorts"
    )
    county = models.ForeignKey(
        County, verbose_name=_("värdlän"), on_delete=models.PROTECT, related_name="cohorts"
    )
    guest_counties = models.ManyToManyField(
        County,
        verbose_name=_("gästlän"),
        related_name="guest_cohorts",
        blank=True,
        help_text=_("Län vars deltagare går i den här gruppen."),
    )
    name = models.CharField(_("namn"), max_length=200)
    capacity = models.PositiveSmallIntegerField(
        _("antal platser"), validators=[MinValueValidator(1)]
    )
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("kursledare"),
        related_name="trained_cohorts",
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CohortStatus, default=CohortStatus.OPEN
    )
    plan_key = models.CharField(
        _("plannyckel"),
        max_length=50,
        blank=True,
        editable=False,
        help_text=_("Vilken grupp i den publicerade planen som gruppen kommer från."),
    )
    changed_by_county = models.BooleanField(_("ändrad av länet"), default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["round", "county__code", "name"]
        verbose_name = _("grupp")
        verbose_name_plural = _("grupper")
        permissions = [("view_all_counties", _("Kan se och ändra alla läns grupper"))]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "plan_key"],
                condition=~models.Q(plan_key=""),
                name="cohort_unique_plan_key_per_round",
            )
        ]

    def __str__(self):
        return self.name


class SessionStatus(models.TextChoices):
    """Whether a session takes place."""

    SCHEDULED = "scheduled", _("Planerad")
    CANCELLED = "cancelled", _("Inställd")


class Session(Orderable):
    """One meeting of a cohort; its UID and SEQUENCE give it one identity in calendars."""

    cohort = ParentalKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    start = models.DateTimeField(_("börjar"))
    end = models.DateTimeField(_("slutar"))
    location = models.CharField(_("plats"), max_length=300, blank=True)
    online_url = models.URLField(_("länk för digital träff"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=SessionStatus, default=SessionStatus.SCHEDULED
    )
    cancel_reason = models.CharField(_("anledning till inställd träff"), max_length=300, blank=True)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("start"),
        FieldPanel("end"),
        FieldPanel("location"),
        FieldPanel("online_url"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("träff")
        verbose_name_plural = _("träffar")
        indexes = [models.Index(fields=["cohort", "start"], name="session_cohort_start_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="session_ends_after_start"
            )
        ]

    def __str__(self):
        return f"{self.cohort}: {self.start:%Y-%m-%d %H:%M}"

    def clean(self):
        """A session must end after it starts."""
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("Träffen måste sluta efter att den börjar.")})


class EnrolmentStatus(models.TextChoices):
    """A participant's place in a cohort."""

    ENROLLED = "enrolled", _("Antagen")
    WAITLISTED = "waitlisted", _("På reservlistan")
    CANCELLED = "cancelled", _("Avanmäld")


class Enrolment(models.Model):
    """A participant's place (or place on the waitlist) in a cohort; one active per round."""

    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deltagare"),
        on_delete=models.CASCADE,
        related_name="enrolments",
    )
    cohort = models.ForeignKey(
        Cohort, verbose_name=_("grupp"), on_delete=models.PROTECT, related_name="enrolments"
    )
    round = models.ForeignKey(
        Round, verbose_name=_("kursomgång"), on_delete=models.PROTECT, related_name="enrolments"
    )
    status = models.CharField(_("status"), max_length=20, choices=EnrolmentStatus)
    created_at = models.DateTimeField(_("anmäld"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("avanmäld"), null=True, blank=True)

    class Meta:
        ordering = ["cohort", "created_at", "id"]
        verbose_name = _("anmälan")
        verbose_name_plural = _("anmälningar")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "round"],
                condition=~models.Q(status="cancelled"),
                name="enrolment_one_active_per_round",
            )
        ]
        indexes = [
            models.Index(fields=["cohort", "status", "created_at"], name="enrolment_queue_idx")
        ]

    def __str__(self):
        return f"{self.participant} – {self.cohort}"


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
        verbose_name = _("kalenderprenumeration")
        verbose_name_plural = _("kalenderprenumerationer")

    def __str__(self):
        return str(self.participant)


class InvitationMethod(models.TextChoices):
    """The iTIP method of an invitation."""

    REQUEST = "REQUEST", _("Inbjudan")
    CANCEL = "CANCEL", _("Avbokning")


class InvitationStatus(models.TextChoices):
    """Where an invitation is on its way to the participant."""

    PENDING = "pending", _("Väntar")
    SENT = "sent", _("Skickad")
    FAILED = "failed", _("Misslyckades")


class Invitation(models.Model):
    """One calendar invitation to send: recorded with the change, sent by a background task."""

    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations"
    )
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="invitations")
    method = models.CharField(max_length=7, choices=InvitationMethod)
    status = models.CharField(
        max_length=10, choices=InvitationStatus, default=InvitationStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("kalenderinbjudan")
        verbose_name_plural = _("kalenderinbjudningar")
        indexes = [models.Index(fields=["status", "created_at"], name="invitation_outbox_idx")]

    def __str__(self):
        return f"{self.method} {self.session} → {self.participant}"
