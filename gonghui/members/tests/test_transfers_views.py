"""Transfer pages: the console (three actors on every view, the receiving union through the delivery) and the
member's own portal page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_member_user
from gonghui.members.choices import MemberStatus, TransferStatus
from gonghui.members.models import Member, Transfer
from gonghui.members.tests.factories import MemberFactory
from gonghui.members.tests.test_joining_factories import make_transfer


@pytest.fixture
def to_b(world):
    """Member A's transfer to org B, approved by org A: waiting for org B."""
    return make_transfer(world.member_a, to_org=world.org_b, status=TransferStatus.OUT_APPROVED)


@pytest.fixture
def to_county(world):
    """A transfer out of org A not addressed to org B."""
    return make_transfer(MemberFactory.create(org=world.org_a, name="甲二"), to_org=world.county_x)


# --- list -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "actor", "status", "names"),
    [
        ("outsider sees only what is addressed to B", "outsider", 200, ["甲会员"]),
        ("plain member has no console", "org_member", 403, None),
        ("org admin sees its transfers out", "org_admin", 200, ["甲二", "甲会员"]),
    ],
)
def test_transfer_list_access(request, client, world, to_b, to_county, _case, actor, status, names):
    client.force_login(request.getfixturevalue(actor))
    r = client.get(reverse("members:transfer_list"))
    assert r.status_code == status
    if names is not None:
        assert [t.member.name for t in r.context["page"]] == names


def test_transfer_list_filters_by_direction_and_status(client, world, to_b, to_county):
    client.force_login(world.outsider)
    assert [
        t.pk for t in client.get(reverse("members:transfer_list"), {"direction": "in"}).context["page"]
    ] == [to_b.pk]
    assert list(client.get(reverse("members:transfer_list"), {"direction": "out"}).context["page"]) == []
    client.force_login(world.org_admin)
    r = client.get(reverse("members:transfer_list"), {"status": "requested"})
    assert [t.pk for t in r.context["page"]] == [to_county.pk]


def test_transfer_list_queries_do_not_grow_with_rows(client, world, staff_a):
    # given a cadre without accounts.manage: the console shell then adds no cached platform warnings
    client.force_login(staff_a)
    make_transfer(world.member_a, to_org=world.org_b)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("members:transfer_list"))
    for n in range(12):
        make_transfer(MemberFactory.create(org=world.org_a), to_org_outside=f"外单位{n}")
    with CaptureQueriesContext(connection) as many:
        r = client.get(reverse("members:transfer_list"))
    assert len(r.context["page"]) == 13
    assert len(many) == len(few) == 5  # session, the user with its grants (one statement), unread count, page


# --- detail and actions -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "actor", "which", "status"),
    [
        ("outsider reaches the transfer addressed to B", "outsider", "to_b", 200),
        ("outsider does not reach another", "outsider", "to_county", 404),
        ("plain member has no console", "org_member", "to_b", 403),
        ("org admin reaches its own", "org_admin", "to_county", 200),
    ],
)
def test_transfer_detail_access(request, client, world, to_b, to_county, _case, actor, which, status):
    client.force_login(request.getfixturevalue(actor))
    transfer = {"to_b": to_b, "to_county": to_county}[which]
    r = client.get(reverse("members:transfer_detail", args=[transfer.public_id]))
    assert r.status_code == status


def test_the_detail_offers_each_side_its_own_actions(client, world, to_b):
    client.force_login(world.outsider)
    assert client.get(reverse("members:transfer_detail", args=[to_b.public_id])).context["actions"] == [
        "approve_in",
        "reject",
    ]
    client.force_login(world.org_admin)
    assert client.get(reverse("members:transfer_detail", args=[to_b.public_id])).context["actions"] == [
        "cancel"
    ]


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("the receiving union", "outsider", 404),
        ("plain member", "org_member", 403),
        ("the old union", "org_admin", 302),
    ],
)
def test_approve_out_view_access(request, client, world, _case, actor, status):
    transfer = make_transfer(world.member_a, to_org=world.org_b)
    client.force_login(request.getfixturevalue(actor))
    r = client.post(reverse("members:transfer_approve_out", args=[transfer.public_id]))
    assert r.status_code == status
    transfer.refresh_from_db()
    assert (transfer.status == TransferStatus.OUT_APPROVED) is (status == 302)


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("the old union may not", "org_admin", 403),
        ("plain member", "org_member", 403),
        ("the receiving union", "outsider", 302),
    ],
)
def test_approve_in_view_access(request, client, world, to_b, _case, actor, status):
    client.force_login(request.getfixturevalue(actor))
    r = client.post(reverse("members:transfer_approve_in", args=[to_b.public_id]))
    assert r.status_code == status
    world.member_a.refresh_from_db()
    assert (world.member_a.org == world.org_b) is (status == 302)
    assert world.member_a.status == MemberStatus.ACTIVE


def test_approve_in_page_confirms_for_the_receiving_union_only(client, world, to_b):
    client.force_login(world.outsider)
    assert (
        "同意转入"
        in client.get(reverse("members:transfer_approve_in", args=[to_b.public_id])).content.decode()
    )
    # the sending union sees the transfer but may not approve it in: the page is refused, as its POST is
    client.force_login(world.org_admin)
    assert client.get(reverse("members:transfer_approve_in", args=[to_b.public_id])).status_code == 403


def test_approve_in_of_a_transfer_not_addressed_to_b_is_404(client, world, to_county):
    client.force_login(world.outsider)
    assert client.get(reverse("members:transfer_approve_in", args=[to_county.public_id])).status_code == 404
    assert client.post(reverse("members:transfer_approve_in", args=[to_county.public_id])).status_code == 404


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("the old union after its approval", "org_admin", 403),
        ("plain member", "org_member", 403),
        ("the receiving union", "outsider", 302),
    ],
)
def test_reject_view_access(request, client, world, to_b, _case, actor, status):
    client.force_login(request.getfixturevalue(actor))
    r = client.post(reverse("members:transfer_reject", args=[to_b.public_id]), {"reason": "编制已满"})
    assert r.status_code == status
    to_b.refresh_from_db()
    assert (to_b.status == TransferStatus.REJECTED) is (status == 302)


def test_reject_view_requires_a_reason(client, world, to_b):
    client.force_login(world.outsider)
    r = client.post(reverse("members:transfer_reject", args=[to_b.public_id]), {"reason": ""})
    assert r.context["form"].errors == {"reason": ["这个字段是必填项。"]}


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("the receiving union", "outsider", 404),
        ("plain member", "org_member", 403),
        ("the old union", "org_admin", 302),
    ],
)
def test_cancel_view_access(request, client, world, to_b, _case, actor, status):
    client.force_login(request.getfixturevalue(actor))
    r = client.post(reverse("members:transfer_cancel", args=[to_b.public_id]))
    assert r.status_code == status
    to_b.refresh_from_db()
    assert (to_b.status == TransferStatus.CANCELLED) is (status == 302)


def test_the_letter_is_printed_by_the_old_union(client, world):
    # given a completed transfer out of the platform
    transfer = make_transfer(world.member_a, to_org_outside="郑州市第一中学工会")
    client.force_login(world.org_admin)
    done = client.post(reverse("members:transfer_approve_out", args=[transfer.public_id]), follow=True)
    transfer.refresh_from_db()
    assert f"已同意转出，介绍信编号 {transfer.letter_number}" in done.content.decode()
    # when
    r = client.get(reverse("members:transfer_letter", args=[transfer.public_id]))
    # then
    assert r.status_code == 200
    assert r["Content-Type"] == "application/pdf"
    assert r.content.startswith(b"%PDF")
    client.force_login(world.outsider)
    assert client.get(reverse("members:transfer_letter", args=[transfer.public_id])).status_code == 404
    client.force_login(world.org_member)
    assert client.get(reverse("members:transfer_letter", args=[transfer.public_id])).status_code == 403


def test_a_transfer_without_a_letter_redirects_to_its_page(client, world, to_b):
    client.force_login(world.org_admin)
    r = client.get(reverse("members:transfer_letter", args=[to_b.public_id]))
    assert r.status_code == 302
    assert r["Location"] == reverse("members:transfer_detail", args=[to_b.public_id])


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [("outsider", "outsider", 404), ("plain member", "org_member", 403), ("org admin", "org_admin", 302)],
)
def test_console_transfer_request_access(request, client, world, _case, actor, status):
    client.force_login(request.getfixturevalue(actor))
    r = client.post(
        reverse("members:transfer_create", args=[world.member_a.public_id]),
        {"to_org": world.org_b.pk, "reason": "调动"},
    )
    assert r.status_code == status
    assert Transfer.objects.filter(member=world.member_a).exists() is (status == 302)


def test_console_transfer_request_names_the_bad_field(client, world):
    client.force_login(world.org_admin)
    r = client.post(reverse("members:transfer_create", args=[world.member_a.public_id]), {"reason": "调动"})
    assert r.context["form"].errors == {
        "to_org": ["请选择平台内的转入工会，或填写平台外的转入单位（二者选一）"]
    }


# --- portal -----------------------------------------------------------------------------------------------


def test_the_member_requests_and_sees_only_their_own_transfers(client, world):
    # given another member's transfer in the same union
    _, other = make_member_user("13700002222", world.org_a, name="他人")
    make_transfer(other, to_org=world.county_x)
    client.force_login(world.org_member)
    # when
    r = client.post(reverse("members:transfer_mine"), {"to_org": world.org_b.pk, "reason": "工作调动"})
    # then
    assert r.status_code == 302
    transfer = Transfer.objects.get(member=world.member_a)
    assert (transfer.to_org, transfer.requested_by, transfer.status) == (
        world.org_b,
        world.org_member,
        "requested",
    )
    page = client.get(reverse("members:transfer_mine"))
    assert [t.pk for t in page.context["transfers"]] == [transfer.pk]
    assert "乙县人民医院工会" in page.content.decode()
    assert page.context["has_open"] is True


def test_the_member_cancels_their_own_transfer_but_not_another(client, world):
    mine = make_transfer(world.member_a, to_org=world.org_b, requested_by=world.org_member)
    _, other = make_member_user("13700002222", world.org_a, name="他人")
    theirs = make_transfer(other, to_org=world.county_x)
    client.force_login(world.org_member)
    assert client.post(reverse("members:transfer_mine_cancel", args=[theirs.public_id])).status_code == 404
    r = client.post(reverse("members:transfer_mine_cancel", args=[mine.public_id]))
    assert r.status_code == 302
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.status, theirs.status) == (TransferStatus.CANCELLED, TransferStatus.REQUESTED)


@pytest.mark.parametrize(
    ("_case", "actor"), [("a cadre has no member record", "org_admin"), ("outsider", "outsider")]
)
def test_cadres_cannot_use_the_portal_transfer_page(request, client, world, _case, actor):
    client.force_login(request.getfixturevalue(actor))
    assert client.get(reverse("members:transfer_mine")).status_code == 403


def test_anonymous_visitors_are_sent_to_the_portal_login(client, world):
    r = client.get(reverse("members:transfer_mine"))
    assert r.status_code == 302
    assert r["Location"].startswith("/portal/login/")


def test_portal_form_errors_are_in_chinese(client, world):
    client.force_login(world.org_member)
    r = client.post(reverse("members:transfer_mine"), {"to_org_outside": "", "reason": ""})
    assert r.context["form"].errors == {
        "to_org": ["请选择平台内的转入工会，或填写平台外的转入单位（二者选一）"]
    }
    assert Member.objects.get(pk=world.member_a.pk).org == world.org_a


def test_the_transfer_list_finds_members_to_transfer_in_the_users_unions(client, world):
    MemberFactory.create(org=world.org_b, name="甲会员乙院")
    client.force_login(world.org_admin)
    r = client.get(reverse("members:transfer_list"), {"member_q": "甲会员"})
    assert [m.name for m in r.context["candidates"]] == ["甲会员"]
    assert reverse("members:transfer_create", args=[world.member_a.public_id]) in r.content.decode()
    client.force_login(world.outsider)
    r = client.get(reverse("members:transfer_list"), {"member_q": "甲会员"})
    assert [m.name for m in r.context["candidates"]] == ["甲会员乙院"]
