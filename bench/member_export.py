"""Benchmark: the member export (会员名册, masked) against a bare xlsxwriter writing the same rows.

    .venv/bin/python bench/member_export.py --rows N [--database-url URL] [--repeat 3] [--profile]

In a throwaway database (a PostgreSQL URL names a server: the bench creates `bench_export_<pid>` there and drops
it at the end, also on error; without one, /tmp/bench_member_export_<pid>.sqlite3, removed afterwards) it builds
N members in a tree of a city union, 19 county unions and N/50 grassroots unions (`member_stats._build`), fills in
the columns the export shows (code-list values, phones, posts, categories, numbers, tags on a third of them), and
times, interleaved, --repeat times:
  (a) the floor: one plain `values_list` query of the 24 member and union columns (members ⋈ orgs in the
      subtree, in the export's order, fetched in chunks) plus one query of the member–tag pairs into a dict,
      the codes turned into labels by dicts built before the loop, the phone masked, and each cell written with
      xlsxwriter's typed methods (`write_string`, `write_datetime`; empty cells skipped) into a workbook in
      constant-memory mode — the cheapest way xlsxwriter writes these cells (`write_row` type-checks each cell);
  (b) our export as the block's background job runs it: an ExportJob of kind "members" for a 工会管理员 of the
      root (who sees the whole tree), `spreadsheets.services.export_job_run` — the exporter's `rows()` written
      by `core.excel.write_workbook(constant_memory=True)` with the progress reporter, the file stored, the job
      finished and the export audited;
checks both files hold the same cells (read back with calamine), prints min / median of every phase and of
b/a, and ends with `RESULT export_vs_xlsxwriter: <min> / <median> (goal ≤ 1.5) met|missed`. With --profile,
one more (b) runs under cProfile and its top functions are printed. Not part of the test suite.
"""

import argparse
import cProfile
import datetime as dt
import os
import platform
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
GOAL = 1.5
PID = os.getpid()
SQLITE_PATH = Path(f"/tmp/bench_member_export_{PID}.sqlite3")
WORK_DIR = Path(tempfile.mkdtemp(prefix=f"bench_member_export_{PID}_"))


@contextmanager
def throwaway_database(url: str) -> Iterator[str]:
    """DATABASE_URL of a new, empty database, dropped (or deleted) afterwards."""
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        name = f"bench_export_{PID}"
        with psycopg.connect(url, autocommit=True) as server:
            server.execute(f'CREATE DATABASE "{name}"')
        try:
            yield urlunsplit(urlsplit(url)._replace(path=f"/{name}"))
        finally:
            from django.db import connections

            connections.close_all()
            with psycopg.connect(url, autocommit=True) as server:
                server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        return
    if url:
        sys.exit("--database-url: a postgres:// URL naming a server (SQLite runs without one)")
    try:
        yield f"sqlite:///{SQLITE_PATH}"
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)


def setup_django(database_url: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["MEDIA_ROOT"] = str(WORK_DIR / "media")  # the job's file lands here, removed afterwards
    os.environ.pop("REDIS_URL", None)  # local caches: nothing shared with a running instance
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-not-for-production-use-0123456789")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(rows: int) -> Any:
    """The tree and members of `member_stats` (the dashboards bench), then the columns the export shows filled in
    by a few set-based UPDATEs, and tags on a third of the members. Returns (root, user seeing the whole tree)."""
    from django.db import connection
    from member_stats import _build  # the dashboards bench's realistic tree

    from gonghui.accounts.models import RoleGrant, User
    from gonghui.accounts.roles import UNION_ADMIN
    from gonghui.members.models import Member, MemberTag

    root: Any = _build(rows, max(40, rows // 50))
    table = Member._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""UPDATE {table} SET
                ethnicity = CASE WHEN id % 20 = 0 THEN '03' WHEN id % 33 = 0 THEN '04' ELSE '01' END,
                education = CASE id % 4 WHEN 0 THEN '21' WHEN 1 THEN '31' WHEN 2 THEN '14' ELSE '' END,
                political_status = CASE id % 3 WHEN 0 THEN '01' WHEN 1 THEN '13' ELSE '03' END,
                phone = CASE WHEN id % 10 = 0 THEN '' ELSE '139' || CAST(10000000 + id AS TEXT) END,
                position_title = CASE id % 5 WHEN 0 THEN '一级教师' WHEN 1 THEN '护师' WHEN 2 THEN '主治医师'
                    WHEN 3 THEN '高级教师' ELSE '' END,
                job_category = CASE id % 4 WHEN 0 THEN 'teacher' WHEN 1 THEN 'nurse' ELSE '' END,
                skill_level = CASE id % 6 WHEN 0 THEN '3' WHEN 1 THEN '4' ELSE '' END,
                household_type = CASE id % 3 WHEN 0 THEN 'urban' WHEN 1 THEN 'rural' ELSE '' END,
                member_number = 'BM-' || CAST(id AS TEXT),
                card_number = CASE WHEN id % 2 = 0 THEN '6222' || CAST(100000000000 + id AS TEXT) ELSE '' END,
                is_model_worker = (id % 50 = 0),
                is_migrant_worker = (id % 9 = 0),
                status_changed_on = joined_on"""
        )
        tags = [MemberTag.objects.create(name=n) for n in ("青年教师", "援鄂医疗队", "志愿者", "退役军人")]
        through = Member.tags.through._meta.db_table
        for n, tag in enumerate(tags):
            cursor.execute(
                f"INSERT INTO {through} (member_id, membertag_id) SELECT id, %s FROM {table} WHERE id %% 6 = %s",
                [tag.pk, n],
            )
    user = User.objects.create(username="bench_export", name="基准导出")
    RoleGrant.objects.create(user=user, role=UNION_ADMIN, org=root)
    return root, user


# ---- (a) the floor ---------------------------------------------------------------------------------------


def floor(root: Any, target: Path) -> int:
    import xlsxwriter

    from gonghui.accounts.choices import Gender, IdType
    from gonghui.accounts.identity import mask_phone
    from gonghui.members.choices import Employment, HouseholdType, JobCategory, MemberStatus, SkillLevel
    from gonghui.members.models import Member
    from gonghui.members.selectors.registry import code_tables
    from gonghui.members.spreadsheets import ROSTER_HEADERS

    def labels(choices: Any) -> dict[str, str]:
        return {"": "", **{code: str(label) for code, label in choices.choices}}

    codes = code_tables("ethnicity", "education", "political_status")
    ethnicity, education, political = codes["ethnicity"], codes["education"], codes["political_status"]
    gender, id_type, employment = labels(Gender), labels(IdType), labels(Employment)
    job, skill, household, status = (
        labels(JobCategory),
        labels(SkillLevel),
        labels(HouseholdType),
        labels(MemberStatus),
    )
    yes = {True: "是", False: "否"}
    tags: dict[int, list[str]] = {}
    pairs = Member.tags.through.objects.filter(member__org__path__startswith=root.path).order_by(
        "membertag__name"
    )
    for member_id, tag in pairs.values_list("member_id", "membertag__name"):
        tags.setdefault(member_id, []).append(tag)
    members = (
        Member.objects.filter(org__path__startswith=root.path)
        .order_by("org__path", "name", "id")
        .values_list(
            "id", "name", "gender", "ethnicity", "birth_date", "id_type", "id_number_masked", "phone", "education",
            "political_status", "employment", "position_title", "job_category", "skill_level", "household_type",
            "org__name", "org__code", "org__unit_name", "joined_on", "member_number", "card_number",
            "is_model_worker", "is_migrant_worker", "status", "status_changed_on",
        )
    )  # fmt: skip
    workbook = xlsxwriter.Workbook(
        str(target),
        {
            "constant_memory": True,
            "default_date_format": "yyyy-mm-dd",
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    sheet = workbook.add_worksheet("会员名册")
    sheet.write_row(0, 0, ROSTER_HEADERS)
    written = 0
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    write_string, write_datetime, midnight = sheet.write_string, sheet.write_datetime, dt.time()
    for written, m in enumerate(members.iterator(chunk_size=2000), start=1):
        cells = (
            m[1], gender[m[2]], ethnicity.get(m[3], m[3]), m[4], id_type[m[5]], m[6], mask_phone(m[7]),
            education.get(m[8], m[8]), political.get(m[9], m[9]), employment[m[10]], m[11], job[m[12]],
            skill[m[13]], household[m[14]], m[15], m[16], m[17], m[18], m[19] or "", m[20], yes[m[21]],
            yes[m[22]], status[m[23]], m[24], "、".join(tags.get(m[0], ())),
        )  # fmt: skip
        # the typed write methods, as a hand-written exporter would call them (write_row checks each cell's type)
        for col, value in enumerate(cells):
            if type(value) is str:
                if value:
                    write_string(written, col, value)
            elif value is not None:
                write_datetime(written, col, dt.datetime.combine(value, midnight), date_format)
    workbook.close()
    return written


# ---- (b) ours --------------------------------------------------------------------------------------------


def ours(user: Any, target: Path) -> tuple[int, dict[str, float]]:
    """The background export job, as the worker runs it; the stored file is copied to `target`."""
    from gonghui.core.spreadsheets import exporters
    from gonghui.spreadsheets.models import ExportJob
    from gonghui.spreadsheets.services import export_job_run

    phases: dict[str, float] = {}
    exporter = exporters.get("members")
    started = time.perf_counter()
    total = exporter.count(user=user, params={})
    phases["count"] = time.perf_counter() - started
    job = ExportJob.objects.create(
        kind="members", created_by=user, params={}, total_rows=total, file_name="bench.xlsx", attempt=1
    )
    started = time.perf_counter()
    export_job_run(job.pk, job.attempt)
    phases["job"] = time.perf_counter() - started
    job.refresh_from_db()
    assert job.status == "done", (job.status, job.message)
    shutil.copyfile(job.file.path, target)
    job.file.delete(save=False)
    started = time.perf_counter()
    for _row in exporter.rows(user=user, params={}):
        pass
    phases["rows() alone"] = time.perf_counter() - started
    return job.total_rows, phases


def same_cells(a: Path, b: Path) -> bool:
    from python_calamine import CalamineWorkbook

    def cells(path: Path) -> list[list[Any]]:
        return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()

    first, second = cells(a), cells(b)
    if first != second:
        for n, (x, y) in enumerate(zip(first, second, strict=False)):
            if x != y:
                print(f"first difference, row {n}:\n  floor {x}\n  ours  {y}")
                break
        print(f"rows: floor {len(first)}, ours {len(second)}")
    return first == second


def spread(values: list[float]) -> str:
    return f"{min(values):8.3f} / {statistics.median(values):8.3f}"


def run(rows: int, repeat: int, profile: bool) -> None:
    from django.db import connection

    started = time.perf_counter()
    root, user = build(rows)
    print(f"built {rows:,} members on {connection.vendor} in {time.perf_counter() - started:.1f} s")
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}; load average at start {os.getloadavg()[0]:.1f}"
    )
    floor_file, our_file = WORK_DIR / "floor.xlsx", WORK_DIR / "ours.xlsx"
    floor_runs: list[float] = []
    our_runs: dict[str, list[float]] = {}
    ratios: list[float] = []
    for _ in range(repeat):
        started = time.perf_counter()
        written_a = floor(root, floor_file)
        a = time.perf_counter() - started
        written_b, phases = ours(user, our_file)
        assert written_a == written_b == rows, (written_a, written_b, rows)
        floor_runs.append(a)
        for name, seconds in phases.items():
            our_runs.setdefault(name, []).append(seconds)
        ratios.append(phases["job"] / a)
    if not same_cells(floor_file, our_file):
        sys.exit("the floor and our export hold different cells")
    print(f"same cells in both files ({rows:,} rows)          min / median of {repeat}, seconds")
    print(f"(a) floor: values_list + bare xlsxwriter    {spread(floor_runs)}")
    print(f"(b) our export job (export_job_run)         {spread(our_runs['job'])}")
    print(f"      count() before the job                {spread(our_runs['count'])}")
    print(f"      rows() iterated alone, not written    {spread(our_runs['rows() alone'])}")
    print(f"    b/a                                     {spread(ratios)}")
    if profile:
        profiler = cProfile.Profile()
        profiler.enable()
        ours(user, our_file)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    median = statistics.median(ratios)
    verdict = "met" if median <= GOAL else "missed"
    print(f"RESULT export_vs_xlsxwriter: {min(ratios):.2f} / {median:.2f} (goal ≤ {GOAL}) {verdict}")


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url", default="", help="postgres://… naming a server; default SQLite")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="profile one more run of (b)")
    args = parser.parse_args()
    try:
        with throwaway_database(args.database_url) as url:
            setup_django(url)
            run(args.rows, args.repeat, args.profile)
    finally:
        shutil.rmtree(WORK_DIR, ignore_errors=True)


if __name__ == "__main__":
    main()
