"""Member list, detail and reveal pages: scoped, masked by default, every reveal audited."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.accounts.identity import decrypt_identifier
from gonghui.core.models import AuditAction, AuditLog
from gonghui.members.choices import MemberStatus
from gonghui.members.tests.factories import MemberFactory
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.tests.factories import OrgFactory

HTMX = {"HTTP_HX_REQUEST": "true"}
# session, user, role grants, unread-notification count (shell), then count + one page of rows
# (with their orgs joined) + the page's tags (prefetched), and the filter options: orgs in scope, tags.
PINNED_LIST_QUERIES = 9


def _full_id(member) -> str:
    return decrypt_identifier(member.id_number_encrypted)


def _names(response) -> list[str]:
    return [m.name for m in response.context["page"]]


# --- list -------------------------------------------------------------------------------------------


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
    assert "共 30 条，第 1 / 2 页" in first.content.decode()


def _list_queries(client) -> int:
    client.get(reverse("members:member_list"))  # warm up per-process caches
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(reverse("members:member_list"))
    assert r.status_code == 200
    return len(ctx.captured_queries)


def test_member_list_queries_do_not_grow_with_rows(client, world, django_assert_num_queries):
    # given
    MemberFactory.create_batch(2, org=world.org_a)
    client.force_login(world.org_admin)
    few = _list_queries(client)
    # when members of a branch of org A are added too (another org to join)
    branch = OrgFactory.create(parent=world.org_a, code="ORGA-F1", name="分工会", level=OrgLevel.BRANCH)
    MemberFactory.create_batch(10, org=branch)
    MemberFactory.create_batch(10, org=world.org_a)
    many = _list_queries(client)
    # then
    assert many == few
    with django_assert_num_queries(PINNED_LIST_QUERIES):
        r = client.get(reverse("members:member_list"))
    assert len(r.context["page"]) == 23


# --- detail -----------------------------------------------------------------------------------------


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


# --- reveal -----------------------------------------------------------------------------------------


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
