"""Fixed-window request counters in the cache: how often one client (an API token, a user, an address) may ask for
something within a window. Used by the member verification API (per token, per minute) and the public certificate
check (per address, per hour)."""

import time

from django.core.cache import cache


def window_hit(scope: str, client: str, *, window: int) -> int:
    """Count one request of `client` in the current `window`-second window of `scope`; returns the count so far."""
    key = f"{scope}:{client}:{int(time.time() // window)}"
    cache.add(key, 0, timeout=window * 2)
    try:
        return int(cache.incr(key))
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=window * 2)
        return 1


def window_retry_after(window: int) -> int:
    """Seconds until the current window ends (the `Retry-After` of a refused request)."""
    return window - int(time.time()) % window
