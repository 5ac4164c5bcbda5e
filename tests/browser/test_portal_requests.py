"""我的办理 on a phone (320, 375 and 414 px): a member with one request of every kind sees them all, newest first,
with the state and the next step; a chip narrows the list to one kind; nothing scrolls sideways and axe finds
nothing serious."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from conftest import PASSWORD, make_member_user
from gonghui.appeals.tests.factories import make_appeal
from gonghui.legal.tests.factories import make_application, make_consultation
from gonghui.members.choices import CorrectionStatus, JoinStatus
from gonghui.members.models import CardApplication, CorrectionRequest, JoinApplication
from gonghui.members.tests.test_joining_factories import make_join_application, make_transfer
from gonghui.orgs.tests.factories import OrgFactory
from tests.browser.axe import page_check
from tests.browser.screens import assert_fits_width

pytestmark = pytest.mark.browser

PHONE = "13912340041"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [320, 375, 414])
def test_my_requests_lists_every_kind_and_fits_the_phone(live_server, page: Page, width):
    # given a member with one request of each kind
    union = OrgFactory.create(code="MREQ", name="辛县第二高级中学工会", unit_name="辛县第二高级中学")
    other = OrgFactory.create(code="MREQ2", name="辛县中医院工会", unit_name="辛县中医院")
    user, member = make_member_user(PHONE, union, name="吴会员")
    join = make_join_application(union, n=9, phone=PHONE, status=JoinStatus.APPROVED)
    JoinApplication.objects.filter(pk=join.pk).update(member=member)
    CardApplication.objects.create(member=member, org=union, applied_by=user)
    make_transfer(member, to_org=other, requested_by=user)
    CorrectionRequest.objects.create(
        member=member,
        changes={"position_title": ["", "高级教师"]},
        status=CorrectionStatus.REJECTED,
        reject_reason="请附职称证书",
    )
    make_appeal(member, title="拖欠课时费和班主任津贴")
    make_consultation(union, member=member, title="产假期间的绩效工资怎么发")
    make_application(union, member=member)
    base = live_server.url

    # when the member opens 我的办理
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(base + "/portal/login/")
    page.get_by_label("用户名或手机号").fill(PHONE)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(base + "/portal/")
    page.wait_for_load_state("networkidle")  # the home's own requests done before the next page is asked for
    page.goto(base + reverse("portal:requests"))

    # then every kind is listed, with its state and the next step
    items = page.locator("#member-requests > a")
    expect(items).to_have_count(7)
    expect(page.locator("#member-requests")).to_contain_text("下一步：请修改后重新提交")
    expect(page.locator("#member-requests")).to_contain_text("待受理")
    assert_fits_width(page, width)
    result = page_check(page, "member", base)
    assert not result.failing(), result.summary()

    # when a chip narrows the list to 诉求
    page.locator("#request-kinds").get_by_role("link", name="诉求").click()
    # then
    expect(items).to_have_count(1)
    expect(items.first).to_contain_text("拖欠课时费和班主任津贴")
    expect(page.locator("#request-kinds a[aria-current='true']")).to_contain_text("诉求")
    assert_fits_width(page, width)

    # and the item opens the member's own page of it
    items.first.click()
    expect(page.get_by_text("拖欠课时费和班主任津贴").first).to_be_visible()
    assert "/appeals/portal/" in page.url
