"""量化评价 in Debian's Chromium (issue 26, "browser test of a self-assessment with evidence and the assessor's
scoring"). 甲县教育工会 runs a round built with the rounds part's services (scheme, round, 考核人, 开始自评) over its
grassroots unions. 甲县第一中学工会's admin opens 量化评价 › 本单位自评 from the sidebar, opens the round, fills 自评分
and 自评说明 for the manual indicators, tries to submit without the evidence 会员评家 requires (the error names
「3 会员评家」), uploads a PDF there and submits: 已提交 and the receipt show. The county opens 考核 (service); its 评委
follows 待评分 on the home page → 我的评审 → the round → the school to the 考核评分 page, enters a 考核分 4 points below
the 自评分 on 职工之家建设, is told to explain the gap, explains it and submits. Back on 本单位自评, the school's admin
opens 考核进度: the target page shows the 考核分 and the final points. After each login only clicks; no raw keys on the
pages; screenshots go to $EVALUATIONS_SHOTS when set. Two smaller tests keep two bugs this walk found fixed: the 自评
message in local time, the target's timeline without a raw round state."""

import os
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, expect

from conftest import PASSWORD, make_cadre
from gonghui.accounts.roles import JUDGE
from gonghui.evaluations.choices import SelfStatus
from gonghui.evaluations.models import Dimension, RoundTarget, Score
from gonghui.evaluations.services.assessing import (
    ManualInput,
    assessment_save,
    assessment_submit,
    self_assessment_save,
    self_assessment_submit,
)
from gonghui.evaluations.services.rounds import (
    round_assessors_add,
    round_create,
    round_open_assessment,
    round_open_self,
)
from gonghui.evaluations.tests.factories import make_scheme
from gonghui.evaluations.tests.factories_assessing import (
    add_manual,
    make_assessing_round,
    manual_of,
    set_status,
    target_of,
)
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.tests.factories import OrgFactory
from tests.browser.conftest import (  # noqa: F401 (fixtures)
    CHROMIUM_PATH,
    browser_context_args,
    browser_type_launch_args,
    csp_violations,
)
from tests.browser.live_db import read_when_the_server_is_done

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM_PATH), reason=f"Chromium not found at {CHROMIUM_PATH}"),
]
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
SHOTS = os.environ.get("EVALUATIONS_SHOTS", "")
ROUND = "2020年度基层工会工作量化考核"
RAW = ("self_assessment", "submitted", "assessment", "pending", "None", "{{", "{%")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _shot(page: Page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/evaluations_{name}.png", full_page=True)


def _console(browser: Browser, base: str, username: str) -> tuple[BrowserContext, Page]:
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # data-confirm: 确定提交…吗？
    page.goto(base + "/accounts/login/")
    page.get_by_label("用户名或手机号").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(base + "/")
    return context, page


def _no_raw_keys(page: Page, where: str = "main") -> None:
    """No template variable, choice value or English state leaks into the text of `where`."""
    text = "\n".join(page.locator(where).all_inner_texts())
    for raw in RAW:
        assert raw not in text, f"页面出现原始值 {raw!r}"


def _row(page: Page, name: str):
    return page.locator(".list-group-item", has_text=name).first


@pytest.mark.django_db(transaction=True)
def test_a_union_assesses_itself_with_evidence_and_an_assessor_scores_it(
    live_server, browser: Browser, tmp_path
):
    county = OrgFactory.create(
        code="EBCX", name="甲县教育工会", unit_name="甲县教育局", level=OrgLevel.COUNTY
    )
    school = OrgFactory.create(parent=county, code="EBSA", name="甲县第一中学工会", unit_name="甲县第一中学")
    OrgFactory.create(parent=county, code="EBSB", name="甲县实验小学工会", unit_name="甲县实验小学")
    county_admin = make_cadre("eb_county", county)
    school_admin = make_cadre("eb_school", school)
    expert = make_cadre("eb_expert", county, role=JUDGE)
    scheme = make_scheme(org=county, actor=county_admin, title=ROUND)
    Dimension.objects.create(
        scheme=scheme, name="民主管理", order=2
    )  # after 组织建设, as a scheme editor leaves it
    add_manual(scheme, number="3", name="会员评家", points=10, evidence_required=True)
    add_manual(scheme, number="4", name="安全稳定", points=5, is_veto=True, standard="无重大违纪违法事件")
    round_ = round_create(
        org=county, scheme=scheme, title=ROUND, level=OrgLevel.GRASSROOTS, actor=county_admin
    )
    round_assessors_add(round_=round_, users=[expert], actor=county_admin)
    round_open_self(round_=round_, actor=county_admin)
    evidence = tmp_path / "会员评家测评表.pdf"
    evidence.write_bytes(PDF)
    base = live_server.url

    # the school's admin: 量化评价 › 本单位自评 → 填写自评
    _side, page = _console(browser, base, school_admin.username)
    page.locator('a[data-menu="evaluations.self"]').first.click()
    expect(page.locator("#self-targets")).to_contain_text(ROUND)
    _shot(page, "1_self_list")
    _no_raw_keys(page)
    page.locator("#self-targets").get_by_role("link", name="填写自评").click()
    expect(page.locator("#self-form")).to_be_visible()
    _row(page, "2 职工之家建设").get_by_label("自评分（0–10）").fill("9")
    _row(page, "2 职工之家建设").get_by_label("自评说明").fill("职工之家阵地齐全，台账完整")
    _row(page, "3 会员评家").get_by_label("自评分（0–10）").fill("8")
    _row(page, "3 会员评家").get_by_label("自评说明").fill("会员评家满意率 92%")
    _row(page, "4 安全稳定").get_by_label("自评结论").select_option(label="达标")
    _shot(page, "2_self_filled")
    # 提交 without the evidence 会员评家 requires: refused, naming the indicator; what was typed is kept
    page.get_by_role("button", name="提交自评").click()
    expect(page.locator("#error-summary")).to_contain_text("「3 会员评家」：须上传佐证材料")
    expect(page.locator("#self-status")).to_have_text("未提交")
    _shot(page, "3_self_missing_evidence")
    _no_raw_keys(page)
    expect(_row(page, "2 职工之家建设").get_by_label("自评分（0–10）")).to_have_value("9")
    _row(page, "3 会员评家").locator('input[type="file"]').set_input_files(str(evidence))
    page.get_by_role("button", name="提交自评").click()
    expect(page.locator("#self-status")).to_have_text("已提交")
    expect(page.locator("#self-receipt")).to_contain_text(
        "自评总分 22 分"
    )  # 入会率 0 (no members) + 9 + 8 + 5
    expect(page.locator("[data-evidence] a", has_text="会员评家测评表.pdf")).to_be_visible()
    expect(page.locator("#self-form")).to_have_count(0)
    _shot(page, "4_self_submitted")
    _no_raw_keys(page)

    target = read_when_the_server_is_done(lambda: RoundTarget.objects.get(round=round_, org=school))
    assert target.self_status == SelfStatus.SUBMITTED
    round_open_assessment(round_=round_, actor=county_admin)

    # the assessor: 待评分 on the home page → 我的评审 → the round → the school → its 考核评分 page
    judge_side, judge = _console(browser, base, expert.username)
    expect(judge.locator('[data-counter="待评分"]')).to_have_text("2")
    _shot(judge, "5_judge_home")
    judge.locator("a.card-link", has=judge.locator('[data-counter="待评分"]')).click()
    judge.get_by_role("link", name=ROUND).first.click()
    _shot(judge, "5b_judge_round")
    judge.get_by_role("link", name=school.name).first.click()
    expect(judge.locator("#assess-form")).to_be_visible()
    expect(_row(judge, "2 职工之家建设").locator("[data-self]")).to_contain_text("自评分：9")
    expect(_row(judge, "3 会员评家").locator("[data-self]")).to_contain_text("会员评家测评表.pdf")
    _row(judge, "2 职工之家建设").get_by_label("考核分（0–10）").fill("5")  # 4 below the 自评分: beyond 15 %
    _row(judge, "3 会员评家").get_by_label("考核分（0–10）").fill("8")
    _row(judge, "4 安全稳定").get_by_label("考核结论").select_option(label="达标")
    _shot(judge, "6_assess_filled")
    judge.get_by_role("button", name="提交考核评分").click()
    expect(judge.locator("#error-summary")).to_contain_text(
        "「2 职工之家建设」：考核结果与自评相差超过 1.5 分"
    )
    _shot(judge, "7_assess_gap")
    expect(_row(judge, "2 职工之家建设").locator(".invalid-feedback")).to_contain_text("差异")
    _no_raw_keys(judge)
    _row(judge, "2 职工之家建设").get_by_label("考核说明（与自评差异较大时必填）").fill(
        "现场查看，职工书屋未对外开放，活动记录不全"
    )
    judge.get_by_role("button", name="提交考核评分").click()
    expect(judge.locator("body")).to_contain_text("考核评分已提交")
    expect(judge.locator("#assess-targets tr", has_text=school.name)).to_contain_text("已提交")
    expect(
        judge.locator('a[data-menu="evaluations.assess"]')
    ).to_be_visible()  # 量化评价 › 考核评分 leads here too
    _shot(judge, "8_assess_submitted")
    judge_side.close()

    home = read_when_the_server_is_done(
        lambda: Score.objects.get(target__round=round_, target__org=school, indicator__name="职工之家建设")
    )
    assert (home.self_points, home.assessor_points, home.final_points) == (Decimal(9), Decimal(5), Decimal(5))
    assert home.gap_flagged
    assert "职工书屋" in home.gap_note

    # the target's page (本单位自评 › 考核进度): 考核分 and the final points beside the 自评分
    page.locator('a[data-menu="evaluations.self"]').first.click()
    page.locator("#self-targets").get_by_role("link", name="考核进度").click()
    table_row = page.locator("tr", has_text="职工之家建设")
    expect(table_row).to_contain_text("差异较大")
    cells = table_row.locator("td")
    expect(cells.nth(4)).to_have_text("9")
    expect(cells.nth(5)).to_contain_text("5")
    expect(cells.nth(6)).to_have_text("5")
    expect(page.locator("dl")).to_contain_text("18")  # 0 + 5 + 8 + 5
    _shot(page, "9_target_page")
    _no_raw_keys(page)


class Small:
    """A county round (the assessing part's factory) over 甲县第一中学工会 with its admin and a county 评委, the
    自评 filled with evidence by the services."""

    def __init__(self) -> None:
        self.county = OrgFactory.create(code="EBCY", name="乙县教育工会", level=OrgLevel.COUNTY)
        self.school = OrgFactory.create(parent=self.county, code="EBSC", name="乙县第二中学工会")
        self.county_admin = make_cadre("eb_county2", self.county)
        self.school_admin = make_cadre("eb_school2", self.school)
        self.expert = make_cadre("eb_expert2", self.county, role=JUDGE)
        self.round = make_assessing_round(
            org=self.county,
            actor=self.county_admin,
            targets=[self.school],
            judges=[self.expert],
            title=ROUND,
        )
        manual = manual_of(self.round)
        self.home, self.evaluation, self.safety = (
            manual["职工之家建设"],
            manual["会员评家"],
            manual["安全稳定"],
        )
        self_assessment_save(
            target=target_of(self.round, self.school),
            actor=self.school_admin,
            entries={
                self.home.pk: ManualInput(points=Decimal(9), note="台账齐全"),
                self.evaluation.pk: ManualInput(points=Decimal(8)),
                self.safety.pk: ManualInput(passed=True),
            },
            uploads={
                self.evaluation.pk: [SimpleUploadedFile("评家.pdf", PDF, content_type="application/pdf")]
            },
        )


@pytest.mark.django_db(transaction=True)
def test_the_submitted_message_gives_the_local_time(live_server, browser: Browser):
    small = Small()
    _side, page = _console(browser, live_server.url, small.school_admin.username)
    page.locator('a[data-menu="evaluations.self"]').first.click()
    page.locator("#self-targets").get_by_role("link", name="填写自评").click()
    page.get_by_role("button", name="提交自评").click()
    expect(page.locator("#self-status")).to_have_text("已提交")
    target = read_when_the_server_is_done(lambda: target_of(small.round, small.school))
    assert target.self_submitted_at is not None
    local = timezone.localtime(target.self_submitted_at)
    message = page.locator(
        ".alert-success"
    ).first.inner_text()  # the page has loaded: no waiting for a change
    assert f"{local:%H:%M}" in message
    assert "自评总分 22 分" in message


@pytest.mark.django_db(transaction=True)
def test_the_target_timeline_shows_no_raw_state(live_server, browser: Browser):
    small = Small()
    target = target_of(small.round, small.school)
    self_assessment_submit(target=target, actor=small.school_admin)
    set_status(small.round, "assessment")
    target = target_of(small.round, small.school)
    assessment_save(
        target=target,
        actor=small.expert,
        entries={
            small.home.pk: ManualInput(points=Decimal(8)),
            small.evaluation.pk: ManualInput(points=Decimal(8)),
            small.safety.pk: ManualInput(passed=True),
        },
    )
    assessment_submit(target=target, actor=small.expert)
    _side, page = _console(browser, live_server.url, small.school_admin.username)
    page.locator('a[data-menu="evaluations.self"]').first.click()
    page.locator("#self-targets").get_by_role("link", name="查看自评").click()
    timeline = page.locator('[data-timeline-action="assess"]')
    expect(timeline).to_contain_text("考核评分")
    _no_raw_keys(page, "[data-timeline-action]")
