"""The platform's user: the email address is the login; participants carry their municipality."""

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
        "scheduling.Municipality",
        verbose_name=_("kommun"),
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
        help_text=_("Kommunen där deltagaren arbetar. Lämnas tom för personal."),
    )
    job_title = models.CharField(_("befattning"), max_length=200, blank=True)
    county = models.ForeignKey(
        "scheduling.County",
        verbose_name=_("länsstyrelse"),
        on_delete=models.PROTECT,
        related_name="staff",
        null=True,
        blank=True,
        help_text=_("Länsstyrelsen där en kurssamordnare eller kursledare arbetar."),
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
