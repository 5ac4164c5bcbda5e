"""The public check (查验) of a certificate: what a stranger holding its code may see, and how often one address
may ask. Fixed one-hour windows in the cache count every check per client address (known and unknown codes alike,
so codes cannot be guessed faster than `CERTIFICATE_VERIFY_MAX_PER_IP_HOUR` per hour)."""

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from gonghui.core.audit import client_ip

WINDOW_SECONDS = 3600


def mask_name(name: str) -> str:
    """张*明 for 张三明, 张* for 张三, 欧**锋 for 欧阳峰锋: the first and the last character stay."""
    name = name.strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def verify_rate_limited(request: HttpRequest) -> bool:
    """Count this check against the client's address; True once past the hourly limit."""
    address = client_ip(request) or "unknown"
    key = f"certificates-verify:{address}:{int(time.time() // WINDOW_SECONDS)}"
    cache.add(key, 0, timeout=WINDOW_SECONDS * 2)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS * 2)
        count = 1
    return int(count) > settings.CERTIFICATE_VERIFY_MAX_PER_IP_HOUR


def retry_after_seconds() -> int:
    return WINDOW_SECONDS - int(time.time()) % WINDOW_SECONDS
