"""Reads of 困难职工帮扶 — part `intake`: the member's own file and its steps (我的帮扶, 我的办理, the receipt), the
intake card of the file page, the 诉求 panel of the appeals desk, the members a 帮扶干事 may enter an application for,
and whether a user revealed an anonymous 诉求's requester (the audited reveal of appeals)."""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse

from gonghui.accounts.scoping import has_action
from gonghui.appeals.models import VIEW as APPEALS_VIEW
from gonghui.appeals.models import Appeal
from gonghui.core.models import AuditAction, AuditLog
from gonghui.core.registry import MemberRequest
from gonghui.core.timeline import timeline_for
from gonghui.members.choices import HOLDING_STATUSES
from gonghui.members.models import Member
from gonghui.members.selectors.registry import search_q

from ..choices import ENDED_STATUSES, FileAction, FileStatus, HardshipCause
from ..models import HardshipFile
from ..permissions import MANAGE, VIEW, can_handle_file
from .households import file_of_household, household_of_member

CANDIDATES_SHOWN = 20

# The member's step list: 申请 → 初审 → 入户调查 → 审核 → 公示 → 建档 (each reached at the status beside it).
STEPS: tuple[tuple[str, str], ...] = (
    ("申请", FileStatus.APPLIED),
    ("初审", FileStatus.UNIT_CHECKED),
    ("入户调查", FileStatus.SURVEYED),
    ("审核", FileStatus.REVIEWED),
    ("公示", FileStatus.PUBLICISED),
    ("建档", FileStatus.FILED),
)
_ORDER = [status for _label, status in STEPS]

NEXT_STEPS: dict[str, str] = {
    FileStatus.APPLIED: "所在工会将进行单位初审，核实您填报的家庭情况。",
    FileStatus.RETURNED: "工会退回了您的申请，请按退回说明补充后重新提交。",
    FileStatus.UNIT_CHECKED: "初审已通过，帮扶干事将与您约定时间入户调查。",
    FileStatus.SURVEYED: "入户调查已完成，上级工会将审核并核定困难类别。",
    FileStatus.REVIEWED: "审核已通过，将在本单位工会范围内公示（只公示姓名、单位和困难类别）。",
    FileStatus.PUBLICISED: "正在公示，公示期满无异议后建档。",
    FileStatus.FILED: "已建档，工会将按规定开展帮扶，每年复核一次家庭情况。",
    FileStatus.LIFTED: "您的家庭已脱困，工会将在3个月和12个月后电话回访。如再遇困难可重新申请。",
    FileStatus.CLOSED: "档案已注销。如家庭再遇困难，可重新申请。",
    FileStatus.REJECTED: "经审核不予建档，具体原因见下方办理记录。如情况变化可重新申请。",
}

# What the member is shown of the file's timeline: the steps of the flow; reasons only of a return or a refusal.
MEMBER_ACTIONS = {
    FileAction.APPLY,
    FileAction.RETURN,
    FileAction.RESUBMIT,
    FileAction.UNIT_CHECK,
    FileAction.SURVEY,
    FileAction.REVIEW,
    FileAction.PUBLICISE,
    FileAction.FILE,
    FileAction.REJECT,
    FileAction.ANNUAL_REVIEW,
    FileAction.LIFT,
    FileAction.CLOSE,
    FileAction.REOPEN,
    FileAction.CONSENT,
}
MEMBER_NOTES = {FileAction.RETURN, FileAction.REJECT}


@dataclass(frozen=True)
class Step:
    label: str
    state: str  # "done" | "current" | "todo"


def appeal_revealed_by(*, appeal: Appeal, user: Any) -> bool:
    """Did `user` reveal the anonymous requester of `appeal` through appeals' audited reveal (its audit row)?"""
    if not getattr(user, "is_authenticated", False):
        return False
    return AuditLog.objects.filter(
        action=AuditAction.REVEAL,
        content_type=ContentType.objects.get_for_model(Appeal),
        object_id=str(appeal.pk),
        actor_id=user.pk,
    ).exists()


def file_of_member(member: Member) -> HardshipFile | None:
    """The file of the member's household (the member's own, or one that lists them, a spouse by ID number)."""
    household = household_of_member(member)
    return file_of_household(household) if household is not None else None


def my_file_or_404(member: Member, public_id: Any) -> HardshipFile:
    file = file_of_member(member)
    if file is None or str(file.public_id) != str(public_id):
        raise Http404
    return file


def file_steps(file: HardshipFile) -> list[Step]:
    """申请 → 初审 → 入户调查 → 审核 → 公示 → 建档, each done, current or to come. A status of the flow marks its step
    done and the next one current; a returned application is back at 申请; a 脱困 or 注销 file after 建档 has every
    step done, a refused one only 申请."""
    status = file.status
    current = -1
    if status == FileStatus.RETURNED:
        done, current = 0, 0
    elif status in _ORDER:
        done = _ORDER.index(FileStatus(status)) + 1
        current = done if done < len(STEPS) else -1
    elif status in (FileStatus.LIFTED, FileStatus.CLOSED) and file.filed_at is not None:
        done = len(STEPS)
    else:
        done = 1
    return [
        Step(label=label, state="current" if i == current else "done" if i < done else "todo")
        for i, (label, _status) in enumerate(STEPS)
    ]


def member_timeline(file: HardshipFile) -> list[dict[str, Any]]:
    """The member's view of the timeline: the flow's steps with their dates, the reason of a return or refusal."""
    rows = []
    for entry in timeline_for(file).filter(action__in=[str(a) for a in MEMBER_ACTIONS]):
        rows.append(
            {
                "label": entry.action_label,
                "at": entry.created_at,
                "note": entry.note if entry.action in MEMBER_NOTES else "",
            }
        )
    return rows


def file_facts(file: HardshipFile) -> list[tuple[str, str]]:
    """The application's facts as label / value pairs (no sealed value among them)."""
    causes = dict(HardshipCause.choices)
    secondary = "、".join(str(causes.get(c, c)) for c in file.causes_secondary) or "无"
    return [
        ("主要致困原因", file.get_cause_main_display() or "未填写"),
        ("次要致困原因", secondary),
        ("住房情况", file.get_housing_display() or "未填写"),
        ("医疗保险", file.get_medical_insurance_display() or "未填写"),
        ("零就业家庭", "是" if file.zero_employment else "否"),
        ("单亲家庭", "是" if file.single_parent else "否"),
        ("劳模类型", file.get_model_worker_type_display() or "非劳模"),
        ("家庭住址", file.household.address or "未填写"),
    ]


def receipt_people(file: HardshipFile) -> list[dict[str, str]]:
    """Who the application lists: name, relation and the masked ID number (nothing sealed)."""
    return [
        {"name": p.name, "relation": p.get_relation_display(), "id_number_masked": p.id_number_masked}
        for p in file.household.people.order_by("pk")
    ]


def my_requests(user: Any) -> list[MemberRequest]:
    """我的办理: the member's file with its state (one row; none before an application)."""
    if isinstance(user, AnonymousUser) or not getattr(user, "is_authenticated", False):
        return []
    member = Member.objects.filter(user=user).first()
    if member is None:
        return []
    file = file_of_member(member)
    if file is None:
        return []
    return [
        MemberRequest(
            kind="困难职工帮扶",
            title=f"困难职工帮扶申请 {file.number}".strip(),
            status=file.get_status_display(),
            url=reverse("welfare_portal:mine"),
            submitted_at=file.submitted_at or file.created_at,
            next_step="请补充后重新提交" if file.status == FileStatus.RETURNED else "",
        )
    ]


def intake_panel(*, user: Any, file: HardshipFile) -> dict[str, Any]:
    """The context of this part's card on the file page (`welfare/files/_intake.html`): channel, submitted, facts,
    the consent file (through the attachment download) and the source 诉求 when the user may open it."""
    may_handle = can_handle_file(user, file)
    appeal_url = ""
    if file.appeal_id is not None:
        appeal = Appeal.objects.visible_to(user, APPEALS_VIEW).filter(pk=file.appeal_id).first()
        if appeal is not None:
            appeal_url = reverse("appeals:appeal_detail", args=[appeal.public_id])
    return {
        "file": file,
        "facts": file_facts(file),
        "consent": file.consent_attachment,
        "appeal_url": appeal_url,
        "may_edit": may_handle and file.status in (FileStatus.APPLIED, FileStatus.RETURNED),
        "may_upload": may_handle and file.status not in ENDED_STATUSES and file.purged_at is None,
    }


def file_to_handle_or_404(user: Any, pk: int) -> HardshipFile:
    """A file the user sees (else 404) and handles (`welfare.manage` on its union, else 403)."""
    return HardshipFile.objects.select_related("household", "org", "consent_attachment").get_visible_or_404(
        user, VIEW, demand=MANAGE, pk=pk
    )


def applicant_candidates(user: Any, query: str = "") -> QuerySet[Member]:
    """Holding members of the unions where the user handles files, by name, pinyin, phone, the ID number's last
    four characters or the member number."""
    members = (
        Member.objects.visible_to(user, MANAGE).filter(status__in=HOLDING_STATUSES).select_related("org")
    )
    query = query.strip()
    if query:
        members = members.filter(search_q(query) | Q(member_number=query))
    return members.order_by("name", "pk")


def appeal_panel(user: Any, appeal: Appeal) -> dict[str, Any] | None:
    """The 困难职工帮扶 card of a 诉求's desk page, for a 帮扶干事 of the handling union: the requester's file when
    there is one, else 一键建档 (for an anonymous 诉求 only after the user's audited reveal) or the invitation to
    apply on the portal (the member's consent)."""
    member = appeal.member
    if member is None or not has_action(user, MANAGE, appeal.org):
        return None
    revealed = not appeal.is_anonymous or appeal_revealed_by(appeal=appeal, user=user)
    file = file_of_member(member) if revealed else None
    file_url = ""
    if file is not None and HardshipFile.objects.visible_to(user, VIEW).filter(pk=file.pk).exists():
        file_url = file.get_absolute_url()
    return {
        "appeal": appeal,
        "file": file if file_url else None,
        "file_url": file_url,
        "revealed": revealed,
        "may_invite": member.user_id is not None,
    }
