"""The shared cache on a real Redis server: what one process writes, another reads."""

import os
import subprocess
import sys
from pathlib import Path

from django.core.cache import cache

ROOT = Path(__file__).resolve().parents[2]


def test_a_value_cached_here_is_read_by_another_process(redis_cache):
    cache.set("delad-nyckel", "från testet", 60)
    code = (
        "import django; django.setup(); from django.core.cache import cache; "
        "print(cache.get('delad-nyckel'))"
    )
    other = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev", **redis_cache},
        capture_output=True,
        text=True,
        check=True,
    )
    assert other.stdout.strip() == "från testet"
