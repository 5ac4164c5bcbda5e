"""Benchmark: the 数据看板 statistics for the root of a large tree against hand-written SQL.

Builds 100,000 members in 2,000 orgs (1 city union, 19 county unions, 1,980 grassroots unions) with 500
registrations in a throwaway SQLite database, then times
  (a) hand-written SQL computing the same figures (four GROUP BY queries, folded in Python), and
  (b) `dashboards.selectors.coverage_for(root=…)` plus the chart options, as the page uses them,
checks both give the same figures, and prints b/a (target ≤ 2) and the number of queries of (b).

    .venv/bin/python bench/member_stats.py [--members 100000] [--orgs 2000] [--repeat 11]

Not part of the test suite. The database is /tmp/bench_stats.sqlite3 (deleted and migrated first) unless
DATABASE_URL names another, empty database (e.g. a scratch PostgreSQL database; it is migrated, not emptied).
"""

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DB = Path("/tmp/bench_stats.sqlite3")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{DEFAULT_DB}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-not-for-production-use-0123456789")

TODAY = dt.date(2026, 6, 15)
COUNTIES = 19


def _setup_database() -> None:
    if os.environ["DATABASE_URL"] == f"sqlite:///{DEFAULT_DB}":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{DEFAULT_DB}{suffix}").unlink(missing_ok=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _build(members: int, orgs: int) -> object:
    """The tree, members and registrations, all through bulk_create with precomputed tree paths."""
    from gonghui.members.models import Member
    from gonghui.orgs.choices import FoundingStatus, OrgLevel, UnitCategory
    from gonghui.orgs.models import Org, UnionFounding

    rng = random.Random(2026)
    root = Org.objects.add_root(
        instance=Org(
            code="BENCH",
            name="基准市工会",
            unit_name="基准市工会",
            level=OrgLevel.CITY,
            headcount_established=40,
        )
    )
    grassroots_total = orgs - 1 - COUNTIES
    per_county = -(-grassroots_total // COUNTIES)
    rows: list[Org] = []
    counties: list[Org] = []
    for c in range(COUNTIES):
        county = Org(
            code=f"BC{c:02d}",
            name=f"基准第{c}县工会",
            unit_name=f"基准第{c}县教育局",
            level=OrgLevel.COUNTY,
            depth=2,
            path=Org._get_path(root.path, 2, c + 1),
            numchild=0,
            headcount_established=rng.randint(0, 30),
        )
        counties.append(county)
    made = 0
    for county in counties:
        for g in range(per_county):
            if made == grassroots_total:
                break
            established = rng.randint(20, 400)
            rows.append(
                Org(
                    code=f"{county.code}G{g:03d}",
                    name=f"{county.name}单位{g}工会",
                    unit_name=f"{county.name}单位{g}",
                    level=OrgLevel.GRASSROOTS,
                    depth=3,
                    path=Org._get_path(county.path, 3, g + 1),
                    numchild=0,
                    headcount_established=established,
                    headcount_contract=rng.randint(0, established // 2),
                    headcount_dispatched=rng.randint(0, established // 8),
                )
            )
            made += 1
            county.numchild += 1
    Org.objects.bulk_create(counties, batch_size=1000)
    Org.objects.bulk_create(rows, batch_size=1000)
    Org.objects.filter(pk=root.pk).update(numchild=COUNTIES)
    grassroots = list(Org.objects.filter(level=OrgLevel.GRASSROOTS).values_list("pk", flat=True))
    county_ids = list(Org.objects.filter(level=OrgLevel.COUNTY).values_list("pk", flat=True))

    employment = ["established"] * 70 + ["contract"] * 18 + ["dispatched"] * 8 + ["other"] * 4
    statuses = ["active"] * 88 + ["retired_kept"] * 6 + ["left"] * 3 + ["transferred_out"] * 3
    batch: list[Member] = []
    for i in range(members):
        batch.append(
            Member(
                org_id=grassroots[i % len(grassroots)],
                name=f"会员{i}",
                gender="F" if rng.random() < 0.6 else "M",
                birth_date=dt.date(1962, 1, 1) + dt.timedelta(days=rng.randrange(42 * 365)),
                id_number_encrypted="bench",
                id_number_hash=f"{i:064d}",
                id_number_masked="4108**********0000",
                employment=rng.choice(employment),
                status=rng.choice(statuses),
                joined_on=dt.date(1990, 1, 1) + dt.timedelta(days=rng.randrange(36 * 365 + 160)),
            )
        )
        if len(batch) == 5000:
            Member.objects.bulk_create(batch)
            batch = []
    Member.objects.bulk_create(batch)

    categories = [UnitCategory.PRIVATE_NON_ENTERPRISE, UnitCategory.PRIVATE, UnitCategory.OTHER_LIMITED, ""]
    founding_states = list(FoundingStatus)
    UnionFounding.objects.bulk_create(
        [
            UnionFounding(
                org_id=county_ids[n % len(county_ids)],
                unit_name=f"民办单位{n}",
                unit_category=categories[n % len(categories)],
                is_private=True,
                status=founding_states[n % len(founding_states)],
            )
            for n in range(500)
        ]
    )
    return Org.objects.get(pk=root.pk)


HAND_SQL = {
    "children": "SELECT id, path FROM orgs_org WHERE path LIKE %s AND depth = %s ORDER BY path",
    "headcounts": """
        SELECT substr(path, 1, %s) AS prefix, SUM(headcount_established), SUM(headcount_contract),
               SUM(headcount_dispatched)
        FROM orgs_org WHERE path LIKE %s GROUP BY prefix""",
    "members": """
        SELECT substr(o.path, 1, %s) AS prefix,
               COUNT(*),
               COUNT(*) FILTER (WHERE m.gender = 'F'),
               COUNT(*) FILTER (WHERE m.joined_on >= %s AND m.joined_on <= %s),
               COUNT(*) FILTER (WHERE m.employment = 'established'),
               COUNT(*) FILTER (WHERE m.employment = 'contract'),
               COUNT(*) FILTER (WHERE m.employment = 'dispatched'),
               COUNT(*) FILTER (WHERE m.employment = 'other'),
               COUNT(*) FILTER (WHERE m.birth_date > %s),
               COUNT(*) FILTER (WHERE m.birth_date <= %s AND m.birth_date > %s),
               COUNT(*) FILTER (WHERE m.birth_date <= %s AND m.birth_date > %s),
               COUNT(*) FILTER (WHERE m.birth_date <= %s AND m.birth_date > %s),
               COUNT(*) FILTER (WHERE m.birth_date <= %s)
        FROM members_member m JOIN orgs_org o ON o.id = m.org_id
        WHERE o.path LIKE %s AND m.status IN ('active', 'retired_kept')
        GROUP BY prefix""",
    "unfounded": """
        SELECT substr(o.path, 1, %s) AS prefix, f.unit_category, COUNT(*)
        FROM orgs_unionfounding f JOIN orgs_org o ON o.id = f.org_id
        WHERE o.path LIKE %s AND f.status NOT IN ('founded', 'complete')
        GROUP BY prefix, f.unit_category""",
}


def hand_written(root: object) -> dict[str, list[int]]:
    """The same figures by plain SQL: {prefix: [15 numbers]} plus the category counts."""
    from django.db import connection

    from gonghui.dashboards.selectors import years_ago

    path, depth, steplen = root.path, root.depth, 4  # type: ignore[attr-defined]
    length, like = (depth + 1) * steplen, f"{path}%"
    cut = [years_ago(TODAY, n) for n in (26, 36, 46, 56)]
    figures: dict[str, list[int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(HAND_SQL["children"], [like, depth + 1])
        for _pk, child_path in cursor.fetchall():
            figures[child_path] = [0] * 16
        cursor.execute(HAND_SQL["headcounts"], [length, like])
        for prefix, *counts in cursor.fetchall():
            figures.setdefault(prefix, [0] * 16)[0:3] = counts
        cursor.execute(
            HAND_SQL["members"],
            [
                length,
                dt.date(TODAY.year, 1, 1),
                dt.date(TODAY.year, 12, 31),
                cut[0],
                cut[0],
                cut[1],
                cut[1],
                cut[2],
                cut[2],
                cut[3],
                cut[3],
                like,
            ],
        )
        for prefix, *counts in cursor.fetchall():
            figures.setdefault(prefix, [0] * 16)[3:15] = counts
        cursor.execute(HAND_SQL["unfounded"], [length, like])
        categories: dict[str, int] = {}
        for prefix, category, n in cursor.fetchall():
            figures.setdefault(prefix, [0] * 16)[15] += n
            categories[category] = categories.get(category, 0) + n
    total = [sum(column) for column in zip(*figures.values(), strict=True)]
    return {"total": total, **figures, "categories": [categories[k] for k in sorted(categories)]}


def ours(root: object) -> dict[str, list[int]]:
    from gonghui.dashboards.charts import dashboard_charts
    from gonghui.dashboards.selectors import coverage_for

    coverage = coverage_for(root=root, today=TODAY)  # type: ignore[arg-type]
    dashboard_charts(coverage, child_urls=[f"/dashboards/orgs/{r.org.code}/" for r in coverage.children])

    def row(f: object) -> list[int]:
        return [
            f.headcount_established,  # type: ignore[attr-defined]
            f.headcount_contract,  # type: ignore[attr-defined]
            f.headcount_dispatched,  # type: ignore[attr-defined]
            f.members,  # type: ignore[attr-defined]
            f.women,  # type: ignore[attr-defined]
            f.new_this_year,  # type: ignore[attr-defined]
            f.established,  # type: ignore[attr-defined]
            f.contract,  # type: ignore[attr-defined]
            f.dispatched,  # type: ignore[attr-defined]
            f.other,  # type: ignore[attr-defined]
            *f.ages,  # type: ignore[attr-defined]
            f.unfounded,  # type: ignore[attr-defined]
        ]

    result = {"total": row(coverage.total), coverage.root.path: row(coverage.own)}
    result.update({r.org.path: row(r.figures) for r in coverage.children})
    from gonghui.orgs.choices import UnitCategory

    codes = {str(label): code for code, label in UnitCategory.choices} | {"未填写": ""}
    by_code = {codes[label]: n for label, n in coverage.unfounded_by_category}
    result["categories"] = [by_code[k] for k in sorted(by_code)]
    return result


def _time_both(root: object, repeat: int) -> tuple[float, float, dict[str, list[int]], dict[str, list[int]]]:
    """Median seconds of each, the runs interleaved so that load on the machine hits both alike."""
    hand_runs, our_runs = [], []
    hand_result: dict[str, list[int]] = {}
    our_result: dict[str, list[int]] = {}
    for _ in range(repeat):
        start = time.perf_counter()
        hand_result = hand_written(root)
        hand_runs.append(time.perf_counter() - start)
        start = time.perf_counter()
        our_result = ours(root)
        our_runs.append(time.perf_counter() - start)
    return statistics.median(hand_runs), statistics.median(our_runs), hand_result, our_result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--orgs", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=11)
    args = parser.parse_args()

    _setup_database()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gonghui.orgs.models import Org

    if Org.objects.exists():
        sys.exit("the database already holds orgs: point DATABASE_URL at an empty, throwaway database")
    started = time.perf_counter()
    root = _build(args.members, args.orgs)
    from gonghui.members.models import Member

    print(
        f"built {Org.objects.count()} orgs, {Member.objects.count()} members in "
        f"{time.perf_counter() - started:.1f} s ({connection.vendor})"
    )
    hand_written(root)
    ours(root)  # warm both (page cache, prepared statements)
    hand_time, our_time, hand_result, our_result = _time_both(root, args.repeat)
    with CaptureQueriesContext(connection) as ctx:
        ours(root)
    same = hand_result == our_result
    print(f"hand-written SQL   : {hand_time * 1000:8.1f} ms (median of {args.repeat})")
    print(f"coverage_for+charts: {our_time * 1000:8.1f} ms (median of {args.repeat})")
    print(f"ratio ours/hand    : {our_time / hand_time:8.2f}  (target ≤ 2)")
    print(f"queries            : {len(ctx.captured_queries)}")
    print(
        f"same figures       : {same}  (members {our_result['total'][3]}, headcount {sum(our_result['total'][:3])})"
    )
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
