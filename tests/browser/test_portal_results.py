"""我的成绩 and 我的证书 on a phone (375 px): from 我的, the member opens 我的成绩 and sees the activity they took with
the score against the full mark and 及格, then goes back and opens 我的证书 with the certificate's code, its download
and its public check; the 我的 tab stays current, nothing scrolls sideways and axe finds nothing serious."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from conftest import PASSWORD, make_member_user
from gonghui.certificates.selectors import certificates_of_owner
from gonghui.orgs.tests.factories import OrgFactory
from gonghui.quizzes.choices import SubmitReason
from gonghui.quizzes.services import attempt_start, attempt_submit
from gonghui.quizzes.tests.factories import make_activity, make_bank
from tests.browser.axe import page_check
from tests.browser.screens import assert_fits_width

pytestmark = pytest.mark.browser

PHONE = "13912340061"
WIDTH = 375


@pytest.mark.django_db(transaction=True)
def test_me_opens_my_results_and_my_certificates(live_server, page: Page):
    # given a member who passed an activity that issues certificates
    union = OrgFactory.create(code="MRES", name="丁县第三中学工会", unit_name="丁县第三中学")
    _user, member = make_member_user(PHONE, union, name="赵会员")
    activity = make_activity(
        union,
        make_bank(union),
        title="《中华人民共和国工会法》学习答题（第二期）",
        certificate_enabled=True,
        pass_mark=0,
        excellent_mark=0,
    )
    attempt_submit(attempt=attempt_start(activity=activity, member=member), reason=SubmitReason.MANUAL)
    issued = certificates_of_owner(activity).get()  # 答题证书: the certificates block's row of kind quiz
    code = issued.code
    base = live_server.url

    page.set_viewport_size({"width": WIDTH, "height": 812})
    page.goto(base + "/portal/login/")
    page.get_by_label("用户名或手机号").fill(PHONE)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(base + "/portal/")

    # when the member opens 我的 → 我的成绩
    page.goto(base + reverse("portal:me"))
    page.get_by_role("link", name="我的成绩").click()
    # then the activity is a row with the score, the full mark and 及格
    expect(page).to_have_url(base + reverse("quizzes:portal_results"))
    row = page.locator("#my-results > a")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("学习答题（第二期）")
    expect(row).to_contain_text("/ 50 分")
    expect(row).to_contain_text("及格")
    expect(page.locator("[data-tab='me']")).to_have_attribute("aria-current", "page")
    assert_fits_width(page, WIDTH)
    result = page_check(page, "member", base)
    assert not result.failing(), result.summary()

    # when the member goes back to 我的 and opens 我的证书
    page.locator("[data-portal-back]").click()
    expect(page).to_have_url(base + reverse("portal:me"))
    page.get_by_role("link", name="我的证书").click()
    # then the certificate is a row with its code, its download and its public check
    expect(page).to_have_url(base + reverse("portal:certificates"))
    certificate = page.locator("#my-certificates > div")
    expect(certificate).to_have_count(1)
    expect(certificate).to_contain_text(code)
    expect(certificate.get_by_role("link", name="下载证书")).to_have_attribute(
        "href", reverse("portal:certificate", args=[issued.public_id]) + "?format=pdf"
    )
    expect(page.locator("[data-tab='me']")).to_have_attribute("aria-current", "page")
    assert_fits_width(page, WIDTH)
    result = page_check(page, "member", base)
    assert not result.failing(), result.summary()

    # and the public check confirms it
    certificate.get_by_role("link", name="查验证书").click()
    expect(page).to_have_url(base + reverse("certificates:verify", args=[code]))
    expect(page.locator("#verify-result")).to_contain_text("证书有效")
    expect(page.locator("#verify-result")).to_contain_text("学习答题（第二期）")
