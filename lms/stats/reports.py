"""The statistics report of one scope (a round, maybe one county, maybe a period), and its exports.

One function builds every table from lms.stats, so the admin, the exports and the
completion_stats command always show the same figures.
"""

import io
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
from django.utils.translation import gettext as _

from scheduling.exports import spreadsheet_safe

from . import figures
from .data import load_frames

LEVELS = ("county", "cohort", "municipality", "skr_group", "module", "month")


@dataclass(frozen=True)
class Report:
    """Every table of one scope, keyed by level."""

    tables: dict[str, pd.DataFrame]
    rollout: pd.DataFrame


def build_report(
    *, round, county=None, start: date | None = None, end: date | None = None, now: datetime
) -> Report:
    """All figures for the scope, from one load of the data."""
    frames = load_frames(round=round, county=county, start=start, end=end)
    tables = {
        level: figures.summary(frames, by=level, now=now)
        for level in ("county", "cohort", "municipality", "skr_group")
    }
    tables["module"] = figures.module_funnel(frames)
    tables["month"] = figures.over_time(frames)
    return Report(tables=tables, rollout=figures.rollout_by_county(frames))


def column_labels() -> dict[str, str]:
    """Swedish headings for the columns the statistics functions produce."""
    return {
        "county_code": _("Länskod"),
        "county_name": _("Län"),
        "municipality_code": _("Kommunkod"),
        "municipality_name": _("Kommun"),
        "skr_group": _("Kommungrupp"),
        "cohort_id": _("Grupp-id"),
        "cohort_name": _("Grupp"),
        "module_id": _("Modul-id"),
        "title": _("Modul"),
        "position": _("Ordning"),
        "month": _("Månad"),
        "enrolled": _("Antagna"),
        "started": _("Påbörjat"),
        "completed": _("Slutfört"),
        "completion_rate": _("Andel slutfört"),
        "sessions_held": _("Hållna träffar"),
        "sessions_attended": _("Närvaro, träffar"),
        "attendance_rate": _("Närvarograd"),
        "median_days_to_completion": _("Median dagar till slutfört"),
        "share_completed": _("Andel klara"),
        "drop_off": _("Tapp från föregående modul"),
        "completions": _("Slutförda under månaden"),
        "cumulative_completions": _("Slutförda totalt"),
        "planned_seats": _("Planerade platser under månaden"),
        "cumulative_planned_seats": _("Planerade platser totalt"),
        "municipalities_total": _("Kommuner"),
        "municipalities_reached": _("Kommuner nådda"),
        "reach_share": _("Andel kommuner nådda"),
        "is_required": _("Obligatorisk"),
        "skr_group_name": _("Kommungruppens namn"),
        "sessions_possible": _("Möjliga träffar"),
        "previous_completed": _("Klara med föregående modul"),
    }


def labelled(df: pd.DataFrame) -> pd.DataFrame:
    """The table with Swedish column headings."""
    labels = column_labels()
    return df.rename(columns={column: labels.get(column, column) for column in df.columns})


def spreadsheet_safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells no spreadsheet program runs as a formula (`spreadsheet_safe`)."""
    safe = df.copy()
    for column in safe.columns:
        dtype = safe[column].dtype
        if not (
            pd.api.types.is_numeric_dtype(dtype)
            or pd.api.types.is_bool_dtype(dtype)
            or pd.api.types.is_datetime64_any_dtype(dtype)
        ):
            safe[column] = safe[column].map(spreadsheet_safe)
    return safe


def as_csv(df: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a byte-order mark (so Excel reads å, ä, ö), codes kept as text.

    Text cells are neutralised against formulas (`spreadsheet_safe_frame`).
    """
    return labelled(spreadsheet_safe_frame(df)).to_csv(index=False).encode("utf-8-sig")


def as_json(df: pd.DataFrame) -> bytes:
    """UTF-8 JSON, one object per row: months as "2023-03", times in ISO 8601, gaps as null."""
    table = df.copy()
    for column in table.columns:
        if isinstance(table[column].dtype, pd.PeriodDtype):
            table[column] = table[column].astype(str)
    return table.to_json(orient="records", force_ascii=False, date_format="iso", indent=2).encode()


def as_xlsx(report: Report) -> bytes:
    """One Excel workbook with a sheet per table; codes stay text with their leading zeros.

    Text cells are neutralised against formulas (`spreadsheet_safe_frame`).
    """
    names = {
        "county": _("Per län"),
        "cohort": _("Per grupp"),
        "municipality": _("Per kommun"),
        "skr_group": _("Per kommungrupp"),
        "module": _("Per modul"),
        "month": _("Per månad"),
    }
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for level, df in report.tables.items():
            table = spreadsheet_safe_frame(df)
            for column in table.columns:
                if pd.api.types.is_datetime64_any_dtype(table[column]):
                    table[column] = (
                        table[column].dt.tz_localize(None) if table[column].dt.tz else table[column]
                    )
            labelled(table).to_excel(writer, sheet_name=names[level][:31], index=False)
    return buffer.getvalue()
