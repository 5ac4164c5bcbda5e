"""Org tree pages of the console: one happy path per page and its permission matrix (outsider 404,
plain member 403, admin 200/302), checking the side effect happened only when allowed."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.core.models import AuditLog
from gonghui.core.timeline import timeline_record
from gonghui.orgs.choices import OrgLevel, OrgStatus
from gonghui.orgs.models import Department, Org
from gonghui.orgs.services.tree import ORG_FIELDS
from gonghui.orgs.tests.factories import OrgFactory

from .side_effects import audit_rows, timeline_rows

HTMX = {"HTTP_HX_REQUEST": "true"}
# session, the user with its role grants (one statement: accounts.session_user), then the page's own reads:
# search (a whole page) = the unread-notification count of the shell + count + one page of rows;
# children (an HTMX fragment, no shell, so no unread count) = the parent org + its children.
PINNED_SEARCH_QUERIES = 5
PINNED_CHILDREN_QUERIES = 4


def _login(client, user):
    client.force_login(user)
    return client


def _fresh(org: Org) -> Org:
    return Org.objects.get(pk=org.pk)


def _new_org_form(**overrides):
    data = {
        "name": "甲县第一中学初中部分工会",
        "short_name": "",
        "unit_name": "甲县第一中学",
        "code": "ORGA-F2",
        "level": OrgLevel.BRANCH,
        "credit_code": "",
        "unit_category": "",
        "industry": "",
        "headcount_established": "12",
        "headcount_contract": "3",
        "headcount_dispatched": "0",
        "founding_status": "complete",
        "founded_on": "",
        "term_started_on": "",
        "term_ends_on": "",
        "chair_name": "",
        "contact_name": "",
        "contact_phone": "",
        "address": "",
    }
    data.update(overrides)
    return data


def _edit_form(org: Org, **overrides):
    data = {}
    for field in ORG_FIELDS:
        value = getattr(org, field)
        if isinstance(value, bool):
            if value:
                data[field] = "on"
            continue
        if isinstance(value, list):  # 别名: one a line
            data[field] = "\n".join(value)
            continue
        data[field] = "" if value is None else str(value)
    data.update(overrides)
    return data


def _field_error(html: str, field: str) -> str:
    """The error text rendered in the same form group as the field's widget."""
    start = html.index(f'id="id_{field}"')
    group_end = html.find('<div class="mb-3', start)
    group = html[start : group_end if group_end != -1 else len(html)]
    found = re.search(r'<div class="invalid-feedback d-block">(.*?)</div>', group, re.S)
    return found.group(1).strip() if found else ""


def _row_codes(response) -> list[str]:
    return [o.code for o in response.context["page"]]


# --- tree, search, children -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "actor", "status", "roots"),
    [
        ("outsider sees only its own union", "outsider", 200, ["ORGB"]),
        ("plain member may not browse", "org_member", 403, None),
        ("org admin starts at its union", "org_admin", 200, ["ORGA"]),
        ("city admin starts at the city", "city_admin", 200, ["CITY"]),
    ],
)
def test_org_tree_access(request, client, world, _case, actor, status, roots):
    # given
    _login(client, request.getfixturevalue(actor))
    # when
    r = client.get(reverse("orgs:org_tree"))
    # then
    assert r.status_code == status
    if roots is not None:
        assert [o.code for o in r.context["roots"]] == roots
        assert ("甲县第一中学工会" in r.content.decode()) is ("ORGA" in roots)


def test_org_tree_anonymous_is_sent_to_login(client, world):
    # when
    r = client.get(reverse("orgs:org_tree"))
    # then
    assert r.status_code == 302
    assert r["Location"] == "/accounts/login/?next=/orgs/"


def test_org_tree_renders_the_root_node(client, world, city_admin):
    # when
    r = _login(client, city_admin).get(reverse("orgs:org_tree"))
    # then the root is rendered with a toggle that loads its children
    html = r.content.decode()
    assert r.status_code == 200
    assert 'data-org="CITY"' in html
    assert f'hx-get="{reverse("orgs:org_children", args=["CITY"])}"' in html
    assert r.context["searching"] is False


@pytest.mark.parametrize(
    ("params", "codes"),
    [
        ({"q": "甲县"}, ["CX", "ORGA"]),
        ({"q": "orga"}, ["ORGA"]),
        ({"level": "county"}, ["CX", "CY"]),
        ({"status": "inactive"}, ["ORGB"]),
        ({"status": "active", "level": "grassroots"}, ["ORGA"]),
        ({"q": "医院", "status": "active"}, []),
    ],
)
def test_org_search_filters(client, world, city_admin, params, codes):
    # given org B is inactive
    Org.objects.filter(pk=world.org_b.pk).update(status=OrgStatus.INACTIVE)
    # when
    r = _login(client, city_admin).get(reverse("orgs:org_tree"), params)
    # then
    assert r.status_code == 200
    assert r.context["searching"] is True
    assert _row_codes(r) == codes


def test_org_search_is_scoped(client, world):
    # when org B's admin searches for org A
    r = _login(client, world.outsider).get(reverse("orgs:org_tree"), {"q": "甲县"})
    # then
    assert _row_codes(r) == []
    assert "没有找到符合条件的组织" in r.content.decode()


def test_org_search_paginates(client, world, county_x_admin):
    # given 30 matching unions in 甲县
    for n in range(1, 31):
        OrgFactory.create(parent=world.county_x, code=f"S{n:02d}", name=f"甲县测试学校{n:02d}工会")
    _login(client, county_x_admin)
    # when
    first = client.get(reverse("orgs:org_tree"), {"q": "测试学校"})
    second = client.get(reverse("orgs:org_tree"), {"q": "测试学校", "page": "2"})
    # then
    assert _row_codes(first) == [f"S{n:02d}" for n in range(1, 26)]
    assert _row_codes(second) == [f"S{n:02d}" for n in range(26, 31)]
    assert "共 30 条，第 1 / 2 页" in first.content.decode()
    assert "?q=%E6%B5%8B%E8%AF%95%E5%AD%A6%E6%A0%A1&amp;page=2" in first.content.decode()


def test_org_search_htmx_returns_only_the_results(client, world, city_admin):
    # when
    r = _login(client, city_admin).get(reverse("orgs:org_tree"), {"q": "甲县"}, **HTMX)
    # then
    assert r.status_code == 200
    assert [t.name for t in r.templates][0] == "orgs/partials/org_search_results.html"
    assert "<html" not in r.content.decode()
    assert _row_codes(r) == ["CX", "ORGA"]


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("outsider sees nothing", "outsider", 404),
        ("plain member may not browse", "org_member", 403),
        ("org admin expands its union", "org_admin", 200),
    ],
)
def test_org_children_access(request, client, world, branch_a, _case, actor, status):
    # given
    _login(client, request.getfixturevalue(actor))
    # when
    r = client.get(reverse("orgs:org_children", args=["ORGA"]))
    # then
    assert r.status_code == status
    assert ("甲县第一中学高中部分工会" in r.content.decode()) is (status == 200)


def test_org_children_partial_lists_the_children(client, world, city_admin):
    # when
    r = _login(client, city_admin).get(reverse("orgs:org_children", args=["CITY"]), **HTMX)
    # then
    html = r.content.decode()
    assert [o.code for o in r.context["nodes"]] == ["CX", "CY"]
    assert 'data-org="CX"' in html
    assert 'data-org="CY"' in html
    assert "<html" not in html


def test_org_children_partial_of_a_leaf(client, world):
    # when
    r = _login(client, world.org_admin).get(reverse("orgs:org_children", args=["ORGA"]))
    # then
    assert "没有下级组织" in r.content.decode()


# --- detail -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("outsider sees nothing", "outsider", 404),
        ("plain member may not browse", "org_member", 403),
        ("org admin sees its union", "org_admin", 200),
    ],
)
def test_org_detail_access(request, client, world, _case, actor, status):
    # given
    _login(client, request.getfixturevalue(actor))
    # when
    r = client.get(reverse("orgs:org_detail", args=["ORGA"]))
    # then
    assert r.status_code == status
    assert ("13811112222" in r.content.decode()) is (status == 200)


def test_org_detail_shows_facts_children_departments_and_timeline(client, world, branch_a):
    # given
    Department.objects.create(org=world.org_a, name="女职工部", sort_order=1)
    _login(client, world.org_admin)
    client.post(reverse("orgs:org_edit", args=["ORGA"]), _edit_form(world.org_a, chair_name="王主席"))
    # when
    r = client.get(reverse("orgs:org_detail", args=["ORGA"]))
    # then
    html = r.content.decode()
    assert r.status_code == 200
    assert [a.code for a in r.context["ancestors"]] == ["CITY", "CX"]
    assert [c.code for c in r.context["children"]] == ["ORGA-F1"]
    assert [d.name for d in r.context["departments"]] == ["女职工部"]
    assert [e.note for e in r.context["timeline"]] == ["修改了：工会主席"]
    assert "下级组织（1）" in html
    assert "甲县第一中学高中部分工会" in html
    assert "王主席" in html
    # org A's admin manages org A but may not move it (that needs the county)
    assert r.context["can_manage"] is True
    assert r.context["can_move"] is False
    assert reverse("orgs:org_edit", args=["ORGA"]) in html
    assert reverse("orgs:org_move", args=["ORGA"]) not in html


def test_org_detail_of_a_branch_offers_move_and_deactivate(client, world, branch_a):
    # when
    r = _login(client, world.org_admin).get(reverse("orgs:org_detail", args=["ORGA-F1"]))
    # then
    html = r.content.decode()
    assert reverse("orgs:org_move", args=["ORGA-F1"]) in html
    assert reverse("orgs:org_deactivate", args=["ORGA-F1"]) in html
    assert reverse("orgs:org_reactivate", args=["ORGA-F1"]) not in html


def test_org_detail_of_an_inactive_org_offers_reactivate(client, world, branch_a):
    # given
    Org.objects.filter(pk=branch_a.pk).update(status=OrgStatus.INACTIVE)
    # when
    r = _login(client, world.org_admin).get(reverse("orgs:org_detail", args=["ORGA-F1"]))
    # then
    html = r.content.decode()
    assert "已停用" in html
    assert reverse("orgs:org_reactivate", args=["ORGA-F1"]) in html
    assert reverse("orgs:org_edit", args=["ORGA-F1"]) not in html


def test_org_detail_for_view_only_staff_has_no_actions(client, world, staff_a):
    # when
    r = _login(client, staff_a).get(reverse("orgs:org_detail", args=["ORGA"]))
    # then
    html = r.content.decode()
    assert r.status_code == 200
    assert reverse("orgs:org_edit", args=["ORGA"]) not in html
    assert reverse("orgs:department_create", args=["ORGA"]) not in html


# --- create -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("outsider sees nothing", "outsider", 404),
        ("plain member may not create", "org_member", 403),
        ("view-only staff may not create", "staff_a", 403),
        ("org admin creates a branch", "org_admin", 302),
    ],
)
def test_org_create_view_access(request, client, world, _case, actor, status):
    # given
    _login(client, request.getfixturevalue(actor))
    # when
    r = client.post(reverse("orgs:org_create", args=["ORGA"]), _new_org_form())
    # then
    assert r.status_code == status
    assert Org.objects.filter(code="ORGA-F2").exists() is (status == 302)


def test_org_create_view_happy_path(client, world):
    # given
    _login(client, world.org_admin)
    assert client.get(reverse("orgs:org_create", args=["ORGA"])).status_code == 200
    # when
    r = client.post(
        reverse("orgs:org_create", args=["ORGA"]),
        _new_org_form(code="orga-f2", credit_code="91350100m000100y43"),
    )
    # then
    org = Org.objects.get(code="ORGA-F2")
    assert r.status_code == 302
    assert r["Location"] == "/orgs/ORGA-F2/"
    assert Org.objects.get_parent(org) == world.org_a
    assert (org.level, org.credit_code, org.headcount_total) == (OrgLevel.BRANCH, "91350100M000100Y43", 15)
    assert timeline_rows(org) == [("create", "", "active", "上级组织：甲县第一中学工会")]
    assert audit_rows(org) == [("admin_edit", "新建组织 甲县第一中学初中部分工会（ORGA-F2）")]


def test_org_create_view_over_htmx_redirects_with_a_header(client, world):
    # when
    r = _login(client, world.org_admin).post(
        reverse("orgs:org_create", args=["ORGA"]), _new_org_form(), **HTMX
    )
    # then
    assert r.status_code == 204
    assert r["HX-Redirect"] == "/orgs/ORGA-F2/"


@pytest.mark.parametrize(
    ("_case", "overrides", "field", "message"),
    [
        (
            "county under a grassroots union",
            {"level": "county"},
            "level",
            "“甲县第一中学工会”下不能设立该层级的组织",
        ),
        ("duplicate name", {"name": "乙县人民医院工会"}, "name", "已有同名的工会组织"),
        ("duplicate code", {"code": "ORGB"}, "code", "组织编码已被使用"),
        (
            "bad code",
            {"code": "A B"},
            "code",
            "组织编码须以大写字母开头，由2–20位大写字母、数字或短横线组成",
        ),
        (
            "bad credit code",
            {"credit_code": "91350100M000100Y44"},
            "credit_code",
            "统一社会信用代码校验位不正确，请核对",
        ),
        (
            "forbidden letter",
            {"credit_code": "91350100I000100Y43"},
            "credit_code",
            "统一社会信用代码含有无效字符“I”（不使用 I、O、S、V、Z）",
        ),
        ("missing name", {"name": ""}, "name", "这个字段是必填项。"),
        ("bad phone", {"contact_phone": "0391-123"}, "contact_phone", "请输入11位中国大陆手机号"),
        (
            "term ends before it starts",
            {"term_started_on": "2025-01-01", "term_ends_on": "2024-01-01"},
            None,
            "任期届满日期不能早于任期开始日期",
        ),
    ],
)
def test_org_create_view_shows_the_error_next_to_the_field(client, world, _case, overrides, field, message):
    # when
    r = _login(client, world.org_admin).post(
        reverse("orgs:org_create", args=["ORGA"]), _new_org_form(**overrides)
    )
    # then the form is shown again with the Chinese error where it belongs
    assert r.status_code == 200
    form = r.context["form"]
    if field is None:
        assert form.non_field_errors() == [message]
        assert message in r.content.decode()
    else:
        assert form.errors[field] == [message]
        assert _field_error(r.content.decode(), field) == message
    assert Org.objects.count() == 5


def test_org_create_view_with_an_empty_post_lists_the_missing_fields(client, world):
    # when
    r = _login(client, world.org_admin).post(reverse("orgs:org_create", args=["ORGA"]), {})
    # then
    assert r.status_code == 200
    assert _field_error(r.content.decode(), "name") == "这个字段是必填项。"
    assert _field_error(r.content.decode(), "code") == "这个字段是必填项。"
    assert Org.objects.count() == 5


def test_org_create_view_shows_a_duplicate_credit_code_next_to_the_field(client, world):
    # given
    Org.objects.filter(pk=world.org_b.pk).update(credit_code="91350100M000100Y43")
    # when
    r = _login(client, world.org_admin).post(
        reverse("orgs:org_create", args=["ORGA"]), _new_org_form(credit_code="91350100m000100y43")
    )
    # then
    assert r.status_code == 200
    assert (
        _field_error(r.content.decode(), "credit_code") == "已有同一统一社会信用代码的工会：乙县人民医院工会"
    )
    assert not Org.objects.filter(code="ORGA-F2").exists()


def test_org_create_view_under_an_inactive_parent_shows_a_form_error(client, world, county_x_admin):
    # given
    Org.objects.filter(pk=world.org_a.pk).update(status=OrgStatus.INACTIVE)
    # when
    r = _login(client, county_x_admin).post(reverse("orgs:org_create", args=["ORGA"]), _new_org_form())
    # then
    assert r.status_code == 200
    assert r.context["form"].non_field_errors() == ["上级组织已停用，不能新建下级组织"]
    assert not Org.objects.filter(code="ORGA-F2").exists()


# --- edit -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("outsider sees nothing", "outsider", 404),
        ("plain member may not edit", "org_member", 403),
        ("view-only staff may not edit", "staff_a", 403),
        ("org admin edits its union", "org_admin", 302),
    ],
)
def test_org_edit_view_access(request, client, world, _case, actor, status):
    # given
    _login(client, request.getfixturevalue(actor))
    # when
    r = client.post(reverse("orgs:org_edit", args=["ORGA"]), _edit_form(world.org_a, chair_name="王主席"))
    # then
    assert r.status_code == status
    assert (_fresh(world.org_a).chair_name == "王主席") is (status == 302)
    assert AuditLog.objects.exists() is (status == 302)


def test_org_edit_view_happy_path(client, world):
    # given
    _login(client, world.org_admin)
    page = client.get(reverse("orgs:org_edit", args=["ORGA"]))
    assert page.status_code == 200
    assert page.context["form"].initial["name"] == "甲县第一中学工会"
    # when
    r = client.post(
        reverse("orgs:org_edit", args=["ORGA"]),
        _edit_form(world.org_a, address="人民路1号", headcount_established="88", is_private="on"),
    )
    # then
    org = _fresh(world.org_a)
    assert r.status_code == 302
    assert r["Location"] == "/orgs/ORGA/"
    assert (org.address, org.headcount_established, org.is_private) == ("人民路1号", 88, True)
    assert timeline_rows(org) == [("edit", "", "", "修改了：民办单位、在编职工数、地址")]


def test_org_edit_view_shows_service_errors_on_the_field(client, world, branch_a):
    # when
    r = _login(client, world.org_admin).post(
        reverse("orgs:org_edit", args=["ORGA"]), _edit_form(world.org_a, level="branch")
    )
    # then
    assert r.status_code == 200
    assert _field_error(r.content.decode(), "level") == "该层级低于现有下级组织，不能修改"
    assert _fresh(world.org_a).level == OrgLevel.GRASSROOTS


# --- move -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("outsider sees nothing", "outsider", 404),
        ("plain member may not move", "org_member", 403),
        ("grassroots admin may not carry its own union away", "org_admin", 403),
        ("county admin lacks the target", "county_x_admin", 200),
        ("city admin moves the union", "city_admin", 302),
    ],
)
def test_org_move_view_access(request, client, world, _case, actor, status):
    # given
    _login(client, request.getfixturevalue(actor))
    # when
    r = client.post(reverse("orgs:org_move", args=["ORGA"]), {"new_parent": world.county_y.pk})
    # then
    assert r.status_code == status
    parent = Org.objects.get_parent(_fresh(world.org_a))
    assert parent == (world.county_y if status == 302 else world.county_x)
    assert audit_rows(world.org_a) == (
        [("admin_edit", "移动组织 甲县第一中学工会 至 乙县教育工会")] if status == 302 else []
    )


def test_org_move_view_happy_path(client, world, branch_a, city_admin):
    # given
    _login(client, city_admin)
    page = client.get(reverse("orgs:org_move", args=["ORGA"]))
    assert page.status_code == 200
    assert [o.code for o in page.context["form"].fields["new_parent"].queryset] == ["CITY", "CY"]
    assert page.context["descendant_count"] == 1
    # when
    r = client.post(reverse("orgs:org_move", args=["ORGA"]), {"new_parent": world.county_y.pk})
    # then the union and its branch now sit under 乙县
    assert r.status_code == 302
    assert r["Location"] == "/orgs/ORGA/"
    county_y = _fresh(world.county_y)
    assert _fresh(world.org_a).path.startswith(county_y.path)
    assert _fresh(branch_a).path.startswith(county_y.path)


def test_org_move_view_refuses_a_target_outside_the_choices(client, world, branch_a, county_x_admin):
    # when the county admin posts 乙县, which it does not manage
    r = _login(client, county_x_admin).post(
        reverse("orgs:org_move", args=["ORGA"]), {"new_parent": world.county_y.pk}
    )
    # then
    assert r.status_code == 200
    assert _field_error(r.content.decode(), "new_parent") == "不能移动到所选组织"
    assert Org.objects.get_parent(_fresh(world.org_a)) == world.county_x


def test_org_move_view_requires_a_target(client, world, city_admin):
    # when
    r = _login(client, city_admin).post(reverse("orgs:org_move", args=["ORGA"]), {})
    # then
    assert _field_error(r.content.decode(), "new_parent") == "请选择新的上级组织"


# --- deactivate / reactivate ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("outsider sees nothing", "outsider", 404),
        ("plain member may not deactivate", "org_member", 403),
        ("view-only staff may not deactivate", "staff_a", 403),
        ("org admin deactivates its branch", "org_admin", 302),
    ],
)
def test_org_deactivate_view_access(request, client, world, branch_a, _case, actor, status):
    # given
    _login(client, request.getfixturevalue(actor))
    # when
    r = client.post(reverse("orgs:org_deactivate", args=["ORGA-F1"]), {"reason": "学校合并"})
    # then
    assert r.status_code == status
    assert _fresh(branch_a).status == (OrgStatus.INACTIVE if status == 302 else OrgStatus.ACTIVE)
    assert len(timeline_rows(branch_a)) == (1 if status == 302 else 0)


def test_org_deactivate_view_happy_path(client, world, branch_a):
    # given
    _login(client, world.org_admin)
    assert client.get(reverse("orgs:org_deactivate", args=["ORGA-F1"])).status_code == 200
    # when
    r = client.post(reverse("orgs:org_deactivate", args=["ORGA-F1"]), {"reason": "学校合并"})
    # then
    assert r.status_code == 302
    assert r["Location"] == "/orgs/ORGA-F1/"
    assert timeline_rows(branch_a) == [("deactivate", "active", "inactive", "学校合并")]


@pytest.mark.parametrize(("_case", "data"), [("blank reason", {"reason": "  "}), ("empty POST", {})])
def test_org_deactivate_view_requires_a_reason(client, world, branch_a, _case, data):
    # when
    r = _login(client, world.org_admin).post(reverse("orgs:org_deactivate", args=["ORGA-F1"]), data)
    # then
    assert r.status_code == 200
    assert _field_error(r.content.decode(), "reason") == "请填写停用原因"
    assert _fresh(branch_a).status == OrgStatus.ACTIVE


def test_org_deactivate_view_shows_why_it_is_refused(client, world, county_x_admin):
    # when org A, which has a member, is deactivated
    r = _login(client, county_x_admin).post(reverse("orgs:org_deactivate", args=["ORGA"]), {"reason": "撤并"})
    # then
    assert r.status_code == 200
    assert r.context["form"].non_field_errors() == ["该组织还有 1 名在籍会员，请先办理会员转出后再停用"]
    assert "该组织还有 1 名在籍会员，请先办理会员转出后再停用" in r.content.decode()
    assert _fresh(world.org_a).status == OrgStatus.ACTIVE


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("outsider sees nothing", "outsider", 404),
        ("plain member may not reactivate", "org_member", 403),
        ("view-only staff may not reactivate", "staff_a", 403),
        ("org admin reactivates its branch", "org_admin", 302),
    ],
)
def test_org_reactivate_view_access(request, client, world, branch_a, _case, actor, status):
    # given
    Org.objects.filter(pk=branch_a.pk).update(status=OrgStatus.INACTIVE)
    _login(client, request.getfixturevalue(actor))
    # when
    r = client.post(reverse("orgs:org_reactivate", args=["ORGA-F1"]))
    # then
    assert r.status_code == status
    assert _fresh(branch_a).status == (OrgStatus.ACTIVE if status == 302 else OrgStatus.INACTIVE)


def test_org_reactivate_view_happy_path(client, world, branch_a):
    # given
    Org.objects.filter(pk=branch_a.pk).update(status=OrgStatus.INACTIVE)
    _login(client, world.org_admin)
    # when
    r = client.post(reverse("orgs:org_reactivate", args=["ORGA-F1"]), follow=True)
    # then
    assert r.redirect_chain == [("/orgs/ORGA-F1/", 302)]
    assert [str(m) for m in r.context["messages"]] == ["已恢复 甲县第一中学高中部分工会"]
    assert timeline_rows(branch_a) == [("reactivate", "inactive", "active", "")]


def test_org_reactivate_view_reports_an_inactive_parent(client, world, branch_a, county_x_admin):
    # given
    Org.objects.filter(pk__in=[world.org_a.pk, branch_a.pk]).update(status=OrgStatus.INACTIVE)
    # when
    r = _login(client, county_x_admin).post(reverse("orgs:org_reactivate", args=["ORGA-F1"]), follow=True)
    # then
    assert [str(m) for m in r.context["messages"]] == ["上级组织已停用，请先恢复上级组织"]
    assert _fresh(branch_a).status == OrgStatus.INACTIVE


def test_org_reactivate_view_is_post_only(client, world, branch_a):
    # when
    r = _login(client, world.org_admin).get(reverse("orgs:org_reactivate", args=["ORGA-F1"]))
    # then
    assert r.status_code == 405


def test_deactivated_unions_admin_loses_the_console(client, world, county_x_admin):
    # given org A emptied and deactivated
    world.member_a.status = "left"
    world.member_a.save()
    _login(client, county_x_admin).post(reverse("orgs:org_deactivate", args=["ORGA"]), {"reason": "撤并"})
    # when org A's admin opens the tree
    client.force_login(world.org_admin)
    r = client.get(reverse("orgs:org_tree"))
    # then
    assert r.status_code == 403


# --- query counts -----------------------------------------------------------------------------------


def _add_grassroots(parent: Org, prefix: str, count: int) -> None:
    for n in range(count):
        OrgFactory.create(parent=parent, code=f"{prefix}{n:02d}", name=f"甲县查询测试{prefix}{n:02d}工会")


def _count_queries(client, url, params=None, **extra) -> int:
    client.get(url, params, **extra)  # warm up per-process caches
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url, params, **extra)
    assert r.status_code == 200
    return len(ctx.captured_queries)


def test_org_search_queries_do_not_grow_with_rows(client, world, county_x_admin, django_assert_num_queries):
    # given three matching unions
    _add_grassroots(world.county_x, "Q", 3)
    _login(client, county_x_admin)
    url = reverse("orgs:org_tree")
    few = _count_queries(client, url, {"q": "查询测试"})
    # when twenty more are added
    _add_grassroots(world.county_x, "R", 20)
    many = _count_queries(client, url, {"q": "查询测试"})
    # then
    assert many == few
    with django_assert_num_queries(few):
        r = client.get(url, {"q": "查询测试"})
    assert len(r.context["page"]) == 23


def test_org_search_query_count_is_pinned(client, world, county_x_admin, django_assert_num_queries):
    # given
    _add_grassroots(world.county_x, "Q", 3)
    _login(client, county_x_admin).get(reverse("orgs:org_tree"), {"q": "查询测试"})
    # then
    with django_assert_num_queries(PINNED_SEARCH_QUERIES):
        client.get(reverse("orgs:org_tree"), {"q": "查询测试"})


def test_org_children_queries_do_not_grow_with_rows(client, world, county_x_admin, django_assert_num_queries):
    # given
    _add_grassroots(world.county_x, "Q", 3)
    _login(client, county_x_admin)
    url = reverse("orgs:org_children", args=["CX"])
    few = _count_queries(client, url, **HTMX)
    # when
    _add_grassroots(world.county_x, "R", 20)
    many = _count_queries(client, url, **HTMX)
    # then
    assert many == few
    with django_assert_num_queries(PINNED_CHILDREN_QUERIES):
        r = client.get(url, **HTMX)
    assert len(r.context["nodes"]) == 24


def test_org_detail_timeline_renders_rows_with_and_without_an_actor(client, world):
    # given a row by org A's admin and a system row
    timeline_record(subject=world.org_a, actor=world.org_admin, action="edit", action_label="修改信息")
    timeline_record(subject=world.org_a, actor=None, action="job", action_label="系统处理")
    _login(client, world.org_admin)
    # when
    r = client.get(reverse("orgs:org_detail", args=["ORGA"]))
    # then
    assert r.status_code == 200
    assert "修改信息" in r.content.decode()
    assert "系统处理" in r.content.decode()


@pytest.mark.parametrize(
    "url_name", ["orgs:org_detail", "orgs:org_edit", "orgs:org_move", "orgs:org_deactivate"]
)
def test_breadcrumbs_link_only_orgs_the_user_may_open(client, world, branch_a, url_name):
    # given org A's own admin, who may not open 甲县 or the city, on a page of org A's branch
    _login(client, world.org_admin)
    # when
    r = client.get(reverse(url_name, args=[branch_a.code]))
    # then the unions above are named, not linked, and every org link on the page opens
    assert r.status_code == 200
    body = r.content.decode()
    assert (world.county_x.short_name or world.county_x.name) in body
    links = set(re.findall(r'href="(/orgs/[A-Za-z0-9-]+/)"', body))
    assert reverse("orgs:org_detail", args=["CX"]) not in links
    assert reverse("orgs:org_detail", args=["CITY"]) not in links
    assert {link: client.get(link).status_code for link in links} == dict.fromkeys(links, 200)
