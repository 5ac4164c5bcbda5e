"""An activity's entry rules, evaluated without writing: its IP ranges (one network a line) and, in levels mode, the
level open on a given day."""

import ipaddress
from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from .models import QuizActivity

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def ip_networks(text: str) -> list[Network]:
    networks = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        try:
            networks.append(ipaddress.ip_network(line, strict=False))
        except ValueError:
            raise ValidationError(
                {"ip_ranges": f"第 {number} 行“{line}”不是有效的 IP 段（如 10.1.0.0/16）"}
            ) from None
    return networks


def ip_allowed(activity: QuizActivity, ip: str | None) -> bool:
    networks = ip_networks(activity.ip_ranges)
    if not networks:
        return True
    if not ip:
        return False
    address = ipaddress.ip_address(ip)
    return any(address in network for network in networks)


def activity_level_today(activity: QuizActivity, *, now: datetime | None = None) -> int:
    """In levels mode the level open today (one more per day from the start), else 0."""
    if not activity.levels:
        return 0
    now = now or timezone.now()
    days = (timezone.localdate(now) - timezone.localdate(activity.starts_at)).days
    return max(1, min(activity.levels, days + 1))
