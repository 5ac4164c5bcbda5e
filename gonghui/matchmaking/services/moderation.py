"""Services of part moderation: reports by members and their handling by the 婚恋交友管理员 (who sees only the
reported profile, audited).

- `report_submit`: a member with an active profile reports one they may see; one pending report per reporter and
  reported at a time; optionally blocks the reported member in the same transaction (`browse.block_add`).
- `report_reveal`: the moderator opens the reported profile — one audit row (`AuditAction.REVEAL`) and one
  `ReportAction.VIEWED` timeline row per look; neither carries profile data (they outlive the erasure).
- `report_handle`: 查无问题 / 提醒改正 (the reported member is told in neutral words) / 暂停其资料展示 (hidden at once);
  the reporter is told the outcome, never who handled it.
- `profile_restore`: a suspended profile is shown again.

Notification texts never name the other member: the reporter reads the outcome, the reported member a reminder."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.actors import Actor
from gonghui.accounts.models import RoleGrant
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.models import AuditAction
from gonghui.notifications.services import notify

from ..choices import ProfileAction, ProfileStatus, ReportAction, ReportOutcome, ReportReason, ReportStatus
from ..events import matchmaking_event
from ..models import MatchProfile, Report
from ..permissions import MODERATOR_ROLE, can_moderate
from ..selectors.browse import may_see
from ..selectors.moderation import ReportedProfile, report_number, reported_profile
from .browse import block_add

CATEGORY = "matchmaking"
DETAIL_MAX = 500
NOTE_MAX = 300
WARNING_TITLE = "婚恋交友温馨提醒"
WARNING_BODY = (
    "有会员就你在婚恋交友中的资料或言行提出了意见。请遵守加入时签署的承诺：资料真实，尊重对方，文明交友。"
)
HANDLED_TITLE = "你的举报已处理"
RESTORED_TITLE = "你的婚恋交友资料已恢复展示"


@dataclass(frozen=True)
class ReportData:
    reason: str
    detail: str = ""
    also_block: bool = False


def _moderators(report: Report) -> list[Any]:
    """The 婚恋交友管理员 of the reported member's union and of the unions above it."""
    org = report.reported.member.org
    grants = RoleGrant.objects.filter(
        role=MODERATOR_ROLE, org__path__in=org.ancestor_paths(), user__is_active=True
    ).select_related("user")
    return list({grant.user.pk: grant.user for grant in grants}.values())


def _tell_member(profile: MatchProfile, *, title: str, body: str, url: str) -> None:
    user = profile.member.user
    if user is not None:
        notify(recipients=[user], title=title, body=body, url=url, category=CATEGORY)


@transaction.atomic
def report_submit(
    *, reporter: MatchProfile, reported: MatchProfile, actor: Actor, data: ReportData
) -> Report:
    """举报: the reporter's profile must be active and see the reported one (else PermissionDenied — the view has
    already answered 404). A second report while the first waits is refused with a clear message. With
    `also_block` the reporter also blocks the reported member (neither sees the other any more)."""
    # the reporter's row is locked: two quick submissions of the same form make one report
    reporter = MatchProfile.objects.select_for_update().select_related("member").get(pk=reporter.pk)
    if reporter.member.user_id != getattr(actor, "pk", None):
        raise PermissionDenied
    if not may_see(reporter, reported):
        raise PermissionDenied
    if data.reason not in ReportReason.values:
        raise ValidationError({"reason": "请选择举报原因"})
    detail = data.detail.strip()
    if len(detail) > DETAIL_MAX:
        raise ValidationError({"detail": f"具体情况最多 {DETAIL_MAX} 个字"})
    if data.reason == ReportReason.OTHER and not detail:
        raise ValidationError({"detail": "举报原因选择“其他”时，请填写具体情况"})
    if Report.objects.filter(reporter=reporter, reported=reported, status=ReportStatus.PENDING).exists():
        raise ValidationError("你对该会员的举报正在处理中，处理完成后会通知你，请勿重复举报")
    report = Report.objects.create(reporter=reporter, reported=reported, reason=data.reason, detail=detail)
    # no actor on the row: the moderator reads this timeline, and who reported is not theirs to see
    matchmaking_event(
        subject=report, actor=None, action=ReportAction.SUBMITTED, to_state=ReportStatus.PENDING
    )
    if data.also_block:
        block_add(viewer=reporter, profile=reported, actor=actor)
    moderators = _moderators(report)
    if moderators:
        notify(
            recipients=moderators,
            title="婚恋交友收到新的举报",
            body=f"举报编号 {report_number(report)}（{report.get_reason_display()}），请及时处理",
            url=reverse("matchmaking:report_detail", args=[report.public_id]),
            category=CATEGORY,
        )
    return report


def _require_moderator(actor: Actor, report: Report) -> None:
    if not can_moderate(actor, report.reported.member.org):
        raise PermissionDenied


@transaction.atomic
def report_reveal(*, report: Report, actor: Actor, context: AuditContext) -> ReportedProfile:
    """The moderator opens the reported profile: one audit row and one timeline row per look, then the profile.
    Neither row carries profile data — only the report's number."""
    _require_moderator(actor, report)
    number = report_number(report)
    audit_log(
        action=AuditAction.REVEAL,
        actor=actor,
        context=context,
        subject=report,
        org_id=report.reported.member.org_id,
        summary=f"查看婚恋交友举报 {number} 的被举报资料",
        detail={"report": str(report.public_id)},
    )
    matchmaking_event(subject=report, actor=actor, action=ReportAction.VIEWED)
    return reported_profile(report)


@transaction.atomic
def report_handle(*, report: Report, actor: Actor, outcome: str, note: str = "") -> Report:
    """处理 a pending report. 暂停其资料展示 hides the profile at once (status SUSPENDED, on the profile's timeline);
    提醒改正 tells the reported member in neutral words; the reporter is told the outcome."""
    _require_moderator(actor, report)
    report = (
        Report.objects.select_for_update()
        .select_related("reporter__member", "reported__member")
        .get(pk=report.pk)
    )
    if report.status != ReportStatus.PENDING:
        raise ValidationError("该举报已经处理过了")
    if outcome not in ReportOutcome.values:
        raise ValidationError({"outcome": "请选择处理结果"})
    note = note.strip()
    if outcome in (ReportOutcome.WARNED, ReportOutcome.SUSPENDED) and not note:
        raise ValidationError({"handler_note": "选择“提醒改正”或“暂停其资料展示”时，请填写处理说明"})
    if len(note) > NOTE_MAX:
        raise ValidationError({"handler_note": f"处理说明最多 {NOTE_MAX} 个字"})
    report.status = ReportStatus.HANDLED
    report.outcome = outcome
    report.handler_note = note
    report.handled_by = actor
    report.handled_at = timezone.now()
    report.save(update_fields=["status", "outcome", "handler_note", "handled_by", "handled_at", "updated_at"])
    matchmaking_event(
        subject=report,
        actor=actor,
        action=ReportAction.HANDLED,
        from_state=ReportStatus.PENDING,
        to_state=ReportStatus.HANDLED,
        note=f"处理结果：{ReportOutcome(outcome).label}",
    )
    label = str(ReportOutcome(outcome).label)
    if outcome == ReportOutcome.SUSPENDED:
        _suspend(report.reported, actor=actor)
    elif outcome == ReportOutcome.WARNED:
        _tell_member(
            report.reported,
            title=WARNING_TITLE,
            body=WARNING_BODY,
            url=reverse("matchmaking_portal:home"),
        )
    _tell_member(
        report.reporter,
        title=HANDLED_TITLE,
        body=f"举报编号 {report_number(report)}，处理结果：{label}。感谢你的反映。",
        url=reverse("matchmaking_portal:report_receipt", args=[report.public_id]),
    )
    return report


def _suspend(profile: MatchProfile, *, actor: Actor) -> None:
    profile = MatchProfile.objects.select_for_update().get(pk=profile.pk)
    if profile.status != ProfileStatus.ACTIVE:
        return  # already hidden (withdrawn or suspended): nothing to show again later
    profile.status = ProfileStatus.SUSPENDED
    profile.save(update_fields=["status", "updated_at"])
    matchmaking_event(
        subject=profile,
        actor=actor,
        action=ProfileAction.SUSPENDED,
        from_state=ProfileStatus.ACTIVE,
        to_state=ProfileStatus.SUSPENDED,
    )


@transaction.atomic
def profile_restore(*, report: Report, actor: Actor, reason: str) -> MatchProfile:
    """恢复展示 of the profile a report suspended: it is shown again, the member is told. The reason goes to the
    audit log (the moderator's words, no profile data asked for)."""
    _require_moderator(actor, report)
    reason = reason.strip()
    if len(reason) < 4:
        raise ValidationError({"reason": "请填写恢复展示的理由（至少4个字）"})
    if len(reason) > NOTE_MAX:
        raise ValidationError({"reason": f"恢复理由最多 {NOTE_MAX} 个字"})
    profile = MatchProfile.objects.select_for_update().select_related("member").get(pk=report.reported_id)
    if profile.status != ProfileStatus.SUSPENDED:
        raise ValidationError("该资料目前不是“已暂停展示”状态，无需恢复")
    profile.status = ProfileStatus.ACTIVE
    profile.save(update_fields=["status", "updated_at"])
    matchmaking_event(
        subject=profile,
        actor=actor,
        action=ProfileAction.RESTORED,
        from_state=ProfileStatus.SUSPENDED,
        to_state=ProfileStatus.ACTIVE,
    )
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        subject=report,
        org_id=profile.member.org_id,
        summary=f"恢复婚恋交友举报 {report_number(report)} 所涉资料的展示，理由：{reason}",
        detail={"report": str(report.public_id), "reason": reason},
    )
    _tell_member(
        profile,
        title=RESTORED_TITLE,
        body="其他会员可以再次看到你的资料。",
        url=reverse("matchmaking_portal:home"),
    )
    return profile
