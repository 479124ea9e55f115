"""The learning log: a participant's reflections, grouped by module, as plain text."""

from datetime import date

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import Reflection


def learning_log_text(user, *, today: date) -> str:
    """Every answer the participant has saved, by module in course order, with the questions."""
    reflections = (
        Reflection.objects.filter(participant=user)
        .select_related("module")
        .order_by("module__path", "created_at", "pk")
    )
    with translation.override("sv"):
        lines = [
            _("Lärlogg – %(name)s") % {"name": user.get_full_name() or user.email},
            _("Hämtad %(date)s") % {"date": date_format(today, "j F Y")},
            "",
        ]
        current = None
        for reflection in reflections:
            if reflection.module_id != current:
                current = reflection.module_id
                lines += ["", reflection.module.title, "=" * len(reflection.module.title), ""]
            lines += [reflection.question, "", reflection.answer, ""]
        if current is None:
            lines.append(_("Du har inte sparat några reflektioner ännu."))
    return "\n".join(lines).rstrip() + "\n"
