"""自评 and 考核评分: a county (甲县) round targeting org A and a sibling; org A's admin fills the 自评 with evidence
(required evidence refused, scores out of range refused naming the indicator), submits it, the county 退回 it;
assessors score beside it (a gap beyond the share needs an explanation), the 考核分 is the mean of the submitted
sheets, a veto item fails when an assessor finds it not met; pages for the target union's admin, a plain member,
another union's admin, an assessor and a non-assessor."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from conftest import World, make_cadre
from gonghui.accounts.roles import JUDGE, UNION_STAFF
from gonghui.core.models import TimelineEntry
from gonghui.evaluations.choices import RoundStatus, SelfStatus
from gonghui.evaluations.models import Score
from gonghui.evaluations.selectors.assessing import assessments_left, evidence_by_score, score_evidence_access
from gonghui.evaluations.services.assessing import (
    ManualInput,
    assessment_save,
    assessment_submit,
    self_assessment_return,
    self_assessment_save,
    self_assessment_submit,
)
from gonghui.orgs.tests.factories import OrgFactory
from gonghui.reviews.choices import SheetStatus
from gonghui.reviews.models import ScoreSheet

from .factories_assessing import make_assessing_round, manual_of, set_status, target_of

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "佐证.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


class Setup:
    def __init__(self, world: World) -> None:
        self.world = world
        self.county_admin = make_cadre("county_x_admin", world.county_x)
        self.assessor = make_cadre("county_x_staff", world.county_x, role=UNION_STAFF)
        self.expert = make_cadre("expert", world.city, role=JUDGE)
        self.sibling = OrgFactory.create(parent=world.county_x, code="ORGC", name="甲县实验小学工会")
        self.round = make_assessing_round(
            org=world.county_x,
            actor=self.county_admin,
            targets=[world.org_a, self.sibling],
            judges=[self.assessor, self.expert],
        )
        self.manual = manual_of(self.round)
        self.home, self.evaluation, self.safety = (
            self.manual["职工之家建设"],
            self.manual["会员评家"],
            self.manual["安全稳定"],
        )

    @property
    def target(self):
        return target_of(self.round, self.world.org_a)

    def fill(self, *, home: int = 8, evidence: bool = True, safe: bool = True) -> None:
        self_assessment_save(
            target=self.target,
            actor=self.world.org_admin,
            entries={
                self.home.pk: ManualInput(points=Decimal(home), note="建家台账齐全"),
                self.evaluation.pk: ManualInput(points=Decimal(9)),
                self.safety.pk: ManualInput(passed=safe),
            },
            uploads={self.evaluation.pk: [pdf("会员评家.pdf")]} if evidence else None,
        )

    def submitted(self, **kwargs) -> None:
        self.fill(**kwargs)
        self_assessment_submit(target=self.target, actor=self.world.org_admin)
        set_status(self.round, RoundStatus.ASSESSMENT)

    def assess(self, user, *, home: int, safe: bool = True, note: str = "", submit: bool = True) -> None:
        assessment_save(
            target=self.target,
            actor=user,
            entries={
                self.home.pk: ManualInput(points=Decimal(home), note=note),
                self.evaluation.pk: ManualInput(points=Decimal(9)),
                self.safety.pk: ManualInput(passed=safe, note="" if safe else "发生安全事故"),
            },
        )
        if submit:
            assessment_submit(target=self.target, actor=user)

    def score(self, indicator) -> Score:
        return Score.objects.get(target=self.target, indicator=indicator)


@pytest.fixture
def setup(world):
    return Setup(world)


def test_self_assessment_saves_scores_notes_and_evidence_and_mirrors_the_self_sheet(setup):
    setup.fill()
    score = setup.score(setup.home)
    assert (score.self_points, score.self_note) == (Decimal(8), "建家台账齐全")
    assert setup.score(setup.safety).self_points == Decimal(5)  # 达标: the item's full points
    files = evidence_by_score([setup.score(setup.evaluation)])
    assert [f.original_name for f in files[setup.score(setup.evaluation).pk]] == ["会员评家.pdf"]
    sheet = ScoreSheet.objects.get(is_self=True, entry__owner_id=setup.target.pk)
    assert sheet.status == SheetStatus.DRAFT
    assert sheet.scores.count() == 3
    assert setup.target.self_status == SelfStatus.PENDING


def test_points_out_of_range_are_refused_naming_the_indicator(setup):
    with pytest.raises(ValidationError) as error:
        self_assessment_save(
            target=setup.target,
            actor=setup.world.org_admin,
            entries={setup.home.pk: ManualInput(points=Decimal(11))},
        )
    assert "「2 职工之家建设」的自评分须在 0 到 10 分之间" in str(error.value)


def test_submit_refuses_missing_required_evidence_then_submits_with_a_receipt(setup):
    setup.fill(evidence=False)
    with pytest.raises(ValidationError) as error:
        self_assessment_submit(target=setup.target, actor=setup.world.org_admin)
    assert "「3 会员评家」：须上传佐证材料" in str(error.value)
    setup.fill()
    target = self_assessment_submit(target=setup.target, actor=setup.world.org_admin)
    assert target.self_status == SelfStatus.SUBMITTED
    assert target.self_submitted_at is not None
    # 入会率 (automatic, not computed yet) 0 + 8 + 9 + 5
    assert target.self_total == Decimal(22)
    assert ScoreSheet.objects.get(is_self=True, entry__owner_id=target.pk).status == SheetStatus.SUBMITTED
    assert TimelineEntry.objects.filter(object_id=str(target.pk), action="self_submit").exists()
    with pytest.raises(ValidationError):
        setup.fill()  # locked once submitted


def test_submit_needs_every_manual_indicator(setup):
    self_assessment_save(
        target=setup.target,
        actor=setup.world.org_admin,
        entries={setup.home.pk: ManualInput(points=Decimal(8))},
        uploads={setup.evaluation.pk: [pdf()]},
    )
    with pytest.raises(ValidationError) as error:
        self_assessment_submit(target=setup.target, actor=setup.world.org_admin)
    assert "「3 会员评家」：请填写自评分" in str(error.value)
    assert "「4 安全稳定」：请选择达标或不达标" in str(error.value)


def test_the_rounds_union_returns_a_submitted_self_assessment(setup):
    setup.fill()
    self_assessment_submit(target=setup.target, actor=setup.world.org_admin)
    with pytest.raises(PermissionDenied):
        self_assessment_return(target=setup.target, reason="请补充", actor=setup.world.org_admin)
    with pytest.raises(ValidationError):
        self_assessment_return(target=setup.target, reason=" ", actor=setup.county_admin)
    target = self_assessment_return(target=setup.target, reason="佐证材料不清晰", actor=setup.county_admin)
    assert target.self_status == SelfStatus.RETURNED
    sheet = ScoreSheet.objects.get(is_self=True, entry__owner_id=target.pk)
    assert (sheet.status, sheet.reopen_reason) == (SheetStatus.REOPENED, "佐证材料不清晰")
    # the 本单位自评 list shows 已退回修改 without the old submission time beside it
    listing = _client(setup.world.org_admin).get(reverse("evaluations:self_list")).content.decode()
    assert "已退回修改" in listing
    assert f"{target.self_submitted_at:%Y-%m-%d}" not in listing
    setup.fill(home=9)  # editable again, and submitted again
    assert self_assessment_submit(target=setup.target, actor=setup.world.org_admin).self_status == "submitted"


def test_a_gap_beyond_the_share_needs_an_explanation(setup):
    setup.submitted(home=8)
    with pytest.raises(ValidationError) as error:
        setup.assess(setup.assessor, home=5)  # 3 > 15 % of 10
    assert "「2 职工之家建设」：考核结果与自评相差超过 1.5 分，请在考核说明中写明差异原因" in str(error.value)
    setup.assess(setup.assessor, home=5, note="建家台账缺 2019 年度")
    score = setup.score(setup.home)
    assert (score.assessor_points, score.gap_flagged, score.gap_note) == (
        Decimal(5),
        True,
        "建家台账缺 2019 年度",
    )


def test_the_assessor_points_are_the_mean_of_the_submitted_sheets(setup):
    setup.submitted(home=8)
    setup.assess(setup.assessor, home=7)
    setup.assess(setup.expert, home=8, submit=False)  # a draft does not count
    assert setup.score(setup.home).assessor_points == Decimal(7)
    assessment_submit(target=setup.target, actor=setup.expert)
    score = setup.score(setup.home)
    assert (score.assessor_points, score.gap_flagged) == (Decimal("7.50"), False)
    target = setup.target
    assert target.assessor_total == Decimal("21.50")
    assert target.total == Decimal("21.50")


def test_a_veto_item_fails_when_an_assessor_finds_it_not_met(setup):
    setup.submitted()
    setup.assess(setup.assessor, home=8)
    assert setup.score(setup.safety).passed is True
    assessment_save(
        target=setup.target, actor=setup.expert, entries={setup.safety.pk: ManualInput(passed=False)}
    )
    with pytest.raises(ValidationError) as error:
        assessment_submit(target=setup.target, actor=setup.expert)
    assert "「2 职工之家建设」：请填写考核分" in str(error.value)
    setup.assess(setup.expert, home=8, safe=False)
    score = setup.score(setup.safety)
    assert (score.passed, score.gap_flagged, score.gap_note) == (False, True, "发生安全事故")
    assert setup.target.vetoed is True
    assert setup.target.grade == "一星"


def test_only_assessors_score_and_only_during_assessment(setup):
    setup.fill()
    self_assessment_submit(target=setup.target, actor=setup.world.org_admin)
    with pytest.raises(ValidationError):
        setup.assess(setup.assessor, home=8)  # still in 自评
    set_status(setup.round, RoundStatus.ASSESSMENT)
    for outsider in (setup.county_admin, setup.world.org_admin, setup.world.outsider):
        with pytest.raises(PermissionDenied):
            setup.assess(outsider, home=8)
    assert assessments_left(setup.assessor) == 2
    assert assessments_left(setup.county_admin) == 0


def test_evidence_is_downloaded_by_the_union_those_above_and_the_assessors(setup):
    setup.fill()
    score = setup.score(setup.evaluation)
    assert score_evidence_access(setup.world.org_admin, score)
    assert score_evidence_access(setup.county_admin, score)
    assert score_evidence_access(setup.expert, score)
    assert not score_evidence_access(setup.world.outsider, score)
    assert not score_evidence_access(setup.world.org_member, score)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_self_pages_for_three_actors(setup, django_assert_max_num_queries):
    url = reverse("evaluations:self_assess", args=[setup.target.public_id])
    admin = _client(setup.world.org_admin)
    listing = admin.get(reverse("evaluations:self_list"))
    assert listing.status_code == 200
    assert url in listing.content.decode()
    with django_assert_max_num_queries(40):
        page = admin.get(url)
    body = page.content.decode()
    assert page.status_code == 200
    assert "提交自评" in body
    assert "平台自动取数" in body
    assert "须上传佐证" in body
    response = admin.post(
        url,
        {
            "step": "submit",
            f"points_{setup.home.pk}": "12",
            f"points_{setup.evaluation.pk}": "9",
            f"points_{setup.safety.pk}": "passed",
        },
    )
    assert response.status_code == 422
    assert "「2 职工之家建设」的自评分须在 0 到 10 分之间" in response.content.decode()
    # 提交 refused for a missing required file: what was entered is saved, and the page lists the file just uploaded
    response = admin.post(
        url,
        {
            "step": "submit",
            f"points_{setup.home.pk}": "8",
            f"points_{setup.evaluation.pk}": "9",
            f"points_{setup.safety.pk}": "passed",
            f"evidence_{setup.home.pk}": [pdf("建家台账.pdf")],
        },
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "「3 会员评家」：须上传佐证材料" in body
    assert "已保存，但尚未提交" in body
    assert "建家台账.pdf" in body
    response = admin.post(
        url,
        {
            "step": "submit",
            f"points_{setup.home.pk}": "8",
            f"note_{setup.home.pk}": "台账齐全",
            f"points_{setup.evaluation.pk}": "9",
            f"points_{setup.safety.pk}": "passed",
            f"evidence_{setup.evaluation.pk}": [pdf("评家.pdf")],
        },
    )
    assert response.status_code == 302
    assert setup.target.self_status == SelfStatus.SUBMITTED
    assert "自评已于" in admin.get(url).content.decode()
    assert _client(setup.world.org_member).get(url).status_code == 403
    assert _client(setup.world.outsider).get(url).status_code == 404
    assert url not in _client(setup.world.outsider).get(reverse("evaluations:self_list")).content.decode()
    county = _client(setup.county_admin)
    assert "退回自评" in county.get(url).content.decode()
    returned = county.post(
        reverse("evaluations:self_return", args=[setup.target.public_id]), {"reason": "补材料"}
    )
    assert returned.status_code == 302
    assert setup.target.self_status == SelfStatus.RETURNED


def test_assess_page_for_an_assessor_and_a_non_assessor(setup, django_assert_max_num_queries):
    setup.submitted(home=8)
    url = reverse("evaluations:assess", args=[setup.target.public_id])
    expert = _client(setup.expert)
    assert url in expert.get(reverse("evaluations:assess_list")).content.decode()
    with django_assert_max_num_queries(45):
        page = expert.get(url)
    assert page.status_code == 200
    assert "建家台账齐全" in page.content.decode()
    assert "会员评家.pdf" in page.content.decode()
    data = {
        "step": "submit",
        f"points_{setup.home.pk}": "4",
        f"points_{setup.evaluation.pk}": "9",
        f"points_{setup.safety.pk}": "passed",
    }
    refused = expert.post(url, data)
    assert refused.status_code == 422
    assert "写明差异原因" in refused.content.decode()
    done = expert.post(url, {**data, f"note_{setup.home.pk}": "阵地未达标"})
    assert done.status_code == 302
    assert setup.score(setup.home).assessor_points == Decimal(4)
    # the target union's admin sees the target but does not score it: sent to the 自评 page
    response = _client(setup.world.org_admin).get(url)
    assert response.status_code == 302
    assert "/self/" in response["Location"]
    assert _client(setup.world.outsider).get(url).status_code == 404
    assert _client(setup.world.org_member).get(url).status_code == 403
