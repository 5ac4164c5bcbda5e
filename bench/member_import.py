"""Benchmark: the roster import (集体入会) against bare floors and against django-import-export.

    .venv/bin/python bench/member_import.py [--rows 100000] [--database-url URL] [--repeat 3]
                                            [--skip-import-export] [--profile FILE]

Without --database-url it runs on a throwaway SQLite file (/tmp/bench_member_import_<pid>.sqlite3); with a
PostgreSQL URL (which names a server) it creates a throwaway database bench_member_import_<pid> there, migrates
it and drops it at the end (also on error). It generates a roster xlsx and, --repeat times, times
  (b) our full validated import (`members.services.roster.roster_import`, what `manage.py import_members` runs:
      read, validate every cell and cross-row rule, then write users, role grants, members, 入会 records and
      timeline rows) into emptied tables,
  (a) the floor: a bare python-calamine read of the file plus a write of exactly the rows (b) wrote — the same
      values, keys included, precomputed outside the timed part by reading (b)'s rows back — into empty copies of
      the same five tables with the same indexes and constraints (PostgreSQL: `CREATE TABLE … (LIKE … INCLUDING
      ALL)` plus the foreign keys, written with COPY; SQLite: the tables' own DDL, written with multi-row
      INSERTs), in one transaction,
  (o) today's old floor, for continuity: calamine read + one bulk_create of the rows as text into one bare table,
and once, unless skipped,
  (c) django-import-export importing the same rows with the same writes per row, row by row as it does by
      default (it validates less than (b): no cross-row or phone checks).
It prints min / median of each phase and of the ratios b/a (goal ≤ 2), b/o (goal ≤ 3 on PostgreSQL) and c/b.
The first repeat includes what a process loads once and keeps (pypinyin's tables in members.pinyin, the Fernet
key object, 岗位类别 forms, translation catalogs, the content type; code-list tables are kept 300 s in the cache):
a second import in the same process pays none of it. Min and median are over all repeats.
Not part of the test suite.
"""

import argparse
import cProfile
import datetime as dt
import os
import platform
import random
import statistics
import sys
import time
import urllib.parse
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# per process, so that two runs never share a database; removed at the end
DB_PATH = Path(f"/tmp/bench_member_import_{os.getpid()}.sqlite3")
XLSX_PATH = Path(f"/tmp/bench_member_import_{os.getpid()}.xlsx")
UNITS = 50
HEADERS = [
    "姓名",
    "证件号码",
    "性别",
    "民族",
    "手机号",
    "工作单位",
    "学历",
    "政治面貌",
    "用工性质",
    "岗位/职称",
    "户籍类型",
    "入会日期",
    "是否劳模/工匠",
    "是否农民工",
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍鹏红飞宇浩凯婷雪琳晨阳欣怡子涵梓萱思远嘉俊雨泽佳琪志海燕丹文博一鸣"


PG_DB = f"bench_member_import_{os.getpid()}"
IMPORT_TABLES = ("User", "RoleGrant", "Member", "MembershipChange", "TimelineEntry")


def cleanup() -> None:
    for path in (DB_PATH, Path(f"{DB_PATH}-wal"), Path(f"{DB_PATH}-shm"), XLSX_PATH):
        path.unlink(missing_ok=True)


def admin_sql(server_url: str, sql: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(server_url)
    with psycopg.connect(urllib.parse.urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(sql)


def setup_django(database_url: str | None) -> None:
    cleanup()
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    if database_url:
        admin_sql(database_url, f'CREATE DATABASE "{PG_DB}"')
        parts = urllib.parse.urlsplit(database_url)
        os.environ["DATABASE_URL"] = urllib.parse.urlunsplit(parts._replace(path=f"/{PG_DB}"))
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{DB_PATH}"
    os.environ.pop("REDIS_URL", None)  # local-memory cache: nothing shared with a running instance
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def teardown(database_url: str | None) -> None:
    cleanup()
    if database_url:
        try:
            from django.db import connections

            connections.close_all()
        finally:
            admin_sql(database_url, f'DROP DATABASE IF EXISTS "{PG_DB}" WITH (FORCE)')


def unit_name(n: int) -> str:
    return f"基准测试第{n + 1}中学"


def make_orgs() -> Any:
    from gonghui.orgs.choices import OrgLevel
    from gonghui.orgs.models import Org

    city = Org.objects.add_root(
        {"code": "BCITY", "name": "基准测试市工会", "unit_name": "基准测试市", "level": OrgLevel.CITY}
    )
    county = Org.objects.add_child(
        city,
        {
            "code": "BCX",
            "name": "基准测试县教育工会",
            "unit_name": "基准测试县教育局",
            "level": OrgLevel.COUNTY,
        },
    )
    for n in range(UNITS):
        Org.objects.add_child(
            Org.objects.get(pk=county.pk),
            {
                "code": f"BCX{n + 1:02d}",
                "name": f"{unit_name(n)}工会",
                "unit_name": unit_name(n),
                "level": OrgLevel.GRASSROOTS,
            },
        )
    return Org.objects.get(pk=county.pk)


def generate(rows: int) -> None:
    """A roster as unions fill them in: mostly clean text, with the variants people type (dates in several
    forms, +86 phones, phones as numbers, short code-list values)."""
    from gonghui.accounts.identity import resident_id_check_char
    from gonghui.core.excel import SheetSpec, write_workbook

    rng = random.Random(2026)
    date_forms: list[Any] = [
        lambda d: d.isoformat(),
        lambda d: f"{d.year}.{d.month}.{d.day}",
        lambda d: f"{d:%Y/%m/%d}",
        lambda d: f"{d:%Y%m%d}",
        lambda d: f"{d.year}年{d.month}月{d.day}日",
        lambda d: d,
    ]

    def body() -> Any:
        for i in range(rows):
            birth = dt.date(1965, 1, 1) + dt.timedelta(days=i % 12000)
            sequence = (i // 12000) % 1000
            first17 = f"410802{birth:%Y%m%d}{sequence:03d}"
            id_number = first17 + resident_id_check_char(first17)
            name = SURNAMES[rng.randrange(len(SURNAMES))] + "".join(
                GIVEN[rng.randrange(len(GIVEN))] for _ in range(rng.choice((1, 2, 2)))
            )
            phone_number = f"13{i:09d}"
            phone: Any = phone_number if i % 3 else (f"+86 {phone_number}" if i % 2 else float(phone_number))
            joined = dt.date(2018 + i % 5, 9, 1)
            yield [
                name,
                id_number if i % 10 else id_number.lower(),
                "男" if sequence % 2 else "女",
                "汉族" if i % 20 else rng.choice(("回族", "满", "蒙古族")),
                phone,
                unit_name(i % UNITS),
                rng.choice(("本科", "大学本科毕业", "硕士", "大专", "21")),
                rng.choice(("群众", "中共党员", "共青团员", "01")),
                rng.choice(("在编", "在编", "非在编", "劳务派遣")),
                rng.choice(("一级教师", "二级教师", "高级教师", "护士", "主治医师")),
                rng.choice(("城镇", "农村")),
                date_forms[i % len(date_forms)](joined),
                "否",
                "否",
            ]

    with XLSX_PATH.open("wb") as handle:
        write_workbook(handle, [SheetSpec("会员名册", HEADERS, body())], constant_memory=True)


# ---- (o) today's old floor: one bare table --------------------------------------------------------------


def old_floor_model() -> Any:
    from django.db import connection, models

    class BenchRow(models.Model):
        name = models.CharField(max_length=50)
        id_number = models.CharField(max_length=32)
        gender = models.CharField(max_length=4)
        ethnicity = models.CharField(max_length=20)
        phone = models.CharField(max_length=32)
        unit = models.CharField(max_length=100)
        education = models.CharField(max_length=20)
        political_status = models.CharField(max_length=20)
        employment = models.CharField(max_length=20)
        position_title = models.CharField(max_length=50)
        household_type = models.CharField(max_length=20)
        joined_on = models.CharField(max_length=20)
        is_model_worker = models.CharField(max_length=4)
        is_migrant_worker = models.CharField(max_length=4)

        class Meta:
            app_label = "spreadsheets"
            db_table = "bench_roster_row"
            managed = False

        def __str__(self) -> str:
            return self.name

    with connection.schema_editor() as editor:
        editor.create_model(BenchRow)
    return BenchRow


def old_floor(model: Any) -> float:
    from django.db import transaction
    from python_calamine import CalamineWorkbook

    manager: Any = model._default_manager
    manager.all().delete()
    names = [f.name for f in model._meta.fields if f.name != "id"]
    started = time.perf_counter()
    rows = CalamineWorkbook.from_path(str(XLSX_PATH)).get_sheet_by_index(0).to_python()
    with transaction.atomic():
        manager.bulk_create(
            (
                model(**{k: ("" if v is None else str(v)) for k, v in zip(names, r, strict=True)})
                for r in rows[1:]
            ),
            batch_size=2000,
        )
    seconds = time.perf_counter() - started
    assert manager.count() == len(rows) - 1
    return seconds


# ---- (a) the floor: the same rows into copies of the same five tables ------------------------------------


def import_models() -> list[Any]:
    from gonghui.accounts.models import RoleGrant, User
    from gonghui.core.models import TimelineEntry
    from gonghui.members.models import Member, MembershipChange

    return [User, RoleGrant, Member, MembershipChange, TimelineEntry]  # in foreign-key order


def floor_tables() -> dict[str, str]:
    """Empty copies of the five tables the import writes, with the same indexes and constraints (foreign keys
    among the five point at the copies); returns {original table: copy}."""
    from django.db import connection

    tables = {m._meta.db_table: f"floor_{m._meta.db_table}" for m in import_models()}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table, copy in tables.items():
                cursor.execute(f'CREATE TABLE "{copy}" (LIKE "{table}" INCLUDING ALL)')
            for table, copy in tables.items():
                cursor.execute(
                    "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                    "WHERE contype = 'f' AND conrelid = %s::regclass",
                    [table],
                )
                for name, definition in cursor.fetchall():
                    for target, target_copy in tables.items():
                        definition = definition.replace(f"REFERENCES {target}(", f"REFERENCES {target_copy}(")
                    cursor.execute(f'ALTER TABLE "{copy}" ADD CONSTRAINT "f_{name}" {definition}')
        else:
            for table in tables:
                cursor.execute(
                    "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = %s AND sql IS NOT NULL "
                    "ORDER BY type = 'index'",
                    [table],
                )
                for kind, name, sql in cursor.fetchall():
                    for target, target_copy in tables.items():
                        sql = sql.replace(f'"{target}"', f'"{target_copy}"')
                    if kind == "index":
                        sql = sql.replace(f'"{name}"', f'"f_{name}"', 1)
                    cursor.execute(sql)
    return tables


def floor_values() -> list[tuple[str, list[str], list[tuple[Any, ...]]]]:
    """Exactly what the import wrote (every column, keys included), read back from its tables: computed outside
    the timed part."""
    from django.db import connection

    out = []
    with connection.cursor() as cursor:
        for model in import_models():
            columns = [f.column for f in model._meta.concrete_fields]
            cursor.execute(
                "SELECT {} FROM {} ORDER BY 1".format(
                    ", ".join(connection.ops.quote_name(c) for c in columns),
                    connection.ops.quote_name(model._meta.db_table),
                )
            )
            out.append((model._meta.db_table, columns, [tuple(r) for r in cursor.fetchall()]))
    return out


def floor(tables: dict[str, str], values: list[tuple[str, list[str], list[tuple[Any, ...]]]]) -> float:
    from django.db import connection, transaction
    from python_calamine import CalamineWorkbook

    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(quote(t) for t in tables.values())}")
        else:
            for table in reversed(list(tables.values())):
                cursor.execute(f"DELETE FROM {quote(table)}")
    started = time.perf_counter()
    sheet = CalamineWorkbook.from_path(str(XLSX_PATH)).get_sheet_by_index(0).to_python()
    assert len(sheet) > 1
    with transaction.atomic(), connection.cursor() as cursor:
        for table, columns, rows in values:
            names = ", ".join(quote(c) for c in columns)
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {quote(tables[table])} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                per = max(1, (connection.features.max_query_params or 999) // len(columns))
                one = "(" + ", ".join(["%s"] * len(columns)) + ")"
                for start in range(0, len(rows), per):
                    batch = rows[start : start + per]
                    cursor.execute(
                        f"INSERT INTO {quote(tables[table])} ({names}) VALUES "
                        + ", ".join([one] * len(batch)),
                        [v for r in batch for v in r],
                    )
    return time.perf_counter() - started


# ---- (b) ours --------------------------------------------------------------------------------------------


def reset_import() -> None:
    """Back to an empty registry (what an earlier repeat wrote), outside the timed part."""
    from django.db import connection

    from gonghui.core.models import NumberSequence

    quote = connection.ops.quote_name
    tables = [quote(m._meta.db_table) for m in [*reversed(import_models()), NumberSequence]]
    with connection.cursor() as cursor:
        for table in tables:  # DELETE: TRUNCATE would have to cascade to every table that refers to users
            cursor.execute(f"DELETE FROM {table}")
        if connection.vendor == "postgresql":
            cursor.execute(f"VACUUM ANALYZE {', '.join(tables)}")


def ours(org: Any, rows: int, profile: str | None = None) -> tuple[float, dict[str, float]]:
    from gonghui.core.spreadsheets import importers
    from gonghui.members.models import Member
    from gonghui.members.services import ROSTER_KIND, roster_import

    importer = importers.get(ROSTER_KIND)
    phases: dict[str, float] = {}

    def timed(name: str, func: Any) -> Any:
        def wrapper(**kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return func(**kwargs)
            finally:
                phases[name] = time.perf_counter() - started

        return wrapper

    # inside the commit: time per table's bulk_create, pinyin and encryption
    from django.db.models import QuerySet

    from gonghui.members.services import roster

    inner: dict[str, float] = {}

    def tally(name: str, func: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                if not name:
                    model = args[0] if isinstance(args[0], type) else args[0].model
                key = name or f"insert {model.__name__}"
                inner[key] = inner.get(key, 0.0) + time.perf_counter() - started

        return wrapper

    from gonghui.core import bulk

    patches = [
        (QuerySet, "bulk_create", tally("", QuerySet.bulk_create)),
        (roster, "rows_insert", tally("", bulk.rows_insert)),
        (roster, "rows_insert_keys", tally("", bulk.rows_insert_keys)),
        (importer, "validate", timed("validate", importer.validate)),
        (importer, "commit", timed("commit", importer.commit)),
        (roster, "name_search_fields", tally("pinyin", getattr(roster, "name_search_fields"))),  # noqa: B009
        (roster, "encrypt_identifier", tally("encrypt", getattr(roster, "encrypt_identifier"))),  # noqa: B009
    ]
    originals = [(target, name, getattr(target, name)) for target, name, _ in patches]
    for target, name, replacement in patches:
        setattr(target, name, replacement)
    content = XLSX_PATH.read_bytes()
    reset_import()
    profiler = cProfile.Profile() if profile else None
    started = time.perf_counter()
    try:
        if profiler is not None:
            profiler.enable()
        report = roster_import(content=content, org=org, actor=None, source=XLSX_PATH.name)
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(str(profile))
    finally:
        for target, name, original in originals:
            setattr(target, name, original)
    seconds = time.perf_counter() - started
    phases.update({f"  {k}": v for k, v in inner.items()})
    phases["read"] = seconds - phases["validate"] - phases["commit"]
    assert (report.rows, report.created, len(report.errors)) == (rows, rows, 0), report.errors[:5]
    assert Member.objects.count() == rows
    return seconds, phases


# ---- (c) django-import-export ---------------------------------------------------------------------------


def import_export(org: Any, rows: int) -> float:
    import tablib  # type: ignore[import-untyped]
    from django.contrib.auth.hashers import make_password
    from import_export import fields, resources, widgets  # type: ignore[import-untyped]
    from python_calamine import CalamineWorkbook

    from gonghui.accounts.choices import IdType
    from gonghui.accounts.identity import normalize_mobile
    from gonghui.accounts.models import RoleGrant, User
    from gonghui.accounts.roles import MEMBER
    from gonghui.codelists.lists import EDUCATION, EMPLOYMENT, ETHNICITY, POLITICAL_STATUS
    from gonghui.codelists.lookups import code_resolve
    from gonghui.core.excel import cell_date, cell_text
    from gonghui.core.models import NumberSequence, TimelineEntry
    from gonghui.core.timeline import timeline_record
    from gonghui.members.models import Member, MembershipChange
    from gonghui.members.services import identity_fields, member_number_issue, name_search_fields
    from gonghui.orgs.models import Org

    derived = [
        "id_type",
        "id_number_encrypted",
        "id_number_hash",
        "id_number_masked",
        "birth_date",
        "gender_code",
        "name_pinyin",
        "name_initials",
    ]

    class MemberResource(resources.ModelResource):
        name = fields.Field(attribute="name", column_name="姓名")
        phone = fields.Field(attribute="phone", column_name="手机号")
        org = fields.Field(
            attribute="org", column_name="工作单位", widget=widgets.ForeignKeyWidget(Org, field="unit_name")
        )
        ethnicity = fields.Field(attribute="ethnicity", column_name="民族")
        education = fields.Field(attribute="education", column_name="学历")
        political_status = fields.Field(attribute="political_status", column_name="政治面貌")
        employment = fields.Field(attribute="employment", column_name="用工性质")
        position_title = fields.Field(attribute="position_title", column_name="岗位/职称")
        joined_on = fields.Field(
            attribute="joined_on", column_name="入会日期", widget=widgets.DateWidget(format="%Y-%m-%d")
        )
        gender = fields.Field(attribute="gender", column_name="gender_code")
        birth_date = fields.Field(
            attribute="birth_date", column_name="birth_date", widget=widgets.DateWidget(format="%Y-%m-%d")
        )
        id_type = fields.Field(attribute="id_type", column_name="id_type")
        id_number_encrypted = fields.Field(attribute="id_number_encrypted", column_name="id_number_encrypted")
        id_number_hash = fields.Field(attribute="id_number_hash", column_name="id_number_hash")
        id_number_masked = fields.Field(attribute="id_number_masked", column_name="id_number_masked")
        name_pinyin = fields.Field(attribute="name_pinyin", column_name="name_pinyin")
        name_initials = fields.Field(attribute="name_initials", column_name="name_initials")

        class Meta:
            model = Member
            import_id_fields = ("id_number_hash",)
            fields = (
                "name",
                "phone",
                "org",
                "ethnicity",
                "education",
                "political_status",
                "employment",
                "position_title",
                "joined_on",
                "gender",
                "birth_date",
                "id_type",
                "id_number_encrypted",
                "id_number_hash",
                "id_number_masked",
                "name_pinyin",
                "name_initials",
            )

        def before_import_row(self, row: Any, **kwargs: Any) -> None:
            identity = identity_fields(id_type=IdType.RESIDENT, id_number=row["证件号码"])
            row.update(
                id_type=identity["id_type"],
                id_number_encrypted=identity["id_number_encrypted"],
                id_number_hash=identity["id_number_hash"],
                id_number_masked=identity["id_number_masked"],
                birth_date=identity["birth_date"].isoformat(),
                gender_code=identity["gender"],
                **name_search_fields(cell_text(row["姓名"])),
            )
            row["手机号"] = normalize_mobile(row["手机号"]) if cell_text(row["手机号"]) else ""
            joined = cell_date(row["入会日期"])
            assert joined is not None
            row["入会日期"] = joined.isoformat()
            row["民族"] = code_resolve(ETHNICITY, row["民族"])
            row["学历"] = code_resolve(EDUCATION, row["学历"])
            row["政治面貌"] = code_resolve(POLITICAL_STATUS, row["政治面貌"])
            row["用工性质"] = code_resolve(EMPLOYMENT, row["用工性质"]) or "established"

        # the same writes per row as (b): 会员编号, an account with an unusable password and the member role,
        # the 入会 record and the timeline row
        def before_save_instance(self, instance: Any, row: Any, **kwargs: Any) -> None:
            instance.status_changed_on = instance.joined_on
            instance.member_number = member_number_issue(org=instance.org, year=instance.joined_on.year)
            if instance.phone:
                instance.user = User.objects.create(
                    username=f"m{instance.phone}",
                    name=instance.name,
                    phone=instance.phone,
                    password=make_password(None),
                )

        def after_save_instance(self, instance: Any, row: Any, **kwargs: Any) -> None:
            if instance.user is not None:
                RoleGrant.objects.create(user=instance.user, role=MEMBER, org=instance.org)
            MembershipChange.objects.create(
                member=instance,
                kind="join",
                to_org=instance.org,
                happened_on=instance.joined_on,
                reason="集体入会",
            )
            timeline_record(
                subject=instance, actor=None, action="create", action_label="登记入会", to_state="active"
            )

    # back to an empty registry (the rows (b) wrote)
    TimelineEntry.objects.all().delete()
    RoleGrant.objects.all().delete()
    MembershipChange.objects.all().delete()
    Member.objects.all().delete()
    User.objects.all().delete()
    NumberSequence.objects.all().delete()
    started = time.perf_counter()
    sheet = CalamineWorkbook.from_path(str(XLSX_PATH)).get_sheet_by_index(0).to_python()
    dataset = tablib.Dataset(
        *[[*r, *([""] * len(derived))] for r in sheet[1:]], headers=[*sheet[0], *derived]
    )
    result = MemberResource().import_data(dataset, dry_run=False, raise_errors=True, use_transactions=True)
    seconds = time.perf_counter() - started
    assert not result.has_errors()
    assert Member.objects.count() == rows
    return seconds


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url", help="a PostgreSQL server URL (a throwaway database is made there)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--skip-import-export", action="store_true", help="leave out (c), which takes minutes"
    )
    parser.add_argument("--profile", help="after the timed runs, profile one more import into this file")
    args = parser.parse_args()
    if args.database_url and not args.database_url.startswith(("postgres://", "postgresql://")):
        parser.error("--database-url must name a PostgreSQL server")
    try:
        setup_django(args.database_url)
        run(args.rows, args.repeat, with_import_export=not args.skip_import_export, profile=args.profile)
    finally:
        teardown(args.database_url)


def spread(values: list[float]) -> str:
    return f"{min(values):8.2f} / {statistics.median(values):8.2f}"


def result(name: str, ratios: list[float], op: str, goal: float) -> str:
    median = statistics.median(ratios)
    met = median <= goal if op == "≤" else median >= goal
    return (
        f"RESULT {name}: {min(ratios):.2f} / {median:.2f} (goal {op} {goal:g}) {'met' if met else 'missed'}"
    )


def run(rows: int, repeat: int, *, with_import_export: bool, profile: str | None) -> None:
    from django.db import connection

    org = make_orgs()
    started = time.perf_counter()
    generate(rows)
    size = XLSX_PATH.stat().st_size / 1e6
    print(f"generated {rows:,} rows → {XLSX_PATH} ({size:.1f} MB) in {time.perf_counter() - started:.1f} s")
    backend = "SQLite" if connection.vendor == "sqlite" else f"PostgreSQL {connection.pg_version // 10000}"  # type: ignore[attr-defined]
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, {backend}; load average at start {os.getloadavg()[0]:.1f}"
    )
    bare = old_floor_model()
    copies = floor_tables()
    times: dict[str, list[float]] = {"a": [], "b": [], "o": []}
    phase_lists: dict[str, list[float]] = {}
    values = None
    for n in range(repeat):
        b, phases = ours(org, rows)
        if values is None:
            values = floor_values()  # what (b) wrote, read back outside the timed part
        a = floor(copies, values)
        o = old_floor(bare)
        for key, value in (("a", a), ("b", b), ("o", o)):
            times[key].append(value)
        for name, value in phases.items():
            phase_lists.setdefault(name, []).append(value)
        print(f"  run {n + 1}: floor {a:.2f} s, import {b:.2f} s, old floor {o:.2f} s")
    print(f"{'':58} min / median")
    print(f"(a) floor: calamine read + the same rows into the 5 tables   {spread(times['a'])} s")
    print(f"(o) old floor: calamine read + bulk_create into one table     {spread(times['o'])} s")
    print(f"(b) our validated import (roster_import)                      {spread(times['b'])} s")
    for name in ("read", "validate", "commit"):
        print(f"      {name:<10}                                              {spread(phase_lists[name])} s")
    for name, per_run in phase_lists.items():
        if name.startswith("  "):
            print(f"        {name.strip():<24}                              {spread(per_run)} s")
    b_a = [b / a for a, b in zip(times["a"], times["b"], strict=True)]
    b_o = [b / o for o, b in zip(times["o"], times["b"], strict=True)]
    print(f"    b/a = {spread(b_a)}   (goal ≤ 2)")
    print(f"    b/o = {spread(b_o)}   (old one-table floor; goal ≤ 3 on PostgreSQL)")
    if profile:
        import pstats

        ours(org, rows, profile=profile)
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)
    lines = [result("import_vs_floor", b_a, "≤", 2)]
    if connection.vendor == "postgresql":
        lines.append(result("import_vs_old_floor", b_o, "≤", 3))
    if with_import_export:
        c = import_export(org, rows)
        print(f"(c) django-import-export, row by row                       {c:8.2f} s")
        lines.append(result("import_export_vs_import", [c / b for b in times["b"]], "≥", 10))
    for line in lines:
        print(line)


if __name__ == "__main__":
    main()
