"""One row of the benchmark table: a scenario at a size, its cost, and its target.

A page is judged by its ratio to the baseline view measured in the same loop (`ratio_row`);
only where no ratio fits is a scenario held to a time (`absolute_row`). Either way the figure
judged is a median, printed with its interquartile range.
"""

from bench.measure import Comparison, Measurement, Spread


def thousands(number: int) -> str:
    """A count with a space between thousands, as Swedish writes it: 100 000."""
    return f"{number:,}".replace(",", " ")


def spread_text(spread: Spread, digits: int = 1) -> str:
    """A median and its interquartile range, as the table prints them: 7.2 (6.9–7.6)."""
    return f"{spread.median:.{digits}f} ({spread.low:.{digits}f}–{spread.high:.{digits}f})"


def ratio_row(
    scenario: str,
    size: str,
    comparison: Comparison,
    *,
    max_ratio: float,
    max_queries: int | None = None,
) -> dict:
    """A page against the baseline: met when the median CPU ratio (and queries) are in bounds."""
    cost = comparison.cost
    queries_text = "" if max_queries is None else f"≤{max_queries} frågor, "
    met = comparison.ratio.median <= max_ratio and (
        max_queries is None or cost.queries <= max_queries
    )
    return {
        **_cost(scenario, size, cost),
        "baseline_ms": round(comparison.baseline.wall_ms.median, 2),
        "x_baseline": spread_text(comparison.ratio),
        "target": f"{queries_text}≤{max_ratio:g}× baslinjen (median)",
        "met": "ja" if met else "NEJ",
    }


def absolute_row(
    scenario: str, size: str, cost: Measurement, *, limit_ms: float, max_mib: float | None = None
) -> dict:
    """An operation held to a time: met when its median wall time (and memory) are in bounds."""
    limit = f"<{limit_ms / 1000:g} s" if limit_ms >= 1000 else f"<{limit_ms:g} ms"
    memory = "" if max_mib is None else f", <{max_mib / 1024:g} GiB"
    met = cost.wall_ms.median < limit_ms and (max_mib is None or cost.peak_mib < max_mib)
    return {
        **_cost(scenario, size, cost),
        "target": f"{limit}{memory} (median)",
        "met": "ja" if met else "NEJ",
    }


def skipped_row(scenario: str, size: str, *, target: str, reason: str) -> dict:
    """A scenario that could not be measured here: its target, and why it was skipped."""
    return {"scenario": scenario, "size": size, "target": target, "met": f"hoppades över: {reason}"}


def _cost(scenario: str, size: str, cost: Measurement) -> dict:
    return {
        "scenario": scenario,
        "size": size,
        "median_ms": spread_text(cost.wall_ms, 2 if cost.wall_ms.median < 100 else 0),
        "cpu_ms": round(cost.cpu_ms.median, 2),
        "queries": cost.queries,
        "peak_mib": round(cost.peak_mib, 1),
    }
