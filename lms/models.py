"""Participants: the user, progress through modules, reflections, attendance and completion."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailUserManager(UserManager):
    """Creates users identified by their email address instead of a username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        """Create an ordinary account (a participant)."""
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        """Create an administrator with every permission."""
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person with an account: a participant from a municipality, or staff (no municipality)."""

    username = None
    email = models.EmailField(_("e-postadress"), unique=True)
    municipality = models.ForeignKey(
        "regions.Municipality",
        verbose_name=_("kommun"),
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
        help_text=_("Kommunen där deltagaren arbetar. Lämnas tom för personal."),
    )
    job_title = models.CharField(_("befattning"), max_length=200, blank=True)
    county = models.ForeignKey(
        "regions.County",
        verbose_name=_("länsstyrelse"),
        on_delete=models.PROTECT,
        related_name="staff",
        null=True,
        blank=True,
        help_text=_("Länsstyrelsen där en kurssamordnare eller kursledare arbetar."),
    )
    erased_at = models.DateTimeField(
        _("personuppgifter raderade"), null=True, blank=True, editable=False
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = EmailUserManager()

    class Meta:
        verbose_name = _("användare")
        verbose_name_plural = _("användare")
        ordering = ["email"]

    def __str__(self):
        return self.get_full_name() or self.email


class ModuleProgress(models.Model):
    """When a participant started and completed a module; written only through lms.services."""

    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="module_progress"
    )
    module = models.ForeignKey(
        "coursecontent.ModulePage", on_delete=models.CASCADE, related_name="progress"
    )
    started_at = models.DateTimeField(_("påbörjad"))
    completed_at = models.DateTimeField(_("klar"), null=True, blank=True)

    class Meta:
        verbose_name = _("framsteg i modul")
        verbose_name_plural = _("framsteg i moduler")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "module"], name="progress_one_per_participant_module"
            )
        ]

    def __str__(self):
        return f"{self.participant} – {self.module_id}"


class Reflection(models.Model):
    """A participant's own answer to one reflection question (a block) of a module."""

    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reflections"
    )
    module = models.ForeignKey(
        "coursecontent.ModulePage", on_delete=models.CASCADE, related_name="reflections"
    )
    block_id = models.CharField(max_length=64)
    question = models.CharField(_("fråga"), max_length=500)
    answer = models.TextField(_("svar"), max_length=10_000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reflektion")
        verbose_name_plural = _("reflektioner")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "block_id"], name="reflection_one_per_question"
            )
        ]

    def __str__(self):
        return f"{self.participant} – {self.question[:40]}"


class Attendance(models.Model):
    """Whether a participant attended a session, as recorded by a trainer or coordinator."""

    session = models.ForeignKey(
        "scheduling.Session", on_delete=models.CASCADE, related_name="attendance"
    )
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attendance"
    )
    attended = models.BooleanField(_("närvarande"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("registrerad"))

    class Meta:
        verbose_name = _("närvaro")
        verbose_name_plural = _("närvaro")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "participant"], name="attendance_one_per_session"
            )
        ]

    def __str__(self):
        return f"{self.participant} – {self.session_id}: {self.attended}"


class Completion(models.Model):
    """The day a participant completed a round's course; recorded once and never taken back."""

    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="completions"
    )
    round = models.ForeignKey(
        "scheduling.Round", on_delete=models.PROTECT, related_name="completions"
    )
    completed_at = models.DateTimeField(_("slutförd"))
    verification_code = models.CharField(_("kontrollkod"), max_length=20, unique=True)

    class Meta:
        verbose_name = _("slutförd kurs")
        verbose_name_plural = _("slutförda kurser")
        permissions = [("view_statistics", _("Kan se statistiken över kursen"))]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "round"], name="completion_one_per_round"
            )
        ]

    def __str__(self):
        return f"{self.participant} – {self.round}"
