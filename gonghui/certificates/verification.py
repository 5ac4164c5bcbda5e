"""The public check (查验) of a certificate: what a stranger holding its code may see, and how often one address
may ask. Fixed one-hour windows in the cache count every check per client address (known and unknown codes alike,
so codes cannot be guessed faster than `CERTIFICATE_VERIFY_MAX_PER_IP_HOUR` per hour)."""

from django.conf import settings
from django.http import HttpRequest

from gonghui.core.audit import client_ip
from gonghui.core.rate_limits import window_hit, window_retry_after

WINDOW_SECONDS = 3600


def verify_rate_limited(request: HttpRequest) -> bool:
    """Count this check against the client's address; True once past the hourly limit."""
    address = client_ip(request) or "unknown"
    return (
        window_hit("certificates-verify", address, window=WINDOW_SECONDS)
        > settings.CERTIFICATE_VERIFY_MAX_PER_IP_HOUR
    )


def retry_after_seconds() -> int:
    return window_retry_after(WINDOW_SECONDS)
