"""A Redis cache that a Redis outage cannot turn into a 500.

`SafeRedisCache` is Django's RedisCache with two differences:

- every Redis error (refused, timed out, reset) is logged as a warning and treated as a miss: `get` returns
  the default, `add`/`set`/`delete` report nothing stored, `incr` raises ValueError as for a missing key;
- after an error Redis is left alone for `RETRY_AFTER` seconds (default 5) in this process, so a dead or hung
  Redis costs one short socket timeout per process and period rather than one per cache call.

With `LOCAL_FALLBACK: True` in OPTIONS the cache does not miss but keeps working in a per-process
local-memory cache while Redis is away (used for the throttles' counters: a limit still holds, per web
process, instead of "no limit at all"). Counts made locally are not copied back when Redis returns.

Settings (otop_portal/settings/base.py) give the connection short socket timeouts
(`REDIS_SOCKET_TIMEOUT`, default 0.25 s).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Errors a dead, restarting or hung Redis raises through redis-py (ConnectionError and TimeoutError are
# RedisError subclasses; OSError covers a socket failing below redis-py).
REDIS_ERRORS: tuple[type[BaseException], ...] = (RedisError, OSError)


class SafeRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        params = dict(params)
        options = dict(params.get("OPTIONS") or {})
        self.retry_after = float(options.pop("RETRY_AFTER", 5))
        local_fallback = bool(options.pop("LOCAL_FALLBACK", False))
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._down_until = 0.0
        self._lock = threading.Lock()
        self.fallback: LocMemCache | None = None
        if local_fallback:
            self.fallback = LocMemCache(
                f"redis-fallback-{id(self)}",
                {
                    "TIMEOUT": params.get("TIMEOUT", DEFAULT_TIMEOUT),
                    "KEY_PREFIX": params.get("KEY_PREFIX", ""),
                    "VERSION": params.get("VERSION", 1),
                    "OPTIONS": {"MAX_ENTRIES": 10_000},
                },
            )

    # --- availability -------------------------------------------------------------

    def is_available(self) -> bool:
        """False while this process is leaving Redis alone after an error."""
        return time.monotonic() >= self._down_until

    def _failed(self, operation: str, exc: BaseException) -> None:
        with self._lock:
            first = self.is_available()
            self._down_until = time.monotonic() + self.retry_after
        if first:
            logger.warning(
                "cache: Redis unavailable during %s (%s: %s); %s for %.0f s",
                operation,
                type(exc).__name__,
                exc,
                "using a per-process local cache" if self.fallback is not None else "treating as misses",
                self.retry_after,
            )

    def _call(self, operation: str, redis_call: Callable[[], Any], on_error: Callable[[], Any]) -> Any:
        if self.is_available():
            try:
                return redis_call()
            except REDIS_ERRORS as exc:
                self._failed(operation, exc)
        return on_error()

    def _local_or(self, method: str, miss: Callable[[], Any]) -> Callable[..., Any]:
        """What to do while Redis is away: the same call on the local cache, or `miss()`."""

        def call(*args: Any) -> Any:
            if self.fallback is not None:
                return getattr(self.fallback, method)(*args)
            return miss()

        return call

    # --- the cache API --------------------------------------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(
            "add",
            lambda: super(SafeRedisCache, self).add(key, value, timeout, version),
            lambda: self._local_or("add", lambda: False)(key, value, timeout, version),
        )

    def get(self, key, default=None, version=None):
        return self._call(
            "get",
            lambda: super(SafeRedisCache, self).get(key, default, version),
            lambda: self._local_or("get", lambda: default)(key, default, version),
        )

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(
            "set",
            lambda: super(SafeRedisCache, self).set(key, value, timeout, version),
            lambda: self._local_or("set", lambda: None)(key, value, timeout, version),
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(
            "touch",
            lambda: super(SafeRedisCache, self).touch(key, timeout, version),
            lambda: self._local_or("touch", lambda: False)(key, timeout, version),
        )

    def delete(self, key, version=None):
        return self._call(
            "delete",
            lambda: super(SafeRedisCache, self).delete(key, version),
            lambda: self._local_or("delete", lambda: False)(key, version),
        )

    def get_many(self, keys, version=None):
        return self._call(
            "get_many",
            lambda: super(SafeRedisCache, self).get_many(keys, version),
            lambda: self._local_or("get_many", dict)(keys, version),
        )

    def has_key(self, key, version=None):
        return self._call(
            "has_key",
            lambda: super(SafeRedisCache, self).has_key(key, version),
            lambda: self._local_or("has_key", lambda: False)(key, version),
        )

    def incr(self, key, delta=1, version=None):
        def missing() -> Any:
            raise ValueError(f"Key '{key}' not found (Redis unavailable)")

        return self._call(
            "incr",
            lambda: super(SafeRedisCache, self).incr(key, delta, version),
            lambda: self._local_or("incr", missing)(key, delta, version),
        )

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(
            "set_many",
            lambda: super(SafeRedisCache, self).set_many(data, timeout, version),
            lambda: self._local_or("set_many", lambda: list(data))(data, timeout, version),
        )

    def delete_many(self, keys, version=None):
        return self._call(
            "delete_many",
            lambda: super(SafeRedisCache, self).delete_many(keys, version),
            lambda: self._local_or("delete_many", lambda: None)(keys, version),
        )

    def clear(self):
        if self.fallback is not None:
            self.fallback.clear()
        return self._call("clear", lambda: super(SafeRedisCache, self).clear(), lambda: False)
