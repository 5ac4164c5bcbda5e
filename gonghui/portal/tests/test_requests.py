"""我的办理 (`portal:requests`): one list, newest first, of what the member asked for in every app (入会, 会员卡, 转会,
信息更正, 诉求, 法律咨询, 法律援助), with the state in Chinese, the next step and a link to the member's own page;
chips by kind, an empty state, 20 a page, and a constant number of queries (one per registered source)."""

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_cadre, make_member_user
from gonghui.appeals.services import appeal_accept, appeal_reply
from gonghui.appeals.tests.factories import make_appeal
from gonghui.core.registry import member_requests
from gonghui.legal.tests.factories import make_application, make_consultation
from gonghui.members.choices import CorrectionStatus, JoinStatus
from gonghui.members.models import CorrectionRequest, JoinApplication
from gonghui.members.services import card_apply, correction_request_reject, correction_request_submit
from gonghui.members.tests.test_joining_factories import make_join_application, make_transfer
from gonghui.quizzes.tests.factories import grant_organiser, make_activity, make_bank


def _one_of_each(world, handler) -> dict[str, Any]:
    """One request of every kind for member A, each a minute older than the next (入会 the oldest)."""
    join = make_join_application(world.org_a, n=7, phone=world.member_a.phone, status=JoinStatus.APPROVED)
    JoinApplication.objects.filter(pk=join.pk).update(member=world.member_a)
    card = card_apply(member=world.member_a, actor=world.org_member)
    transfer = make_transfer(world.member_a, to_org=world.org_b, requested_by=world.org_member)
    correction = correction_request_submit(
        member=world.member_a, actor=world.org_member, changes={"position_title": "高级教师"}
    )
    correction_request_reject(correction=correction, actor=world.org_admin, reason="请附职称证书")
    appeal = make_appeal(world.member_a)
    appeal_accept(appeal=appeal, actor=handler)
    appeal_reply(appeal=appeal, actor=handler, body="已协调学校在月底前补发。")
    consultation = make_consultation(world.org_a, member=world.member_a, title="加班费怎么算")
    aid = make_application(world.org_a, member=world.member_a)
    start = timezone.now() - dt.timedelta(hours=1)
    made: list[Any] = [join, card, transfer, correction, appeal, consultation, aid]
    for minutes, obj in enumerate(made):
        type(obj).objects.filter(pk=obj.pk).update(created_at=start + dt.timedelta(minutes=minutes))
    return {"appeal": appeal, "consultation": consultation, "aid": aid}


@pytest.fixture
def handler(world):
    return make_cadre("handler_a", world.org_a, role="appeals_handler")


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("the member gets in", "org_member", 200),
        ("a cadre without a member record is refused", "org_admin", 403),
        ("another union's cadre is refused", "outsider", 403),
    ],
)
def test_requests_page_access(request, client, world, _case, actor, status):
    client.force_login(request.getfixturevalue(actor))
    assert client.get(reverse("portal:requests")).status_code == status


def test_requests_page_sends_a_visitor_to_the_portal_login(client, world):
    r = client.get(reverse("portal:requests"))
    assert (r.status_code, r["Location"]) == (302, f"/portal/login/?next={reverse('portal:requests')}")


def test_the_list_holds_one_item_of_each_kind_newest_first_with_state_next_step_and_link(
    client, world, handler
):
    # given
    made = _one_of_each(world, handler)
    client.force_login(world.org_member)
    # when
    r = client.get(reverse("portal:requests"))
    # then
    rows = [(i.kind, i.status, i.next_step) for i in r.context["page"]]
    assert rows == [
        ("法律援助", "待审查", ""),
        ("法律咨询", "待解答", ""),
        ("诉求", "已答复", "请评价"),
        ("信息更正", "未通过", "请修改后重新提交"),
        ("转会", "待转出方审批", ""),
        ("会员卡", "已申请", ""),
        ("入会", "已批准", ""),
    ]
    html = r.content.decode()
    assert html.count('class="list-group-item list-group-item-action"') == 7
    for url in (
        reverse("legal:my_application", args=[made["aid"].public_id]),
        reverse("legal:my_consultation", args=[made["consultation"].public_id]),
        reverse("appeals:portal_detail", args=[made["appeal"].public_id]),
        reverse("members:correction_mine"),
        reverse("members:transfer_mine"),
        reverse("members:card_mine"),
    ):
        assert f'href="{url}"' in html
    assert 'href="/members/join/resubmit/' in html
    assert "下一步：请评价" in html
    # the states are labels, never the stored codes
    for code in ("submitted", "replied", "rejected", "requested", "applied", "approved", "pending"):
        assert f">{code}<" not in html
    # and every kind the member has is a chip
    assert [c["label"] for c in r.context["chips"]] == [
        "入会",
        "会员卡",
        "转会",
        "信息更正",
        "诉求",
        "法律咨询",
        "法律援助",
    ]
    assert r.context["tab"] == "me"


def test_a_chip_filters_the_list_to_its_kind(client, world, handler):
    # given
    _one_of_each(world, handler)
    client.force_login(world.org_member)
    # when
    r = client.get(reverse("portal:requests"), {"kind": "appeals"})
    # then
    assert [i.kind for i in r.context["page"]] == ["诉求"]
    assert 'href="?kind=appeals" aria-current="true"' in r.content.decode()
    # an unknown kind shows everything
    assert len(client.get(reverse("portal:requests"), {"kind": "nope"}).context["page"]) == 7


def test_another_members_requests_are_not_listed(client, world, handler):
    # given
    _one_of_each(world, handler)
    other_user, _other = make_member_user("13700009999", world.org_a, name="乙")
    client.force_login(other_user)
    # when
    r = client.get(reverse("portal:requests"))
    # then
    assert list(r.context["page"]) == []
    assert r.context["chips"] == []


def test_the_empty_state_says_what_will_be_here_and_where_to_start(client, world):
    client.force_login(world.org_member)
    html = client.get(reverse("portal:requests")).content.decode()
    assert "您还没有办理过事项" in html
    assert f'href="{reverse("portal:services")}"' in html
    assert 'id="request-kinds"' not in html
    # the back arrow returns to 我的, where 我的办理 is opened from
    assert f'class="portal-back" href="{reverse("portal:me")}"' in html


def test_more_than_twenty_requests_are_paged(client, world):
    # given 23 consultations
    for n in range(23):
        make_consultation(world.org_a, member=world.member_a, title=f"咨询第{n}件")
    client.force_login(world.org_member)
    # when
    first = client.get(reverse("portal:requests"))
    second = client.get(reverse("portal:requests"), {"page": 2})
    # then
    assert len(first.context["page"]) == 20
    assert len(second.context["page"]) == 3
    assert "共 23 条，第 1 / 2 页" in first.content.decode()


def test_the_page_reads_a_constant_number_of_queries(client, world, handler, django_assert_max_num_queries):
    # given one of each kind, the page's query count
    _one_of_each(world, handler)
    client.force_login(world.org_member)
    with django_assert_max_num_queries(8 + len(member_requests.keys())) as few:
        client.get(reverse("portal:requests"))
    # when three more of every kind the member can have several of
    for n in range(3):
        make_consultation(world.org_a, member=world.member_a, title=f"再问{n}")
        make_application(world.org_a, member=world.member_a)
        make_appeal(world.member_a, title=f"又一件{n}", description=f"第{n}件诉求的内容，写得足够长。")
        CorrectionRequest.objects.create(
            member=world.member_a,
            changes={"position_title": ["", f"职称{n}"]},
            status=CorrectionStatus.REJECTED,
        )
    # then the page reads as many queries
    with django_assert_max_num_queries(len(few.captured_queries)):
        r = client.get(reverse("portal:requests"))
    assert len(r.context["page"]) == 19


def test_the_home_shows_the_members_todos_and_running_quizzes_and_not_another_members(client, world, handler):
    # given a reply to rate and a running quiz of org A
    appeal = make_appeal(world.member_a)
    appeal_accept(appeal=appeal, actor=handler)
    appeal_reply(appeal=appeal, actor=handler, body="已协调学校在月底前补发。")
    grant_organiser(world.org_admin, world.org_a)
    make_activity(world.org_a, make_bank(world.org_a), title="工会法知识答题")
    other_user, _other = make_member_user("13700009999", world.org_b, name="乙")
    # when
    client.force_login(world.org_member)
    mine = client.get(reverse("portal:home")).content.decode()
    client.force_login(other_user)
    theirs = client.get(reverse("portal:home")).content.decode()
    # then
    assert "请评价：拖欠课时费" in mine
    assert f'href="{reverse("appeals:portal_detail", args=[appeal.public_id])}"' in mine
    assert "工会法知识答题" in mine
    assert "请评价" not in theirs
    assert "工会法知识答题" not in theirs
