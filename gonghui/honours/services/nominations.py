"""推荐: a union puts a nominee forward in a running campaign — a member (person campaigns), a union of its subtree
(集体: 模范职工之家/小家 …) or a 创新工作室 (the studios part passes `studio=`) — with the nominee's facts copied from
the record, the 主要事迹, the 先进事迹 (最美 campaigns) and the required materials (attachments of the nomination,
one file name prefix per material); submitting takes one place of the union's quota (row-locked: 「名额已用完」) and
a resubmission after 退回 takes none; withdrawing gives the place back. 县区审核: the union above the nominating union
(at or below the campaign's union) passes or rejects; the runner or that union returns a nomination for correction.

Rules of the stages:
- a draft is made, edited and submitted while the campaign runs at 基层推荐 before its deadline;
- a returned nomination is corrected and submitted again while the campaign runs at 基层推荐 or 县区审核 (the
  deadline is the nominating union's, not the correction's);
- 县区审核 happens at 基层推荐 (as nominations arrive) and at 县区审核; the reviewer is the union strictly above the
  nominating union — for a direct child of the campaign's union (or the campaign's union itself) that is the runner.
  A campaign without the 县区审核 stage has no review: its submitted nominations go on as they are
  (`selectors.nominations.nominations_forward`).

Every write is one transaction with its timeline row (`events.nomination_event`)."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.actors import Actor
from gonghui.attachments.models import Attachment
from gonghui.attachments.services import attachment_save
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.choices import AuditAction
from gonghui.core.locking import lock
from gonghui.core.timeline import timeline_record
from gonghui.members.choices import HOLDING_STATUSES
from gonghui.members.models import Member
from gonghui.notifications.services import notify
from gonghui.orgs.models import Org
from gonghui.quotas.selectors import allocation_of
from gonghui.quotas.services import quota_release_for_owner, quota_use

from ..choices import (
    CampaignStatus,
    NominationAction,
    NominationStatus,
    NomineeKind,
    Stage,
)
from ..events import nomination_event
from ..models import HonourCampaign, InnovationStudio, Nomination
from ..permissions import can_handle_nomination, can_nominate_for, can_run_campaign
from ..selectors.homes import latest_home_score
from ..selectors.nominations import (
    CORRECTION_STAGES,
    EDITABLE,
    MATERIAL_SEP,
    REVIEW_STAGES,
    WITHDRAWABLE,
    cadres_of,
    format_moment,
    is_reviewer,
    material_names,
    material_of,
    may_correct,
    may_return,
    submit_blockers,
)

NO_QUOTA = "本单位没有本评选的推荐名额"

# ---- rules shared by the writes ---------------------------------------------------------------------------------


def _require_nominating(campaign: HonourCampaign) -> None:
    if campaign.status != CampaignStatus.RUNNING:
        raise ValidationError(_("评选“%(title)s”不在进行中，不能推荐") % {"title": campaign.title})
    if campaign.stage != Stage.NOMINATE:
        raise ValidationError(
            _("评选已进入“%(stage)s”环节，不能再推荐") % {"stage": campaign.get_stage_display()}
        )
    if timezone.now() >= campaign.nomination_deadline:
        raise ValidationError(
            _("推荐已于%(deadline)s截止") % {"deadline": format_moment(campaign.nomination_deadline)}
        )


def _require_correctable(nomination: Nomination) -> None:
    if nomination.status not in EDITABLE:
        raise ValidationError(_("推荐%(status)s，不能修改") % {"status": nomination.get_status_display()})
    if nomination.status == NominationStatus.DRAFT:
        _require_nominating(nomination.campaign)
    elif not may_correct(nomination):
        raise ValidationError(_("评选已进入后续环节，退回的推荐不能再修改"))


def org_facts(org: Org) -> dict[str, Any]:
    """名称, 会员数 (holding members of the subtree), 建会日期, 工会主席 — and the latest 建家 score when the homes part
    offers it."""
    members = Member.objects.filter(org__path__startswith=org.path, status__in=HOLDING_STATUSES).count()
    facts: dict[str, Any] = {
        "名称": org.name,
        "所在单位": org.unit_name,
        "会员数": members,
        "建会日期": org.founded_on.isoformat() if org.founded_on else "",
        "工会主席": org.chair_name,
    }
    score = home_score_of(org)
    if score:
        facts["建家考评得分"] = score
    return facts


def home_score_of(org: Org) -> str:
    """The union's latest 建家 score as text ("2026年 自评 98.00，考评 91.00"), "" when it has none."""
    found = latest_home_score(org)
    if found is None:
        return ""
    parts = [
        f"{label} {value}"
        for label, value in (("自评", found.self_total), ("考评", found.assessor_total))
        if value is not None
    ]
    return f"{found.assessment.year}年 " + "，".join(parts) if parts else ""


def member_facts(member: Member) -> dict[str, Any]:
    """姓名, 性别, 出生年月, 民族, 政治面貌, 学历, 岗位类别, 岗位/职称, 工作单位, 所属工会, 入会日期, 是否劳模 — no ID
    number, no phone."""
    from gonghui.members.selectors.registry import member_code_names

    names = member_code_names(member)
    facts: dict[str, Any] = {
        "姓名": member.name,
        "性别": member.get_gender_display(),
        "出生年月": f"{member.birth_date.year}年{member.birth_date.month}月",
        "民族": names["ethnicity"],
        "政治面貌": names["political_status"],
        "学历": names["education"],
        "岗位类别": member.get_job_category_display() if member.job_category else "",
        "岗位/职称": member.position_title,
        "工作单位": member.org.unit_name,
        "所属工会": member.org.name,
        "入会日期": member.joined_on.isoformat() if member.joined_on else "",
        "是否劳模": "是" if member.is_model_worker else "否",
    }
    return {key: value for key, value in facts.items() if value not in ("", None)}


def _cadres(org: Org) -> list[Any]:
    return list(cadres_of(org))


def _tell(nomination: Nomination, title: str, body: str) -> None:
    recipients = _cadres(nomination.nominating_org)
    if recipients:
        notify(
            recipients=recipients,
            title=title,
            body=body,
            url=nomination.get_absolute_url(),
            category="honours",
        )


def _lock_nomination(nomination: Nomination) -> Nomination:
    return lock(
        Nomination,
        pk=nomination.pk,
        related=("campaign", "campaign__org", "nominating_org"),
    )


# ---- 推荐 --------------------------------------------------------------------------------------------------------


@transaction.atomic
def nomination_create(
    *,
    campaign: HonourCampaign,
    nominating_org: Org,
    actor: Actor,
    member: Member | None = None,
    nominee_org: Org | None = None,
    studio: InnovationStudio | None = None,
    deeds: str = "",
    story: str = "",
    facts: Mapping[str, Any] | None = None,
    context: AuditContext | None = None,
) -> Nomination:
    """填写推荐 (a draft): `nominating_org` (a union the actor manages, at or below the campaign's union, holding a
    share of the campaign's quota when it has one) puts forward `member` (person campaigns: a holding member of its
    subtree), `nominee_org` (集体 campaigns: a union of its subtree) or `studio` (studio campaigns) while the
    campaign runs at 基层推荐 before its deadline. One live nomination per nominee and campaign (a database
    constraint too). `facts` are copied from the record; the given ones are laid over them."""
    campaign = lock(HonourCampaign, pk=campaign.pk, related=("org",))
    if not can_nominate_for(actor, nominating_org):
        raise PermissionDenied(_("无权为该单位推荐"))
    _require_nominating(campaign)
    if not nominating_org.path.startswith(campaign.org.path):
        raise ValidationError({"nominating_org": _("推荐单位不在%(org)s范围内") % {"org": campaign.org.name}})
    if campaign.quota_set_id is not None and allocation_of(campaign.quota_set, nominating_org) is None:  # type: ignore[arg-type]
        raise ValidationError({"nominating_org": NO_QUOTA})
    kind = campaign.nominee_kind
    copied: dict[str, Any]
    if kind == NomineeKind.PERSON:
        if member is None:
            raise ValidationError({"member": _("请选择被推荐人")})
        if member.status not in HOLDING_STATUSES:
            raise ValidationError({"member": _("%(name)s不是在籍会员，不能推荐") % {"name": member.name}})
        if not member.org.path.startswith(nominating_org.path):
            raise ValidationError(
                {
                    "member": _("%(name)s不是%(org)s（含下级工会）的会员")
                    % {"name": member.name, "org": nominating_org.name}
                }
            )
        name, unit, copied = member.name, member.org.unit_name, member_facts(member)
        nominee_org = studio = None
    elif kind == NomineeKind.ORG:
        if nominee_org is None:
            raise ValidationError({"nominee_org": _("请选择被推荐的集体（工会）")})
        if not nominee_org.path.startswith(nominating_org.path):
            raise ValidationError(
                {
                    "nominee_org": _("%(name)s不在%(org)s（含下级工会）范围内")
                    % {"name": nominee_org.name, "org": nominating_org.name}
                }
            )
        name, unit, copied = nominee_org.name, nominee_org.unit_name, org_facts(nominee_org)
        member = studio = None
    else:
        if studio is None:
            raise ValidationError({"studio": _("请选择申报的创新工作室")})
        if not studio.org.path.startswith(nominating_org.path):
            raise ValidationError(
                {
                    "studio": _("%(name)s不在%(org)s（含下级工会）范围内")
                    % {"name": studio.name, "org": nominating_org.name}
                }
            )
        name, unit = studio.name, studio.org.unit_name
        copied = {"工作室名称": studio.name, "领办人": studio.leader.name, "专业领域": studio.field}
        copied.update({"场所": studio.site} if studio.site else {})
        member = nominee_org = None
    copied.update({str(k): v for k, v in (facts or {}).items()})
    try:
        with transaction.atomic():
            nomination = Nomination.objects.create(
                campaign=campaign,
                nominating_org=nominating_org,
                member=member,
                nominee_org=nominee_org,
                studio=studio,
                nominee_name=name,
                nominee_unit=unit,
                facts=copied,
                deeds=deeds.strip(),
                story=story.strip(),
                status=NominationStatus.DRAFT,
                created_by=actor,
            )
    except IntegrityError:
        field = {"person": "member", "org": "nominee_org"}.get(str(kind), "studio")
        raise ValidationError(
            {field: _("%(name)s已被推荐参加本评选，不能重复推荐") % {"name": name}}
        ) from None
    nomination_event(nomination=nomination, actor=actor, action=NominationAction.CREATE, note=name)
    return nomination


@transaction.atomic
def nomination_update(
    *,
    nomination: Nomination,
    actor: Actor,
    deeds: str,
    story: str = "",
    facts: Mapping[str, Any] | None = None,
    context: AuditContext | None = None,
) -> Nomination:
    """修改 a draft (at 基层推荐 before the deadline) or a returned nomination (while it may be corrected):
    主要事迹, 先进事迹 and the facts (the given ones replace the listed keys)."""
    nomination = _lock_nomination(nomination)
    if not can_handle_nomination(actor, nomination):
        raise PermissionDenied(_("无权修改该推荐"))
    _require_correctable(nomination)
    nomination.deeds = deeds.strip()
    nomination.story = story.strip()
    if facts is not None:
        nomination.facts = {**nomination.facts, **{str(k): v for k, v in facts.items()}}
    nomination.save(update_fields=["deeds", "story", "facts", "updated_at"])
    return nomination


def nomination_material_add(
    *, nomination: Nomination, material: str, upload: UploadedFile[bytes], actor: Actor
) -> Attachment:
    """Attach one file as a required material (named by the campaign's 申报材料, or 其他材料) while the nomination
    may be corrected. The upload is checked and stored before the timeline row's transaction."""
    if not can_handle_nomination(actor, nomination):
        raise PermissionDenied(_("无权修改该推荐"))
    _require_correctable(nomination)
    allowed = [*material_names(nomination.campaign), "其他材料"]
    if material not in allowed:
        raise ValidationError(
            {"material": _("材料类别“%(name)s”不在本评选的申报材料中") % {"name": material}}
        )
    original = (upload.name or "").rsplit("/", 1)[-1]
    upload.name = f"【{material}{MATERIAL_SEP}{original}"[:200]
    try:
        attachment = attachment_save(
            owner=nomination, org=nomination.nominating_org, upload=upload, actor=actor
        )
    except ValidationError as exc:
        messages = exc.message_dict.get("file", exc.messages) if hasattr(exc, "error_dict") else exc.messages
        raise ValidationError({"file": [f"{original}：{m}" for m in messages]}) from None
    with transaction.atomic():
        timeline_record(
            subject=nomination,
            actor=actor,
            action="material_add",
            action_label=str(_("上传材料")),
            note=_("%(material)s：%(name)s") % {"material": material, "name": original},
        )
    return attachment


@transaction.atomic
def nomination_material_remove(*, nomination: Nomination, attachment: Attachment, actor: Actor) -> None:
    """Remove one material file (the stored file goes once the transaction commits)."""
    nomination = _lock_nomination(nomination)
    if not can_handle_nomination(actor, nomination):
        raise PermissionDenied(_("无权修改该推荐"))
    _require_correctable(nomination)
    if attachment.content_type.model_class() is not Nomination or attachment.object_id != str(nomination.pk):
        raise ValidationError(_("该文件不属于这项推荐"))
    material, name = material_of(attachment)
    stored = attachment.file
    attachment.delete()
    timeline_record(
        subject=nomination,
        actor=actor,
        action="material_remove",
        action_label=str(_("删除材料")),
        note=_("%(material)s：%(name)s") % {"material": material or _("其他材料"), "name": name},
    )
    transaction.on_commit(lambda: stored.delete(save=False))


@transaction.atomic
def nomination_submit(
    *, nomination: Nomination, actor: Actor, context: AuditContext | None = None
) -> Nomination:
    """提交推荐: every required material present, 主要事迹 filled (and the 先进事迹 for a 最美 campaign); a draft
    takes one place of the nominating union's allocation (the allocation row locked: of concurrent submits only as
    many pass as there are places — 「名额已用完」); a resubmission after 退回 keeps the place it holds."""
    nomination = _lock_nomination(nomination)
    if not can_handle_nomination(actor, nomination):
        raise PermissionDenied(_("无权提交该推荐"))
    _require_correctable(nomination)
    blockers = submit_blockers(nomination)
    if blockers:
        raise ValidationError("；".join(blockers))
    campaign = nomination.campaign
    if campaign.quota_set_id is not None:
        allocation = allocation_of(campaign.quota_set, nomination.nominating_org)  # type: ignore[arg-type]
        if allocation is None:
            raise ValidationError(NO_QUOTA)
        try:
            quota_use(allocation=allocation, owner=nomination, actor=actor)
        except ValidationError as exc:
            raise ValidationError(
                _("%(org)s：%(why)s")
                % {"org": nomination.nominating_org.name, "why": "；".join(exc.messages)}
            ) from None
    before = nomination.status
    nomination.status = NominationStatus.SUBMITTED
    nomination.return_reason = ""
    nomination.submitted_at = timezone.now()
    nomination.save(update_fields=["status", "return_reason", "submitted_at", "updated_at"])
    nomination_event(
        nomination=nomination,
        actor=actor,
        action=NominationAction.SUBMIT,
        from_state=before,
        note=_("修改后重新提交") if before == NominationStatus.RETURNED else "",
    )
    return nomination


@transaction.atomic
def nomination_withdraw(
    *, nomination: Nomination, actor: Actor, reason: str, context: AuditContext | None = None
) -> Nomination:
    """撤回 (the nominating union, or the runner — a 公示 objection upheld) while the campaign runs and before
    naming: the nomination is withdrawn and its quota place given back."""
    nomination = _lock_nomination(nomination)
    if not (can_handle_nomination(actor, nomination) or can_run_campaign(actor, nomination.campaign)):
        raise PermissionDenied(_("无权撤回该推荐"))
    if nomination.status not in WITHDRAWABLE:
        raise ValidationError(_("推荐%(status)s，不能撤回") % {"status": nomination.get_status_display()})
    if nomination.campaign.status != CampaignStatus.RUNNING:
        raise ValidationError(_("评选不在进行中，不能撤回推荐"))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("请填写撤回原因")})
    before = nomination.status
    nomination.status = NominationStatus.WITHDRAWN
    nomination.save(update_fields=["status", "updated_at"])
    quota_release_for_owner(owner=nomination, actor=actor)
    nomination_event(
        nomination=nomination, actor=actor, action=NominationAction.WITHDRAW, from_state=before, note=reason
    )
    return nomination


@transaction.atomic
def nomination_return(
    *, nomination: Nomination, actor: Actor, reason: str, context: AuditContext | None = None
) -> Nomination:
    """退回修改 (the runner, or the reviewing union above) of a submitted or passed nomination at 基层推荐 or
    县区审核: back to the nominating union with the reason, which its cadres hear in 消息. The quota place stays."""
    nomination = _lock_nomination(nomination)
    if not may_return(actor, nomination):
        raise PermissionDenied(_("无权退回该推荐"))
    if nomination.status not in (NominationStatus.SUBMITTED, NominationStatus.PASSED):
        raise ValidationError(_("推荐%(status)s，不能退回") % {"status": nomination.get_status_display()})
    campaign = nomination.campaign
    if campaign.status != CampaignStatus.RUNNING or campaign.stage not in CORRECTION_STAGES:
        raise ValidationError(_("评选已进入后续环节，不能退回推荐"))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("请填写退回原因")})
    before = nomination.status
    nomination.status = NominationStatus.RETURNED
    nomination.return_reason = reason[:500]
    nomination.save(update_fields=["status", "return_reason", "updated_at"])
    nomination_event(
        nomination=nomination, actor=actor, action=NominationAction.RETURN, from_state=before, note=reason
    )
    _tell(
        nomination,
        _("推荐被退回修改"),
        _("%(campaign)s：%(name)s的推荐被退回，原因：%(reason)s。请修改后重新提交")
        % {"campaign": campaign.title, "name": nomination.nominee_name, "reason": reason},
    )
    return nomination


@transaction.atomic
def nomination_review(
    *,
    nomination: Nomination,
    actor: Actor,
    passed: bool,
    reason: str = "",
    context: AuditContext | None = None,
) -> Nomination:
    """县区审核 of a submitted nomination by the union strictly above the nominating union (at or below the
    campaign's union; for a direct child of the campaign's union, the runner), while the campaign runs at 基层推荐 or
    县区审核 and has the 县区审核 stage: pass → 审核通过; reject → 未通过审核 with the reason, its quota place given
    back, the nominating union's cadres told."""
    nomination = _lock_nomination(nomination)
    if not is_reviewer(actor, nomination):
        raise PermissionDenied(_("无权审核该推荐"))
    campaign = nomination.campaign
    if Stage.COUNTY_REVIEW not in campaign.stages:
        raise ValidationError(_("本评选未设县区审核环节"))
    if campaign.status != CampaignStatus.RUNNING or campaign.stage not in REVIEW_STAGES:
        raise ValidationError(_("评选不在推荐或县区审核环节，不能审核"))
    if nomination.status != NominationStatus.SUBMITTED:
        raise ValidationError(_("推荐%(status)s，不能审核") % {"status": nomination.get_status_display()})
    reason = reason.strip()
    if not passed and not reason:
        raise ValidationError({"reason": _("请填写不通过的原因")})
    before = nomination.status
    nomination.status = NominationStatus.PASSED if passed else NominationStatus.REJECTED
    nomination.save(update_fields=["status", "updated_at"])
    if not passed:
        quota_release_for_owner(owner=nomination, actor=actor)
    nomination_event(
        nomination=nomination,
        actor=actor,
        action=NominationAction.PASS if passed else NominationAction.REJECT,
        from_state=before,
        note=reason,
    )
    if not passed:
        _tell(
            nomination,
            _("推荐未通过审核"),
            _("%(campaign)s：%(name)s的推荐未通过县区审核，原因：%(reason)s")
            % {"campaign": campaign.title, "name": nomination.nominee_name, "reason": reason},
        )
    return nomination


# ---- 导出 --------------------------------------------------------------------------------------------------------


def nominations_export(
    *, campaign: HonourCampaign, nominations: Any, actor: Actor, context: AuditContext | None = None
) -> bytes:
    """推荐名单 (xlsx, audited): the nominations the caller may see (`selectors.nominations.nominations_of`)."""
    from ..spreadsheets import nominations_workbook

    rows = list(nominations)
    content = nominations_workbook(campaign, rows)
    audit_log(
        action=AuditAction.EXPORT,
        summary=_("导出推荐名单：%(title)s（%(n)s 项）") % {"title": campaign.title, "n": len(rows)},
        actor=actor,
        context=context,
        subject=campaign,
        org_id=campaign.org_id,
        detail={"rows": len(rows)},
    )
    return content
