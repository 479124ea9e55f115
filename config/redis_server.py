"""The Redis server of the shared cache, as the tests and the bench's load run reach it."""

import os

import redis

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


def redis_url() -> str:
    """REDIS_URL, or the server this machine and CI run on 127.0.0.1:6379."""
    return os.environ.get("REDIS_URL", DEFAULT_REDIS_URL)


def reachable(url: str) -> bool:
    """Whether a Redis server answers at `url` within a second."""
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def delete_prefixed_keys(url: str, prefix: str) -> None:
    """Remove the keys Django's cache wrote under `prefix` (a test's or a load run's own)."""
    client = redis.Redis.from_url(url)
    keys = list(client.scan_iter(match=f"{prefix}:*"))
    if keys:
        client.delete(*keys)
