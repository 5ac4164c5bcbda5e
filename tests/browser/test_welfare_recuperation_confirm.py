"""A member confirms a 疗休养 place on a phone (375 px): nominated by the school union within the places the county
gave it (received from 市总), she logs in, finds 疗休养 on the portal home by clicking (no typed address), reads
the batch, dates, resort, assembly and the health requirements, ticks 本人确认符合健康要求, confirms and sees the
receipt; every page fits the width and axe finds nothing serious on the confirmation page."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import PASSWORD, make_cadre, make_member_user
from gonghui.orgs.tests.factories import OrgFactory
from gonghui.welfare.choices import PlaceStatus
from gonghui.welfare.models import RecuperationPlace
from gonghui.welfare.services.recuperation import (
    batch_save,
    place_nominate,
    programme_advance,
    programme_allocate,
    programme_create,
)
from tests.browser.axe import page_check
from tests.browser.live_db import read_when_the_server_is_done
from tests.browser.screens import assert_fits_width

pytestmark = pytest.mark.browser

WIDTH = 375
PHONE = "13912340271"


def _nominated_member() -> None:
    county = OrgFactory.create(code="RCPB", name="癸县卫生健康工会", unit_name="癸县卫生健康委")
    hospital = OrgFactory.create(
        parent=county, code="RCPB1", name="癸县人民医院工会", unit_name="癸县人民医院"
    )
    county_admin = make_cadre("rcp_browser_county", county)
    hospital_admin = make_cadre("rcp_browser_hospital", hospital)
    _user, member = make_member_user(PHONE, hospital, name="冯护士")
    today = timezone.localdate()
    programme = programme_create(
        org=county,
        name="2020年抗疫一线医护人员疗休养",
        year=today.year,
        issuer="焦作市总工会",
        places_received=4,
        health_requirements="无传染性疾病，血压控制平稳，能适应长途乘车",
        actor=county_admin,
    )
    batch = batch_save(
        programme=programme,
        name="第一批",
        resort="云台山职工疗休养基地",
        starts_on=today + dt.timedelta(days=12),
        ends_on=today + dt.timedelta(days=16),
        capacity=4,
        assembly="市工人文化宫门口 7:30 乘车",
        actor=county_admin,
    )
    [allocation] = programme_allocate(programme=programme, shares={hospital.pk: 2}, actor=county_admin)
    programme = programme_advance(programme=programme, actor=county_admin)
    place_nominate(
        programme=programme,
        allocation=allocation,
        member=member,
        batch=batch,
        reason="抗疫一线护士",
        actor=hospital_admin,
    )


@pytest.mark.django_db(transaction=True)
def test_a_member_confirms_a_recuperation_place_on_a_phone(live_server, page: Page):
    # given a nurse nominated for the first batch
    _nominated_member()
    base = live_server.url

    # when she logs in on a phone and opens 疗休养 from the portal home
    page.set_viewport_size({"width": WIDTH, "height": 812})
    page.goto(base + "/portal/login/")
    page.get_by_label("用户名或手机号").fill(PHONE)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(base + "/portal/")
    page.locator('a[data-tile="welfare.recuperation"]').click()

    # then her place shows the batch, the resort, the assembly and the health requirements
    card = page.locator("[data-place]")
    expect(card).to_contain_text("第一批")
    expect(card).to_contain_text("云台山职工疗休养基地")
    expect(card).to_contain_text("市工人文化宫门口 7:30 乘车")
    expect(card).to_contain_text("无传染性疾病")
    expect(card.locator("[data-place-status]")).to_have_text("待本人确认")
    assert_fits_width(page, WIDTH)

    # and she confirms, ticking the health requirements
    card.locator("[data-place-confirm]").click()
    expect(page.locator("#place-health")).to_contain_text("血压控制平稳")
    assert_fits_width(page, WIDTH)
    result = page_check(page, "member", base)
    assert not result.failing(), result.summary()
    page.get_by_role("button", name="确认参加").click()
    expect(page.locator("#id_health_confirmed")).to_be_visible()
    expect(page.locator("#place-confirm-form")).to_contain_text("请阅读健康要求")
    page.get_by_label("本人确认符合健康要求").check()
    page.get_by_role("button", name="确认参加").click()

    # then the receipt says so, and the place is confirmed
    expect(page.locator("#place-receipt")).to_contain_text("确认参加回执")
    expect(page.locator("#receipt-status")).to_have_text("已确认")
    expect(page.locator("#receipt-confirmed-at")).not_to_be_empty()
    assert_fits_width(page, WIDTH)
    status = read_when_the_server_is_done(lambda: RecuperationPlace.objects.get().status)
    assert status == PlaceStatus.CONFIRMED
