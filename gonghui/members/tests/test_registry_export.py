"""Exports of the member list: masked by default, unmasked only with members.reveal (audited as 未脱敏),
and the 全总实名制 coded export with its configurable mapping; small ones direct, large ones as a job."""

import datetime as dt
import io

import pytest
from django.urls import reverse

from gonghui.accounts.identity import decrypt_identifier
from gonghui.core.excel import read_rows, write_workbook
from gonghui.core.models import AuditAction, AuditLog
from gonghui.members.choices import Employment, JobCategory, MemberStatus
from gonghui.members.models import Member, MemberTag
from gonghui.members.spreadsheets import (
    ACFTU_COLUMNS,
    ROSTER_HEADERS,
    MemberAcftuExporter,
    MemberRosterExporter,
    MemberRosterUnmaskedExporter,
    acftu_code_maps,
)
from gonghui.members.tests.factories import MemberFactory
from gonghui.spreadsheets import services as sheet_services
from gonghui.spreadsheets.choices import ExportStatus
from gonghui.spreadsheets.models import ExportJob


def _export(client, kind, params=None):
    return client.post(reverse("spreadsheets:export_start", args=[kind]), query_params=params or {})


@pytest.fixture
def wang(world):
    member = MemberFactory.create(
        org=world.org_a,
        name="王秀英",
        gender="F",
        birth_date=dt.date(1988, 5, 17),
        phone="13911112222",
        ethnicity="03",
        education="21",
        political_status="01",
        employment=Employment.DISPATCHED,
        position_title="护师",
        job_category=JobCategory.NURSE,
        skill_level="3",
        household_type="rural",
        joined_on=dt.date(2015, 9, 1),
        status_changed_on=dt.date(2015, 9, 1),
        member_number="ORGA-2015-00001",
        card_number="6222000011112222",
        is_migrant_worker=True,
    )
    member.tags.add(MemberTag.objects.create(name="援鄂医疗队"), MemberTag.objects.create(name="志愿者"))
    return member


# --- the exporters ----------------------------------------------------------------------------------


def test_roster_rows_are_masked_with_code_names(world, wang):
    # when
    rows = list(MemberRosterExporter().rows(user=world.org_admin, params={"q": "王秀英"}))
    # then
    assert rows == [
        [
            "王秀英",
            "女",
            "回族",
            dt.date(1988, 5, 17),
            "居民身份证",
            wang.id_number_masked,
            "139****2222",
            "大学本科毕业",
            "中国共产党党员",
            "劳务派遣",
            "护师",
            "专业技术人员（护士）",
            "高级工",
            "农村",
            "甲县第一中学工会",
            "ORGA",
            "甲县第一中学",
            dt.date(2015, 9, 1),
            "ORGA-2015-00001",
            "6222000011112222",
            "否",
            "是",
            "在籍",
            dt.date(2015, 9, 1),
            "志愿者、援鄂医疗队",
        ]
    ]
    assert len(rows[0]) == len(ROSTER_HEADERS)


def test_roster_cells_match_the_models_display_labels(world, wang):
    # given members with other codes and blanks (no 岗位类别, 技能等级, 户籍类型, 会员编号 or tags)
    MemberFactory.create(
        org=world.org_a,
        name="李强",
        gender="M",
        employment=Employment.CONTRACT,
        status=MemberStatus.RETIRED_KEPT,
    )
    MemberFactory.create(
        org=world.org_a, name="张敏", job_category=JobCategory.TEACHER, household_type="urban"
    )
    members = {m.name: m for m in Member.objects.filter(name__in=["王秀英", "李强", "张敏"])}
    # when the workbook is written as the export writes it and read back
    buffer = io.BytesIO()
    write_workbook(buffer, MemberRosterExporter().sheets(user=world.org_admin, params={}))
    cells = {row[0]: row for row in read_rows(buffer.getvalue())[1:] if row[0] in members}
    # then every coded cell holds the label the model displays, cell by cell
    displayed = {
        "性别": lambda m: m.get_gender_display(),
        "证件类型": lambda m: m.get_id_type_display(),
        "用工性质": lambda m: m.get_employment_display(),
        "岗位类别": lambda m: m.get_job_category_display(),
        "技能等级": lambda m: m.get_skill_level_display(),
        "户籍类型": lambda m: m.get_household_type_display(),
        "会籍状态": lambda m: m.get_status_display(),
        "证件号码": lambda m: m.id_number_masked,
        "手机号": lambda m: m.phone_masked,
        "会员编号": lambda m: m.member_number or "",
        "标签": lambda m: "、".join(t.name for t in m.tags.all()),
    }
    assert len(cells) == 3
    for name, member in members.items():
        for header, display in displayed.items():
            assert cells[name][ROSTER_HEADERS.index(header)] == display(member), (name, header)
    assert cells["李强"][ROSTER_HEADERS.index("会籍状态")] == str(MemberStatus.RETIRED_KEPT.label) != "在籍"


def test_unmasked_roster_rows_carry_the_full_identity(world, wang):
    # when
    row = next(iter(MemberRosterUnmaskedExporter().rows(user=world.org_admin, params={"q": "王秀英"})))
    # then
    assert row[5] == decrypt_identifier(wang.id_number_encrypted)
    assert row[6] == "13911112222"


def test_unmasked_roster_is_scoped_to_members_reveal(world, wang, staff_a):
    # given staff of org A may view but not reveal
    exporter = MemberRosterUnmaskedExporter()
    # then
    assert exporter.count(user=staff_a, params={}) == 0
    assert MemberRosterExporter().count(user=staff_a, params={}) == 2
    assert list(exporter.rows(user=staff_a, params={})) == []


def test_acftu_rows_use_the_coded_values(world, wang):
    # when
    rows = list(MemberAcftuExporter().rows(user=world.org_admin, params={"q": "王秀英"}))
    # then
    assert dict(zip([c.header for c in ACFTU_COLUMNS], rows[0], strict=True)) == {
        "姓名": "王秀英",
        "性别代码": "2",
        "民族代码": "03",
        "出生日期": "19880517",
        "证件类型代码": "111",
        "证件号码": decrypt_identifier(wang.id_number_encrypted),
        "手机号码": "13911112222",
        "学历代码": "21",
        "政治面貌代码": "01",
        "用工性质代码": "3",
        "岗位职称": "护师",
        "技能等级代码": "3",
        "户籍类型代码": "2",
        "工作单位": "甲县第一中学",
        "所在工会": "甲县第一中学工会",
        "入会日期": "20150901",
        "会员编号": "ORGA-2015-00001",
        "会员卡号": "6222000011112222",
        "是否劳模": "0",
        "是否农民工": "1",
        "会籍状态代码": "1",
        "会籍变动日期": "20150901",
    }


def test_acftu_mapping_is_configurable_per_key(world, wang, settings):
    # given the receiving system codes gender as M/W and the 汉/回 codes differently
    settings.MEMBERS_ACFTU_CODE_MAPS = {"gender": {"F": "W"}, "ethnicity": {"03": "HUI"}}
    # when
    row = next(iter(MemberAcftuExporter().rows(user=world.org_admin, params={"q": "王秀英"})))
    # then the overridden values change and the others keep the defaults
    assert (row[1], row[2], row[4]) == ("W", "HUI", "111")
    assert acftu_code_maps()["gender"] == {"M": "1", "F": "W"}


def test_acftu_export_has_the_filters_of_the_list(world, wang):
    # when
    exporter = MemberAcftuExporter()
    # then
    assert exporter.count(user=world.org_admin, params={"employment": "dispatched"}) == 1
    assert exporter.count(user=world.org_admin, params={"status": "left"}) == 0


# --- through the export pages -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "actor", "status", "names"),
    [
        ("outsider exports only its own members", "outsider", 200, ["乙会员"]),
        ("plain member has no console", "org_member", 403, None),
        ("org admin exports its members", "org_admin", 200, ["甲会员", "王秀英"]),
    ],
)
def test_masked_export_access(request, client, world, wang, _case, actor, status, names):
    # given
    MemberFactory.create(org=world.org_b, name="乙会员")
    client.force_login(request.getfixturevalue(actor))
    # when
    r = _export(client, "members")
    # then
    assert r.status_code == status
    if names is None:
        assert not AuditLog.objects.filter(action=AuditAction.EXPORT).exists()
        return
    rows = read_rows(r.content)
    assert rows[0] == list(ROSTER_HEADERS)
    assert sorted(row[0] for row in rows[1:]) == sorted(names)
    log = AuditLog.objects.get(action=AuditAction.EXPORT)
    assert log.summary == f"导出会员名册 {len(names)} 行"


def test_masked_export_never_holds_a_full_identity(client, world, wang):
    # given
    client.force_login(world.org_admin)
    # when
    r = _export(client, "members", {"q": "王秀英"})
    # then
    rows = read_rows(r.content)
    assert rows[1][5:7] == [wang.id_number_masked, "139****2222"]
    assert decrypt_identifier(wang.id_number_encrypted).encode() not in r.content


@pytest.mark.parametrize("kind", ["members_unmasked", "members_acftu"])
@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("staff lacks members.reveal", "staff_a", 403),
        ("plain member has no console", "org_member", 403),
        ("org admin may export unmasked", "org_admin", 200),
    ],
)
def test_unmasked_exports_need_members_reveal(request, client, world, wang, kind, _case, actor, status):
    # given
    client.force_login(request.getfixturevalue(actor))
    # when
    r = _export(client, kind, {"q": "王秀英"})
    # then
    assert r.status_code == status
    assert AuditLog.objects.filter(action=AuditAction.EXPORT).exists() is (status == 200)
    if status == 200:
        assert decrypt_identifier(wang.id_number_encrypted) in [str(v) for v in read_rows(r.content)[1]]


def test_unmasked_export_is_audited_as_such(client, world, wang):
    # given
    client.force_login(world.org_admin)
    # when
    _export(client, "members_unmasked", {"q": "王秀英"})
    _export(client, "members_acftu", {"q": "王秀英"})
    # then
    summaries = list(
        AuditLog.objects.filter(action=AuditAction.EXPORT).order_by("id").values_list("summary", "actor")
    )
    assert summaries == [
        ("导出会员名册（未脱敏） 1 行", world.org_admin.pk),
        ("导出会员实名制数据（全总代码·未脱敏） 1 行", world.org_admin.pk),
    ]


def test_outsider_unmasked_export_holds_nothing_of_org_a(client, world, wang):
    # given
    client.force_login(world.outsider)
    # when
    r = _export(client, "members_unmasked")
    # then
    assert read_rows(r.content) == [list(ROSTER_HEADERS)]
    assert "王秀英".encode() not in r.content


def test_large_export_runs_as_a_job(client, world, wang, monkeypatch, django_capture_on_commit_callbacks):
    # given exports above one row become jobs
    monkeypatch.setattr(sheet_services, "DIRECT_EXPORT_MAX_ROWS", 1)
    MemberFactory.create_batch(3, org=world.org_a, status=MemberStatus.LEFT)
    client.force_login(world.org_admin)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        r = _export(client, "members", {"status": "left"})
    # then
    job = ExportJob.objects.get()
    assert r["Location"] == job.get_absolute_url()
    assert (job.status, job.total_rows, job.params) == (ExportStatus.DONE, 3, {"status": "left"})
    download = client.get(reverse("spreadsheets:export_job_download", args=[job.public_id]))
    status = ROSTER_HEADERS.index("会籍状态")
    assert [row[status] for row in read_rows(download.content)[1:]] == ["已退会"] * 3
    assert AuditLog.objects.get(action=AuditAction.EXPORT).summary == "导出会员名册 3 行"
