"""名单 services (`members.services.target_lists`): a list frozen from a filter (only the list's union and below, the
criteria kept, an audit row), an imported list matched by ID number or phone among the actor's members (rows not
found reported with their row numbers; 全部匹配才生成 writes nothing, 只导入匹配的行 writes the matched), hostile files
refused with nothing written, deletion, and the permission checks."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gonghui.accounts.identity import decrypt_identifier
from gonghui.core.models import AuditLog
from gonghui.members.choices import JobCategory, MemberStatus, TargetListSource
from gonghui.members.models import TargetList, TargetListEntry
from gonghui.members.selectors.filters import MemberFilter
from gonghui.members.selectors.target_lists import target_list_filter, target_list_members
from gonghui.members.services.target_lists import (
    target_list_create_from_filter,
    target_list_delete,
    target_list_import,
)
from gonghui.members.tests.factories import MemberFactory
from tests import hostile_files as hostile

pytestmark = pytest.mark.django_db


def _id(member):
    return decrypt_identifier(member.id_number_encrypted)


@pytest.fixture
def teachers(world):
    """Two young teachers and an older one in org A, a young teacher in org B."""
    today = timezone.localdate()
    young = today.replace(year=today.year - 28, day=1)
    return {
        "a1": MemberFactory.create(org=world.org_a, job_category=JobCategory.TEACHER, birth_date=young),
        "a2": MemberFactory.create(org=world.org_a, job_category=JobCategory.TEACHER, birth_date=young),
        "old": MemberFactory.create(
            org=world.org_a, job_category=JobCategory.TEACHER, birth_date=dt.date(1970, 1, 1)
        ),
        "b1": MemberFactory.create(org=world.org_b, job_category=JobCategory.TEACHER, birth_date=young),
    }


YOUNG_TEACHERS = MemberFilter(age_bands=("lt35",), job_categories=(JobCategory.TEACHER,))


# ---- from a filter ------------------------------------------------------------------------------------------------


def test_a_list_from_a_filter_freezes_the_result_of_its_union(world, teachers, city_admin):
    # when the city's admin makes a list of org A from a filter that also matches a member of org B
    made = target_list_create_from_filter(
        org=world.org_a,
        name=" 青年教师读书会 ",
        reason="读书会通知",
        member_filter=YOUNG_TEACHERS,
        actor=city_admin,
    )
    # then only org A's matching members are on it, with the criteria and the reason kept
    assert set(target_list_members(made)) == {teachers["a1"], teachers["a2"]}
    assert made.name == "青年教师读书会"
    assert made.source == TargetListSource.FILTER
    assert made.criteria == {"age_bands": ["lt35"], "job_categories": ["teacher"]}
    assert target_list_filter(made) == YOUNG_TEACHERS
    audit = AuditLog.objects.get(object_id=str(made.pk))
    assert audit.summary == "新建名单“青年教师读书会”（按条件筛选，2 人）"
    assert audit.org_id == world.org_a.pk
    # and the list stays as it was when a member changes later
    MemberFactory.create(
        org=world.org_a, job_category=JobCategory.TEACHER, birth_date=teachers["a1"].birth_date
    )
    assert target_list_members(made).count() == 2


def test_a_filter_with_no_result_is_refused(world, teachers):
    with pytest.raises(ValidationError, match="没有符合条件的会员"):
        target_list_create_from_filter(
            org=world.org_a,
            name="空名单",
            reason="测试",
            member_filter=MemberFilter(job_categories=(JobCategory.NURSE,)),
            actor=world.org_admin,
        )
    assert not TargetList.objects.exists()


def test_name_and_reason_are_required(world):
    with pytest.raises(ValidationError) as caught:
        target_list_create_from_filter(
            org=world.org_a, name=" ", reason="", member_filter=MemberFilter(), actor=world.org_admin
        )
    assert caught.value.message_dict == {"name": ["请填写名单名称"], "reason": ["请填写名单用途"]}


@pytest.mark.parametrize(("_case", "actor"), [("member", "org_member"), ("other union", "outsider")])
def test_only_a_manager_of_the_union_makes_its_lists(world, teachers, _case, actor):
    with pytest.raises(PermissionDenied):
        target_list_create_from_filter(
            org=world.org_a,
            name="名单",
            reason="用途",
            member_filter=MemberFilter(),
            actor=getattr(world, actor),
        )
    assert not TargetList.objects.exists()
    assert not AuditLog.objects.filter(summary__startswith="新建名单").exists()


def test_a_large_result_is_written_in_one_go(world, django_assert_max_num_queries):
    MemberFactory.create_batch(300, org=world.org_a)
    with django_assert_max_num_queries(12):
        made = target_list_create_from_filter(
            org=world.org_a, name="全体", reason="通知", member_filter=MemberFilter(), actor=world.org_admin
        )
    assert TargetListEntry.objects.filter(target_list=made).count() == 301


# ---- from an imported list ----------------------------------------------------------------------------------------


def _import(world, content, *, matched_only=False, actor=None):
    return target_list_import(
        org=world.org_a,
        name="导入名单",
        reason="慰问",
        content=content,
        matched_only=matched_only,
        actor=actor or world.org_admin,
        file_name="名单.xlsx",
    )


def test_an_imported_list_matches_by_id_number_or_phone(world, teachers):
    # given a file naming one member by ID number, one by phone, member A twice
    content = hostile.xlsx(
        ["姓名", "身份证号", "手机号"],
        [
            ["甲", _id(teachers["a1"]), ""],
            ["乙", "", teachers["a2"].phone],
            ["丙", _id(world.member_a), ""],
            ["丙", "", world.member_a.phone],
        ],
    )
    # when it is imported
    report = _import(world, content)
    # then the three members form the list, the repeat is merged
    assert report.errors == []
    assert (report.rows, report.matched, report.duplicates) == (4, 3, 1)
    assert set(target_list_members(report.target_list)) == {teachers["a1"], teachers["a2"], world.member_a}
    assert report.target_list.source == TargetListSource.IMPORT
    assert report.target_list.criteria == {"imported": {"file": "名单.xlsx", "rows": 4, "matched": 3}}


def _unmatched_file(world, teachers):
    """Row 2 matches; row 3 is org B's member (out of reach); row 4 an unknown phone; row 5 empty but named;
    row 6 a member who has left."""
    left = MemberFactory.create(org=world.org_a, status=MemberStatus.LEFT)
    return hostile.xlsx(
        ["姓名", "身份证号", "手机号"],
        [
            ["甲", _id(teachers["a1"]), ""],
            ["乙", _id(teachers["b1"]), ""],
            ["丙", "", "13999999999"],
            ["丁", "", ""],
            ["戊", _id(left), ""],
        ],
    )


def test_rows_not_found_are_reported_and_nothing_is_written_unless_asked(world, teachers):
    # when a file with unmatched rows is imported with 全部匹配才生成名单
    report = _import(world, _unmatched_file(world, teachers))
    # then each unmatched row is reported by row number, in Chinese, and no list is made
    assert report.target_list is None
    assert [(e.row, e.column) for e in report.errors] == [
        (3, "身份证号"),
        (4, "手机号"),
        (5, "身份证号"),
        (6, "身份证号"),
    ]
    assert report.errors[1].message == "本单位在籍会员中没有手机号为 139****9999 的会员"
    assert report.errors[2].message == "身份证号和手机号都为空"
    assert report.errors[0].message.startswith("本单位在籍会员中没有身份证号为 ")
    assert _id(teachers["b1"]) not in report.errors[0].message  # masked
    assert not TargetList.objects.exists()
    assert not AuditLog.objects.filter(summary__startswith="新建名单").exists()


def test_only_matched_rows_are_imported_when_asked(world, teachers):
    report = _import(world, _unmatched_file(world, teachers), matched_only=True)
    assert len(report.errors) == 4
    assert list(target_list_members(report.target_list)) == [teachers["a1"]]


def test_a_file_matching_nobody_makes_no_list(world):
    with pytest.raises(ValidationError, match="没有匹配到任何会员"):
        _import(world, hostile.xlsx(["手机号"], [["13999999999"]]), matched_only=True)


def test_a_phone_shared_by_two_members_asks_for_the_id_number(world):
    MemberFactory.create(org=world.org_a, phone="13612345678")
    MemberFactory.create(org=world.org_a, phone="13612345678")
    report = _import(world, hostile.xlsx(["手机号"], [["13612345678"]]))
    assert [e.message for e in report.errors] == ["手机号 136****5678 对应多名会员，请改填身份证号"]


def test_another_unions_admin_cannot_import_into_this_union(world):
    with pytest.raises(PermissionDenied):
        _import(world, hostile.xlsx(["手机号"], [[world.member_a.phone]]), actor=world.outsider)


ROWS = [["张三", "410802198805170012", "13800000007"]]
HEADERS = ["姓名", "身份证号", "手机号"]
UNREADABLE = "无法读取该文件，请上传 .xlsx 或 .xls 格式的 Excel 文件"
TEXT = "无法读取该文件：这是文本文件（CSV 或 TXT），不是 Excel 工作簿，请用 Excel 或 WPS 打开后另存为 .xlsx 再导入"
PASTE_VALUES = "是公式：请选中这些单元格，复制后“选择性粘贴为数值”，再导入"
HOSTILE = [
    ("empty", hostile.empty(), "文件是空的：请选择填好数据的 Excel 文件"),
    ("a Windows executable", hostile.renamed_executable("pe"), UNREADABLE),
    ("a Linux executable", hostile.renamed_executable("elf"), UNREADABLE),
    ("GBK CSV", hostile.gbk_csv([HEADERS, *ROWS]), TEXT),
    ("UTF-8 CSV with a BOM", hostile.utf8_csv([HEADERS, *ROWS]), TEXT),
    (
        "=1+1 as an ID number",
        hostile.formula_xlsx(HEADERS, [["张三", "=1+1", ""]]),
        f"第 2 行“身份证号”列{PASTE_VALUES}",
    ),
    (
        "a DDE call as a phone",
        hostile.formula_xlsx(HEADERS, [["张三", "", "=cmd|' /C calc'!A0"]]),
        f"第 2 行“手机号”列{PASTE_VALUES}",
    ),
    (
        "100 columns none the list's",
        hostile.wide_xlsx(100, rows=[["x"]]),
        "没有找到表头行：前 10 行中没有可识别的列名",
    ),
    ("only names", hostile.wide_xlsx(100, ["姓名"], [["张三"]]), "缺少必填列：身份证号或手机号（至少一列）"),
    ("a header and no rows", hostile.xlsx(HEADERS), "文件中没有数据行"),
]


@pytest.mark.parametrize(("_case", "content", "message"), HOSTILE)
def test_hostile_files_are_refused_with_nothing_written(world, _case, content, message):
    with pytest.raises(ValidationError) as caught:
        _import(world, content, matched_only=True)
    assert caught.value.message_dict == {"file": [message]}
    assert not TargetList.objects.exists()
    assert not AuditLog.objects.exists()


def test_a_zip_bomb_is_refused(world):
    with pytest.raises(ValidationError, match="文件解压后超过 200 MB"):
        _import(world, hostile.zip_bomb_xlsx(), matched_only=True)
    assert not TargetList.objects.exists()


# ---- deletion -----------------------------------------------------------------------------------------------------


def test_deleting_a_list_keeps_its_members_and_is_audited(world, teachers):
    made = target_list_create_from_filter(
        org=world.org_a, name="名单", reason="用途", member_filter=YOUNG_TEACHERS, actor=world.org_admin
    )
    with pytest.raises(PermissionDenied):
        target_list_delete(target_list=made, actor=world.outsider)
    target_list_delete(target_list=made, actor=world.org_admin)
    assert not TargetList.objects.exists()
    assert not TargetListEntry.objects.exists()
    teachers["a1"].refresh_from_db()
    assert AuditLog.objects.filter(summary="删除名单“名单”（2 人）", org_id=world.org_a.pk).count() == 1
