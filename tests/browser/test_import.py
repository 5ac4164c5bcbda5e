"""An Excel import in the browser: the upload form as it opens (导入到 at the current org, the template beside the
upload), validation progress to 100%, the columns not imported, preview, the preselected mode, commit, and the error
report of the original rows with 错误说明."""

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD, make_cadre
from gonghui.core.excel import SheetSpec, read_rows, workbook_bytes
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.models import Org
from gonghui.orgs.tests.factories import OrgFactory

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_org_import_progress_runs_to_completion_then_error_report_downloads(
    live_server, page: Page, tmp_path
):
    # given: a county admin and a file with two good rows and one bad row
    city = OrgFactory.create(code="ICITY", name="导入测试市工会", unit_name="导入测试市", level=OrgLevel.CITY)
    county = OrgFactory.create(
        parent=city, code="ICX", name="导入测试县工会", unit_name="导入测试县", level=OrgLevel.COUNTY
    )
    make_cadre("import_admin", county)
    path = tmp_path / "组织导入.xlsx"
    path.write_bytes(
        workbook_bytes(
            [
                SheetSpec(
                    "组织",
                    ["组织编码", "工会名称", "上级组织编码", "层级", "所在单位", "在编职工数", "负责人/电话"],
                    [
                        ["ICX01", "导入测试第一中学工会", "ICX", "基层工会", "导入测试第一中学", 80, ""],
                        [
                            "ICX01-F1",
                            "导入测试第一中学高中部分工会",
                            "ICX01",
                            "分工会",
                            "导入测试第一中学",
                            30,
                            "",
                        ],
                        ["ICX02", "导入测试医院工会", "ICX", "基层工会", "导入测试医院", "很多", "王某"],
                    ],
                )
            ]
        )
    )
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("用户名或手机号").fill("import_admin")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(live_server.url + "/")

    # when: opening the import page
    page.goto(live_server.url + "/data/imports/orgs/")

    # then: 导入到 already holds the admin's own union, with no empty choice, and the template sits beside the upload
    target = page.get_by_label("导入到")
    expect(target).to_have_value(str(county.pk))
    expect(target.locator("option")).to_have_count(1)
    expect(target.locator("option")).to_have_text(["导入测试县工会"])
    upload_form = page.locator("form", has=page.locator("input[name=file]"))
    expect(upload_form.get_by_role("link", name="下载导入模板")).to_be_visible()

    # when: uploading without touching 导入到
    page.locator("input[name=file]").set_input_files(str(path))
    page.get_by_role("button", name="上传并校验").click()

    # then: validation finishes, the bar reaches 100%, the preview and the problem list show
    status = page.locator("#import-status")
    expect(status).to_have_attribute("data-status", "validated")
    expect(page.locator("[data-progress]")).to_have_attribute("data-progress", "100")
    expect(page.get_by_role("cell", name="导入测试第一中学高中部分工会")).to_be_visible()
    expect(page.get_by_role("cell", name="应为非负整数，当前为“很多”")).to_be_visible()
    # the column the importer does not read is named
    expect(page.locator("[data-unused-columns]")).to_contain_text("以下列未导入：负责人/电话")
    # with a problem in the file only "valid rows" is possible, and it is already chosen
    expect(page.get_by_label("全部无误才导入")).to_be_disabled()
    expect(page.get_by_label("只导入无误的行")).to_be_checked()

    # when: confirming
    page.get_by_role("button", name="确认导入").click()

    # then: the progress bar runs to completion and the rows are in the tree
    expect(page.locator("#import-status")).to_have_attribute("data-status", "done")
    expect(page.locator("[data-progress]")).to_have_attribute("data-progress", "100")
    assert Org.objects.get_parent(Org.objects.get(code="ICX01-F1")).code == "ICX01"
    assert not Org.objects.filter(code="ICX02").exists()

    # and the error report downloads: the bad row as uploaded, with 错误说明
    with page.expect_download() as download_info:
        page.get_by_role("button", name="下载错误报告").click()
    report = download_info.value
    assert report.suggested_filename == "错误报告-组织导入.xlsx"
    rows = read_rows(report.path().read_bytes())
    assert rows == [
        ["组织编码", "工会名称", "上级组织编码", "层级", "所在单位", "在编职工数", "负责人/电话", "错误说明"],
        [
            "ICX02",
            "导入测试医院工会",
            "ICX",
            "基层工会",
            "导入测试医院",
            "很多",
            "王某",
            "原第 4 行 · 在编职工数：应为非负整数，当前为“很多”",
        ],
    ]
