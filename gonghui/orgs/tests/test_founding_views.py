"""建会 pages: one happy path per page, the permission matrix (outsider 404, plain member and county staff
403, county admin 200/302) with the side effect checked, validation messages on their fields, and a
query-count guard on the register list."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_cadre
from gonghui.accounts.roles import UNION_STAFF
from gonghui.core.models import TimelineEntry
from gonghui.orgs.choices import FoundingAction, FoundingStatus, UnitCategory
from gonghui.orgs.models import Org, UnionFounding
from gonghui.orgs.services.founding import founding_register, founding_transition

from .test_founding import TO_CONGRESS, credit_code, unit_data

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def county_x_admin(world):
    return make_cadre("county_x_admin", world.county_x)


@pytest.fixture
def county_x_staff(world):
    return make_cadre("county_x_staff", world.county_x, role=UNION_STAFF)


@pytest.fixture
def founding(world, county_x_admin) -> UnionFounding:
    return founding_register(org=world.county_x, actor=county_x_admin, data=unit_data())


def _login(client, user):
    client.force_login(user)
    return client


def _form(**overrides):
    data = {k: ("on" if v is True else "" if v is False else v) for k, v in unit_data().items()}
    data = {k: v for k, v in data.items() if v != ""} | {"contact_name": "李老师"}
    data.update(overrides)
    return data


def _field_error(html: str, field: str) -> str:
    start = html.index(f'id="id_{field}"')
    group_end = html.find('<div class="mb-3', start)
    group = html[start : group_end if group_end != -1 else len(html)]
    found = re.search(r'<div class="invalid-feedback d-block">(.*?)</div>', group, re.S)
    return found.group(1).strip() if found else ""


def _steps(founding):
    return TimelineEntry.objects.filter(
        object_id=str(founding.pk), content_type__model="unionfounding"
    ).count()


# --- list ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "actor", "status", "names"),
    [
        ("county admin sees its register", "county_x_admin", 200, ["甲县育才双语学校"]),
        ("county staff sees it too", "county_x_staff", 200, ["甲县育才双语学校"]),
        ("admin of org B sees nothing of 甲县", "outsider", 200, []),
        ("plain member may not open the console", "org_member", 403, None),
    ],
)
def test_founding_list_access(request, client, founding, _case, actor, status, names):
    # given
    _login(client, request.getfixturevalue(actor))
    # when
    r = client.get(reverse("orgs:founding_list"))
    # then
    assert r.status_code == status
    if names is not None:
        assert [f.unit_name for f in r.context["page"]] == names
        assert ("甲县育才双语学校" in r.content.decode()) is bool(names)


def test_founding_list_anonymous_is_sent_to_login(client, world):
    r = client.get(reverse("orgs:founding_list"))
    assert (r.status_code, r["Location"]) == (302, "/accounts/login/?next=/orgs/foundings/")


def test_founding_list_filters_and_counts(client, world, county_x_admin, founding):
    # given
    other = founding_register(
        org=world.county_x,
        actor=county_x_admin,
        data=unit_data(unit_name="甲县图书馆", credit_code="", is_private=False, unit_category="400"),
    )
    founding_transition(founding=other, action=FoundingAction.APPLY, actor=county_x_admin)
    _login(client, county_x_admin)
    # when
    private = client.get(reverse("orgs:founding_list"), {"private": "yes"})
    applied = client.get(reverse("orgs:founding_list"), {"status": "applied"})
    category = client.get(reverse("orgs:founding_list"), {"category": "400", "q": "图书"})
    partial = client.get(reverse("orgs:founding_list"), {"status": "not_founded"}, **HTMX)
    # then
    assert [f.unit_name for f in private.context["page"]] == ["甲县育才双语学校"]
    assert [f.unit_name for f in applied.context["page"]] == ["甲县图书馆"]
    assert [f.unit_name for f in category.context["page"]] == ["甲县图书馆"]
    assert {v: n for v, _l, n in applied.context["statuses"]}["applied"] == 1
    assert applied.context["total"] == 2
    assert [t.name for t in partial.templates][0] == "orgs/founding/partials/founding_table.html"
    assert [f.unit_name for f in partial.context["page"]] == ["甲县育才双语学校"]


def test_founding_list_paginates(client, world, county_x_admin):
    # given
    for n in range(30):
        UnionFounding.objects.create(org=world.county_x, unit_name=f"单位{n:02d}")
    _login(client, county_x_admin)
    # when
    first = client.get(reverse("orgs:founding_list"))
    second = client.get(reverse("orgs:founding_list"), {"page": 2})
    # then
    assert len(first.context["page"]) == 25
    assert [f.unit_name for f in second.context["page"]] == [f"单位{n:02d}" for n in range(25, 30)]


def _own_queries(ctx):
    """The captured queries without the calendar health check, which reruns whenever the shared cache is
    cleared (by any test process using the same Redis)."""
    return [q for q in ctx.captured_queries if "calendars_" not in q["sql"]]


def _list_queries(client, world, n):
    """Queries of one register page with n rows (every row links its supervising union, one its founded union)."""
    for i in range(UnionFounding.objects.count(), n):
        UnionFounding.objects.create(
            org=world.county_x, unit_name=f"单位{i:03d}", founded_org=world.org_a if i == 0 else None
        )
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(reverse("orgs:founding_list"))
    assert len(r.context["page"]) == n
    return len(_own_queries(ctx))


def test_founding_list_query_count_does_not_grow_with_rows(client, world, county_x_admin):
    # given
    _login(client, county_x_admin)
    client.get(reverse("orgs:founding_list"))  # warm the per-process caches (content types, warnings)
    # when
    few = _list_queries(client, world, 3)
    many = _list_queries(client, world, 20)
    # then: session, the user with its grants (one statement), unread count (shell) + status counts, supervisors,
    # page count, page rows
    assert few == many == 7


# --- register and edit ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("county admin registers", "county_x_admin", 302),
        ("county staff may not", "county_x_staff", 403),
        ("grassroots admin has no supervising union", "org_admin", 403),
        ("plain member may not", "org_member", 403),
    ],
)
def test_founding_create_access(request, client, world, _case, actor, status):
    # given
    _login(client, request.getfixturevalue(actor))
    # when
    r = client.post(reverse("orgs:founding_create"), _form(org=world.county_x.pk))
    # then
    assert r.status_code == status
    assert UnionFounding.objects.filter(unit_name="甲县育才双语学校").exists() is (status == 302)


def test_founding_create_registers_and_redirects_to_the_detail(client, world, county_x_admin):
    # given
    _login(client, county_x_admin)
    # when
    page = client.get(reverse("orgs:founding_create"))
    r = client.post(reverse("orgs:founding_create"), _form(org=world.county_x.pk), **HTMX)
    # then
    assert page.status_code == 200
    assert [o.code for o in page.context["form"].fields["org"].queryset] == ["CX"]
    founding = UnionFounding.objects.get()
    assert r.status_code == 204
    assert r["HX-Redirect"] == reverse("orgs:founding_detail", args=[founding.public_id])
    assert (founding.org, founding.status, founding.headcount_contract) == (
        world.county_x,
        FoundingStatus.NOT_FOUNDED,
        86,
    )


def test_founding_create_preselects_the_current_org(client, world, county_x_admin):
    _login(client, county_x_admin)
    r = client.get(reverse("orgs:founding_create"))
    assert r.context["form"].initial == {"org": world.county_x.pk}


@pytest.mark.parametrize(
    ("_case", "overrides", "field", "message"),
    [
        (
            "checksum",
            {"credit_code": credit_code(1)[:17] + "0"},
            "credit_code",
            "统一社会信用代码校验位不正确，请核对",
        ),
        ("no name", {"unit_name": ""}, "unit_name", "请填写单位名称"),
        ("negative headcount", {"headcount_contract": "-1"}, "headcount_contract", "确保该值大于或等于0。"),
        (
            "headcount not a number",
            {"headcount_dispatched": "三"},
            "headcount_dispatched",
            "劳务派遣职工数应为非负整数",
        ),
        ("no supervising union", {"org": ""}, "org", "请选择主管工会"),
    ],
)
def test_founding_create_shows_errors_on_their_fields(
    client, world, county_x_admin, _case, overrides, field, message
):
    # given
    _login(client, county_x_admin)
    data = _form(org=world.county_x.pk) | overrides
    # when
    r = client.post(reverse("orgs:founding_create"), data)
    # then
    assert r.status_code == 200
    assert _field_error(r.content.decode(), field) == message
    assert UnionFounding.objects.count() == 0


def test_founding_create_shows_a_duplicate_on_the_field(client, world, county_x_admin, founding):
    # given
    _login(client, county_x_admin)
    # when
    r = client.post(reverse("orgs:founding_create"), _form(org=world.county_x.pk, unit_name="另一单位"))
    # then
    assert _field_error(r.content.decode(), "credit_code") == "该统一社会信用代码已登记（甲县育才双语学校）"
    assert UnionFounding.objects.count() == 1


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("county admin edits", "county_x_admin", 302),
        ("county staff may not", "county_x_staff", 403),
        ("grassroots admin below does not see it", "org_admin", 404),
        ("admin of org B does not see it", "outsider", 404),
        ("plain member may not", "org_member", 403),
    ],
)
def test_founding_edit_access(request, client, founding, _case, actor, status):
    # given
    _login(client, request.getfixturevalue(actor))
    # when
    r = client.post(reverse("orgs:founding_edit", args=[founding.public_id]), _form(headcount_contract="99"))
    # then
    assert r.status_code == status
    founding.refresh_from_db()
    assert (founding.headcount_contract == 99) is (status == 302)


def test_founding_edit_form_has_no_supervisor_field(client, county_x_admin, founding):
    _login(client, county_x_admin)
    r = client.get(reverse("orgs:founding_edit", args=[founding.public_id]))
    assert r.status_code == 200
    assert "org" not in r.context["form"].fields
    assert r.context["form"]["unit_name"].value() == "甲县育才双语学校"


# --- detail --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "actor", "status", "actions"),
    [
        ("county admin sees the next step", "county_x_admin", 200, ["apply"]),
        ("county staff sees no buttons", "county_x_staff", 200, []),
        ("grassroots admin below", "org_admin", 404, None),
        ("admin of org B", "outsider", 404, None),
        ("plain member", "org_member", 403, None),
    ],
)
def test_founding_detail_access(request, client, founding, _case, actor, status, actions):
    # given
    _login(client, request.getfixturevalue(actor))
    # when
    r = client.get(reverse("orgs:founding_detail", args=[founding.public_id]))
    # then
    assert r.status_code == status
    if actions is not None:
        assert [a["slug"] for a in r.context["actions"]] == actions
        assert ("修改登记信息" in r.content.decode()) is bool(actions)


def test_founding_detail_shows_the_timeline_with_state_labels(client, county_x_admin, founding):
    # given
    founding_transition(
        founding=founding, action=FoundingAction.APPLY, actor=county_x_admin, note="申请书已交"
    )
    _login(client, county_x_admin)
    # when
    r = client.get(reverse("orgs:founding_detail", args=[founding.public_id]))
    # then
    assert [
        (e["action_label"], e["from_state"], e["to_state"], e["note"]) for e in r.context["timeline"]
    ] == [
        ("登记单位", "", "未建会", "主管工会：甲县教育工会；职工 90 人"),
        ("申请建会", "未建会", "已申请", "申请书已交"),
    ]
    assert [a["slug"] for a in r.context["actions"]] == ["reject", "approve"]


def test_founding_detail_unknown_id_is_404(client, county_x_admin):
    _login(client, county_x_admin)
    r = client.get(reverse("orgs:founding_detail", args=["6f1d8c1e-0000-4000-8000-000000000000"]))
    assert r.status_code == 404


# --- actions -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("county admin applies", "county_x_admin", 302),
        ("county staff may not", "county_x_staff", 403),
        ("grassroots admin below", "org_admin", 404),
        ("admin of org B", "outsider", 404),
        ("plain member", "org_member", 403),
    ],
)
def test_founding_action_access(request, client, founding, _case, actor, status):
    # given
    _login(client, request.getfixturevalue(actor))
    # when
    r = client.post(reverse("orgs:founding_action", args=[founding.public_id, "apply"]), {"note": "递交申请"})
    # then
    assert r.status_code == status
    founding.refresh_from_db()
    assert founding.status == (FoundingStatus.APPLIED if status == 302 else FoundingStatus.NOT_FOUNDED)
    assert _steps(founding) == (2 if status == 302 else 1)


def test_founding_action_page_asks_for_confirmation(client, county_x_admin, founding):
    _login(client, county_x_admin)
    r = client.get(reverse("orgs:founding_action", args=[founding.public_id, "apply"]))
    html = r.content.decode()
    assert r.status_code == 200
    assert "当前状态“未建会”，办理后变为“已申请”。" in html
    assert 'data-confirm="确定办理“申请建会”吗？"' in html


def test_founding_action_unknown_slug_is_404(client, county_x_admin, founding):
    _login(client, county_x_admin)
    for slug in ("jump", "register"):
        assert client.get(reverse("orgs:founding_action", args=[founding.public_id, slug])).status_code == 404


def test_founding_action_out_of_order_goes_back_with_a_message(client, county_x_admin, founding):
    # given
    _login(client, county_x_admin)
    # when
    r = client.post(reverse("orgs:founding_action", args=[founding.public_id, "approve"]), follow=True)
    # then
    assert r.redirect_chain == [(reverse("orgs:founding_detail", args=[founding.public_id]), 302)]
    assert [str(m) for m in r.context["messages"]] == ["当前状态“未建会”下不能执行“批复同意”"]
    founding.refresh_from_db()
    assert founding.status == FoundingStatus.NOT_FOUNDED


def test_reject_without_a_reason_shows_the_error_on_the_note(client, county_x_admin, founding):
    # given
    founding_transition(founding=founding, action=FoundingAction.APPLY, actor=county_x_admin)
    _login(client, county_x_admin)
    # when
    r = client.post(reverse("orgs:founding_action", args=[founding.public_id, "reject"]), {"note": ""})
    # then
    assert r.status_code == 200
    assert _field_error(r.content.decode(), "note") == "请填写不同意的理由"
    founding.refresh_from_db()
    assert founding.status == FoundingStatus.APPLIED


def _to_congress(founding, actor):
    for action in TO_CONGRESS:
        founding = founding_transition(founding=founding, action=action, actor=actor)
    return founding


def test_found_and_complete_through_the_pages(client, world, county_x_admin, founding):
    # given
    founding = _to_congress(founding, county_x_admin)
    _login(client, county_x_admin)
    found_url = reverse("orgs:founding_action", args=[founding.public_id, "found"])
    # when
    page = client.get(found_url)
    founded = client.post(
        found_url,
        {"name": "甲县育才双语学校工会", "code": "cxm01", "founded_on": "2026-03-01", "chair_name": "王红梅"},
    )
    union = Org.objects.get(code="CXM01")
    # 三委同步组建: refused while a committee is missing, then each recorded from the founding page
    form_committees_url = reverse("orgs:founding_action", args=[founding.public_id, "form-committees"])
    refused = client.post(form_committees_url, {"note": ""})
    detail_while_founded = client.get(reverse("orgs:founding_detail", args=[founding.public_id]))
    recorded = [
        client.post(
            reverse("orgs:committee_create", args=[union.code, kind]) + "?from=founding",
            {"term_started_on": "2026-03-01", "term_ends_on": "2031-02-28", "elected_on": "2026-03-01"},
        )
        for kind in ("union", "audit", "women")
    ]
    formed = client.post(form_committees_url, {"note": ""})
    complete_page = client.get(reverse("orgs:founding_action", args=[founding.public_id, "complete"]))
    completed = client.post(
        reverse("orgs:founding_action", args=[founding.public_id, "complete"]),
        {"chair_name": "王红梅", "term_started_on": "2026-03-01", "term_ends_on": "2031-02-28"},
    )
    # then
    assert page.context["form"].initial == {"name": "甲县育才双语学校工会"}
    assert refused.status_code == 200
    assert "新工会尚未登记：工会委员会、经费审查委员会、女职工委员会" in refused.content.decode()
    missing = re.findall(r'data-missing="(\w+)"', detail_while_founded.content.decode())
    assert missing == ["union", "audit", "women"]
    assert [r.status_code for r in recorded] == [302, 302, 302]
    assert {r["Location"] for r in recorded} == {reverse("orgs:founding_detail", args=[founding.public_id])}
    assert formed.status_code == 302
    assert complete_page.context["form"].initial["term_started_on"] == dt.date(2026, 3, 1)
    assert (founded.status_code, completed.status_code) == (302, 302)
    founding.refresh_from_db()
    union = Org.objects.get(code="CXM01")
    assert (founding.status, founding.founded_org) == (FoundingStatus.COMPLETE, union)
    assert (union.chair_name, union.term_ends_on) == ("王红梅", dt.date(2031, 2, 28))
    detail = client.get(reverse("orgs:founding_detail", args=[founding.public_id]))
    assert "甲县育才双语学校工会" in detail.content.decode()
    assert detail.context["actions"] == []


def test_found_with_a_taken_code_shows_it_on_the_code_field(client, world, county_x_admin, founding):
    # given
    founding = _to_congress(founding, county_x_admin)
    _login(client, county_x_admin)
    # when
    r = client.post(
        reverse("orgs:founding_action", args=[founding.public_id, "found"]),
        {"name": "甲县育才双语学校工会", "code": "ORGA", "founded_on": "2026-03-01"},
    )
    # then
    assert r.status_code == 200
    assert _field_error(r.content.decode(), "code") == "组织编码已被使用"
    founding.refresh_from_db()
    assert founding.status == FoundingStatus.PREPARING_CONGRESS


def test_found_form_requires_its_fields(client, county_x_admin, founding):
    # given
    founding = _to_congress(founding, county_x_admin)
    _login(client, county_x_admin)
    # when
    r = client.post(reverse("orgs:founding_action", args=[founding.public_id, "found"]), {})
    html = r.content.decode()
    # then
    assert (_field_error(html, "name"), _field_error(html, "code"), _field_error(html, "founded_on")) == (
        "请填写工会名称",
        "请填写组织编码",
        "请填写建会日期",
    )


def test_menu_and_home_counter(client, world, county_x_admin, founding):
    # given
    UnionFounding.objects.create(
        org=world.county_x,
        unit_name="甲县康宁医院",
        status=FoundingStatus.APPLIED,
        unit_category=UnitCategory.PRIVATE,
    )
    _login(client, county_x_admin)
    # when
    r = client.get(reverse("home"))
    # then
    html = r.content.decode()
    assert 'data-menu="orgs_foundings"' in html
    assert {c["label"]: c["value"] for c in r.context["counters"]}[
        "未建会单位"
    ] == 2  # 未建会 and 已申请: both not yet 已建会
