"""转会 from the portal: the member finds the target union with the union search (no dropdown of every union), confirms
it ("您申请转入：…，是否确认？") and submits; the own union is never offered; county unions come last; without
JavaScript everything is a GET query or a POST."""

import pytest
from django.urls import reverse

from conftest import make_member_user
from gonghui.members.models import Transfer
from gonghui.members.tests.test_joining_factories import make_transfer
from gonghui.orgs.models import Org
from gonghui.orgs.tests.factories import OrgFactory

TARGET = reverse("members:transfer_mine_target")


@pytest.fixture
def jiaozuo(world) -> Org:
    org = OrgFactory.create(
        parent=world.county_y,
        code="JZYZ",
        name="焦作市第一中学工会",
        unit_name="焦作市第一中学",
        aliases=["焦作一中", "解放一中"],
    )
    return Org.objects.get(pk=org.pk)


@pytest.fixture
def member_client(client, world):
    client.force_login(world.org_member)
    return client


def test_the_transfer_page_offers_a_search_instead_of_a_dropdown(member_client):
    html = member_client.get(reverse("members:transfer_mine")).content.decode()
    assert 'name="to_org"' not in html
    assert f'action="{TARGET}"' in html
    assert 'id="transfer-search"' in html
    assert "转入单位不在本平台？" in html


@pytest.mark.parametrize("query", ["焦作一中", "解放一中", "jzyz"])
def test_the_member_finds_the_target_by_the_names_people_use(member_client, jiaozuo, query):
    html = member_client.get(TARGET, {"q": query}).content.decode()
    assert "焦作市第一中学工会" in html
    assert f"{TARGET}?org=JZYZ" in html


def test_the_own_union_is_not_offered_and_county_unions_come_last(member_client, world, jiaozuo):
    r = member_client.get(TARGET, {"q": "甲县"})
    codes = [o.code for o in r.context["results"]]
    assert "ORGA" not in codes  # the member's own union
    assert codes == ["CX"]
    mixed = [o.code for o in member_client.get(TARGET, {"q": "县"}).context["results"]]
    assert mixed == ["ORGB", "CX", "CY"]  # grassroots first, then the county unions
    assert "县级工会 · 联合工会 / 周转库" in r.content.decode()


def test_the_member_confirms_and_submits(member_client, world, jiaozuo):
    # when the member opens a result
    page = member_client.get(TARGET, {"org": "JZYZ"}).content.decode()
    # then the target is asked to be confirmed, with the reason
    assert "您申请转入：<strong>焦作市第一中学工会</strong>（焦作市第一中学），是否确认？" in page
    assert Transfer.objects.count() == 0
    # and confirming submits the transfer to it
    r = member_client.post(TARGET, {"org": "JZYZ", "reason": "工作调动"})
    assert r.status_code == 302
    assert r["Location"] == reverse("members:transfer_mine")
    transfer = Transfer.objects.get()
    assert (transfer.member, transfer.to_org, transfer.reason, transfer.requested_by) == (
        world.member_a,
        jiaozuo,
        "工作调动",
        world.org_member,
    )


def test_a_refusal_is_shown_on_the_confirmation(member_client, world, jiaozuo):
    make_transfer(world.member_a, to_org=world.org_b)
    r = member_client.post(TARGET, {"org": "JZYZ", "reason": ""})
    assert r.status_code == 200
    assert "该会员已有办理中的转会" in r.content.decode()
    assert Transfer.objects.count() == 1


def test_the_own_union_or_a_city_union_cannot_be_the_target(member_client, world):
    for code in ("ORGA", "CITY", "NOPE"):
        r = member_client.post(TARGET, {"org": code, "reason": ""})
        assert r.status_code == 200
        assert "是否确认" not in r.content.decode()
    assert Transfer.objects.count() == 0


def test_only_a_member_reaches_the_page(client, world):
    client.force_login(world.org_admin)  # a cadre without a member record
    assert client.get(TARGET, {"q": "一中"}).status_code == 403
    client.logout()
    assert client.get(TARGET).status_code == 302  # to the portal login
    # another member sees only their own transfers afterwards
    user, _ = make_member_user("13700003333", world.org_b, name="乙会员")
    client.force_login(user)
    assert [o.code for o in client.get(TARGET, {"q": "县"}).context["results"]] == ["ORGA", "CX", "CY"]
