"""A union enters its members within quota, and the member confirms on a phone: the school union's cadre starts at the
console home, follows 劳动和技能竞赛 → the contest → 报名 of round 1, enters two teachers one after the other (the
school's 剩余名额 goes 2 → 1 → 0) and is refused a third with the Chinese quota error; then one of the teachers, on a
375 px phone, opens 技能竞赛 from the portal home, reads 待确认 in 我的竞赛 and confirms after the question. The
confirmation is read from the database (polled), and the portal pages fit the width."""

import time

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD, make_cadre, make_member_user
from gonghui.contests.models import ContestRound, EntryMember
from gonghui.contests.tests.factories import make_contest, make_contest_round, make_group
from gonghui.members.choices import JobCategory
from gonghui.members.models import Member
from gonghui.members.tests.factories import MemberFactory
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.tests.factories import OrgFactory
from gonghui.quotas.selectors import allocation_of
from gonghui.quotas.services import quota_allocate, quota_set_create
from tests.browser.live_db import read_when_the_server_is_done
from tests.browser.screens import assert_fits_width

pytestmark = pytest.mark.browser

WIDTH = 375
PHONE = "13912340077"


def _login_console(page: Page, base: str, username: str) -> None:
    page.goto(base + "/accounts/login/")
    page.get_by_label("用户名或手机号").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(base + "/")


def _confirmed(member_id: int) -> bool:
    return EntryMember.objects.filter(member_id=member_id, confirmed_at__isnull=False).exists()


def _enter(page: Page, name: str) -> None:
    page.locator("#entry-add").click()
    expect(page.locator("#entry-form")).to_be_visible()
    page.get_by_label("组别").select_option(label="小学语文")
    page.get_by_label(name, exact=True).check()
    page.get_by_role("button", name="提交报名").click()
    page.wait_for_load_state("load")


@pytest.mark.django_db(transaction=True)
def test_a_union_enters_members_within_quota_and_the_member_confirms_on_a_phone(live_server, page: Page):
    # given a running city contest whose first round has a quota: 己县 holds 3, hands 2 to the school
    city = OrgFactory.create(
        code="ECTY", name="己市教科文卫体工会", unit_name="己市教育局", level=OrgLevel.CITY
    )
    county = OrgFactory.create(
        parent=city, code="ECX", name="己县教育工会", unit_name="己县教育局", level=OrgLevel.COUNTY
    )
    school = OrgFactory.create(parent=county, code="ESCH", name="己县实验小学工会", unit_name="己县实验小学")
    organiser = make_cadre("contest_city_e", city)
    make_cadre("school_cadre", school)
    contest = make_contest(org=city, actor=organiser, title="己市小学教师教学技能竞赛")
    make_group(contest=contest)
    round1 = make_contest_round(contest=contest)
    quota_set = quota_set_create(org=city, title="初赛报名名额", total=4, actor=organiser, owner=round1)
    quota_allocate(quota_set=quota_set, shares={county.pk: 3}, actor=organiser)
    quota_allocate(
        quota_set=quota_set, shares={school.pk: 2}, parent=allocation_of(quota_set, county), actor=organiser
    )
    ContestRound.objects.filter(pk=round1.pk).update(quota_set=quota_set)
    _user, confirmer = make_member_user(PHONE, school, name="赵老师")
    Member.objects.filter(pk=confirmer.pk).update(job_category=JobCategory.TEACHER)
    for name in ("钱老师", "孙老师"):
        MemberFactory.create(org=school, name=name, job_category=JobCategory.TEACHER)
    base = live_server.url

    # when the school's cadre goes from the console home to the round's entries
    _login_console(page, base, "school_cadre")
    page.locator('a[data-menu="contests"]').first.click()
    page.get_by_role("link", name="己市小学教师教学技能竞赛").click()
    page.locator('tr[data-round="1"]').get_by_role("link", name="报名").click()
    remaining = page.locator('#quota-lines [data-quota-org="己县实验小学工会"] [data-remaining]')
    expect(remaining).to_have_text("2")

    # and enters one teacher, then another: 剩余名额 goes down
    _enter(page, "赵老师")
    expect(page.locator("#entries")).to_contain_text("赵老师")
    expect(remaining).to_have_text("1")
    _enter(page, "钱老师")
    expect(page.locator("#entries")).to_contain_text("钱老师")
    expect(remaining).to_have_text("0")

    # then a third is refused with the quota error on the union field
    _enter(page, "孙老师")
    expect(page.locator('[data-field-error="entrant_org"]')).to_contain_text("名额已用完")
    assert read_when_the_server_is_done(lambda: EntryMember.objects.filter(round=round1).count()) == 2

    # when the teacher opens the portal on a phone
    page.context.clear_cookies()
    page.set_viewport_size({"width": WIDTH, "height": 812})
    page.goto(base + "/portal/login/")
    page.get_by_label("用户名或手机号").fill(PHONE)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(base + "/portal/")
    page.wait_for_load_state("networkidle")
    page.locator('a[data-tile="contests.entries"]').click()
    expect(page.get_by_role("heading", name="我的竞赛")).to_be_visible()
    entry = page.locator("#my-entries [data-entry]").first
    expect(entry.locator("[data-state]")).to_have_text("待确认")
    assert_fits_width(page, WIDTH)

    # and confirms after the question
    page.once("dialog", lambda dialog: dialog.accept())
    entry.get_by_role("button", name="确认参赛").click()
    deadline = time.monotonic() + 10
    while not read_when_the_server_is_done(lambda: _confirmed(confirmer.pk)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert read_when_the_server_is_done(lambda: _confirmed(confirmer.pk))

    # then the entry page shows the receipt and fits the phone
    expect(page.locator("#my-entry-state")).to_have_text("已确认")
    expect(page.locator("#receipt-number")).to_be_visible()
    assert_fits_width(page, WIDTH)
