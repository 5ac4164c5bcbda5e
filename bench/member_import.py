"""Benchmark: the 100,000-row roster import (集体入会) against a bare floor and against django-import-export.

    .venv/bin/python bench/member_import.py [--rows 100000] [--skip-import-export]

In one run, on a throwaway SQLite database (/tmp/bench_member_import_<pid>.sqlite3, migrated here and removed
afterwards; db.sqlite3 is never touched), it generates a roster xlsx and times
  (a) the floor: a bare python-calamine read of the file plus a plain bulk_create of the same rows (as text)
      into a bare table,
  (b) our full validated import (`members.services.roster.roster_import`, what `manage.py import_members` runs: read,
      validate every cell and cross-row rule, then create users, members, 入会 records, role grants and
      timeline rows) into the fresh database,
  (c) django-import-export importing the same rows into the same empty registry with the same writes per row
      (identity columns, pinyin, code lists, unit lookup, join date in resource hooks; 会员编号, account with an
      unusable password, member role, 入会 record and timeline row in before/after_save_instance), row by row as
      it does by default (it validates less than (b): no cross-row or phone checks),
and prints the ratios b/a (target ≤ 3) and c/b (target ≥ 10). Not part of the test suite.
"""

import argparse
import datetime as dt
import os
import platform
import random
import sys
import time
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


def cleanup() -> None:
    for path in (DB_PATH, Path(f"{DB_PATH}-wal"), Path(f"{DB_PATH}-shm"), XLSX_PATH):
        path.unlink(missing_ok=True)


def setup_django() -> None:
    cleanup()
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["DATABASE_URL"] = f"sqlite:///{DB_PATH}"
    os.environ.pop("REDIS_URL", None)  # local-memory cache: nothing shared with a running instance
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


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


# ---- (a) the floor ---------------------------------------------------------------------------------------


def floor() -> float:
    from django.db import connection, models, transaction
    from python_calamine import CalamineWorkbook

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
    manager: Any = BenchRow._default_manager
    names = [f.name for f in BenchRow._meta.fields if f.name != "id"]
    started = time.perf_counter()
    rows = CalamineWorkbook.from_path(str(XLSX_PATH)).get_sheet_by_index(0).to_python()
    with transaction.atomic():
        manager.bulk_create(
            (
                BenchRow(**{k: ("" if v is None else str(v)) for k, v in zip(names, r, strict=True)})
                for r in rows[1:]
            ),
            batch_size=2000,
        )
    seconds = time.perf_counter() - started
    assert manager.count() == len(rows) - 1
    return seconds


# ---- (b) ours --------------------------------------------------------------------------------------------


def ours(org: Any, rows: int) -> tuple[float, dict[str, float]]:
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

    importer.validate = timed("validate", importer.validate)  # type: ignore[method-assign]
    importer.commit = timed("commit", importer.commit)  # type: ignore[method-assign]
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
        (roster, "name_search_fields", tally("pinyin", getattr(roster, "name_search_fields"))),  # noqa: B009
        (roster, "encrypt_identifier", tally("encrypt", getattr(roster, "encrypt_identifier"))),  # noqa: B009
    ]
    originals = [(target, name, getattr(target, name)) for target, name, _ in patches]
    for target, name, replacement in patches:
        setattr(target, name, replacement)
    content = XLSX_PATH.read_bytes()
    started = time.perf_counter()
    try:
        report = roster_import(content=content, org=org, actor=None, source=XLSX_PATH.name)
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
    parser.add_argument(
        "--skip-import-export", action="store_true", help="leave out (c), which takes minutes"
    )
    args = parser.parse_args()
    setup_django()
    try:
        run(args.rows, with_import_export=not args.skip_import_export)
    finally:
        cleanup()


def run(rows: int, *, with_import_export: bool) -> None:
    org = make_orgs()
    started = time.perf_counter()
    generate(rows)
    size = XLSX_PATH.stat().st_size / 1e6
    print(f"generated {rows:,} rows → {XLSX_PATH} ({size:.1f} MB) in {time.perf_counter() - started:.1f} s")
    load = os.getloadavg()[0]
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, SQLite; load average at start {load:.1f}"
    )
    a = floor()
    print(f"(a) floor: calamine read + bulk_create into a bare table   {a:8.2f} s")
    b, phases = ours(org, rows)
    print(f"(b) our validated import (roster_import)                   {b:8.2f} s")
    for name in ("read", "validate", "commit"):
        print(f"      {name:<10} {phases[name]:8.2f} s")
    for name, value in phases.items():
        if name.startswith("  "):
            print(f"        {name.strip():<24} {value:8.2f} s")
    print(f"    b/a = {b / a:.2f}   (target ≤ 3)  {'met' if b / a <= 3 else 'MISSED'}")
    if not with_import_export:
        return
    c = import_export(org, rows)
    print(f"(c) django-import-export, row by row                       {c:8.2f} s")
    print(f"    c/b = {c / b:.2f}   (target ≥ 10)  {'met' if c / b >= 10 else 'MISSED'}")


if __name__ == "__main__":
    main()
