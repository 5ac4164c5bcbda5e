"""Writes of part projects: a 课题 after 立项. The applying union (surveys.manage on `project.org`) sends the 中期报告
(在研 → 中期检查中) and the 结项材料 (final report, outputs, closed surveys of its subtree whose results go into the
report, files) (在研 → 结项审核中); the call's union (surveys.manage on `project.call.org`) checks the midterm (通过 →
在研; 限期整改 → 在研 with the opinion, the report is sent again; 不通过 → 已撤项), concludes with a rating and an
opinion (→ 已结项) or returns the final materials (→ 在研), and may 撤项 a live project with a reason. Every change
writes a timeline row and an audit-log row and tells the other side's union admins."""

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.models import RoleGrant
from gonghui.accounts.roles import UNION_ADMIN
from gonghui.attachments.services import attachment_save
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.choices import AuditAction
from gonghui.core.locking import lock
from gonghui.notifications.services import notify
from gonghui.orgs.models import Org

from ..choices import MidtermResult, ProjectAction, ProjectRating, ProjectStatus
from ..events import surveys_event
from ..models import ResearchProject, Survey
from ..selectors.projects import (
    LIVE,
    attachable_surveys,
    is_applicant,
    is_call_side,
    may_submit_final,
    may_submit_midterm,
)

MAX_FILES = 10
CONCLUDE = "conclude"
RETURN = "return"


def _union_admins(org: Org, *, besides: Any = None) -> list[Any]:
    grants = RoleGrant.objects.filter(role=UNION_ADMIN, org=org, user__is_active=True).select_related("user")
    return [g.user for g in grants if g.user.pk != getattr(besides, "pk", None)]


def _tell(project: ResearchProject, org: Org, *, title: str, body: str, actor: Any) -> None:
    recipients = _union_admins(org, besides=actor)
    if recipients:
        notify(
            recipients=recipients,
            title=title,
            body=body,
            url=reverse("surveys:project_detail", args=[project.public_id]),
            category="surveys",
        )


def _audit(
    project: ResearchProject, actor: Any, context: AuditContext | None, summary: str, **detail: Any
) -> None:
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        summary=summary,
        actor=actor,
        context=context,
        subject=project,
        org_id=project.org_id,
        detail={"project": project.number or str(project.public_id), **detail},
    )


def _locked(project: ResearchProject) -> ResearchProject:
    return lock(ResearchProject, pk=project.pk, related=("call", "call__org", "org"))


def _fresh(project: ResearchProject) -> ResearchProject:
    """The project as stored (the caller's copy may be older): checked before files are saved, again under the
    lock after."""
    return ResearchProject.objects.select_related("call", "call__org", "org").get(pk=project.pk)


def _name(project: ResearchProject) -> str:
    return f"{project.number}《{project.title}》" if project.number else f"《{project.title}》"


def _move(
    project: ResearchProject,
    actor: Any,
    action: ProjectAction,
    to: str,
    fields: Sequence[str],
    note: str = "",
) -> ResearchProject:
    before = project.status
    project.status = to
    project.save(update_fields=["status", *fields, "updated_at"])
    surveys_event(subject=project, actor=actor, action=action, from_state=before, to_state=to, note=note)
    return project


def _check_files(files: Sequence[UploadedFile[bytes]]) -> None:
    if len(files) > MAX_FILES:
        raise ValidationError({"attachments": f"一次最多上传 {MAX_FILES} 个附件"})


def _save_files(project: ResearchProject, files: Iterable[UploadedFile[bytes]], actor: Any) -> list[str]:
    """Store the files (checked and hashed first, each in its own short transaction); a refused file names itself."""
    names = []
    for upload in files:
        original = (upload.name or "").rsplit("/", 1)[-1]
        try:
            attachment_save(owner=project, org=project.org, upload=upload, actor=actor)
        except ValidationError as exc:
            messages = (
                exc.message_dict.get("file", exc.messages) if hasattr(exc, "error_dict") else exc.messages
            )
            raise ValidationError({"attachments": [f"{original}：{m}" for m in messages]}) from None
        names.append(original)
    return names


# --- 中期检查 ----------------------------------------------------------------------------------------------------
def project_midterm_submit(
    *,
    project: ResearchProject,
    report: str,
    actor: Any,
    files: Sequence[UploadedFile[bytes]] = (),
    context: AuditContext | None = None,
) -> ResearchProject:
    """在研 → 中期检查中: the applying union sends its 中期报告 (again after 限期整改), with optional files."""
    if not is_applicant(actor, project):
        raise PermissionDenied
    report = (report or "").strip()
    if not report:
        raise ValidationError({"report": "请填写中期报告"})
    _check_files(files)
    project = _fresh(project)
    if not may_submit_midterm(project):
        raise ValidationError(f"课题{project.get_status_display()}，不能提交中期报告")
    names = _save_files(project, files, actor)
    with transaction.atomic():
        project = _locked(project)
        if not may_submit_midterm(project):
            raise ValidationError(f"课题{project.get_status_display()}，不能提交中期报告")
        again = project.midterm_result == MidtermResult.IMPROVE
        project.midterm_report = report
        project.midterm_submitted_at = timezone.now()
        note = "整改后重新提交" if again else ""
        if names:
            note = "；".join(filter(None, [note, "附件：" + "、".join(names)]))
        _move(
            project,
            actor,
            ProjectAction.MIDTERM_SUBMITTED,
            ProjectStatus.MIDTERM,
            ["midterm_report", "midterm_submitted_at"],
            note,
        )
        _audit(project, actor, context, f"提交课题中期报告：{_name(project)}", files=names)
        _tell(
            project,
            project.call.org,
            title="课题中期报告待检查",
            body=f"{project.org.name}提交了{_name(project)}的中期报告",
            actor=actor,
        )
    return project


@transaction.atomic
def project_midterm_check(
    *,
    project: ResearchProject,
    result: str,
    opinion: str,
    actor: Any,
    context: AuditContext | None = None,
) -> ResearchProject:
    """中期检查中 → 在研 (通过, 限期整改 with the opinion) or → 已撤项 (不通过), by the call's union."""
    project = _locked(project)
    if not is_call_side(actor, project):
        raise PermissionDenied
    opinion = (opinion or "").strip()
    if result not in MidtermResult.values:
        raise ValidationError({"result": "请选择中期检查结论"})
    if result != MidtermResult.PASSED and not opinion:
        raise ValidationError({"opinion": "限期整改或不通过时，请填写检查意见"})
    if project.status != ProjectStatus.MIDTERM:
        raise ValidationError(f"课题{project.get_status_display()}，没有待检查的中期报告")
    project.midterm_result, project.midterm_opinion = result, opinion
    label = MidtermResult(result).label
    to = ProjectStatus.TERMINATED if result == MidtermResult.FAILED else ProjectStatus.APPROVED
    note = f"{label}" + (f"：{opinion}" if opinion else "")
    _move(project, actor, ProjectAction.MIDTERM_CHECKED, to, ["midterm_result", "midterm_opinion"], note)
    _audit(project, actor, context, f"课题中期检查（{label}）：{_name(project)}", result=result)
    _tell(project, project.org, title=f"课题中期检查：{label}", body=f"{_name(project)}：{note}", actor=actor)
    return project


# --- 结项 ---------------------------------------------------------------------------------------------------------
def project_final_submit(
    *,
    project: ResearchProject,
    report: str,
    outputs: str,
    surveys: Iterable[Survey] = (),
    actor: Any,
    files: Sequence[UploadedFile[bytes]] = (),
    context: AuditContext | None = None,
) -> ResearchProject:
    """在研 → 结项审核中: the final report, the outputs, the closed surveys of the applying union's subtree whose
    results go into the report (the set replaces the one sent before) and files."""
    if not is_applicant(actor, project):
        raise PermissionDenied
    report, outputs = (report or "").strip(), (outputs or "").strip()
    errors = {}
    if not report:
        errors["report"] = "请填写结项报告"
    if not outputs:
        errors["outputs"] = "请填写研究成果（论文、调研报告、采纳情况等）"
    if errors:
        raise ValidationError(errors)
    chosen = list(surveys)
    allowed = set(
        attachable_surveys(project).filter(pk__in=[s.pk for s in chosen]).values_list("pk", flat=True)
    )
    if any(s.pk not in allowed for s in chosen):
        raise ValidationError({"surveys": "只能附上本单位及下级工会已结束的问卷"})
    _check_files(files)
    project = _fresh(project)
    if not may_submit_final(project):
        raise ValidationError(final_refusal(project))
    names = _save_files(project, files, actor)
    with transaction.atomic():
        project = _locked(project)
        if not may_submit_final(project):
            raise ValidationError(final_refusal(project))
        project.final_report, project.outputs = report, outputs
        project.final_submitted_at = timezone.now()
        project.surveys.set(chosen)
        titles = [f"《{s.title}》" for s in chosen]
        note = "；".join(
            filter(
                None,
                [
                    "附问卷结果：" + "、".join(titles) if titles else "",
                    "附件：" + "、".join(names) if names else "",
                ],
            )
        )
        _move(
            project,
            actor,
            ProjectAction.FINAL_SUBMITTED,
            ProjectStatus.CONCLUDING,
            ["final_report", "outputs", "final_submitted_at"],
            note,
        )
        _audit(
            project,
            actor,
            context,
            f"提交课题结项材料：{_name(project)}",
            surveys=[s.pk for s in chosen],
            files=names,
        )
        _tell(
            project,
            project.call.org,
            title="课题结项材料待审核",
            body=f"{project.org.name}提交了{_name(project)}的结项材料",
            actor=actor,
        )
    return project


def final_refusal(project: ResearchProject) -> str:
    if project.status == ProjectStatus.APPROVED and project.midterm_result == MidtermResult.IMPROVE:
        return "中期检查要求限期整改，请先重新提交中期报告"
    return f"课题{project.get_status_display()}，不能提交结项材料"


@transaction.atomic
def project_conclude(
    *,
    project: ResearchProject,
    decision: str,
    opinion: str,
    actor: Any,
    rating: str = "",
    context: AuditContext | None = None,
) -> ResearchProject:
    """结项审核中 → 已结项 with a rating and an opinion (`decision` "conclude"), or back to 在研 with the opinion
    (`decision` "return": the applicant corrects and sends the materials again), by the call's union."""
    project = _locked(project)
    if not is_call_side(actor, project):
        raise PermissionDenied
    opinion = (opinion or "").strip()
    if decision not in (CONCLUDE, RETURN):
        raise ValidationError({"decision": "请选择结项或退回"})
    if decision == CONCLUDE and rating not in ProjectRating.values:
        raise ValidationError({"rating": "结项时请评定结项等级"})
    if not opinion:
        raise ValidationError(
            {"opinion": "请填写结项意见" if decision == CONCLUDE else "退回时请写明需要修改的内容"}
        )
    if project.status != ProjectStatus.CONCLUDING:
        raise ValidationError(f"课题{project.get_status_display()}，没有待审核的结项材料")
    project.final_opinion = opinion
    if decision == RETURN:
        _move(project, actor, ProjectAction.RETURNED, ProjectStatus.APPROVED, ["final_opinion"], opinion)
        _audit(project, actor, context, f"退回课题结项材料：{_name(project)}")
        _tell(
            project, project.org, title="课题结项材料被退回", body=f"{_name(project)}：{opinion}", actor=actor
        )
        return project
    project.rating, project.concluded_at = rating, timezone.now()
    label = ProjectRating(rating).label
    _move(
        project,
        actor,
        ProjectAction.CONCLUDED,
        ProjectStatus.CONCLUDED,
        ["final_opinion", "rating", "concluded_at"],
        f"结项等级：{label}；{opinion}",
    )
    _audit(project, actor, context, f"课题结项（{label}）：{_name(project)}", rating=rating)
    _tell(
        project, project.org, title=f"课题已结项（{label}）", body=f"{_name(project)}：{opinion}", actor=actor
    )
    return project


# --- 撤项 ---------------------------------------------------------------------------------------------------------
@transaction.atomic
def project_terminate(
    *, project: ResearchProject, reason: str, actor: Any, context: AuditContext | None = None
) -> ResearchProject:
    """在研 / 中期检查中 / 结项审核中 → 已撤项 with the reason, by the call's union."""
    project = _locked(project)
    if not is_call_side(actor, project):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写撤项原因"})
    if project.status not in LIVE:
        raise ValidationError(f"课题{project.get_status_display()}，不能撤项")
    _move(project, actor, ProjectAction.TERMINATED, ProjectStatus.TERMINATED, [], reason)
    _audit(project, actor, context, f"撤销课题：{_name(project)}", reason=reason)
    _tell(project, project.org, title="课题已撤项", body=f"{_name(project)}：{reason}", actor=actor)
    return project


# --- export -------------------------------------------------------------------------------------------------------
def project_export_audit(
    *, rows: int, actor: Any, context: AuditContext | None = None, filters: str = ""
) -> None:
    """The registry's xlsx names project leaders and teams: who took it is recorded."""
    audit_log(
        action=AuditAction.EXPORT,
        summary=f"导出课题名单 {rows} 项" + (f"（{filters}）" if filters else ""),
        actor=actor,
        context=context,
        detail={"rows": rows, "filters": filters},
    )
