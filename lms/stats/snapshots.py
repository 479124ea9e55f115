"""Statistics kept in the shared cache: computed once per change, never older than a bound.

Every write that changes the figures calls `figures_changed()`, and once its transaction has
committed the statistics generation (a counter in the cache) goes up. A result is kept under its
key with the generation and the time it was computed from (`Snapshot`). `read` then:

- finds none: computes it inline and keeps it (the first computation ever, or after eviction);
- finds one older than `max_age()`: computes it inline; it is never served as it is;
- finds one of an earlier generation (and at least ``STATS_REFRESH_SECONDS`` old), or older
  than half the bound: serves it, and asks for one refresh. A cache ``add()`` of the key's lock
  is the guard, so one process recomputes while everyone else is served the last result;
- otherwise serves it.

A figure served therefore includes every change committed more than ``STATS_MAX_AGE_SECONDS``
before, whatever happened to the refresh; under steady traffic nobody waits for a computation.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

GENERATION_KEY = "stats:generation"


@dataclass(frozen=True)
class Snapshot:
    """A computed result, the statistics generation and the moment it was computed from."""

    value: Any
    generation: int
    computed_at: datetime


def max_age() -> timedelta:
    """The bound: no result computed longer ago than this is served."""
    return timedelta(seconds=settings.STATS_MAX_AGE_SECONDS)


def generation() -> int:
    """The current statistics generation (started afresh, never reused, if the cache lost it)."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        value = cache.get(GENERATION_KEY)
    return value


def _bump() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # the cache lost the counter: a new one differs from every kept result
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)


def figures_changed() -> None:
    """Make every kept result stale once the current transaction commits (now if none)."""
    transaction.on_commit(_bump)


def _lock_key(key: str) -> str:
    return f"{key}:refresh"


def compute(key: str, function: Callable[[], Any]) -> Snapshot:
    """Compute the result now and keep it; the generation and time are taken before reading."""
    snapshot_generation, started = generation(), timezone.now()
    return _store(key, Snapshot(function(), snapshot_generation, started))


def _store(key: str, snapshot: Snapshot) -> Snapshot:
    cache.set(key, snapshot, timeout=settings.STATS_MAX_AGE_SECONDS)
    return snapshot


def refresh(key: str, function: Callable[[], Any]) -> Snapshot:
    """Recompute the result (the refresh task's work), then let the next refresh be asked for."""
    try:
        return compute(key, function)
    finally:
        cache.delete(_lock_key(key))


def _due(snapshot: Snapshot, current: int, age: timedelta) -> bool:
    if age >= max_age() / 2:
        return True
    return snapshot.generation != current and age >= timedelta(
        seconds=settings.STATS_REFRESH_SECONDS
    )


def current(key: str) -> Snapshot | None:
    """The entry under `key` if it may be served without asking for anything: of the current
    generation and younger than half the bound (a page made from a result, say); else None."""
    entry, current_generation = _kept(key)
    if entry is None or entry.generation != current_generation:
        return None
    return entry if timezone.now() - entry.computed_at < max_age() / 2 else None


def same_result(entry: Snapshot, snapshot: Snapshot) -> bool:
    """Whether `entry` was made from `snapshot` (the same generation and computation)."""
    return (entry.generation, entry.computed_at) == (snapshot.generation, snapshot.computed_at)


def keep(key: str, value: Any, *, like: Snapshot | None) -> Snapshot:
    """Keep `value`, made from the result `like`, as a snapshot of that result's generation and
    time (of now, when made from no result)."""
    if like is None:
        return _store(key, Snapshot(value, generation(), timezone.now()))
    return _store(key, Snapshot(value, like.generation, like.computed_at))


def _kept(key: str) -> tuple[Snapshot | None, int | None]:
    """The result kept under `key` and the current generation, in one read of the cache."""
    found = cache.get_many([GENERATION_KEY, key])
    return found.get(key), found.get(GENERATION_KEY)


def needs_refresh(key: str) -> bool:
    """Whether the result under `key` is missing, or due for a refresh as `read` would judge it."""
    snapshot, current = _kept(key)
    if snapshot is None or current is None:
        return True
    return _due(snapshot, current, timezone.now() - snapshot.computed_at)


def read(key: str, function: Callable[[], Any], ask_refresh: Callable[[], None]) -> Snapshot:
    """The kept result under `key`, as the module docstring says; `function` computes it.

    `ask_refresh` is called, at most once at a time per key, to have the result recomputed
    (the caller queues a task that calls `refresh`); until then the last result is served.
    """
    snapshot, current = _kept(key)
    if snapshot is None or current is None:
        return compute(key, function)
    age = timezone.now() - snapshot.computed_at
    if age >= max_age():
        return compute(key, function)
    if _due(snapshot, current, age) and cache.add(
        _lock_key(key), 1, timeout=settings.STATS_MAX_AGE_SECONDS
    ):
        try:
            ask_refresh()
        except BaseException:
            cache.delete(_lock_key(key))
            raise
        # A task backend that runs at once (development, tests) has already kept a new result.
        return cache.get(key) or snapshot
    return snapshot
