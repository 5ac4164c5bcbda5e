"""A union nominates within its quota, and a member reads the 公示 on a phone: the city union runs a 焦作标兵
campaign at 基层推荐 with one place handed to a school union; the school's cadre opens the campaign from 评选表彰 by
clicking, 推荐 a teacher (finds her by name, writes the deeds, uploads both required materials) and submits — the
school's 剩余名额 goes 1 → 0 — and a second teacher, ready in the same way, is refused with 「名额已用完」. The
campaign then moves on to 公示 with the services (advance, meeting, notice create and publish), and the teacher, on a
375 px phone, opens the 公示 from the portal home and finds her own name in it; the portal pages fit the width."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import PASSWORD, make_cadre, make_member_user
from gonghui.honours.choices import CampaignCategory, NominationStatus, NomineeKind, Stage
from gonghui.honours.models import Nomination
from gonghui.honours.services.campaigns import campaign_advance, campaign_create, campaign_start
from gonghui.honours.services.naming import campaign_notice_create, meeting_record
from gonghui.honours.services.nominations import nomination_withdraw
from gonghui.members.tests.factories import MemberFactory
from gonghui.notices.services import notice_publish
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.tests.factories import OrgFactory
from gonghui.quotas.services import quota_allocate
from tests.browser.live_db import read_when_the_server_is_done
from tests.browser.screens import assert_fits_width

pytestmark = pytest.mark.browser

WIDTH = 375
PHONE = "13912340181"
TITLE = "2026年度“焦作标兵”评选"
MATERIALS = ("推荐审批表", "事迹材料")


def _login_console(page: Page, base: str, username: str) -> None:
    page.goto(base + "/accounts/login/")
    page.get_by_label("用户名或手机号").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(base + "/")


def _nominate(page: Page, name: str) -> None:
    """From the 推荐名单: 推荐 `name` (found by name), write the deeds, upload both materials; lands on the draft."""
    page.locator("#nomination-create").click()
    page.locator("#nominee-search").fill(name)
    page.locator("#nominee-search-button").click()
    page.get_by_label(name, exact=True).check()
    page.get_by_label("主要事迹").fill(f"{name}扎根教学一线二十年，所带班级成绩突出。")
    page.get_by_role("button", name="保存推荐").click()
    expect(page.get_by_role("heading", name=f"推荐详情：{name}")).to_be_visible()
    for material in MATERIALS:
        page.get_by_label("材料类别").select_option(label=material)
        page.locator("#material-file").set_input_files(
            {"name": f"{material}.txt", "mimeType": "text/plain", "buffer": f"{name}的{material}".encode()}
        )
        page.locator("#material-add").get_by_role("button", name="上传").click()
        expect(page.locator(f'#nomination-materials tr[data-material="{material}"]')).to_contain_text(
            f"{material}.txt"
        )
    expect(page.locator("#submit-blockers")).to_have_count(0)


def _submit(page: Page) -> None:
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="提交推荐").click()
    page.wait_for_load_state("load")


@pytest.mark.django_db(transaction=True)
def test_a_union_nominates_within_quota_and_the_member_reads_the_publication(live_server, page: Page):
    # given a city campaign at 基层推荐 whose quota hands one place to the school union
    city = OrgFactory.create(
        code="HCTY", name="庚市教科文卫体工会", unit_name="庚市教育局", level=OrgLevel.CITY
    )
    school = OrgFactory.create(parent=city, code="HSCH", name="庚市实验中学工会", unit_name="庚市实验中学")
    runner = make_cadre("honours_city", city)
    school_admin = make_cadre("school_admin", school)
    _user, nominee = make_member_user(PHONE, school, name="周老师")
    MemberFactory.create(org=school, name="吴老师")
    campaign = campaign_create(
        org=city,
        title=TITLE,
        year=2026,
        category=CampaignCategory.MODEL_EMPLOYEE,
        nominee_kind=NomineeKind.PERSON,
        nomination_deadline=timezone.now() + dt.timedelta(days=14),
        actor=runner,
        criteria="师德高尚，业绩突出",
        materials=MATERIALS,
        optional_stages=(Stage.MEETING, Stage.NOTICE),
        quota_total=3,
    )
    campaign = campaign_start(campaign=campaign, actor=runner)
    assert campaign.quota_set is not None
    quota_allocate(quota_set=campaign.quota_set, shares={school.pk: 1}, actor=runner)
    base = live_server.url

    # when the school's cadre opens the campaign from 评选表彰 and its 推荐名单
    _login_console(page, base, "school_admin")
    page.locator('a[data-menu="honours"]').first.click()
    page.locator("#open-campaigns").get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    page.get_by_role("link", name="推荐名单", exact=True).first.click()
    remaining = page.locator('#quota-lines [data-quota-org="庚市实验中学工会"] [data-remaining]')
    expect(remaining).to_have_text("1")

    # and 推荐 周老师 with her deeds and materials, then submits
    _nominate(page, "周老师")
    _submit(page)
    expect(page.locator("#nomination-status")).to_have_text("已推荐")
    page.get_by_role("link", name="推荐名单").click()
    expect(remaining).to_have_text("0")

    # then a second nomination, ready as well, is refused: the place is used up
    _nominate(page, "吴老师")
    _submit(page)
    expect(page.get_by_role("alert").filter(has_text="名额已用完")).to_be_visible()
    expect(page.locator("#nomination-status")).to_have_text("草稿")
    statuses = read_when_the_server_is_done(
        lambda: dict(Nomination.objects.filter(campaign=campaign).values_list("nominee_name", "status"))
    )
    assert statuses == {"周老师": NominationStatus.SUBMITTED, "吴老师": NominationStatus.DRAFT}

    # when the school withdraws the refused draft and the city moves the campaign on: 会议研究 approves 周老师,
    # the 公示 is published
    def to_publication() -> None:
        draft = Nomination.objects.get(campaign=campaign, nominee_name="吴老师")
        nomination_withdraw(nomination=draft, actor=school_admin, reason="名额已用完")
        moved = campaign_advance(campaign=campaign, actor=runner, close_early=True)  # → 会议研究
        chosen = Nomination.objects.get(campaign=campaign, nominee_name="周老师")
        meeting_record(
            campaign=moved,
            held_on=timezone.localdate(),
            name="庚市教科文卫体工会主席办公会",
            minutes="研究确定2026年度焦作标兵拟命名对象。",
            decisions={chosen.pk: (True, "")},
            actor=runner,
        )
        moved = campaign_advance(campaign=moved, actor=runner)  # → 公示
        notice_publish(notice=campaign_notice_create(campaign=moved, actor=runner), actor=runner)

    read_when_the_server_is_done(to_publication)

    # and 周老师 opens the portal on a phone
    page.context.clear_cookies()
    page.set_viewport_size({"width": WIDTH, "height": 812})
    page.goto(base + "/portal/login/")
    page.get_by_label("用户名或手机号").fill(PHONE)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(base + "/portal/")
    assert_fits_width(page, WIDTH)

    # then the 公示 tile leads to the campaign's 公示, which names her
    page.locator('a[data-tile="notices"]').click()
    page.get_by_role("link").filter(has_text=TITLE).first.click()
    expect(page.get_by_role("heading").filter(has_text=TITLE).first).to_be_visible()
    entries = page.locator("#notice-entries")
    expect(entries.locator("strong")).to_have_text(["周老师"])
    expect(entries).to_contain_text("庚市实验中学")
    assert_fits_width(page, WIDTH)
