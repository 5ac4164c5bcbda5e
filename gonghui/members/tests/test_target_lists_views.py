"""名单管理 pages: the list (search, empty state), a list by filter (with its live count), by import (the report of
unmatched rows), a list's page (phones masked), its export, its deletion — each with three actors: org A's admin,
org A's plain member, org B's admin."""

import datetime as dt

import pytest
from django.urls import reverse

from gonghui.core.excel import read_rows
from gonghui.members.choices import JobCategory
from gonghui.members.models import TargetList
from gonghui.members.selectors.filters import MemberFilter
from gonghui.members.services.target_lists import target_list_create_from_filter
from gonghui.members.tests.factories import MemberFactory
from tests import hostile_files as hostile

pytestmark = pytest.mark.django_db


@pytest.fixture
def target_list(world):
    """A list of org A holding member A and a woman teacher."""
    MemberFactory.create(org=world.org_a, gender="F", job_category=JobCategory.TEACHER, phone="13512345678")
    return target_list_create_from_filter(
        org=world.org_a,
        name="读书会名单",
        reason="读书会通知",
        member_filter=MemberFilter(),
        actor=world.org_admin,
    )


def test_the_list_page_searches_and_shows_an_empty_state(client, world, target_list):
    client.force_login(world.org_admin)
    page = client.get(reverse("members:target_list_list")).content.decode()
    assert "读书会名单" in page
    assert "按条件生成名单" in page
    found = client.get(reverse("members:target_list_list"), {"q": "慰问"}).content.decode()
    assert "没有找到与“慰问”相关的名单" in found
    assert "读书会名单" not in found


def test_another_union_sees_none_of_the_lists(client, world, target_list):
    client.force_login(world.outsider)
    page = client.get(reverse("members:target_list_list")).content.decode()
    assert "读书会名单" not in page
    assert "还没有名单" in page


def test_a_list_page_masks_the_phones(client, world, target_list):
    client.force_login(world.org_admin)
    page = client.get(reverse("members:target_list_detail", args=[target_list.public_id])).content.decode()
    assert "135****5678" in page
    assert "13512345678" not in page
    assert 'data-confirm="确定删除名单“读书会名单”吗' in page
    assert '<dd class="col-sm-10" data-count>2</dd>' in page


def test_the_export_is_masked(client, world, target_list):
    client.force_login(world.org_admin)
    r = client.get(reverse("members:target_list_export", args=[target_list.public_id]))
    rows = read_rows(r.content)
    assert rows[0] == ["姓名", "性别", "所属工会", "证件号码", "手机号", "会籍状态"]
    assert sorted(row[4] for row in rows[1:]) == ["135****5678", "137****1111"]


def test_a_list_by_filter_from_the_form(client, world):
    # given a young woman in org A
    young = dt.date(dt.date.today().year - 25, 1, 1)  # noqa: DTZ011 - a birth date
    woman = MemberFactory.create(org=world.org_a, gender="F", birth_date=young)
    client.force_login(world.org_admin)
    page = client.get(reverse("members:target_list_create")).content.decode()
    assert 'hx-get="/members/filter-count/"' in page
    assert "符合条件：<strong>2</strong> 人" in page
    # when the form is posted with the filter
    r = client.post(
        reverse("members:target_list_create"),
        {
            "org": "ORGA",
            "name": "青年女职工",
            "reason": "三八节活动",
            "gender": "F",
            "age_bands": ["lt35"],
            "statuses": ["active"],
            "include_descendants": "on",
        },
    )
    # then the list is made and its page opens
    made = TargetList.objects.get()
    assert r.status_code == 302
    assert r["Location"] == reverse("members:target_list_detail", args=[made.public_id])
    assert list(made.members.all()) == [woman]
    assert made.criteria == {"gender": "F", "age_bands": ["lt35"], "statuses": ["active"]}


def test_a_list_by_filter_names_the_missing_fields_and_keeps_the_count(client, world):
    MemberFactory.create(org=world.org_a, gender="F")
    client.force_login(world.org_admin)
    page = client.post(reverse("members:target_list_create"), {"org": "ORGA", "gender": "F"}).content.decode()
    assert "请填写名单名称" in page
    assert "请填写名单用途" in page
    assert "符合条件：<strong>1</strong> 人" in page
    assert not TargetList.objects.exists()


def test_an_import_reports_the_unmatched_rows(client, world):
    client.force_login(world.org_admin)
    content = hostile.xlsx(["手机号"], [[world.member_a.phone], ["13999999999"]])
    upload = _upload(content)
    page = client.post(
        reverse("members:target_list_import"),
        {"org": "ORGA", "name": "慰问名单", "reason": "春节慰问", "mode": "all", "file": upload},
    ).content.decode()
    assert "第 3 行" in page
    assert "本单位在籍会员中没有手机号为 139****9999 的会员" in page
    assert "未生成名单" in page
    assert not TargetList.objects.exists()
    upload = _upload(content)
    page = client.post(
        reverse("members:target_list_import"),
        {"org": "ORGA", "name": "慰问名单", "reason": "春节慰问", "mode": "valid", "file": upload},
    ).content.decode()
    assert "已生成名单“慰问名单”（1 人）" in page
    assert list(TargetList.objects.get().members.all()) == [world.member_a]


def test_an_import_refuses_a_csv_by_its_name(client, world):
    client.force_login(world.org_admin)
    upload = _upload(hostile.utf8_csv([["手机号"], ["13700001111"]]), name="名单.csv")
    page = client.post(
        reverse("members:target_list_import"),
        {"org": "ORGA", "name": "名单", "reason": "用途", "mode": "all", "file": upload},
    ).content.decode()
    assert "名单文件请上传 .xlsx 或 .xls 格式的 Excel 文件" in page


def _upload(content, name="名单.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


# ---- three actors -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [("org admin", "org_admin", 200), ("plain member", "org_member", 403), ("other union", "outsider", 404)],
)
@pytest.mark.parametrize("route", ["members:target_list_detail", "members:target_list_export"])
def test_a_list_is_seen_by_its_union(client, world, target_list, route, _case, actor, status):
    client.force_login(getattr(world, actor))
    assert client.get(reverse(route, args=[target_list.public_id])).status_code == status


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [("org admin", "org_admin", 302), ("plain member", "org_member", 403), ("other union", "outsider", 404)],
)
def test_a_list_is_deleted_by_its_union(client, world, target_list, _case, actor, status):
    client.force_login(getattr(world, actor))
    r = client.post(reverse("members:target_list_delete", args=[target_list.public_id]))
    assert r.status_code == status
    assert TargetList.objects.filter(pk=target_list.pk).exists() is (status != 302)


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [("org admin", "org_admin", 200), ("plain member", "org_member", 403), ("other union", "outsider", 200)],
)
@pytest.mark.parametrize(
    "route", ["members:target_list_list", "members:target_list_create", "members:target_list_import"]
)
def test_the_pages_are_console_pages(client, world, route, _case, actor, status):
    client.force_login(getattr(world, actor))
    assert client.get(reverse(route)).status_code == status


def test_another_union_cannot_make_a_list_of_this_union(client, world):
    client.force_login(world.outsider)
    page = client.post(
        reverse("members:target_list_create"), {"org": "ORGA", "name": "名单", "reason": "用途"}
    ).content.decode()
    assert "ORGA" not in page or "选择一个有效的选项" in page
    assert not TargetList.objects.exists()


def test_the_list_page_costs_the_same_queries_for_more_lists(client, world, target_list):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.org_admin)
    url = reverse("members:target_list_list")
    client.get(url)  # warm the session and the grants
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(4):
        target_list_create_from_filter(
            org=world.org_a,
            name=f"名单{n}",
            reason="用途",
            member_filter=MemberFilter(),
            actor=world.org_admin,
        )
    with CaptureQueriesContext(connection) as five:
        page = client.get(url).content.decode()
    assert page.count("data-source=") == 5
    assert len(five) == len(one)


def test_the_import_template_filled_in_imports(client, world):
    # given the downloaded template
    client.force_login(world.org_admin)
    r = client.get(reverse("members:target_list_import_template"))
    header = read_rows(r.content)[0]
    assert header == ["身份证号", "手机号", "姓名"]
    # when a row is added under its header and the file comes back
    filled = hostile.xlsx(header, [["", world.member_a.phone, world.member_a.name]])
    page = client.post(
        reverse("members:target_list_import"),
        {"org": "ORGA", "name": "模板名单", "reason": "测试", "mode": "all", "file": _upload(filled)},
    ).content.decode()
    # then the list holds the member
    assert "已生成名单“模板名单”（1 人）" in page
    assert list(TargetList.objects.get().members.all()) == [world.member_a]
