"""Measure operations: wall and CPU time with their spread, queries and peak memory.

`measure` times one operation on its own; `compare` times a page and the baseline view in the
same loop (baseline, page, baseline, page …), so that whatever else the machine is doing weighs
on both alike, and reports the median of the per-pair ratios with its interquartile range.
"""

import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Spread:
    """A median with its interquartile range: the middle half of the samples."""

    median: float
    low: float
    high: float

    @classmethod
    def of(cls, samples: list[float]) -> "Spread":
        """The median and quartiles of `samples` (both quartiles the median for one sample)."""
        middle = statistics.median(samples)
        if len(samples) < 2:
            return cls(middle, middle, middle)
        low, _median, high = statistics.quantiles(samples, n=4, method="inclusive")
        return cls(middle, low, high)


@dataclass(frozen=True)
class Measurement:
    """What one operation costs: milliseconds (wall, CPU), SQL queries and peak MiB."""

    wall_ms: Spread
    cpu_ms: Spread
    queries: int
    peak_mib: float


@dataclass(frozen=True)
class Comparison:
    """A page measured pair by pair with the baseline: both costs and the CPU ratio."""

    cost: Measurement
    baseline: Measurement
    ratio: Spread


def measure(operation: Callable[[], object], *, runs: int, warmup: int = 1) -> Measurement:
    """Run `operation` warmup + runs times; time the runs, then count queries and memory once.

    Queries and memory are taken in separate runs, since capturing them slows the operation.
    """
    for _ in range(warmup):
        operation()
    walls, cpus = zip(*(_timed(operation) for _ in range(runs)), strict=True)
    return _measurement(operation, list(walls), list(cpus))


def compare(
    baseline: Callable[[], object],
    operation: Callable[[], object],
    *,
    runs: int,
    warmup: int = 1,
) -> Comparison:
    """Time `baseline` and `operation` alternately, `runs` pairs, and the ratio of each pair."""
    for _ in range(warmup):
        baseline()
        operation()
    base_walls, base_cpus, walls, cpus = [], [], [], []
    for _ in range(runs):
        wall, cpu = _timed(baseline)
        base_walls.append(wall)
        base_cpus.append(cpu)
        wall, cpu = _timed(operation)
        walls.append(wall)
        cpus.append(cpu)
    return Comparison(
        cost=_measurement(operation, walls, cpus),
        baseline=_measurement(baseline, base_walls, base_cpus),
        ratio=Spread.of([page / base for page, base in zip(cpus, base_cpus, strict=True)]),
    )


def _timed(operation: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    operation()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def _measurement(operation: Callable[[], object], walls: list, cpus: list) -> Measurement:
    from django.db import connection

    executed = []  # counted as they run: a request start empties Django's own query log
    with connection.execute_wrapper(lambda execute, *args: executed.append(1) or execute(*args)):
        operation()
    tracemalloc.start()
    try:
        operation()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return Measurement(
        wall_ms=Spread.of(walls),
        cpu_ms=Spread.of(cpus),
        queries=len(executed),
        peak_mib=peak / 2**20,
    )
