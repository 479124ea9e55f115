"""The statistics section of the admin: filters, charts with their tables, exports."""

from datetime import date

import numpy
from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from regions.models import County
from scheduling.models import Round
from scheduling.permissions import statistics_county

from ..selectors import statistics_round
from . import results
from .charts import Bar, bar_chart, line_chart
from .map import rollout_map
from .reports import as_csv, as_xlsx, column_labels

# The period filter accepts these days; far outside them date arithmetic overflows.
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2100, 12, 31)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class StatsFilterForm(forms.Form):
    """Round, county (national coordinators only) and an optional period."""

    round = forms.ModelChoiceField(
        Round.objects.order_by("-start_date"), label=gettext_lazy("Kursomgång")
    )
    county = forms.ModelChoiceField(
        County.objects.order_by("code"),
        required=False,
        label=gettext_lazy("Län"),
        empty_label=gettext_lazy("Hela landet"),
    )
    start = forms.DateField(
        required=False,
        label=gettext_lazy("Från och med"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = forms.DateField(
        required=False,
        label=gettext_lazy("Till och med"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean(self):
        """A period inside the years the figures can cover, with its start before its end."""
        cleaned = super().clean()
        for name in ("start", "end"):
            day = cleaned.get(name)
            if day and not FIRST_DAY <= day <= LAST_DAY:
                self.add_error(
                    name,
                    _("Välj ett datum mellan %(first)s och %(last)s.")
                    % {"first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()},
                )
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end and not self.errors:
            self.add_error(
                "end", _("Till och med ska vara samma dag som från och med, eller senare.")
            )
        return cleaned


def _percent(value) -> str:
    return "–" if value != value or value is None else f"{round(100 * value)} %"


def _cell(value) -> str:
    if value is None or value != value:
        return "–"
    if isinstance(value, bool | numpy.bool_):
        return _("Ja") if value else _("Nej")
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


def table_rows(
    df,
    rate_columns=(
        "completion_rate",
        "attendance_rate",
        "share_completed",
        "drop_off",
        "reach_share",
    ),
):
    """Headings and formatted cells of a table for the template.

    Rates read as percentages, booleans as Ja/Nej, and a module's position counts from 1.
    """
    labels = column_labels()
    headings = [labels.get(column, column) for column in df.columns]
    rows = [
        [
            _percent(value)
            if column in rate_columns
            else _cell(value + 1 if column == "position" else value)
            for column, value in zip(df.columns, row, strict=True)
        ]
        for row in df.itertuples(index=False)
    ]
    return {"headings": headings, "rows": rows}


class StatsView(WagtailAdminTemplateMixin, TemplateView):
    """Completion statistics for the user's county, or for any county for national coordinators."""

    template_name = "lms/admin/stats.html"
    page_title = gettext_lazy("Statistik")
    header_icon = "table"

    def get_breadcrumbs_items(self):
        """Home, and this page."""
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def dispatch(self, request, *args, **kwargs):
        """Staff with the statistics permission only; a coordinator is held to their county."""
        if not request.user.has_perm("lms.view_statistics"):
            raise PermissionDenied
        try:
            self.own_county = statistics_county(request.user)
        except PermissionError as error:
            raise PermissionDenied from error
        self.national = self.own_county is None
        data = request.GET.copy()
        if "round" not in data:
            default = statistics_round(today=timezone.localdate())
            if default:
                data["round"] = str(default.pk)
        if not self.national:
            data["county"] = str(self.own_county.pk)
        self.form = StatsFilterForm(data)
        if not self.national:
            # A disabled field shows its initial value, never the data: the coordinator's county.
            county_field = self.form.fields["county"]
            county_field.disabled = True
            county_field.initial = self.own_county.pk
            county_field.queryset = County.objects.filter(pk=self.own_county.pk)
            county_field.empty_label = None
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        """The page, or an export when ?export=xlsx or ?export=csv&table=<level>."""
        if not self.form.is_valid():
            return self.render_to_response(self.get_context_data(form=self.form, report=None))
        filters = self.form.cleaned_data
        county = filters["county"] if self.national else self.own_county
        snapshot = results.report(
            round=filters["round"], county=county, start=filters["start"], end=filters["end"]
        )
        report = snapshot.value
        export = request.GET.get("export")
        if export == "xlsx":
            return attachment(as_xlsx(report), XLSX, f"statistik-{filters['round'].slug}.xlsx")
        if export == "csv" and request.GET.get("table") in report.tables:
            level = request.GET["table"]
            return attachment(
                as_csv(report.tables[level]),
                "text/csv; charset=utf-8",
                f"statistik-{filters['round'].slug}-{level}.csv",
            )
        return self.render_to_response(
            self.get_context_data(
                **self._context(report, filters, county),
                computed_at=snapshot.computed_at,
            )
        )

    def _context(self, report, filters, county):
        tables = report.tables
        by_place = tables["municipality"] if county else tables["county"]
        place_label = "municipality_name" if county else "county_name"
        month = tables["month"]
        funnel = tables["module"]
        return {
            "form": self.form,
            "report": report,
            "county": county,
            "national": self.national,
            "query": self.request.GET.urlencode(),
            "headline": tables["county"].loc[tables["county"]["enrolled"] > 0] if county else None,
            "time_chart": line_chart(
                [
                    (str(r.month), r.cumulative_completions, r.cumulative_planned_seats)
                    for r in month.itertuples()
                ],
                title=_("Slutförda deltagare över tid mot planen"),
                description=_(
                    "Linjer per månad: slutförda totalt och planerade platser totalt. "
                    "Siffrorna står i tabellen."
                ),
                legend=(_("Slutförda totalt"), _("Planerade platser totalt")),
            ),
            "time_table": table_rows(month),
            "place_chart": bar_chart(
                [
                    Bar(
                        getattr(r, place_label),
                        float(r.completion_rate if r.completion_rate == r.completion_rate else 0),
                        _percent(r.completion_rate),
                    )
                    for r in by_place.itertuples()
                ],
                title=_("Andel som slutfört kursen"),
                description=_("En stapel per län eller kommun. Siffrorna står i tabellen."),
                maximum=1,
            ),
            "place_table": table_rows(by_place),
            "funnel_chart": bar_chart(
                [
                    Bar(
                        r.title,
                        float(r.share_completed if r.share_completed == r.share_completed else 0),
                        _percent(r.share_completed),
                    )
                    for r in funnel.itertuples()
                ],
                title=_("Modultrappan: andel av de antagna som är klara med varje modul"),
                description=_("En stapel per modul i kursens ordning. Siffrorna står i tabellen."),
                maximum=1,
            ),
            "funnel_table": table_rows(funnel),
            "rollout_map": rollout_map(
                report.rollout, link=lambda code: reverse("scheduling:county_detail", args=[code])
            ),
            "rollout_table": table_rows(report.rollout),
            "exports": [(level, _download_label(level)) for level in report.tables],
        }


def _download_label(level: str) -> str:
    return {
        "county": _("per län"),
        "cohort": _("per grupp"),
        "municipality": _("per kommun"),
        "skr_group": _("per kommungrupp"),
        "module": _("per modul"),
        "month": _("per månad"),
    }[level]


def attachment(body: bytes, content_type: str, filename: str) -> HttpResponse:
    """A response that the browser saves as a file with this name."""
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
