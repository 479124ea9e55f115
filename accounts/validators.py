"""Text that people type and spreadsheets later show: no leading formula character.

A spreadsheet program reads a cell that begins with ``=``, ``+``, ``-`` or ``@`` (or a tab or a
carriage return before one) as a formula, so a name like ``=HYPERLINK("http://…","Klicka")``
in an export becomes a live link (OWASP, "CSV injection"). Names are refused at entry; the
exports neutralise whatever is already stored (`scheduling.exports.spreadsheet_safe`).
"""

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def starts_like_formula(value: str) -> bool:
    """Whether a spreadsheet program would read the text as a formula."""
    return value.startswith(FORMULA_PREFIXES)


@deconstructible
class NoFormulaValidator:
    """Refuse a text that begins with a formula character, naming the field in the message."""

    def __init__(self, field_label: str):
        self.field_label = field_label

    def __call__(self, value: str) -> None:
        """Raise ValidationError, in Swedish, if the value begins with a formula character."""
        if isinstance(value, str) and starts_like_formula(value):
            raise ValidationError(
                _(
                    "%(field)s får inte börja med =, +, -, @, tabb eller radbrytning, "
                    "eftersom kalkylprogram då läser texten som en formel."
                ),
                code="formula",
                params={"field": self.field_label},
            )

    def __eq__(self, other):
        return isinstance(other, NoFormulaValidator) and self.field_label == other.field_label
