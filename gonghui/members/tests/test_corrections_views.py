"""Correction pages: the console list, detail, approve and reject (three actors each), and the member's portal page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_member_user
from gonghui.members.choices import CorrectionStatus
from gonghui.members.models import CorrectionRequest, Member
from gonghui.members.services import (
    correction_request_reject,
)
from gonghui.members.tests.test_joining_factories import make_correction

# --- console pages ----------------------------------------------------------------------------------------


@pytest.fixture
def correction(world):
    return make_correction(world.member_a, changes={"position_title": ["", "一级教师"]})


@pytest.mark.parametrize(
    ("_case", "actor", "status", "names"),
    [
        ("outsider sees none of org A's", "outsider", 200, ["乙会员"]),
        ("plain member has no console", "org_member", 403, None),
        ("org admin sees its own", "org_admin", 200, ["甲会员"]),
    ],
)
def test_correction_list_access(request, client, world, correction, _case, actor, status, names):
    _, member_b = make_member_user("13700002222", world.org_b, name="乙会员")
    make_correction(member_b)
    client.force_login(request.getfixturevalue(actor))
    r = client.get(reverse("members:correction_list"))
    assert r.status_code == status
    if names is not None:
        assert [c.member.name for c in r.context["page"]] == names


def test_correction_list_filters_and_does_not_grow_queries(client, world, staff_a):
    # given a cadre without accounts.manage: the console shell then adds no cached platform warnings
    client.force_login(staff_a)
    make_correction(world.member_a)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("members:correction_list"))
    for n in range(10):
        _, m = make_member_user(f"137100000{n:02d}", world.org_a, name=f"会员{n}")
        make_correction(m, status=CorrectionStatus.REJECTED)
    with CaptureQueriesContext(connection) as many:
        r = client.get(reverse("members:correction_list"))
    assert len(r.context["page"]) == 11
    assert len(many) == len(few) == 5  # session, the user with its grants (one statement), unread count, page
    filtered = client.get(reverse("members:correction_list"), {"status": "submitted"})
    assert [c.member.name for c in filtered.context["page"]] == ["甲会员"]


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [("outsider", "outsider", 404), ("plain member", "org_member", 403), ("org admin", "org_admin", 200)],
)
def test_correction_detail_access(request, client, world, correction, _case, actor, status):
    client.force_login(request.getfixturevalue(actor))
    r = client.get(reverse("members:correction_detail", args=[correction.public_id]))
    assert r.status_code == status
    if status == 200:
        assert "一级教师" in r.content.decode()


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [("outsider", "outsider", 404), ("plain member", "org_member", 403), ("org admin", "org_admin", 302)],
)
def test_correction_approve_view_access(request, client, world, correction, _case, actor, status):
    client.force_login(request.getfixturevalue(actor))
    r = client.post(reverse("members:correction_approve", args=[correction.public_id]))
    assert r.status_code == status
    assert (Member.objects.get(pk=world.member_a.pk).position_title == "一级教师") is (status == 302)


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [("outsider", "outsider", 404), ("plain member", "org_member", 403), ("org admin", "org_admin", 302)],
)
def test_correction_reject_view_access(request, client, world, correction, _case, actor, status):
    client.force_login(request.getfixturevalue(actor))
    r = client.post(reverse("members:correction_reject", args=[correction.public_id]), {"reason": "无依据"})
    assert r.status_code == status
    correction.refresh_from_db()
    assert (correction.status == CorrectionStatus.REJECTED) is (status == 302)


def test_correction_reject_view_requires_a_reason(client, world, correction):
    client.force_login(world.org_admin)
    r = client.post(reverse("members:correction_reject", args=[correction.public_id]), {"reason": ""})
    assert r.context["form"].errors == {"reason": ["这个字段是必填项。"]}


# --- portal page ------------------------------------------------------------------------------------------


def test_the_member_asks_in_the_portal_and_sees_the_outcome(client, world):
    # given
    client.force_login(world.org_member)
    page = client.get(reverse("members:correction_mine"))
    assert page.status_code == 200
    # when
    r = client.post(reverse("members:correction_mine"), {"position_title": "一级教师", "note": "职称晋升"})
    # then
    assert r.status_code == 302
    correction = CorrectionRequest.objects.get(member=world.member_a)
    assert correction.changes == {"position_title": ["", "一级教师"]}
    pending = client.get(reverse("members:correction_mine")).content.decode()
    assert "待审核" in pending
    assert "您的更正申请正在审核中" in pending
    correction_request_reject(correction=correction, actor=world.org_admin, reason="请提供聘书")
    outcome = client.get(reverse("members:correction_mine")).content.decode()
    assert "未通过" in outcome
    assert "不同意原因：请提供聘书" in outcome


def test_the_portal_shows_only_the_members_own_requests(client, world):
    _, other = make_member_user("13700002222", world.org_a, name="他人")
    make_correction(other, changes={"position_title": ["", "他人的职称"]})
    client.force_login(world.org_member)
    page = client.get(reverse("members:correction_mine"))
    assert page.context["corrections"] == []
    assert "他人的职称" not in page.content.decode()


def test_portal_errors_name_the_field(client, world):
    client.force_login(world.org_member)
    r = client.post(reverse("members:correction_mine"), {"phone": "12"})
    assert r.context["form"].errors == {"phone": ["请输入11位中国大陆手机号"]}
    r = client.post(reverse("members:correction_mine"), {})
    assert r.context["form"].errors == {"__all__": ["请至少填写一项与现有信息不同的更正内容"]}


@pytest.mark.parametrize("actor", ["org_admin", "outsider"])
def test_cadres_cannot_use_the_portal_correction_page(request, client, world, actor):
    client.force_login(request.getfixturevalue(actor))
    assert client.get(reverse("members:correction_mine")).status_code == 403
