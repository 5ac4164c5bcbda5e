"""A roster import (集体入会) in the browser: upload into the preselected union, validation to 100%, the columns not
imported, the code-value corrections, the preselected mode, the commit's progress bar running to completion, the
members in the registry."""

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD, make_cadre
from gonghui.accounts.identity import resident_id_check_char
from gonghui.core.excel import SheetSpec, workbook_bytes
from gonghui.members.models import Member
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.tests.factories import OrgFactory

pytestmark = pytest.mark.browser


def _id(first17: str) -> str:
    return first17 + resident_id_check_char(first17)


@pytest.mark.django_db(transaction=True)
def test_roster_import_progress_runs_to_completion(live_server, page: Page, tmp_path):
    # given: a school union with a 分工会, its admin, and a roster with two good rows and one bad row
    city = OrgFactory.create(code="MCITY", name="名册测试市工会", unit_name="名册测试市", level=OrgLevel.CITY)
    school = OrgFactory.create(parent=city, code="MSCH", name="名册测试中学工会", unit_name="名册测试中学")
    OrgFactory.create(
        parent=school,
        code="MSCH-G",
        name="名册测试中学高中部分工会",
        short_name="高中部",
        level=OrgLevel.BRANCH,
    )
    make_cadre("roster_admin", school)
    path = tmp_path / "会员名册.xlsx"
    path.write_bytes(
        workbook_bytes(
            [
                SheetSpec(
                    "名册",
                    ["身份证号", "姓名", "手机号", "单位", "入会日期", "用工性质", "工作单位/部门"],
                    [
                        [
                            _id("41080219900301001"),
                            "张 三",
                            "+86 13800002001",
                            "名册测试中学",
                            "2020.9.1",
                            "合同制",
                            "语文组",
                        ],
                        [
                            _id("41080219910405002").lower(),
                            "李四",
                            13800002002.0,
                            "高中部",
                            "2021年9月1日",
                            "在编",
                            "数学组",
                        ],
                        ["41080219920101003X", "王五", "123", "外星中学", "明天", "", ""],
                    ],
                )
            ]
        )
    )
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("用户名或手机号").fill("roster_admin")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(live_server.url + "/")

    # when: uploading through the roster import page
    page.goto(live_server.url + "/data/imports/members/")
    target = page.get_by_label("导入到")
    expect(target.locator("option:checked")).to_have_text("名册测试中学工会")
    expect(target.locator("option")).to_have_text(["名册测试中学工会", "名册测试中学高中部分工会"])
    page.locator("input[name=file]").set_input_files(str(path))
    page.get_by_role("button", name="上传并校验").click()

    # then: validation reaches 100% with the preview, the normalisations and the problems
    expect(page.locator("#import-status")).to_have_attribute("data-status", "validated")
    expect(page.locator("[data-progress]")).to_have_attribute("data-progress", "100")
    expect(page.locator("[data-error-count]")).to_have_attribute("data-error-count", "4")
    expect(page.get_by_role("cell", name="名册测试中学高中部分工会")).to_be_visible()
    expect(page.get_by_role("cell", name="2021-09-01", exact=True).first).to_be_visible()
    expect(page.get_by_role("cell", name="身份证号校验位不正确，请核对")).to_be_visible()
    # the column the importer does not read is named, and 合同制 → 非在编 is shown, not silent
    expect(page.locator("[data-unused-columns]")).to_contain_text("以下列未导入：工作单位/部门")
    summary = page.locator("[data-normalised-summary]")
    expect(summary.get_by_role("row", name="用工性质 合同制 非在编")).to_be_visible()
    # "all or nothing" is not available while rows have problems; "valid rows only" is already chosen
    expect(page.locator("input[name=mode][value=all]")).to_be_disabled()
    expect(page.get_by_label("只导入无误的行")).to_be_checked()
    page.get_by_role("button", name="确认导入").click()

    # then: the commit's progress bar runs to completion and the two members exist
    expect(page.locator("#import-status")).to_have_attribute("data-status", "done")
    expect(page.locator("[data-progress]")).to_have_attribute("data-progress", "100")
    expect(page.locator("[data-imported-count]")).to_have_attribute("data-imported-count", "2")
    assert dict(Member.objects.values_list("name", "org__code")) == {"张三": "MSCH", "李四": "MSCH-G"}
