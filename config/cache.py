"""The shared cache when Redis is down: every read a miss, every write skipped, the site up.

What the platform keeps in the cache can all be computed again from the database (the page
tree, module bodies, rendered feeds, statistics), so an unreachable Redis must make pages slower,
never an error page. Each failure is logged; the rate limits of the interest form let posts
through while they cannot count them. After a failure the process leaves Redis alone for
`PAUSE_SECONDS`, so that a server that does not answer costs one timeout, not one per call.
"""

import logging
import time
from functools import wraps

from django.core.cache.backends.redis import RedisCache
from redis import RedisError
from redis.backoff import NoBackoff
from redis.retry import Retry

logger = logging.getLogger(__name__)
PAUSE_SECONDS = 10


def _forgiving(answer_when_down):
    """Make a cache method return `answer_when_down(*args, **kwargs)` when Redis fails."""

    def decorate(method):
        @wraps(method)
        def wrapper(self, *args, **kwargs):
            if time.monotonic() < self.paused_until:
                return answer_when_down(*args, **kwargs)
            try:
                return method(self, *args, **kwargs)
            except RedisError as error:
                self.paused_until = time.monotonic() + PAUSE_SECONDS
                logger.warning(
                    "The cache (Redis) fails: %s; going on without it for %d s.",
                    error,
                    PAUSE_SECONDS,
                )
                return answer_when_down(*args, **kwargs)

        return wrapper

    return decorate


def _missing_key(key, *args, **kwargs):
    raise ValueError(f"Key {key!r} not found: the cache is unreachable.")


class ForgivingRedisCache(RedisCache):
    """Django's RedisCache, which answers as an empty cache that keeps nothing when Redis fails.

    `add` answers True: the caller goes on as if it held the key (a refresh lock: it computes
    itself). `incr` raises ValueError, as for a missing key. A failed call is not retried.
    """

    paused_until = 0.0

    def __init__(self, server, params):
        options = {"retry": Retry(NoBackoff(), 0), **params.get("OPTIONS", {})}
        super().__init__(server, {**params, "OPTIONS": options})

    get = _forgiving(lambda key, default=None, *a, **k: default)(RedisCache.get)
    get_many = _forgiving(lambda *a, **k: {})(RedisCache.get_many)
    has_key = _forgiving(lambda *a, **k: False)(RedisCache.has_key)
    set = _forgiving(lambda *a, **k: None)(RedisCache.set)
    set_many = _forgiving(lambda data, *a, **k: list(data))(RedisCache.set_many)
    add = _forgiving(lambda *a, **k: True)(RedisCache.add)
    touch = _forgiving(lambda *a, **k: False)(RedisCache.touch)
    delete = _forgiving(lambda *a, **k: False)(RedisCache.delete)
    delete_many = _forgiving(lambda *a, **k: None)(RedisCache.delete_many)
    incr = _forgiving(_missing_key)(RedisCache.incr)
    clear = _forgiving(lambda *a, **k: False)(RedisCache.clear)
