"""The rules page and the 自评+考评 pages: rules set while a draft (errors named), the entrant union's 自评 list and
self sheet (three actors, save, submit with confirmation then locked, evidence upload and removal), the judge
scoring beside the submitted self sheet, and the results page flagging a large self-vs-assessor gap."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import World, make_cadre
from gonghui.accounts.models import User
from gonghui.accounts.roles import JUDGE
from gonghui.attachments.selectors import attachments_of
from gonghui.reviews.choices import RoundMode, SheetStatus
from gonghui.reviews.models import Criterion, ReviewEntry, ReviewRound, ScoreSheet
from gonghui.reviews.selectors import self_sheet_of
from gonghui.reviews.services import ScoreInput, round_close, round_open, sheet_save, sheet_submit

from .factories import make_entry, make_judge, make_round

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def criteria_of(review_round: ReviewRound) -> dict[str, int]:
    return {c.name: c.pk for c in Criterion.objects.filter(template=review_round.template)}


@pytest.fixture
def assessed(world: World) -> tuple[ReviewRound, ReviewEntry]:
    """A 自评+考评 round of county X (its organiser: 甲县's admin) with an entry of org A, scored by a judge of the
    county; open."""
    organiser = make_cadre("county_x_admin", world.county_x)
    review_round = make_round(org=world.county_x, actor=organiser, mode=RoundMode.SELF_ASSESSED)
    entry = make_entry(
        review_round=review_round, entrant_org=world.org_a, actor=organiser, title="甲校建家自评"
    )
    make_judge(
        review_round=review_round, user=make_cadre("kaoping", world.county_x, role=JUDGE), actor=organiser
    )
    round_open(review_round=review_round, actor=organiser)
    return review_round, entry


def self_data(review_round: ReviewRound, *, innovation="38", effect="58", comment="全员参与", step="save"):
    c = criteria_of(review_round)
    return {
        f"points_{c['创新性']}": innovation,
        f"points_{c['实效性']}": effect,
        f"comment_{c['实效性']}": comment,
        "step": step,
    }


def test_three_actors_on_the_self_pages(client, world: World, assessed) -> None:
    _round, entry = assessed
    url = reverse("reviews:self_sheet", args=[entry.pk])
    client.force_login(world.org_admin)
    assert "甲校建家自评" in client.get(reverse("reviews:self_list")).content.decode()
    assert client.get(url).status_code == 200
    client.force_login(world.org_member)
    assert client.get(reverse("reviews:self_list")).status_code == 403
    assert client.get(url).status_code == 403
    client.force_login(world.outsider)
    assert "甲校建家自评" not in client.get(reverse("reviews:self_list")).content.decode()
    assert client.get(url).status_code == 404
    assert client.post(url, self_data(assessed[0])).status_code == 404
    upload = SimpleUploadedFile("材料.pdf", PDF, content_type="application/pdf")
    assert (
        client.post(reverse("reviews:self_evidence_add", args=[entry.pk]), {"evidence": upload}).status_code
        == 404
    )
    assert not ScoreSheet.objects.filter(is_self=True).exists()


def test_the_union_saves_uploads_evidence_and_submits_its_self_sheet(client, world: World, assessed) -> None:
    review_round, entry = assessed
    client.force_login(world.org_admin)
    url = reverse("reviews:self_sheet", args=[entry.pk])
    response = client.post(url, self_data(review_round, innovation="41"))
    assert response.status_code == 422
    assert "「创新性」的得分须在 0 到 40 分之间" in response.content.decode()
    assert client.post(url, self_data(review_round)).status_code == 302
    sheet = self_sheet_of(entry)
    assert sheet is not None
    assert sheet.status == SheetStatus.DRAFT
    upload = SimpleUploadedFile("职工之家建设台账.pdf", PDF, content_type="application/pdf")
    response = client.post(reverse("reviews:self_evidence_add", args=[entry.pk]), {"evidence": upload})
    assert response.status_code == 302
    files = list(attachments_of(sheet))
    assert [f.original_name for f in files] == ["职工之家建设台账.pdf"]
    page = client.get(url).content.decode()
    assert "职工之家建设台账.pdf" in page
    assert 'data-confirm="提交后自评表和佐证材料将锁定' in page
    bad = SimpleUploadedFile("脚本.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    response = client.post(
        reverse("reviews:self_evidence_add", args=[entry.pk]), {"evidence": bad}, follow=True
    )
    assert "脚本.exe" in response.content.decode()
    assert attachments_of(sheet).count() == 1
    assert client.post(url, self_data(review_round, step="submit")).status_code == 302
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.SUBMITTED
    page = client.get(url).content.decode()
    assert 'id="score-sheet"' not in page
    assert "/delete/" not in page
    delete = reverse("reviews:self_evidence_delete", args=[entry.pk, files[0].public_id])
    client.post(delete)
    assert attachments_of(sheet).count() == 1


def test_evidence_is_removed_while_the_sheet_is_a_draft(client, world: World, assessed) -> None:
    _round, entry = assessed
    client.force_login(world.org_admin)
    upload = SimpleUploadedFile("照片说明.pdf", PDF, content_type="application/pdf")
    client.post(reverse("reviews:self_evidence_add", args=[entry.pk]), {"evidence": upload})
    sheet = self_sheet_of(entry)
    assert sheet is not None
    evidence = attachments_of(sheet).get()
    response = client.post(reverse("reviews:self_evidence_delete", args=[entry.pk, evidence.public_id]))
    assert response.status_code == 302
    assert attachments_of(sheet).count() == 0
    response = client.post(reverse("reviews:self_evidence_add", args=[entry.pk]), {}, follow=True)
    assert "请选择要上传的佐证材料" in response.content.decode()


def test_the_judge_scores_beside_the_self_sheet_and_the_results_flag_the_gap(client, world, assessed) -> None:
    review_round, entry = assessed
    client.force_login(world.org_admin)
    client.post(reverse("reviews:self_sheet", args=[entry.pk]), self_data(review_round, step="submit"))
    judge = review_round.judges.get()
    client.force_login(judge.user)
    page = client.get(reverse("reviews:judge_sheet", args=[judge.pk, entry.pk])).content.decode()
    assert "申报工会自评" in page
    assert "全员参与" in page
    c = criteria_of(review_round)
    sheet = sheet_save(
        judge=judge,
        entry=entry,
        scores={
            c["创新性"]: ScoreInput(Decimal(20)),
            c["实效性"]: ScoreInput(Decimal(55), "基本属实"),
            c["存在违纪违法"]: ScoreInput(0),
        },
        actor=judge.user,
    )
    sheet_submit(sheet=sheet, actor=judge.user)
    client.force_login(make_cadre("county_viewer", world.county_x))
    page = client.get(reverse("reviews:round_results", args=[review_round.pk])).content.decode()
    assert "自评与考评对比" in page
    assert f'data-gap-flagged="{entry.pk}-{c["创新性"]}"' in page  # 38 vs 20: beyond 15 % of 40
    assert f'data-gap-flagged="{entry.pk}-{c["实效性"]}"' not in page  # 58 vs 55
    assert "共 1 处差异较大" in page
    detail = client.get(reverse("reviews:round_detail", args=[review_round.pk])).content.decode()
    assert 'id="round-self-sheets"' in detail


def test_rules_are_set_while_a_draft_with_named_errors(client, world: World) -> None:
    review_round = make_round(org=world.org_a, actor=world.org_admin)
    make_entry(review_round=review_round, entrant_org=world.county_x, actor=world.org_admin)
    make_judge(
        review_round=review_round,
        user=make_cadre("pw_expert", world.org_a, role=JUDGE),
        actor=world.org_admin,
        group="专家组",
    )
    make_judge(
        review_round=review_round, user=make_cadre("pw_staff", world.org_a, role=JUDGE), actor=world.org_admin
    )
    url = reverse("reviews:round_rules", args=[review_round.pk])
    client.force_login(world.org_member)
    assert client.get(url).status_code == 403
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404
    client.force_login(world.org_admin)
    page = client.get(url).content.decode()
    assert "评分项「创新性」平均分高者在前" in page
    assert "评分项「存在违纪违法」" not in page  # a veto item never orders ties
    data = {
        "tie_rule_1": "criterion:创新性",
        "tie_rule_2": "median",
        "tie_rule_3": "",
        "outlier_percent": "20",
        "gap_percent": "10",
        "group_weights": "专家组 7\n未分组",
    }
    response = client.post(url, data)
    assert "第2行：请写成“评审组 权重”" in response.content.decode()
    data["group_weights"] = "专家组 7\n未分组 0"
    response = client.post(url, data)
    assert "评审组「未分组」的权重须大于 0" in response.content.decode()
    data["group_weights"] = "专家组 7\n未分组 3"
    assert client.post(url, data).status_code == 302
    review_round.refresh_from_db()
    rules = review_round.rules
    assert [(r.kind, r.criterion) for r in rules.tie_rules] == [("criterion", "创新性"), ("median", "")]
    assert rules.outlier_share == Decimal("0.2")
    assert rules.gap_share == Decimal("0.1")
    assert rules.group_weights == {"专家组": Decimal(7), "": Decimal(3)}
    detail = client.get(reverse("reviews:round_detail", args=[review_round.pk])).content.decode()
    assert "满分的 20%" in detail
    page = client.get(url).content.decode()
    assert "未分组 3" in page
    round_open(review_round=review_round, actor=world.org_admin)
    assert client.get(url).status_code == 302  # rules are fixed once the round is open


def test_the_self_sheet_stays_readable_after_the_round_closes(client, world: World, assessed) -> None:
    # given org A saved its self sheet and the county then closed the round
    review_round, entry = assessed
    client.force_login(world.org_admin)
    url = reverse("reviews:self_sheet", args=[entry.pk])
    assert client.post(url, self_data(review_round)).status_code == 302
    round_close(review_round=review_round, actor=User.objects.get(username="county_x_admin"))
    # then the page the 自评 notification links to still opens, read-only, and leaves the work list
    page = client.get(url)
    assert page.status_code == 200
    assert "全员参与" in page.content.decode()
    assert "甲校建家自评" not in client.get(reverse("reviews:self_list")).content.decode()
    # when a late save is posted, nothing changes
    client.post(url, self_data(review_round, comment="事后修改"))
    assert not ScoreSheet.objects.filter(is_self=True, scores__comment="事后修改").exists()
    # and another union's admin still gets 404
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404
