"""Sweden's counties and municipalities, with SKR's municipality groups of 2017.

The tables kept the names they had when these models lived in `scheduling`.
"""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

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
        db_table = "scheduling_county"
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
        db_table = "scheduling_municipality"
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
