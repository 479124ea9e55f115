"""Course rounds, cohorts, sessions, enrolment and interest registrations."""

import uuid
from datetime import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import dateformat, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from accounts.validators import NoFormulaValidator
from calendars.models import new_calendar_token  # noqa: F401 - migration 0003 names it here
from regions.models import County, Municipality

from .querysets import CohortQuerySet
from .terms import Term

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


class Topic(models.Model):
    """A subject municipalities work on, asked about by the needs survey (on the interest form
    and on joining the network) and chosen by network members; editors add more."""

    name = models.CharField(_("namn"), max_length=100, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("ordning"), default=100)

    class Meta:
        # Moved from `network` so the public interest form can ask about it: same table.
        db_table = "network_topic"
        ordering = ["sort_order", "name"]
        # A topic someone works on; "ämne" alone is also an email's subject.
        verbose_name = pgettext_lazy("topic", "ämne")
        verbose_name_plural = _("ämnen")

    def __str__(self):
        return self.name


class SupportKind(models.TextChoices):
    """The kinds of support the county boards offer, as the needs survey asks about them."""

    COURSE = "course", _("Kursen i förändringsledning")
    MEETINGS = "meetings", _("Nätverksträffar")
    GUIDE = "guide", _("Vägledningen")
    INDICATORS = "indicators", _("Hjälp med lokala indikatorer")


# The flag of each kind of support, as the models below name it: wants_course, wants_meetings …
SUPPORT_FIELDS = tuple(f"wants_{kind}" for kind in SupportKind.values)


class SupportWanted(models.Model):
    """The needs survey's kinds of support, one flag each (a registration and a network answer)."""

    wants_course = models.BooleanField(SupportKind.COURSE.label, default=False)
    wants_meetings = models.BooleanField(SupportKind.MEETINGS.label, default=False)
    wants_guide = models.BooleanField(SupportKind.GUIDE.label, default=False)
    wants_indicators = models.BooleanField(SupportKind.INDICATORS.label, default=False)

    class Meta:
        abstract = True

    @property
    def needs_support(self) -> set[str]:
        """The kinds of support (SupportKind values) asked for."""
        return {kind for kind in SupportKind.values if getattr(self, f"wants_{kind}")}

    def set_support(self, support) -> None:
        """Set each flag from the kinds of support (SupportKind values) wanted."""
        for kind in SupportKind.values:
            setattr(self, f"wants_{kind}", kind in support)


class InterestRegistration(SupportWanted):
    """A municipality's registration of interest in a round, feeding the planner's demand."""

    round = models.ForeignKey(
        Round, verbose_name=_("kursomgång"), on_delete=models.CASCADE, related_name="interest"
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("kommun"), on_delete=models.PROTECT, related_name="interest"
    )
    contact_name = models.CharField(
        _("kontaktperson"),
        max_length=200,
        validators=[NoFormulaValidator(_("Kontaktpersonens namn"))],
    )
    contact_email = models.EmailField(_("e-postadress"))
    strategists = models.PositiveSmallIntegerField(
        _("antal strateger"), validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    preferred_term = models.CharField(_("önskad termin"), max_length=7, blank=True)
    message = models.TextField(_("meddelande"), blank=True, max_length=2000)
    # The needs survey, answered on the public form (optional); see `needs_support`.
    needs_topics = models.ManyToManyField(
        Topic, verbose_name=_("ämnen kommunen arbetar med"), blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("anmäld"), auto_now_add=True)
    confirmed_at = models.DateTimeField(
        _("bekräftad"),
        null=True,
        blank=True,
        help_text=_(
            "När kontaktpersonen bekräftade anmälan genom länken i e-posten. Bara bekräftade "
            "anmälningar räknas i planeringen."
        ),
    )

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

    @property
    def confirmation(self) -> str:
        """Bekräftad or Obekräftad, for the coordinators' list."""
        return _("Bekräftad") if self.confirmed_at else _("Obekräftad")

    def get_preferred_term_display(self) -> str:
        """The wished-for term in words, such as "hösten 2026" ("–" for no wish)."""
        if not self.preferred_term:
            return "–"
        try:
            return Term.from_code(self.preferred_term).in_words
        except ValueError:
            return self.preferred_term


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
    name = models.CharField(
        _("namn"), max_length=200, validators=[NoFormulaValidator(_("Gruppens namn"))]
    )
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

    objects = CohortQuerySet.as_manager()

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
        # Shown, never edited here: a session is cancelled on its own page, with a reason.
        FieldPanel("status", read_only=True),
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
        return f"{self.cohort}: {timezone.localtime(self.start):%Y-%m-%d %H:%M}"

    def when(self) -> str:
        """Its day and hours in Swedish time, such as "tisdag 15 mars 2022, 09.00–12.00"."""
        start, end = timezone.localtime(self.start), timezone.localtime(self.end)
        end_format = "H.i" if start.date() == end.date() else "l j F Y, H.i"
        return f"{dateformat.format(start, 'l j F Y, H.i')}–{dateformat.format(end, end_format)}"

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
