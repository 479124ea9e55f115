"""`make bench`: every scenario at every size in one table, and the same as JSON in var/bench/.

Scenarios: the participant's module page and Min kurs, the public statistics page and a county
feed of 500 sessions, each measured against the baseline view in the same loop; the completion
statistics by county (from the database, on SQLite and on PostgreSQL, and from frames in
memory); the national rollout plan; and a load run on two gunicorn servers sharing PostgreSQL
and Redis. Progress goes to stderr.
"""

import argparse
import sys
from dataclasses import asdict
from pathlib import Path

from bench.environment import progress, setup_django
from bench.rows import skipped_row, thousands

SIZES = (1_000, 10_000, 100_000)
VAR = Path(__file__).resolve().parent.parent / "var" / "bench"
LOAD_SCENARIO = "lastkörning, 2 servrar: öppna modul + markera klar, publicering"
LOAD_TARGET = "0 fel, exakt de skickade raderna, publicering syns på båda inom 1 s"


def main() -> int:
    """Run the benchmark; exit 0 whether or not targets are met (the table says which)."""
    options = _options()
    setup_django()
    from bench import pages, planner, postgres, stats
    from bench.national_data import NationalData

    data = NationalData()
    progress("Mäter läns kalender mot baslinjen …")
    base = pages.baseline()
    rows = pages.county_feed(base)
    for size in options.sizes:
        data.grow_to(size)
        progress(f"Mäter sidorna och statistiken vid {thousands(size)} deltagare …")
        rows += pages.participant_pages(data, size, base)
        rows.append(pages.statistics_page(size, base))
        rows.append(pages.statistics_by_county(data, size, "SQLite"))
    progress("Mäter statistiken per län på PostgreSQL …")
    rows += postgres.run(options.sizes)
    progress("Mäter statistiken på ramar i minnet …")
    rows += stats.run()
    progress("Mäter utrullningsplanen …")
    rows += planner.run()
    load = _load(options)
    rows.append(_load_row(load))
    print()
    from bench.report import print_table, write_json

    print_table(rows)
    if not isinstance(load, str):
        print()
        print(_load_summary(load))
    path = write_json(rows, None if isinstance(load, str) else asdict(load), VAR)
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


def _load(options):
    """The load run's result, or the reason it was not run (a short Swedish phrase)."""
    if options.no_load:
        return "--no-load"
    from bench import load
    from bench.scratch_db import reachable
    from config import redis_server

    if not reachable(load.default_database_url()):
        return "ingen PostgreSQL"
    if not redis_server.reachable(redis_server.redis_url()):
        return "ingen Redis"
    try:
        return load.run(seconds=options.load_seconds, users=options.load_users)
    except Exception as error:  # noqa: BLE001  (the table still prints; the reason is shown)
        progress(f"Lastkörningen kunde inte göras: {error}")
        return "fel, se stderr"


def _load_row(load) -> dict:
    if isinstance(load, str):
        return skipped_row(LOAD_SCENARIO, "", target=LOAD_TARGET, reason=load)
    return {
        "scenario": LOAD_SCENARIO,
        "size": f"{load.requests} anrop på {load.seconds} s",
        "median_ms": load.median_ms,
        "x_baseline": f"{load.share_of_baseline:.0%} av baslinjens anrop/kärna",
        "target": LOAD_TARGET,
        "met": "ja" if load.passed else "NEJ",
    }


def _load_summary(load) -> str:
    delays = ", ".join(
        "syntes inte" if delay is None else f"{delay:.2f} s" for delay in load.publish_delays_s
    )
    return (
        f"Lastkörning: {load.throughput} anrop/s ({' + '.join(map(str, load.requests_per_server))}"
        f" per server), median {load.median_ms} ms, 99:e percentilen {load.p99_ms} ms, "
        f"{load.errors} fel; {load.progress_rows} framstegsrader i databasen, "
        f"{load.expected_rows} skickade "
        f"({'stämmer' if load.rows_match and load.completed_match else 'STÄMMER INTE'}).\n"
        f"Publicerad modul syntes efter {delays} (server 1, 2; mål ≤ 1 s).\n"
        f"Genomströmning per kärna: {load.per_core} anrop per CPU-sekund i app-servrarna, "
        f"baslinjen {load.baseline_per_core}: {load.share_of_baseline:.0%} av baslinjens."
    )


if __name__ == "__main__":
    sys.exit(main())
