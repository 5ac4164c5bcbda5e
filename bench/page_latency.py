"""Benchmark: the named console pages' latency against a bare logged-in view, and their growth with the tree's size.

    .venv/bin/python bench/page_latency.py --members 10000 [30000 …] [--database-url URL] [--requests 50] [--repeat 3]

For each size N, in a child process of its own: a throwaway database (a SQLite file in /tmp, or — when
`--database-url` names a PostgreSQL server — a database `bench_pages_<pid>` created there and dropped at the end,
also on error), migrated, filled by `bench/bigdata.py` (a city union, 19 county unions, ~2,000 grassroots unions,
N members, appeals N/100, legal consultations N/200 and applications N/400, 公文 N/1000 with receipts). A union
admin of the city logs in through Django's test Client (in-process WSGI: the full middleware stack, no network).

The floor is `bench/bare/`, added to the platform's URLconf at runtime: `login_required` and a short
HttpResponse, behind the same middleware and session as the pages. Each repeat sends `--requests` GETs to every
page and to the floor, interleaved (request i of every page, then request i+1 …), so load hits all alike; a page's
figure is its p95 ÷ the floor's p95 in the same repeat. Printed per page: p50, p95 (medians over repeats), the
query count of one request, and min / median of the ratio; with several sizes, each page's growth (p95 at the
largest ÷ p95 at the smallest, per repeat). Goals: ratio ≤ 10 for list, detail and search pages, ≤ 20 for the
statistics pages; growth ≤ 1.5. Not part of the test suite.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

STATISTICS_PAGES = {"dashboard", "appeal_stats", "legal_stats"}
RATIO_GOAL = {"statistics": 20.0, "other": 10.0}
GROWTH_GOAL = 1.5


# --- the child: one size ----------------------------------------------------------------------------------


def _database_plan(url: str | None) -> tuple[str, str]:
    """(vendor, DATABASE_URL) of the throwaway database this process will use."""
    pid = os.getpid()
    if not url:
        return "sqlite", f"sqlite:///{Path(tempfile.gettempdir()) / f'bench_pages_{pid}.sqlite3'}"
    return "postgresql", urlunsplit(urlsplit(url)._replace(path=f"/bench_pages_{pid}"))


def _database_create(vendor: str, database_url: str) -> Callable[[], None]:
    """Creates the database — a copy of the test suite's migrated template when one is cached (`tests/testdb.py`),
    else empty (the caller migrates) — and returns its dropper."""
    from tests.testdb import cache_dir, template_key

    parts = urlsplit(database_url)
    if vendor == "sqlite":
        import sqlite3

        path = Path(parts.path)

        def drop_file() -> None:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)

        drop_file()
        template = cache_dir() / f"sqlite-{template_key('sqlite')}.sqlite3"
        if template.exists():
            source, target = sqlite3.connect(f"file:{template}?mode=ro", uri=True), sqlite3.connect(path)
            source.backup(target)
            source.close()
            target.close()
        return drop_file
    import psycopg

    name = parts.path.lstrip("/")
    server = urlunsplit(parts._replace(path="/postgres"))
    template_name = f"gonghui_tpl_{template_key('postgresql')}"
    with psycopg.connect(server, autocommit=True) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template_name]).fetchone()
        conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template_name}"' if found else ""))

    def drop_database() -> None:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return drop_database


def _bare(request: Any) -> Any:
    from django.http import HttpResponse

    return HttpResponse("<p>ok</p>")


def _urlconf_install() -> None:
    """The platform's URLs plus the floor `bench/bare/` (login required), as a module built at runtime."""
    from django.conf import settings
    from django.contrib.auth.decorators import login_required
    from django.urls import clear_url_caches, path

    from config.urls import urlpatterns

    module = types.ModuleType("bench_page_latency_urls")
    module.urlpatterns = [path("bench/bare/", login_required(_bare), name="bench_bare"), *urlpatterns]  # type: ignore[attr-defined]
    sys.modules[module.__name__] = module
    settings.ROOT_URLCONF = module.__name__
    clear_url_caches()


def _pages(world: Any) -> dict[str, str]:
    from urllib.parse import urlencode

    from django.urls import reverse

    members = reverse("members:member_list")
    return {
        "bare": "/bench/bare/",
        "member_list": members,
        "member_search_name": f"{members}?{urlencode({'q': world.name_query})}",
        "member_search_pinyin": f"{members}?{urlencode({'q': world.pinyin_query})}",
        "member_filter": f"{members}?{urlencode({'status': 'active', 'employment': 'contract', 'gender': 'F'})}",
        "member_detail": reverse("members:member_detail", args=[world.member_public_id]),
        "dashboard": reverse("dashboards:dashboard_org", args=[world.root.code]),
        "document_list": reverse("documents:document_list"),
        "appeal_desk": reverse("appeals:appeal_list"),
        "appeal_stats": reverse("appeals:appeal_stats"),
        "legal_stats": reverse("legal:statistics"),
    }


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))]


def _one_size(members: int, url: str | None, requests: int, repeat: int) -> dict[str, Any]:
    vendor, database_url = _database_plan(url)
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-not-for-production-use-0123456789")
    import django

    django.setup()
    drop = _database_create(vendor, database_url)
    try:
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from bench.bigdata import world_build

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        migrated = time.perf_counter()
        world = world_build(members=members)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        else:
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(
            f"[{members}] {connection.vendor}: migrated in {migrated - started:.1f} s, "
            f"built in {time.perf_counter() - migrated:.1f} s",
            flush=True,
        )
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        # no collectstatic here: plain static URLs (production's manifest lookup is a dict read, alike in cost)
        settings.STORAGES = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        _urlconf_install()
        client = Client()
        client.force_login(world.admin)
        pages = _pages(world)
        queries: dict[str, int] = {}
        for name, page_url in pages.items():
            for _ in range(2):  # warm: templates, caches, the session's per-user values
                response = client.get(page_url)
            if response.status_code != 200:
                raise SystemExit(f"{name} {page_url}: HTTP {response.status_code}")
            with CaptureQueriesContext(connection) as ctx:
                client.get(page_url)
            queries[name] = len(ctx.captured_queries)
        runs: dict[str, list[dict[str, float]]] = {name: [] for name in pages}
        for _ in range(repeat):
            samples: dict[str, list[float]] = {name: [] for name in pages}
            for _ in range(requests):
                for name, page_url in pages.items():
                    start = time.perf_counter()
                    client.get(page_url)
                    samples[name].append((time.perf_counter() - start) * 1000)
            for name, values in samples.items():
                runs[name].append({"p50": _percentile(values, 0.5), "p95": _percentile(values, 0.95)})
        return {"members": members, "vendor": connection.vendor, "queries": queries, "runs": runs}
    finally:
        drop()


# --- the parent: every size, the report -------------------------------------------------------------------


def _goal(name: str) -> float:
    return RATIO_GOAL["statistics" if name in STATISTICS_PAGES else "other"]


def _verdict(median: float, goal: float) -> str:
    return "met" if median <= goal else "missed"


def _report(results: list[dict[str, Any]]) -> None:
    result_lines: list[str] = []
    for result in results:
        runs, n = result["runs"], result["members"]
        bare = [r["p95"] for r in runs["bare"]]
        print(f"\n{n} members ({result['vendor']}): bare p95 {statistics.median(bare):.1f} ms")
        print(f"  {'page':22} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'p95÷bare min / median':>24}")
        for name, page_runs in runs.items():
            if name == "bare":
                continue
            ratios = [r["p95"] / b for r, b in zip(page_runs, bare, strict=True)]
            low, mid = min(ratios), statistics.median(ratios)
            print(
                f"  {name:22} {statistics.median(r['p50'] for r in page_runs):8.1f} "
                f"{statistics.median(r['p95'] for r in page_runs):8.1f} {result['queries'][name]:8d} "
                f"{low:11.2f} / {mid:.2f}"
            )
            goal = _goal(name)
            result_lines.append(
                f"RESULT {name} p95÷bare at {n}: {low:.2f} / {mid:.2f} (goal ≤ {goal:g}) {_verdict(mid, goal)}"
            )
    if len(results) > 1:
        small, large = min(results, key=lambda r: r["members"]), max(results, key=lambda r: r["members"])
        print(
            f"\ngrowth {small['members']} → {large['members']} members: p95 at largest ÷ p95 at smallest, min / median;"
            " then the same ÷ the floor's growth (the sizes run one after the other: load that changed between them"
            " shows in the floor)"
        )
        floor = [
            b["p95"] / a["p95"] for a, b in zip(small["runs"]["bare"], large["runs"]["bare"], strict=True)
        ]
        for name in small["runs"]:
            growth = [
                b["p95"] / a["p95"] for a, b in zip(small["runs"][name], large["runs"][name], strict=True)
            ]
            low, mid = min(growth), statistics.median(growth)
            relative = statistics.median(g / f for g, f in zip(growth, floor, strict=True))
            queries = f"queries {small['queries'][name]} → {large['queries'][name]}"
            print(f"  {name:22} {low:6.2f} / {mid:.2f}   ÷ floor {relative:5.2f}   {queries}")
            if name != "bare":
                result_lines.append(
                    f"RESULT {name} growth {small['members']}→{large['members']}: {low:.2f} / {mid:.2f} "
                    f"(goal ≤ {GROWTH_GOAL:g}) {_verdict(mid, GROWTH_GOAL)}"
                )
    print()
    for line in result_lines:
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, nargs="+", default=[10_000])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""))
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child-output", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_output:
        result = _one_size(args.members[0], args.database_url or None, args.requests, args.repeat)
        Path(args.child_output).write_text(json.dumps(result))
        return
    results = []
    for n in args.members:
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            command = [
                sys.executable,
                __file__,
                "--members",
                str(n),
                "--requests",
                str(args.requests),
                "--repeat",
                str(args.repeat),
                "--child-output",
                out.name,
            ]
            if args.database_url:
                command += ["--database-url", args.database_url]
            subprocess.run(command, check=True)
            results.append(json.loads(Path(out.name).read_text()))
    _report(results)


if __name__ == "__main__":
    main()
