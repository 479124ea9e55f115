"""Measure one operation: median wall and CPU time over several runs, queries and peak memory."""

import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Measurement:
    """What one operation costs: milliseconds (wall, CPU), SQL queries and peak MiB."""

    wall_ms: float
    cpu_ms: float
    queries: int
    peak_mib: float


def measure(operation: Callable[[], object], *, runs: int, warmup: int = 1) -> Measurement:
    """Run `operation` warmup + runs times; time the runs, then count queries and memory once.

    Queries and memory are taken in separate runs, since capturing them slows the operation.
    """
    from django.db import connection

    for _ in range(warmup):
        operation()
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        operation()
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
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
        wall_ms=statistics.median(walls) * 1000,
        cpu_ms=statistics.median(cpus) * 1000,
        queries=len(executed),
        peak_mib=peak / 2**20,
    )
