"""`make bench`: every scenario at every size in one table, and the same as JSON in var/bench/.

Scenarios: the baseline view, the participant's module page and Min kurs, a county feed of
500 sessions, the completion statistics (from the database, and from frames in memory), the
national rollout plan, and a load run against gunicorn and PostgreSQL. Progress goes to stderr.
"""

import argparse
import sys
from dataclasses import asdict
from pathlib import Path

from bench.environment import progress, setup_django
from bench.rows import row, thousands

SIZES = (1_000, 10_000, 100_000)
VAR = Path(__file__).resolve().parent.parent / "var" / "bench"


def main() -> int:
    """Run the benchmark; exit 0 whether or not targets are met (the table says which)."""
    options = _options()
    setup_django()
    from bench import pages, planner, stats
    from bench.national_data import NationalData

    data = NationalData()
    progress("Mäter baslinjen och läns kalender …")
    base = pages.baseline()
    rows = [_baseline_row(base)]
    rows += pages.county_feed(base)
    for size in options.sizes:
        data.grow_to(size)
        progress(f"Mäter sidorna och statistiken vid {thousands(size)} deltagare …")
        base = pages.baseline()
        rows.append(_baseline_row(base, size))
        rows += pages.participant_pages(data, size, base)
        rows.append(pages.statistics_by_county(data, size))
    progress("Mäter statistiken på ramar i minnet …")
    rows += stats.run()
    progress("Mäter utrullningsplanen …")
    rows += planner.run()
    load = _load(options)
    print()
    from bench.report import print_table, write_json

    print_table(rows + ([_load_row(load)] if load else []))
    if load:
        print()
        print(_load_summary(load))
    path = write_json(rows, asdict(load) if load else None, VAR)
    print(f"\nResultaten som JSON: {path}")
    return 0


def _options():
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--sizes",
        type=lambda text: tuple(int(part) for part in text.split(",")),
        default=SIZES,
        help="participant counts, comma separated (default 1000,10000,100000)",
    )
    parser.add_argument("--load-seconds", type=int, default=60, help="length of the load run")
    parser.add_argument("--load-users", type=int, default=40, help="simulated participants")
    parser.add_argument("--no-load", action="store_true", help="skip the load run")
    return parser.parse_args()


def _baseline_row(base, size: int | None = None) -> dict:
    label = "" if size is None else thousands(size)
    return row("baslinje: en rad genom en mall", label, base, base, target="", met=True)


def _load(options):
    if options.no_load:
        return None
    from bench import load

    try:
        return load.run(seconds=options.load_seconds, users=options.load_users)
    except Exception as error:  # noqa: BLE001  (the table still prints; the reason is shown)
        progress(f"Lastkörningen kunde inte göras: {error}")
        return None


def _load_row(load) -> dict:
    return {
        "scenario": "lastkörning: öppna modul + markera klar",
        "size": f"{load.requests} anrop på {load.seconds} s",
        "median_ms": load.median_ms,
        "target": "0 fel, exakt de rader som skickades",
        "met": "ja" if load.passed else "NEJ",
    }


def _load_summary(load) -> str:
    return (
        f"Lastkörning: {load.throughput} anrop/s, median {load.median_ms} ms, "
        f"99:e percentilen {load.p99_ms} ms, {load.errors} fel; "
        f"{load.progress_rows} framstegsrader i databasen, {load.expected_rows} skickade "
        f"({'stämmer' if load.rows_match and load.completed_match else 'STÄMMER INTE'})."
    )


if __name__ == "__main__":
    sys.exit(main())
