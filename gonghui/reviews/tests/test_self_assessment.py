"""自评+考评: the entrant union (reviews.manage on the entry's union) saves and submits the entry's one self sheet
with comments and evidence; a plain member and another union's admin may not; the organiser reopens it with a
reason; the assessors score beside it and the differences beyond the round's gap share are flagged."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from gonghui.attachments.models import Attachment
from gonghui.attachments.permissions import attachment_can_download
from gonghui.attachments.selectors import attachments_of
from gonghui.core.models import TimelineEntry
from gonghui.reviews.choices import ReviewAction, SheetStatus
from gonghui.reviews.models import Criterion, ReviewRound, ScoreSheet
from gonghui.reviews.permissions import can_self_assess, self_sheet_evidence_access
from gonghui.reviews.selectors import entries_to_self_assess, self_assessment_rows, self_sheet_of
from gonghui.reviews.services import (
    ScoreInput,
    round_close,
    self_sheet_evidence_add,
    self_sheet_evidence_delete,
    self_sheet_save,
    self_sheet_submit,
    sheet_reopen,
    sheet_save,
    sheet_submit,
)

from .conftest import SelfSetup, Setup

pytestmark = pytest.mark.django_db


def ids(review_round: ReviewRound) -> dict[str, int]:
    return {c.name: c.pk for c in Criterion.objects.filter(template_id=review_round.template_id)}


def own_scores(s: SelfSetup, innovation: str = "38", effect: str = "50") -> dict[int, tuple[str, str]]:
    c = ids(s.review_round)
    return {
        c["创新性"]: (innovation, "获市级创新奖"),
        c["实效性"]: (effect, "全校推广"),
        c["存在违纪违法"]: ("0", ""),
    }


def assess(s: SelfSetup, entry_id: int, innovation: str, effect: str) -> None:
    c = ids(s.review_round)
    entry = s.review_round.entries.get(pk=entry_id)
    sheet = sheet_save(
        judge=s.assessor,
        entry=entry,
        scores={
            c["创新性"]: ScoreInput(innovation),
            c["实效性"]: ScoreInput(effect, "核实"),
            c["存在违纪违法"]: ScoreInput("0"),
        },
        actor=s.assessor.user,
    )
    sheet_submit(sheet=sheet, actor=s.assessor.user)


def test_the_entrant_unions_admin_scores_and_submits_the_self_sheet(self_setup: SelfSetup) -> None:
    s = self_setup
    admin = s.world.org_admin
    assert can_self_assess(admin, s.entry_a)
    sheet = self_sheet_save(entry=s.entry_a, actor=admin, scores=own_scores(s))
    assert sheet.is_self
    assert sheet.judge is None
    assert sheet.round_id == s.review_round.pk
    again = self_sheet_save(entry=s.entry_a, actor=admin, scores=own_scores(s, innovation="39"))
    assert again.pk == sheet.pk
    assert self_sheet_of(s.entry_a) == sheet
    assert self_sheet_of(s.entry_b) is None

    submitted = self_sheet_submit(sheet=sheet, actor=admin)
    assert submitted.status == SheetStatus.SUBMITTED
    assert TimelineEntry.objects.filter(object_id=str(sheet.pk), action=ReviewAction.SELF_SUBMIT).count() == 1
    with pytest.raises(ValidationError, match="自评表已提交"):
        self_sheet_save(entry=s.entry_a, actor=admin, scores=own_scores(s))
    with pytest.raises(ValidationError, match="自评表已提交"):
        self_sheet_submit(sheet=submitted, actor=admin)

    reopened = sheet_reopen(sheet=submitted, reason="佐证材料不全", actor=s.organiser)
    assert reopened.status == SheetStatus.REOPENED
    assert TimelineEntry.objects.filter(
        object_id=str(sheet.pk), action="reopen", note="佐证材料不全"
    ).exists()
    self_sheet_save(entry=s.entry_a, actor=admin, scores=own_scores(s, innovation="30"))
    assert sheet_submit(sheet=reopened, actor=admin).status == SheetStatus.SUBMITTED  # sheet_submit delegates


def test_a_plain_member_and_another_unions_admin_may_not_self_assess(self_setup: SelfSetup) -> None:
    s = self_setup
    for actor in (s.world.org_member, s.world.outsider, s.assessor.user):
        assert not can_self_assess(actor, s.entry_a)
        with pytest.raises(PermissionDenied):
            self_sheet_save(entry=s.entry_a, actor=actor, scores=own_scores(s))
    sheet = self_sheet_save(entry=s.entry_a, actor=s.world.org_admin, scores=own_scores(s))
    for actor in (s.world.org_member, s.world.outsider):
        with pytest.raises(PermissionDenied):
            self_sheet_submit(sheet=sheet, actor=actor)
    assert can_self_assess(s.world.outsider, s.entry_b)  # org B's admin self-assesses org B's entry


def test_a_panel_round_has_no_self_sheets(setup: Setup) -> None:
    assert not can_self_assess(setup.world.org_admin, setup.entry_a)
    with pytest.raises(PermissionDenied):
        self_sheet_save(entry=setup.entry_a, actor=setup.world.org_admin, scores={})


def test_self_scores_are_validated_and_submit_needs_every_criterion(self_setup: SelfSetup) -> None:
    s = self_setup
    c = ids(s.review_round)
    with pytest.raises(ValidationError, match="「创新性」的得分须在 0 到 40 分之间"):
        self_sheet_save(entry=s.entry_a, actor=s.world.org_admin, scores={c["创新性"]: ("41", "")})
    sheet = self_sheet_save(entry=s.entry_a, actor=s.world.org_admin, scores={c["创新性"]: ("30", "")})
    with pytest.raises(ValidationError, match="请为「实效性」评分"):
        self_sheet_submit(sheet=sheet, actor=s.world.org_admin)


def test_self_assessment_needs_an_open_round(self_setup: SelfSetup) -> None:
    s = self_setup
    round_close(review_round=s.review_round, actor=s.organiser)
    with pytest.raises(ValidationError, match="评审未在进行中"):
        self_sheet_save(entry=s.entry_a, actor=s.world.org_admin, scores=own_scores(s))


def test_one_self_sheet_per_entry_is_a_database_constraint(self_setup: SelfSetup) -> None:
    s = self_setup
    self_sheet_save(entry=s.entry_a, actor=s.world.org_admin, scores={})
    with pytest.raises(IntegrityError), transaction.atomic():
        ScoreSheet.objects.create(round=s.review_round, entry=s.entry_a, is_self=True)
    with pytest.raises(IntegrityError), transaction.atomic():  # a self sheet has no judge
        ScoreSheet.objects.create(round=s.review_round, entry=s.entry_b, is_self=True, judge=s.assessor)


def test_the_work_list_holds_the_open_rounds_entries_of_the_users_unions(self_setup: SelfSetup) -> None:
    s = self_setup
    assert list(entries_to_self_assess(s.world.org_admin)) == [s.entry_a]
    assert list(entries_to_self_assess(s.world.outsider)) == [s.entry_b]
    assert list(entries_to_self_assess(s.world.org_member)) == []
    round_close(review_round=s.review_round, actor=s.organiser)
    assert list(entries_to_self_assess(s.world.org_admin)) == []


def test_differences_beyond_the_gap_share_are_flagged(self_setup: SelfSetup) -> None:
    s = self_setup
    sheet = self_sheet_save(entry=s.entry_a, actor=s.world.org_admin, scores=own_scores(s, "38", "50"))
    self_sheet_submit(sheet=sheet, actor=s.world.org_admin)
    assess(s, s.entry_a.pk, "20", "48")  # 创新性 18 apart > 15 % of 40 = 6; 实效性 2 apart ≤ 9
    assess_b_draft = self_sheet_save(entry=s.entry_b, actor=s.world.outsider, scores=own_scores(s))
    assert assess_b_draft.status == SheetStatus.DRAFT  # a draft self sheet is not compared

    rows = {(r.entry.pk, r.criterion.name): r for r in self_assessment_rows(s.review_round)}
    innovation = rows[(s.entry_a.pk, "创新性")]
    assert (innovation.self_points, innovation.assessor_mean, innovation.gap) == (
        Decimal(38),
        Decimal(20),
        Decimal(18),
    )
    assert (innovation.limit, innovation.flagged, innovation.self_comment) == (
        Decimal(6),
        True,
        "获市级创新奖",
    )
    effect = rows[(s.entry_a.pk, "实效性")]
    assert (effect.gap, effect.flagged, effect.assessor_count) == (Decimal(2), False, 1)
    assert rows[(s.entry_a.pk, "存在违纪违法")].flagged is False
    unscored = rows[(s.entry_b.pk, "创新性")]
    assert (unscored.self_points, unscored.assessor_mean, unscored.gap, unscored.flagged) == (
        None,
        None,
        None,
        False,
    )

    # the round's stored gap share decides: at 50 % (20 of 40) the 18 points apart are no longer flagged
    ReviewRound.objects.filter(pk=s.review_round.pk).update(gap_share=Decimal("0.5"))
    s.review_round.refresh_from_db()
    rows = {(r.entry.pk, r.criterion.name): r for r in self_assessment_rows(s.review_round)}
    assert rows[(s.entry_a.pk, "创新性")].flagged is False


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)


def test_evidence_is_attached_by_the_entrant_union_and_seen_by_the_round(self_setup: SelfSetup) -> None:
    s = self_setup
    admin = s.world.org_admin
    sheet = self_sheet_save(entry=s.entry_a, actor=admin, scores=own_scores(s))
    with pytest.raises(PermissionDenied):
        self_sheet_evidence_add(
            sheet=sheet, upload=SimpleUploadedFile("证书.png", PNG), actor=s.world.outsider
        )
    attachment = self_sheet_evidence_add(sheet=sheet, upload=SimpleUploadedFile("证书.png", PNG), actor=admin)
    assert list(attachments_of(sheet)) == [attachment]
    assert attachment.org_id == s.world.org_a.pk
    with pytest.raises(ValidationError) as caught:
        self_sheet_evidence_add(sheet=sheet, upload=SimpleUploadedFile("病毒.exe", b"MZ"), actor=admin)
    assert caught.value.message_dict["evidence"][0].startswith("病毒.exe：")

    # who may download it: the entrant union, the organiser, the assessor who sees the entry — no one else
    assert self_sheet_evidence_access(admin, sheet)
    assert self_sheet_evidence_access(s.organiser, sheet)
    assert self_sheet_evidence_access(s.assessor.user, sheet)
    assert not self_sheet_evidence_access(s.world.org_member, sheet)
    assert not self_sheet_evidence_access(s.world.outsider, sheet)
    # …through the attachments' registry (ReviewsConfig.ready registers the check for "reviews.scoresheet")
    assert attachment_can_download(admin, attachment)
    assert not attachment_can_download(s.world.org_member, attachment)
    assert not attachment_can_download(s.world.outsider, attachment)

    self_sheet_submit(sheet=sheet, actor=admin)
    with pytest.raises(ValidationError, match="自评表已提交"):
        self_sheet_evidence_delete(sheet=sheet, attachment=attachment, actor=admin)
    sheet_reopen(sheet=sheet, reason="补材料", actor=s.organiser)
    with pytest.raises(PermissionDenied):
        self_sheet_evidence_delete(sheet=sheet, attachment=attachment, actor=s.world.org_member)
    self_sheet_evidence_delete(sheet=sheet, attachment=attachment, actor=admin)
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
