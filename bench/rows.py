"""One row of the benchmark table: a scenario at a size, its cost, and its target."""

from bench.measure import Measurement


def thousands(number: int) -> str:
    """A count with a space between thousands, as Swedish writes it: 100 000."""
    return f"{number:,}".replace(",", " ")


def row(
    scenario: str,
    size: str,
    cost: Measurement,
    baseline: Measurement | None,
    *,
    target: str,
    met: bool,
) -> dict:
    """A table row; `x_baseline` is the operation's CPU time over the baseline view's."""
    return {
        "scenario": scenario,
        "size": size,
        "median_ms": round(cost.wall_ms, 2),
        "cpu_ms": round(cost.cpu_ms, 2),
        "x_baseline": round(cost.cpu_ms / baseline.cpu_ms, 1) if baseline else "",
        "queries": cost.queries,
        "peak_mib": round(cost.peak_mib, 1),
        "target": target,
        "met": "ja" if met else "NEJ",
    }
