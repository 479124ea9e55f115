"""The bench's measuring and judging: interleaved ratios, spreads, and the table's verdicts."""

import time

import pytest

from bench import postgres
from bench.measure import Comparison, Measurement, Spread, compare
from bench.rows import absolute_row, ratio_row, spread_text


def busy(milliseconds: float) -> None:
    """Spend CPU time, not sleep: the bench compares CPU time."""
    end = time.process_time() + milliseconds / 1000
    while time.process_time() < end:
        pass


def test_a_spread_is_the_median_and_the_quartiles():
    spread = Spread.of([1, 2, 3, 4, 5, 6, 7, 8, 9])

    assert (spread.median, spread.low, spread.high) == (5, 3, 7)
    assert Spread.of([4.0]) == Spread(4.0, 4.0, 4.0)


def test_compare_reports_the_ratio_of_each_pair():
    comparison = compare(lambda: busy(2), lambda: busy(6), runs=9)

    assert 2.0 < comparison.ratio.median < 4.5, comparison.ratio
    assert comparison.ratio.low <= comparison.ratio.median <= comparison.ratio.high
    assert comparison.baseline.cpu_ms.median == pytest.approx(2, abs=1)
    assert comparison.cost.cpu_ms.median == pytest.approx(6, abs=2)


def _cost(wall: float) -> Measurement:
    spread = Spread(wall, wall * 0.9, wall * 1.2)
    return Measurement(wall_ms=spread, cpu_ms=spread, queries=3, peak_mib=1.0)


def test_a_page_is_judged_by_its_median_ratio_and_shown_with_the_spread():
    def pair(ratio: Spread) -> Comparison:
        return Comparison(cost=_cost(8.0), baseline=_cost(1.0), ratio=ratio)

    met = ratio_row("sida", "1 000", pair(Spread(7.9, 6.0, 9.5)), max_ratio=8, max_queries=3)
    missed = ratio_row("sida", "1 000", pair(Spread(8.1, 7.9, 8.4)), max_ratio=8)
    too_many_queries = ratio_row(
        "sida", "1 000", pair(Spread(7.9, 6.0, 9.5)), max_ratio=8, max_queries=2
    )

    assert (met["met"], missed["met"], too_many_queries["met"]) == ("ja", "NEJ", "NEJ")
    assert met["x_baseline"] == "7.9 (6.0–9.5)"
    assert met["target"] == "≤3 frågor, ≤8× baslinjen (median)"


def test_an_absolute_target_shows_its_spread_and_memory():
    row = absolute_row("statistik", "100 000", _cost(1200.0), limit_ms=1000, max_mib=1024)

    assert row["met"] == "NEJ"
    assert row["median_ms"] == "1200 (1080–1440)"
    assert row["target"] == "<1 s, <1 GiB (median)"
    assert spread_text(Spread(2.0, 1.5, 2.25), 2) == "2.00 (1.50–2.25)"


def test_without_postgresql_the_rows_say_the_phase_was_skipped(monkeypatch):
    monkeypatch.setenv("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:1/ingen")

    rows = postgres.run((1_000, 100_000))

    assert [row["size"] for row in rows] == ["1 000", "100 000"]
    assert {row["met"] for row in rows} == {"hoppades över: ingen PostgreSQL"}
    assert rows[0]["target"] == "<1 s, <1 GiB (median)"
