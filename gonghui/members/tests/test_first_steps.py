"""The first-steps card on a new union's console home (issue 13, item 1): 设置发文机关代字 → 导入会员名册 → 邀请会员开通
会员端 → 发布一次答题, each ticked from the data, shown only to a cadre who can take a step, gone once all are done."""

import pytest
from django.urls import reverse

from conftest import make_cadre
from gonghui.accounts.roles import UNION_STAFF
from gonghui.accounts.selectors import first_steps_for_user
from gonghui.documents.models import IssuerSettings
from gonghui.members.services import member_create
from gonghui.members.tests.factories import valid_id_number
from gonghui.orgs.tests.factories import OrgFactory
from gonghui.quizzes.tests.factories import make_activity, make_bank


@pytest.fixture
def new_union(world):
    """A grassroots union just founded under 甲县: no 发文机关代字, no members, no quiz."""
    return OrgFactory.create(
        parent=world.county_x, code="NEW01", name="甲县新建小学工会", unit_name="甲县新建小学"
    )


@pytest.fixture
def chair(new_union):
    return make_cadre("new_chair", new_union)


def _state(user, org):
    return [(s.key, s.done, s.url) for s in first_steps_for_user(user=user, org=org)]


def test_a_new_union_has_every_step_to_take_with_its_link(chair, new_union):
    assert _state(chair, new_union) == [
        ("documents.series", False, reverse("documents:issuer_settings")),
        ("members.import", False, reverse("spreadsheets:import_start", args=["members"])),
        ("members.activate", False, reverse("members:member_list")),
        ("quizzes.publish", False, reverse("quizzes:activity_create")),
    ]


def test_steps_are_ticked_from_the_data_and_the_card_goes_when_all_are_done(chair, new_union):
    # when: the 发文机关代字 is set
    IssuerSettings.objects.create(org=new_union, series="甲新小工", separate_duties=False)
    assert [done for _, done, _ in _state(chair, new_union)] == [True, False, False, False]
    # when: a member is enrolled (an account waiting for activation)
    member = member_create(
        org=new_union, actor=chair, name="孙会员", id_number=valid_id_number(7), phone="13500001111"
    )
    assert [done for _, done, _ in _state(chair, new_union)] == [True, True, False, False]
    # when: the member activates (sets a password)
    user = member.user
    assert user is not None
    user.set_password("Gonghui#2026pass")
    user.save(update_fields=["password"])
    assert [done for _, done, _ in _state(chair, new_union)] == [True, True, True, False]
    # when: the union publishes a quiz (a draft does not count)
    bank = make_bank(new_union)
    make_activity(new_union, bank, publish=False)
    assert [done for _, done, _ in _state(chair, new_union)] == [True, True, True, False]
    make_activity(new_union, bank, title="第二次答题")
    # then: every step is done, the card is gone
    assert first_steps_for_user(user=chair, org=new_union) == []


def test_a_cadre_sees_links_only_for_the_steps_they_may_take(new_union):
    # given: a 工会干事 (members and quizzes, but not documents.sign)
    staff = make_cadre("new_staff", new_union, role=UNION_STAFF)
    # then: 设置发文机关代字 is listed without a link
    assert [(key, bool(url)) for key, _, url in _state(staff, new_union)] == [
        ("documents.series", False),
        ("members.import", True),
        ("members.activate", True),
        ("quizzes.publish", True),
    ]


@pytest.mark.parametrize(
    ("_case", "actor"),
    [("plain member", "org_member"), ("admin of another union", "outsider")],
)
def test_no_card_for_who_cannot_act_on_the_union(request, new_union, _case, actor):
    assert first_steps_for_user(user=request.getfixturevalue(actor), org=new_union) == []


def test_no_card_above_the_grassroots(world):
    county_admin = make_cadre("county_admin", world.county_x)
    assert first_steps_for_user(user=county_admin, org=world.county_x) == []


def test_home_shows_the_card_with_its_links(client, chair):
    # when
    client.force_login(chair)
    page = client.get(reverse("home")).content.decode()
    # then
    assert "新建工会的第一步" in page
    assert 'data-first-steps-done="0"' in page
    assert f'<a href="{reverse("spreadsheets:import_start", args=["members"])}">导入会员名册</a>' in page
    for label in ("设置发文机关代字", "邀请会员开通会员端", "发布一次答题"):
        assert label in page


def test_home_has_no_card_for_a_union_that_has_taken_every_step(client, world):
    # given: org A has its 代字, members and an activated one, and its published quiz
    IssuerSettings.objects.create(org=world.org_a, series="甲一中工", separate_duties=False)
    make_activity(world.org_a, make_bank(world.org_a))
    # when
    client.force_login(world.org_admin)
    page = client.get(reverse("home")).content.decode()
    # then
    assert "新建工会的第一步" not in page
