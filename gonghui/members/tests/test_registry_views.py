"""Registry pages: the list (scoped, masked, searched, filtered, paged, HTMX table) and its exports, 新增, detail
with code names and the 会籍 timeline, 修改, the 会籍 change forms and the audited reveal — three actors each, side
effects asserted, query counts pinned."""

import datetime as dt

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.accounts.identity import decrypt_identifier
from gonghui.core.models import AuditAction, AuditLog
from gonghui.core.timeline import timeline_for
from gonghui.members.choices import Employment, MembershipChangeKind, MemberStatus
from gonghui.members.models import Member, MembershipChange, MemberTag
from gonghui.members.services import member_leave, name_search_fields
from gonghui.members.tests.factories import MemberFactory, valid_id_number
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.tests.factories import OrgFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


# session, user with role grants, the scope's size (capped: may the search match inside names?), the member count
# (capped), one page of rows with orgs, their tags, the unread-notification count, and the filter options (orgs in
# scope, tags)
PINNED_PAGE_QUERIES = 9


# the HTMX table: the same without the filter options and without the unread-notification count (a fragment shows
# no header)
PINNED_TABLE_QUERIES = 6


NUMBER = valid_id_number(41, birth=dt.date(1990, 2, 3), male=False)


def _names(response) -> list[str]:
    return [m.name for m in response.context["page"]]


@pytest.mark.parametrize(
    ("_case", "params", "names"),
    [
        ("initials", {"q": "wxy"}, ["王秀英"]),
        ("pinyin", {"q": "wangxiuying"}, ["王秀英"]),
        ("org subtree", {"org": "ORGA-F1"}, ["李强"]),
        ("employment", {"employment": "dispatched"}, ["李强"]),
        ("gender", {"gender": "F"}, ["王秀英"]),
        ("age band", {"age": "50plus"}, ["李强"]),
        ("tag", {"tag": "TAG"}, ["王秀英"]),
        ("everything at once", {"q": "lq", "org": "ORGA", "status": "active", "gender": "M"}, ["李强"]),
    ],
)
def test_member_list_filters(client, world, _case, params, names):
    # given
    branch = OrgFactory.create(parent=world.org_a, code="ORGA-F1", name="分工会", level=OrgLevel.BRANCH)
    wang = MemberFactory.create(org=world.org_a, name="王秀英", gender="F", **name_search_fields("王秀英"))
    MemberFactory.create(
        org=branch,
        name="李强",
        employment=Employment.DISPATCHED,
        birth_date=dt.date(1960, 1, 1),
        **name_search_fields("李强"),
    )
    tag = MemberTag.objects.create(name="青年教师")
    wang.tags.add(tag)
    if params.get("tag") == "TAG":
        params = {"tag": str(tag.pk)}
    client.force_login(world.org_admin)
    # when
    r = client.get(reverse("members:member_list"), params)
    # then
    assert r.status_code == 200
    assert _names(r) == names
    assert r.context["filters"] == {
        **dict.fromkeys(("q", "org", "status", "employment", "job_category", "gender", "age", "tag"), ""),
        **params,
    }


def test_member_list_shows_filter_options_in_scope_only(client, world):
    # given
    client.force_login(world.outsider)
    # when
    r = client.get(reverse("members:member_list"))
    # then
    html = r.content.decode()
    assert [o.code for o in r.context["org_options"].orgs] == ["ORGB"]
    assert "甲县第一中学工会" not in html


def test_member_list_org_choice_is_bounded_and_searchable(client, world):
    # given a county with more grassroots unions than the choice lists at once
    from gonghui.members.selectors import registry

    county = OrgFactory.create(parent=world.org_a, code="ORGA-X", name="乙县总工会", level=OrgLevel.COUNTY)
    far = [
        OrgFactory.create(parent=county, code=f"ORGA-X{i:02d}", name=f"乙县第{i:02d}小学工会")
        for i in range(registry.FILTER_ORG_OPTIONS + 1)
    ]
    client.force_login(world.org_admin)
    url = reverse("members:member_list")
    # when the page opens, then the top union and its children are offered, not the grandchildren
    options = client.get(url).context["org_options"]
    codes = [o.code for o in options.orgs]
    assert codes[:2] == ["ORGA", "ORGA-X"]
    assert far[0].code not in codes
    # when a grandchild is chosen, then it is offered (selected), indented under the top union
    html = client.get(url, {"org": far[3].code.lower()}).content.decode()
    assert f'<option value="{far[3].code}" selected>\u3000\u3000{far[3].name}</option>' in html
    # when 查找工会 asks for the options only (HTMX), then the matches, by name or by pinyin initials, bounded
    by_name = client.get(
        url, {"org_q": "第07小学"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="member-org-select"
    )
    assert "<table" not in by_name.content.decode()
    assert [o.code for o in by_name.context["org_options"].orgs] == [far[7].code]
    many = client.get(url, {"org_q": "yx"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="member-org-select")
    assert len(many.context["org_options"].orgs) == registry.FILTER_ORG_OPTIONS
    assert "更多工会未列出" in many.content.decode()
    # and an outsider's query finds nothing of another scope
    client.force_login(world.outsider)
    none = client.get(url, {"org_q": "小学"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="member-org-select")
    assert none.context["org_options"].orgs == []
    assert "没有名称与“小学”相符的工会" in none.content.decode()


@pytest.mark.parametrize(("actor", "unmasked"), [("org_admin", True), ("staff_a", False)])
def test_member_list_offers_exports_by_permission(request, client, world, actor, unmasked):
    # given
    client.force_login(request.getfixturevalue(actor))
    # when
    r = client.get(reverse("members:member_list"), {"status": "active"})
    # then the export forms (POST: an export is audited) carry the filters
    html = r.content.decode()
    assert f'action="{reverse("spreadsheets:export_start", args=["members"])}?status=active"' in html
    assert (reverse("spreadsheets:export_start", args=["members_unmasked"]) in html) is unmasked
    assert (reverse("spreadsheets:export_start", args=["members_acftu"]) in html) is unmasked
    assert "上报前请与接收系统的字段规范核对" in html


def _queries(client, url, **extra) -> int:
    client.get(url, **extra)
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url, **extra)
    assert r.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(("extra", "pinned"), [({}, PINNED_PAGE_QUERIES), (HTMX, PINNED_TABLE_QUERIES)])
def test_member_list_queries_stay_constant_with_filters(client, world, extra, pinned):
    # given a few tagged members
    tag = MemberTag.objects.create(name="志愿者")
    for m in MemberFactory.create_batch(2, org=world.org_a):
        m.tags.add(tag)
    client.force_login(world.org_admin)
    url = reverse("members:member_list") + "?q=会员&age=30-39&employment=established"
    few = _queries(client, url, **extra)
    # when many more members in another org of the subtree, each with tags, are added
    branch = OrgFactory.create(parent=world.org_a, code="ORGA-F1", name="分工会", level=OrgLevel.BRANCH)
    other = MemberTag.objects.create(name="文艺骨干")
    for m in MemberFactory.create_batch(20, org=branch):
        m.tags.add(tag, other)
    many = _queries(client, url, **extra)
    # then
    assert many == few == pinned


def _form(**overrides) -> dict[str, str]:
    data = {
        "name": "李芳",
        "id_type": "resident",
        "id_number": NUMBER,
        "gender": "",
        "birth_date": "",
        "phone": "13912345678",
        "ethnicity": "01",
        "education": "21",
        "political_status": "13",
        "employment": "contract",
        "position_title": "护师",
        "skill_level": "",
        "household_type": "urban",
        "joined_on": "2020-09-01",
        "card_number": "",
        "tags": "青年教师",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("_case", "actor", "status", "created"),
    [
        ("outsider may not enrol into org A", "outsider", 200, False),
        ("plain member has no console", "org_member", 403, False),
        ("org admin enrols", "org_admin", 302, True),
    ],
)
def test_member_create_view_access(request, client, world, _case, actor, status, created):
    # given
    client.force_login(request.getfixturevalue(actor))
    # when
    r = client.post(reverse("members:member_create"), _form(org=str(world.org_a.pk)))
    # then
    assert r.status_code == status
    assert Member.objects.filter(name="李芳").exists() is created
    if actor == "outsider":
        assert r.context["form"].errors == {"org": ["不能在所选工会登记会员"]}


def test_member_create_view_happy_path(client, world):
    # given
    client.force_login(world.org_admin)
    # when
    r = client.post(reverse("members:member_create"), _form(org=str(world.org_a.pk)), **HTMX)
    # then
    member = Member.objects.get(name="李芳")
    assert r.status_code == 204
    assert r["HX-Redirect"] == member.get_absolute_url()
    assert (member.org, member.employment, member.joined_on, member.member_number) == (
        world.org_a,
        Employment.CONTRACT,
        dt.date(2020, 9, 1),
        "ORGA-2020-00001",
    )
    assert list(member.tags.values_list("name", flat=True)) == ["青年教师"]
    assert AuditLog.objects.get().action == AuditAction.ADMIN_EDIT


def test_member_create_view_shows_the_service_errors_on_their_fields(client, world):
    # given
    client.force_login(world.org_admin)
    # when
    r = client.post(
        reverse("members:member_create"),
        _form(
            org=str(world.org_a.pk), id_number=NUMBER[:17] + "0", phone="13700001111", joined_on="2099-01-01"
        ),
    )
    # then
    assert r.status_code == 200
    errors = r.context["form"].errors
    assert errors["phone"] == ["该手机号已绑定其他会员"]
    assert errors["id_number"] == ["身份证号校验位不正确，请核对"]
    assert errors["joined_on"] == ["入会日期不能晚于今天"]
    assert "该手机号已绑定其他会员" in r.content.decode()
    assert not Member.objects.filter(name="李芳").exists()


def test_member_create_page_renders_the_code_lists(client, world):
    # given
    client.force_login(world.org_admin)
    # when
    r = client.get(reverse("members:member_create"))
    # then
    html = r.content.decode()
    assert r.status_code == 200
    assert '<option value="03">回族</option>' in html
    assert '<option value="01">中国共产党党员</option>' in html
    assert [o.code for o in r.context["form"].fields["org"].queryset] == ["ORGA"]


def test_member_detail_shows_names_of_codes_and_the_membership_history(client, world):
    # given
    member = world.member_a
    Member.objects.filter(pk=member.pk).update(
        ethnicity="03", education="14", political_status="01", joined_on=dt.date(2012, 9, 1)
    )
    member.refresh_from_db()
    member_leave(member=member, actor=world.org_admin, happened_on=dt.date(2025, 7, 1), reason="调离本单位")
    client.force_login(world.org_admin)
    # when
    r = client.get(reverse("members:member_detail", args=[member.public_id]))
    # then
    html = r.content.decode()
    assert r.status_code == 200
    assert 'data-field="ethnicity">回族</dd>' in html
    assert 'data-field="education">硕士研究生毕业</dd>' in html
    assert 'data-field="political_status">中国共产党党员</dd>' in html
    assert 'data-change="leave"' in html
    assert "调离本单位" in html
    assert "在籍 → 已退会" in html
    assert [str(a) for a, _url in r.context["actions"]] == ["reinstate"]
    assert reverse("members:member_reinstate", args=[member.public_id]) in html


@pytest.mark.parametrize(
    ("actor", "can_manage", "actions"),
    [
        ("org_admin", True, ["leave", "retire_keep", "death"]),
        ("staff_a", True, ["leave", "retire_keep", "death"]),
    ],
)
def test_member_detail_offers_actions_to_managers(request, client, world, actor, can_manage, actions):
    # given
    client.force_login(request.getfixturevalue(actor))
    # when
    r = client.get(reverse("members:member_detail", args=[world.member_a.public_id]))
    # then
    assert r.context["can_manage"] is can_manage
    assert [str(a) for a, _url in r.context["actions"]] == actions
    assert reverse("members:member_edit", args=[world.member_a.public_id]) in r.content.decode()


def test_member_detail_for_a_viewer_offers_no_changes(client, world):
    # given an auditor of org A
    from conftest import make_cadre

    auditor = make_cadre("auditor_a", world.org_a, role="auditor")
    client.force_login(auditor)
    # when
    r = client.get(reverse("members:member_detail", args=[world.member_a.public_id]))
    # then
    html = r.content.decode()
    assert r.status_code == 200
    assert r.context["actions"] == []
    assert reverse("members:member_edit", args=[world.member_a.public_id]) not in html
    assert reverse("members:member_leave", args=[world.member_a.public_id]) not in html


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("outsider sees nothing", "outsider", 404),
        ("plain member has no console", "org_member", 403),
        ("org admin edits", "org_admin", 302),
    ],
)
def test_member_edit_access(request, client, world, _case, actor, status):
    # given
    client.force_login(request.getfixturevalue(actor))
    url = reverse("members:member_edit", args=[world.member_a.public_id])
    # when
    got = client.get(url)
    r = client.post(url, _form(name="甲会员", id_number="", phone="13700001111", position_title="班主任"))
    # then
    assert got.status_code == (200 if status == 302 else status)
    assert r.status_code == status
    stored = Member.objects.get(pk=world.member_a.pk)
    assert (stored.position_title == "班主任") is (status == 302)
    assert AuditLog.objects.filter(action=AuditAction.ADMIN_EDIT).exists() is (status == 302)


def test_member_edit_form_is_prefilled_without_the_full_id(client, world):
    # given
    client.force_login(world.org_admin)
    # when
    r = client.get(reverse("members:member_edit", args=[world.member_a.public_id]))
    # then
    form = r.context["form"]
    assert form.initial["id_number"] == ""
    assert form.initial["phone"] == "13700001111"
    assert "org" not in form.fields
    html = r.content.decode()
    assert world.member_a.id_number_masked in html
    assert 'type="date" name="birth_date" value="1988-05-17"' in html


def test_member_edit_saves_its_own_form_unchanged(client, world):
    # given the form as the page fills it
    client.force_login(world.org_admin)
    url = reverse("members:member_edit", args=[world.member_a.public_id])
    form = client.get(url).context["form"]
    data: dict[str, object] = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field.widget, forms.CheckboxInput):
            if value:
                data[name] = "on"
        else:
            data[name] = (
                field.widget.format_value(value) if isinstance(field.widget, forms.DateInput) else value
            )
    data = {k: ("" if v is None else v) for k, v in data.items()}
    # when it is posted back
    r = client.post(url, data)
    # then it saves without errors and records no change
    assert r.status_code == 302
    assert not AuditLog.objects.exists()
    assert not timeline_for(world.member_a).exists()


def test_member_edit_happy_path(client, world):
    # given
    client.force_login(world.org_admin)
    # when
    r = client.post(
        reverse("members:member_edit", args=[world.member_a.public_id]),
        _form(name="甲会员", id_number="", phone="13700001111", education="14", tags="志愿者"),
        **HTMX,
    )
    # then
    assert r.status_code == 204
    assert r["HX-Redirect"] == world.member_a.get_absolute_url()
    stored = Member.objects.get(pk=world.member_a.pk)
    assert (stored.education, stored.employment, stored.joined_on) == ("14", "contract", dt.date(2020, 9, 1))
    assert (
        timeline_for(stored).get().note
        == "修改了：民族、学历、政治面貌、用工性质、岗位/职称、户籍类型、入会日期、标签"
    )


def test_member_edit_shows_errors_on_the_fields(client, world):
    # given
    client.force_login(world.org_admin)
    # when
    r = client.post(
        reverse("members:member_edit", args=[world.member_a.public_id]),
        _form(name="甲会员", id_number="", phone="", birth_date="1970-01-01"),
    )
    # then
    assert r.status_code == 200
    assert r.context["form"].errors == {
        "birth_date": ["出生日期与身份证号中的出生日期（1988年5月17日）不一致"],
        "phone": ["该会员已开通会员端账号，手机号不能为空"],
    }
    assert "该会员已开通会员端账号，手机号不能为空" in r.content.decode()
    assert not AuditLog.objects.exists()


CHANGE_ROUTES = {
    "leave": ("members:member_leave", MemberStatus.ACTIVE, MemberStatus.LEFT),
    "retire_keep": ("members:member_retire_keep", MemberStatus.ACTIVE, MemberStatus.RETIRED_KEPT),
    "death": ("members:member_death", MemberStatus.ACTIVE, MemberStatus.DECEASED),
    "reinstate": ("members:member_reinstate", MemberStatus.LEFT, MemberStatus.ACTIVE),
}


POST = {"happened_on": "2025-12-01", "reason": "办理原因", "confirm": "on"}


@pytest.mark.parametrize("action", list(CHANGE_ROUTES))
@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("outsider sees nothing", "outsider", 404),
        ("plain member has no console", "org_member", 403),
        ("org admin changes the status", "org_admin", 302),
    ],
)
def test_status_change_view_access(request, client, world, action, _case, actor, status):
    # given
    url_name, start, target = CHANGE_ROUTES[action]
    Member.objects.filter(pk=world.member_a.pk).update(status=start)
    client.force_login(request.getfixturevalue(actor))
    url = reverse(url_name, args=[world.member_a.public_id])
    # when
    got = client.get(url)
    r = client.post(url, POST)
    # then
    assert got.status_code == (200 if status == 302 else status)
    assert r.status_code == status
    stored = Member.objects.get(pk=world.member_a.pk)
    assert stored.status == (target if status == 302 else start)
    assert MembershipChange.objects.exists() is (status == 302)
    if status == 302:
        assert r["Location"] == world.member_a.get_absolute_url()
        assert stored.status_changed_on == dt.date(2025, 12, 1)


def test_status_change_view_happy_path_with_htmx(client, world):
    # given
    client.force_login(world.org_admin)
    # when
    r = client.post(reverse("members:member_retire_keep", args=[world.member_a.public_id]), POST, **HTMX)
    # then
    assert r.status_code == 204
    assert r["HX-Redirect"] == world.member_a.get_absolute_url()
    change = MembershipChange.objects.get()
    assert (change.kind, change.reason, change.happened_on) == (
        MembershipChangeKind.RETIRE_KEEP,
        "办理原因",
        dt.date(2025, 12, 1),
    )


def test_status_change_needs_the_confirmation(client, world):
    # given
    client.force_login(world.org_admin)
    # when
    r = client.post(
        reverse("members:member_leave", args=[world.member_a.public_id]),
        {"happened_on": "2025-12-01", "reason": "调离"},
    )
    # then
    assert r.status_code == 200
    assert r.context["form"].errors == {"confirm": ["请勾选确认后再提交"]}
    assert Member.objects.get(pk=world.member_a.pk).status == MemberStatus.ACTIVE


def test_status_change_shows_the_service_errors(client, world):
    # given
    client.force_login(world.org_admin)
    # when
    r = client.post(
        reverse("members:member_death", args=[world.member_a.public_id]),
        {"happened_on": "2099-01-01", "reason": "x", "confirm": "on"},
    )
    # then
    assert r.status_code == 200
    assert r.context["form"].errors == {"happened_on": ["登记去世日期不能晚于今天"]}
    assert "登记去世日期不能晚于今天" in r.content.decode()
    assert not MembershipChange.objects.exists()


def test_status_change_page_in_the_wrong_state_offers_no_form(client, world):
    # given member_a is 在籍
    client.force_login(world.org_admin)
    # when
    got = client.get(reverse("members:member_reinstate", args=[world.member_a.public_id]))
    posted = client.post(reverse("members:member_reinstate", args=[world.member_a.public_id]), POST)
    # then
    assert got.status_code == 200
    assert "data-not-allowed" in got.content.decode()
    assert '<form method="post" novalidate' not in got.content.decode()
    assert posted.status_code == 200
    assert posted.context["form"].non_field_errors() == ["当前状态“在籍”下不能执行“恢复会籍”"]
    assert not MembershipChange.objects.exists()


def test_status_change_form_labels_follow_the_action(client, world):
    # given
    client.force_login(world.org_admin)
    # when
    r = client.get(reverse("members:member_leave", args=[world.member_a.public_id]))
    # then
    form = r.context["form"]
    assert (form.fields["happened_on"].label, form.fields["reason"].label) == ("退会日期", "退会原因")
    assert "确认退会" in r.content.decode()


def _full_id(member) -> str:
    return decrypt_identifier(member.id_number_encrypted)


@pytest.mark.parametrize(
    ("_case", "actor", "status", "names"),
    [
        ("outsider sees only its own members", "outsider", 200, ["乙会员"]),
        ("plain member has no console", "org_member", 403, None),
        ("org admin sees its members", "org_admin", 200, ["甲会员"]),
        ("staff sees its members", "staff_a", 200, ["甲会员"]),
    ],
)
def test_member_list_access(request, client, world, _case, actor, status, names):
    # given a member of org B too
    MemberFactory.create(org=world.org_b, name="乙会员")
    client.force_login(request.getfixturevalue(actor))
    # when
    r = client.get(reverse("members:member_list"))
    # then
    assert r.status_code == status
    if names is not None:
        assert _names(r) == names
        assert ("甲会员" in r.content.decode()) is ("甲会员" in names)


def test_member_list_anonymous_is_sent_to_login(client, world):
    r = client.get(reverse("members:member_list"))
    assert r.status_code == 302
    assert r["Location"] == "/accounts/login/?next=/members/"


def test_member_list_shows_masked_identity_only(client, world):
    # given
    client.force_login(world.org_admin)
    # when
    r = client.get(reverse("members:member_list"))
    # then
    html = r.content.decode()
    assert world.member_a.id_number_masked in html
    assert _full_id(world.member_a) not in html
    assert "137****1111" in html
    assert "13700001111" not in html


@pytest.mark.parametrize(
    ("_case", "params", "names"),
    [
        ("by name", {"q": "秀"}, ["王秀英"]),
        ("by full phone", {"q": "13912340002"}, ["李强"]),
        ("by ID suffix", {"q": "ID_SUFFIX"}, ["王秀英"]),
        ("by status", {"status": "left"}, ["李强"]),
        ("by name and status", {"q": "王", "status": "left"}, []),
        ("no filter", {}, ["李强", "王秀英", "甲会员"]),
    ],
)
def test_member_list_search(client, world, _case, params, names):
    # given
    wang = MemberFactory.create(org=world.org_a, name="王秀英", phone="13912340001")
    MemberFactory.create(org=world.org_a, name="李强", phone="13912340002", status=MemberStatus.LEFT)
    if params.get("q") == "ID_SUFFIX":
        params = {"q": wang.id_number_masked[-4:]}
    client.force_login(world.org_admin)
    # when
    r = client.get(reverse("members:member_list"), params)
    # then
    assert _names(r) == names


def test_member_list_htmx_returns_the_table_only(client, world):
    # given
    client.force_login(world.org_admin)
    # when
    r = client.get(reverse("members:member_list"), {"q": "甲"}, **HTMX)
    # then
    assert r.templates[0].name == "members/partials/member_table.html"
    assert "<html" not in r.content.decode()
    assert _names(r) == ["甲会员"]


def test_member_list_paginates(client, world):
    # given 30 members in org A
    MemberFactory.create_batch(29, org=world.org_a)
    client.force_login(world.org_admin)
    # when
    first = client.get(reverse("members:member_list"))
    second = client.get(reverse("members:member_list"), {"page": "2"})
    # then
    assert (len(first.context["page"]), len(second.context["page"])) == (25, 5)
    assert "共 30 人，第 1 / 2 页" in first.content.decode()


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("outsider sees nothing", "outsider", 404),
        ("plain member has no console", "org_member", 403),
        ("org admin sees the record", "org_admin", 200),
    ],
)
def test_member_detail_access(request, client, world, _case, actor, status):
    # given
    client.force_login(request.getfixturevalue(actor))
    # when
    r = client.get(reverse("members:member_detail", args=[world.member_a.public_id]))
    # then
    assert r.status_code == status
    assert (world.member_a.id_number_masked in r.content.decode()) is (status == 200)


@pytest.mark.parametrize(("actor", "can_reveal"), [("org_admin", True), ("staff_a", False)])
def test_member_detail_shows_only_the_masked_id(request, client, world, actor, can_reveal):
    # given
    client.force_login(request.getfixturevalue(actor))
    # when
    r = client.get(reverse("members:member_detail", args=[world.member_a.public_id]))
    # then
    html = r.content.decode()
    assert r.status_code == 200
    assert world.member_a.id_number_masked in html
    assert _full_id(world.member_a) not in html
    assert "13700001111" not in html
    assert "甲县第一中学工会" in html
    assert r.context["can_reveal"] is can_reveal
    assert (reverse("members:member_reveal", args=[world.member_a.public_id]) in html) is can_reveal
    assert not AuditLog.objects.exists()


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("outsider sees nothing", "outsider", 404),
        ("plain member has no console", "org_member", 403),
        ("staff lacks members.reveal", "staff_a", 403),
        ("org admin reveals", "org_admin", 200),
    ],
)
def test_member_reveal_access(request, client, world, _case, actor, status):
    # given
    client.force_login(request.getfixturevalue(actor))
    # when
    r = client.post(reverse("members:member_reveal", args=[world.member_a.public_id]), **HTMX)
    # then
    assert r.status_code == status
    assert (_full_id(world.member_a) in r.content.decode()) is (status == 200)
    assert AuditLog.objects.filter(action=AuditAction.REVEAL).count() == (1 if status == 200 else 0)


def test_member_reveal_happy_path(client, world):
    # given
    client.force_login(world.org_admin)
    # when
    r = client.post(
        reverse("members:member_reveal", args=[world.member_a.public_id]), REMOTE_ADDR="10.0.0.8", **HTMX
    )
    # then the partial shows the full number and phone
    html = r.content.decode()
    assert r.status_code == 200
    assert r.templates[0].name == "members/partials/member_revealed.html"
    assert f"data-revealed-id>{_full_id(world.member_a)}</dd>" in html
    assert "13700001111" in html
    assert "<html" not in html
    # and the reveal is on record
    log = AuditLog.objects.get()
    assert (log.action, log.actor, log.org_id, log.ip_address) == (
        AuditAction.REVEAL,
        world.org_admin,
        world.org_a.pk,
        "10.0.0.8",
    )
    assert log.summary == "查看会员 甲会员 的完整证件号码和手机号"


def test_member_reveal_is_post_only(client, world):
    # given
    client.force_login(world.org_admin)
    # when
    r = client.get(reverse("members:member_reveal", args=[world.member_a.public_id]))
    # then
    assert r.status_code == 405
    assert not AuditLog.objects.exists()


def test_each_reveal_is_audited(client, world):
    # given
    client.force_login(world.org_admin)
    url = reverse("members:member_reveal", args=[world.member_a.public_id])
    # when
    client.post(url, **HTMX)
    client.post(url, **HTMX)
    # then
    assert AuditLog.objects.filter(action=AuditAction.REVEAL, object_id=str(world.member_a.pk)).count() == 2
