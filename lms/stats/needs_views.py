"""The needs report in the admin's statistics section: per county or SKR group, and exports."""

import io

import pandas as pd
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from scheduling.models import SupportKind
from scheduling.permissions import statistics_county

from .needs import needs_by
from .needs_data import load_needs_frames
from .reports import spreadsheet_safe_frame
from .views import XLSX, attachment, table_rows


def needs_labels() -> dict[str, str]:
    """Swedish headings of the needs report's columns."""
    return {
        "county_code": _("Länskod"),
        "county_name": _("Län"),
        "skr_group": _("Kommungrupp"),
        "skr_group_name": _("Kommungruppens namn"),
        "respondents": pgettext("antal som svarat", "Svar"),
        "municipalities": _("Kommuner som svarat"),
        **{f"wants_{kind.value}": str(kind.label) for kind in SupportKind},
    }


def needs_tables(*, county) -> dict[str, pd.DataFrame]:
    """The report per county and per SKR group, suppressed as the public statistics are."""
    frames = load_needs_frames(county=county)
    threshold = settings.STATS_PUBLIC_THRESHOLD
    label = _("färre än %(n)d") % {"n": threshold}
    return {
        by: needs_by(frames.answers, frames.topics, groups, by=by, threshold=threshold, label=label)
        for by, groups in (("county", frames.counties), ("skr_group", frames.skr_groups))
    }


def _exported(df: pd.DataFrame) -> pd.DataFrame:
    """The table for a file: Swedish headings, and no text cell a spreadsheet runs as a formula."""
    return _labelled(spreadsheet_safe_frame(df))


def _labelled(df: pd.DataFrame) -> pd.DataFrame:
    labels = needs_labels()
    renamed = {
        column: labels.get(column, column.replace("topic: ", _("Ämne: "))) for column in df.columns
    }
    return df.rename(columns=renamed)


class NeedsStatsView(WagtailAdminTemplateMixin, TemplateView):
    """The needs survey's report: a county coordinator sees their county, national all."""

    template_name = "lms/admin/needs_stats.html"
    page_title = gettext_lazy("Behov i kommunerna")
    header_icon = "table"

    def get_breadcrumbs_items(self):
        """Home, the statistics, and this page: with breadcrumbs, Wagtail shows the h1."""
        return [
            *self.breadcrumbs_items,
            {"url": reverse("lms_stats"), "label": gettext_lazy("Statistik")},
            {"url": "", "label": self.get_page_title()},
        ]

    def dispatch(self, request, *args, **kwargs):
        """Staff with the statistics permission, held to their county."""
        if not request.user.has_perm("lms.view_statistics"):
            raise PermissionDenied
        try:
            self.county = statistics_county(request.user)
        except PermissionError as error:
            raise PermissionDenied from error
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        """The tables, or ?export=xlsx, or ?export=csv&table=county|skr_group."""
        tables = needs_tables(county=self.county)
        export = request.GET.get("export")
        if export == "xlsx":
            buffer = io.BytesIO()
            with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
                for level, df in tables.items():
                    sheet = _("Per län") if level == "county" else _("Per kommungrupp")
                    _exported(df).to_excel(writer, sheet_name=sheet, index=False)
            return attachment(buffer.getvalue(), XLSX, "behov.xlsx")
        if export == "csv" and request.GET.get("table") in tables:
            level = request.GET["table"]
            body = _exported(tables[level]).to_csv(index=False).encode("utf-8-sig")
            return attachment(body, "text/csv; charset=utf-8", f"behov-{level}.csv")
        context = {
            "county": self.county,
            "county_table": table_rows(_labelled(tables["county"]), rate_columns=()),
            "skr_table": table_rows(_labelled(tables["skr_group"]), rate_columns=()),
            "threshold": settings.STATS_PUBLIC_THRESHOLD,
        }
        return self.render_to_response(self.get_context_data(**context))
