"""网上入会's union search and confirmation: a worker finds the union by the name people use (an alias such as 焦作一中 or
解放一中), by full pinyin or by initials (jzyz); grassroots unions come first and the county pool unions are offered
after the results; the chosen union is confirmed ("您申请加入：…，是否确认？") before the form is shown; a union's join
link preselects the union and still asks to confirm."""

import json

import pytest
from django.urls import reverse

from gonghui.core.channels import ConsoleSmsBackend
from gonghui.members.choices import JoinStatus
from gonghui.members.models import JoinApplication
from gonghui.members.selectors.joining import join_org_search
from gonghui.members.tests.test_joining_views import PHONE, _form_data, _last_code
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.models import Org
from gonghui.orgs.tests.factories import OrgFactory


@pytest.fixture(autouse=True)
def _outbox():
    ConsoleSmsBackend.outbox.clear()
    yield
    ConsoleSmsBackend.outbox.clear()


@pytest.fixture
def jiaozuo(world) -> Org:
    org = OrgFactory.create(
        parent=world.county_x,
        code="JZYZ",
        name="焦作市第一中学工会",
        unit_name="焦作市第一中学",
        aliases=["焦作一中", "解放一中"],
    )
    return Org.objects.get(pk=org.pk)


def _accept_privacy(client, **query):
    url = reverse("members:join_start")
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return client.post(url, {"accept": "on"})


def _search(client, query: str) -> str:
    html: str = client.get(reverse("members:join_unit"), {"q": query}).content.decode()
    return html


@pytest.mark.parametrize("query", ["焦作一中", "解放一中", "jzyz", "jiaozuoyizhong", "焦作 一中"])
def test_the_names_people_use_find_the_union(client, jiaozuo, query):
    _accept_privacy(client)
    html = _search(client, query)
    assert "焦作市第一中学工会" in html
    assert "/members/join/apply/?org=JZYZ" in html
    assert "又称 焦作一中、解放一中" in html


def test_grassroots_unions_come_first_and_pool_unions_are_not_results(world, jiaozuo):
    # given a 分工会 that also matches
    OrgFactory.create(
        parent=jiaozuo,
        code="JZYZ-G",
        name="焦作一中高中部分工会",
        unit_name="焦作市第一中学",
        level=OrgLevel.BRANCH,
    )
    county = Org.objects.get(pk=world.county_x.pk)
    county.aliases = ["焦作一中片区"]
    county.save()
    # when
    found = [o.code for o in join_org_search(query="焦作一中")]
    # then the grassroots union first, the branch next, the county pool union not among the results
    assert found == ["JZYZ", "JZYZ-G"]


def test_the_pool_unions_are_offered_after_the_results(client, world, jiaozuo):
    _accept_privacy(client)
    html = _search(client, "jzyz")
    assert html.index("焦作市第一中学工会") < html.index("单位未建会，选择县级工会")


def test_nothing_found_says_so_and_suggests_another_name(client, world):
    _accept_privacy(client)
    html = _search(client, "不存在的单位")
    assert "没有找到“不存在的单位”的工会：请换个叫法再试" in html


def test_the_json_search_finds_by_initials_and_exposes_no_aliases(client, jiaozuo):
    r = client.get(reverse("members:join_unit_search"), {"q": "jzyz"})
    assert json.loads(r.content) == [
        {"code": "JZYZ", "name": "焦作市第一中学工会", "unit_name": "焦作市第一中学"}
    ]


def test_the_applicant_confirms_the_union_before_the_form(client, world, django_capture_on_commit_callbacks):
    # given a worker who chose 甲县第一中学工会 from the results
    _accept_privacy(client)
    url = reverse("members:join_apply") + "?org=ORGA"
    # when the choice is opened, the union is asked to be confirmed first (no form yet)
    page = client.get(url).content.decode()
    assert "您申请加入：<strong>甲县第一中学工会</strong>（甲县第一中学），是否确认？" in page
    assert 'name="id_number"' not in page
    assert reverse("members:join_unit") in page  # 不是，重新选择
    # and once confirmed the form is shown for that union
    confirmed = client.post(url, {"org": "ORGA", "action": "confirm_org"})
    assert confirmed.status_code == 302
    assert confirmed["Location"] == url
    form = client.get(url).content.decode()
    assert 'name="id_number"' in form
    # a different union is asked again
    assert "是否确认？" in client.get(reverse("members:join_apply") + "?org=ORGB").content.decode()
    # then the application is submitted to the confirmed union
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, _form_data(action="send_code"))
    r = client.post(url, _form_data(sms_code=_last_code(PHONE)))
    assert r.status_code == 302
    application = JoinApplication.objects.get()
    assert (application.org, application.status) == (world.org_a, JoinStatus.SUBMITTED)
    # the next application confirms again
    assert "是否确认？" in client.get(url).content.decode()


def test_a_pool_union_is_confirmed_as_the_pool(client, world):
    _accept_privacy(client)
    page = client.get(reverse("members:join_apply"), {"org": "CX"}).content.decode()
    assert "您申请加入：<strong>甲县教育工会</strong>（联合工会 / 周转库），是否确认？" in page


def test_a_join_link_preselects_the_union_and_still_asks_to_confirm(client, world, jiaozuo):
    # when a worker opens the union's join link (its QR poster)
    start = client.get(reverse("members:join_start"), {"org": "JZYZ"}).content.decode()
    # then the notice names the union, and accepting it leads to the confirmation of that union
    assert "您正在申请加入：<strong>焦作市第一中学工会</strong>" in start
    accepted = _accept_privacy(client, org="JZYZ")
    assert accepted.status_code == 302
    assert accepted["Location"] == reverse("members:join_apply") + "?org=JZYZ"
    assert "是否确认？" in client.get(accepted["Location"]).content.decode()
    # a second scan in the same session skips the notice it already accepted
    again = client.get(reverse("members:join_start"), {"org": "JZYZ"})
    assert again.status_code == 302
    assert again["Location"] == reverse("members:join_apply") + "?org=JZYZ"


def test_a_join_link_of_a_union_that_takes_no_applications_falls_back_to_the_search(client, world):
    start = client.get(reverse("members:join_start"), {"org": "CITY"}).content.decode()
    assert "您正在申请加入" not in start
    accepted = _accept_privacy(client, org="CITY")
    assert accepted["Location"] == reverse("members:join_unit")
