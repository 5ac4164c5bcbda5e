"""Route discovery for the permission crawler and the page smoke tests."""

import importlib
import pkgutil
import re
from dataclasses import dataclass

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from gonghui.core.crawler import CrawlRoute, crawl_routes

EXTERNAL_ASSET = re.compile(
    r"""<(?:script|img|iframe|source|audio|video)\b[^>]*\bsrc=["']?(?:https?:)?//"""
    r"""|<link\b[^>]*\bhref=["']?(?:https?:)?//"""
    r"""|url\(\s*["']?(?:https?:)?//""",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Route:
    name: str
    params: tuple[str, ...]
    route: str


def _walk(patterns, namespace: str = "", prefix: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, ns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            converters = getattr(pattern.pattern, "converters", {})
            params = tuple(converters) or tuple(re.findall(r"\(\?P<(\w+)>", str(pattern.pattern)))
            yield Route(
                name=f"{namespace}{pattern.name}" if pattern.name else "",
                params=params,
                route=prefix + str(pattern.pattern),
            )


def all_routes() -> list[Route]:
    """Every named URL pattern (pages and API routes), once per name."""
    seen: dict[str, Route] = {}
    for route in _walk(get_resolver().url_patterns):
        seen.setdefault(route.name or route.route, route)
    return sorted(seen.values(), key=lambda r: r.name)


def load_declarations() -> None:
    """Import every app's tests/crawl.py and tests/crawl_*.py so the routes it reaches are declared."""
    for config in apps.get_app_configs():
        if not config.name.startswith("gonghui."):
            continue
        try:
            tests_pkg = importlib.import_module(f"{config.name}.tests")
        except ModuleNotFoundError:
            continue
        for module in sorted(m.name for m in pkgutil.iter_modules(tests_pkg.__path__)):
            if module == "crawl" or module.startswith("crawl_"):
                importlib.import_module(f"{config.name}.tests.{module}")


def declaration(name: str) -> CrawlRoute | None:
    return crawl_routes.get(name) if name in crawl_routes else None
