"""Services of part calls (课题申报). The call's union (surveys.manage on `call.org`) drafts a call (`call_create`,
`call_update`), publishes it (`call_open`: the union admins below are told), closes it (`call_close`), takes a
handed-in application into review or returns it (`application_accept`, `application_return`), starts the review
in the reviews block (`call_review_start`: a round owned by the call, one entry per accepted application) and
decides: 立项 with a number 2020-KT-03 from `core.numbering` (`project_approve`) or 不予立项 (`project_reject`).
The applying union (surveys.manage on the applicant org, at or below the call's union) writes the application
(`application_create`, `application_update`, `application_attach`, `application_detach`) and hands it in inside
the window (`application_submit`). Every state change writes a timeline row; the call's side is audited."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.actors import Actor
from gonghui.accounts.models import RoleGrant, User
from gonghui.accounts.scoping import has_action
from gonghui.attachments.models import Attachment
from gonghui.attachments.selectors import attachments_of
from gonghui.attachments.services import attachment_save
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.choices import AuditAction
from gonghui.core.locking import lock
from gonghui.core.numbering import number_next
from gonghui.core.registry import roles
from gonghui.core.timeline import timeline_record
from gonghui.notifications.services import notify
from gonghui.orgs.models import Org
from gonghui.reviews import services as reviews
from gonghui.reviews.choices import BlindMode, RoundStatus
from gonghui.reviews.models import ReviewRound, ScoreSheetTemplate

from ..choices import CallStatus, ProjectAction, ProjectStatus
from ..events import surveys_event
from ..models import ResearchCall, ResearchProject
from ..permissions import MANAGE
from ..selectors.calls import EDITABLE, call_has_undecided, reviewing_applications

CATEGORY = "surveys"
SERIES = "课题"
MAX_TEAM = 15


@dataclass(frozen=True)
class CallInput:
    year: int
    title: str
    guide: str = ""
    topics: Sequence[str] = ()
    opens_on: date | None = None
    closes_on: date | None = None
    budget_cap: Decimal | None = None


@dataclass(frozen=True)
class TeamMember:
    name: str
    unit: str = ""
    role: str = ""


@dataclass(frozen=True)
class ApplicationInput:
    title: str
    topic: str
    leader_name: str
    leader_title: str = ""
    leader_phone: str = ""
    team: Sequence[TeamMember] = ()
    plan: str = ""
    expected_outputs: str = ""
    budget: Decimal = Decimal(0)
    budget_note: str = ""


def call_url(call: ResearchCall) -> str:
    return reverse("surveys:call_detail", args=[call.public_id])


def application_url(project: ResearchProject) -> str:
    return reverse("surveys:project_detail", args=[project.public_id])


def _managers_of(orgs: Any) -> list[User]:
    """Active users whose role on one of `orgs` itself names surveys.manage."""
    codes = [role.code for role in roles if MANAGE in role.actions and not role.object_only]
    user_ids = RoleGrant.objects.filter(org__in=orgs, role__in=codes).values_list("user_id", flat=True)
    return list(User.objects.filter(pk__in=user_ids, is_active=True).order_by("pk"))


def _require_call_side(actor: Actor, call: ResearchCall) -> None:
    if not has_action(actor, MANAGE, call.org):
        raise PermissionDenied(_("无权办理该课题申报通知"))


def _require_applicant(actor: Actor, project: ResearchProject) -> None:
    if not has_action(actor, MANAGE, project.org):
        raise PermissionDenied(_("无权办理该单位的课题申报"))


def _audit(actor: Actor, summary: str, subject: Any, org_id: int) -> None:
    audit_log(action=AuditAction.ADMIN_EDIT, summary=summary, actor=actor, subject=subject, org_id=org_id)


# --- calls ----------------------------------------------------------------------------------------------------


def _clean_call(data: CallInput) -> dict[str, Any]:
    title = (data.title or "").strip()
    if not title:
        raise ValidationError({"title": _("请填写申报通知名称")})
    topics: list[str] = []
    for line in data.topics:
        topic = line.strip()
        if topic and topic not in topics:
            if len(topic) > 80:
                raise ValidationError(
                    {"topics": _("选题方向「%(topic)s」超过 80 字") % {"topic": topic[:20]}}
                )
            topics.append(topic)
    if data.opens_on and data.closes_on and data.closes_on < data.opens_on:
        raise ValidationError({"closes_on": _("申报截止日期不能早于申报开始日期")})
    if data.budget_cap is not None and data.budget_cap <= 0:
        raise ValidationError({"budget_cap": _("单项经费上限须大于 0")})
    if not 2000 <= data.year <= 2100:
        raise ValidationError({"year": _("请填写正确的年度")})
    return {
        "year": data.year,
        "title": title,
        "guide": (data.guide or "").strip(),
        "topics": topics,
        "opens_on": data.opens_on,
        "closes_on": data.closes_on,
        "budget_cap": data.budget_cap,
    }


@transaction.atomic
def call_create(*, org: Org, data: CallInput, actor: Actor) -> ResearchCall:
    """A draft call of `org` (not yet seen below)."""
    if not has_action(actor, MANAGE, org):
        raise PermissionDenied(_("无权为该工会发布课题申报通知"))
    call = ResearchCall.objects.create(org=org, created_by=actor, **_clean_call(data))
    surveys_event(subject=call, actor=actor, action=ProjectAction.CALL_CREATED, to_state=CallStatus.DRAFT)
    _audit(actor, _("新建课题申报通知：%(title)s") % {"title": call.title}, call, org.pk)
    return call


@transaction.atomic
def call_update(*, call: ResearchCall, data: CallInput, actor: Actor) -> ResearchCall:
    """Change a call while it is a draft or open; a topic an application chose stays."""
    _require_call_side(actor, call)
    locked = lock(ResearchCall, related=("org",), pk=call.pk)
    if locked.status not in (CallStatus.DRAFT, CallStatus.OPEN):
        raise ValidationError(_("申报已截止，不能再修改通知"))
    cleaned = _clean_call(data)
    used = set(locked.projects.exclude(topic="").values_list("topic", flat=True))
    missing = sorted(used - set(cleaned["topics"]))
    if missing:
        raise ValidationError(
            {"topics": _("选题方向「%(topic)s」已有单位申报，不能删除") % {"topic": missing[0]}}
        )
    for field, value in cleaned.items():
        setattr(locked, field, value)
    locked.save(update_fields=[*cleaned, "updated_at"])
    _audit(actor, _("修改课题申报通知：%(title)s") % {"title": locked.title}, locked, locked.org_id)
    return locked


@transaction.atomic
def call_open(*, call: ResearchCall, actor: Actor) -> ResearchCall:
    """发布: needs at least one topic and a window whose end is not past; the union admins below are told."""
    _require_call_side(actor, call)
    locked = lock(ResearchCall, related=("org",), pk=call.pk)
    if locked.status != CallStatus.DRAFT:
        raise ValidationError(_("只有草稿状态的通知可以发布"))
    if not locked.topics:
        raise ValidationError({"topics": _("请至少填写一个选题方向")})
    if locked.opens_on is None or locked.closes_on is None:
        raise ValidationError({"closes_on": _("请填写申报开始和截止日期")})
    if locked.closes_on < timezone.localdate():
        raise ValidationError({"closes_on": _("申报截止日期已过，请修改后再发布")})
    locked.status = CallStatus.OPEN
    locked.save(update_fields=["status", "updated_at"])
    surveys_event(
        subject=locked,
        actor=actor,
        action=ProjectAction.CALL_OPENED,
        from_state=CallStatus.DRAFT,
        to_state=CallStatus.OPEN,
    )
    _audit(actor, _("发布课题申报通知：%(title)s") % {"title": locked.title}, locked, locked.org_id)
    below = Org.objects.filter(path__startswith=locked.org.path).exclude(pk=locked.org_id)
    recipients = [user for user in _managers_of(below) if user.pk != actor.pk]
    if recipients:
        notify(
            recipients=recipients,
            title=_("课题申报：%(title)s") % {"title": locked.title},
            body=_("%(org)s发布了课题申报通知，申报截止日期 %(date)s。")
            % {"org": locked.org.name, "date": locked.closes_on.isoformat()},
            url=call_url(locked),
            category=CATEGORY,
        )
    return locked


@transaction.atomic
def call_close(*, call: ResearchCall, actor: Actor) -> ResearchCall:
    """申报截止: no more applications are handed in; those handed in are still handled."""
    _require_call_side(actor, call)
    locked = lock(ResearchCall, pk=call.pk)
    if locked.status != CallStatus.OPEN:
        raise ValidationError(_("只有申报中的通知可以截止"))
    locked.status = CallStatus.CLOSED
    locked.save(update_fields=["status", "updated_at"])
    surveys_event(
        subject=locked,
        actor=actor,
        action=ProjectAction.CALL_CLOSED,
        from_state=CallStatus.OPEN,
        to_state=CallStatus.CLOSED,
    )
    _audit(actor, _("课题申报截止：%(title)s") % {"title": locked.title}, locked, locked.org_id)
    _finish_if_done(locked, actor)
    return locked


def _finish_if_done(call: ResearchCall, actor: Actor) -> None:
    """A closed call whose every handed-in application is decided is 立项完成."""
    if call.status != CallStatus.CLOSED or call_has_undecided(call):
        return
    if not call.projects.filter(status__in=(ProjectStatus.APPROVED, ProjectStatus.REJECTED)).exists():
        return
    call.status = CallStatus.FINISHED
    call.save(update_fields=["status", "updated_at"])
    timeline_record(
        subject=call,
        actor=actor,
        action="call_finished",
        action_label=str(CallStatus.FINISHED.label),
        from_state=CallStatus.CLOSED,
        to_state=CallStatus.FINISHED,
        note=_("全部申报已办结"),
    )


# --- applications (the applying union) ------------------------------------------------------------------------


def _taking_applications(call: ResearchCall) -> bool:
    """Open and its closing day not past (a call nobody closed by hand still ends on its date)."""
    return call.status == CallStatus.OPEN and (
        call.closes_on is None or timezone.localdate() <= call.closes_on
    )


def _clean_application(call: ResearchCall, data: ApplicationInput) -> dict[str, Any]:
    title = (data.title or "").strip()
    if not title:
        raise ValidationError({"title": _("请填写课题名称")})
    if data.topic not in call.topics:
        raise ValidationError({"topic": _("请选择通知中的选题方向")})
    leader = (data.leader_name or "").strip()
    if not leader:
        raise ValidationError({"leader_name": _("请填写课题负责人")})
    if data.budget < 0:
        raise ValidationError({"budget": _("申请经费不能为负数")})
    if call.budget_cap is not None and data.budget > call.budget_cap:
        raise ValidationError(
            {"budget": _("申请经费不能超过单项经费上限 %(cap)s 元") % {"cap": f"{call.budget_cap:,.2f}"}}
        )
    team = [
        {"name": row.name.strip(), "unit": row.unit.strip(), "role": row.role.strip()}
        for row in data.team
        if row.name.strip()
    ]
    if len(team) > MAX_TEAM:
        raise ValidationError({"team": _("课题组成员最多 %(n)s 人") % {"n": MAX_TEAM}})
    return {
        "title": title,
        "topic": data.topic,
        "leader_name": leader,
        "leader_title": data.leader_title.strip(),
        "leader_phone": data.leader_phone.strip(),
        "team": team,
        "plan": data.plan.strip(),
        "expected_outputs": data.expected_outputs.strip(),
        "budget": data.budget,
        "budget_note": data.budget_note.strip(),
    }


@transaction.atomic
def application_create(
    *, call: ResearchCall, org: Org, data: ApplicationInput, actor: Actor
) -> ResearchProject:
    """A draft application of `org` (at or below the call's union, where the actor holds surveys.manage) to an
    open call."""
    if not has_action(actor, MANAGE, org):
        raise PermissionDenied(_("无权以该单位名义申报"))
    if not org.path.startswith(call.org.path):
        raise ValidationError({"org": _("申报单位须是发布通知工会的本级或下级工会")})
    locked = lock(ResearchCall, related=("org",), pk=call.pk)
    if not _taking_applications(locked):
        raise ValidationError(_("该通知不在申报期，不能填写申报书"))
    project = ResearchProject.objects.create(
        call=locked, org=org, created_by=actor, **_clean_application(locked, data)
    )
    surveys_event(subject=project, actor=actor, action=ProjectAction.CREATED, to_state=ProjectStatus.DRAFT)
    return project


@transaction.atomic
def application_update(*, project: ResearchProject, data: ApplicationInput, actor: Actor) -> ResearchProject:
    _require_applicant(actor, project)
    locked = lock(ResearchProject, related=("call",), pk=project.pk)
    if locked.status not in EDITABLE:
        raise ValidationError(_("申报书已提交，不能再修改"))
    cleaned = _clean_application(locked.call, data)
    for field, value in cleaned.items():
        setattr(locked, field, value)
    locked.save(update_fields=[*cleaned, "updated_at"])
    return locked


def application_attach(*, project: ResearchProject, upload: UploadedFile[bytes], actor: Actor) -> Attachment:
    """Attach a file (申报书扫描件, 前期成果…) while the application is being written."""
    _require_applicant(actor, project)
    if project.status not in EDITABLE:
        raise ValidationError(_("申报书已提交，不能再添加附件"))
    return attachment_save(owner=project, org=project.org, upload=upload, actor=actor)


@transaction.atomic
def application_detach(*, project: ResearchProject, public_id: Any, actor: Actor) -> None:
    _require_applicant(actor, project)
    if project.status not in EDITABLE:
        raise ValidationError(_("申报书已提交，不能再删除附件"))
    deleted, _rows = attachments_of(project).filter(public_id=public_id).delete()
    if not deleted:
        raise ValidationError(_("附件不存在或已删除"))


@transaction.atomic
def application_submit(*, project: ResearchProject, actor: Actor) -> ResearchProject:
    """提交: inside the call's window, a complete application within the budget cap; the call's union is told."""
    _require_applicant(actor, project)
    locked = lock(ResearchProject, related=("call", "call__org", "org"), pk=project.pk)
    call = locked.call
    if locked.status not in EDITABLE:
        raise ValidationError(_("申报书已提交"))
    today = timezone.localdate()
    if not _taking_applications(call):
        raise ValidationError(_("申报已截止，不能再提交"))
    if call.opens_on and today < call.opens_on:
        raise ValidationError(_("申报将于 %(date)s 开始，届时才能提交") % {"date": call.opens_on.isoformat()})
    for field, message in (("plan", _("请填写研究方案")), ("expected_outputs", _("请填写预期成果"))):
        if not getattr(locked, field).strip():
            raise ValidationError({field: message})
    if locked.budget <= 0:
        raise ValidationError({"budget": _("请填写申请经费")})
    if call.budget_cap is not None and locked.budget > call.budget_cap:
        raise ValidationError({"budget": _("申请经费超过单项经费上限，请修改后再提交")})
    before = locked.status
    locked.status = ProjectStatus.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.save(update_fields=["status", "submitted_at", "updated_at"])
    surveys_event(
        subject=locked,
        actor=actor,
        action=ProjectAction.SUBMITTED,
        from_state=before,
        to_state=ProjectStatus.SUBMITTED,
    )
    recipients = [user for user in _managers_of([call.org]) if user.pk != actor.pk]
    if recipients:
        notify(
            recipients=recipients,
            title=_("收到课题申报：%(title)s") % {"title": locked.title},
            body=_("%(org)s提交了课题申报书。") % {"org": locked.org.name},
            url=application_url(locked),
            category=CATEGORY,
        )
    return locked


# --- the call's side: return, accept, review, decide ----------------------------------------------------------


def _tell_applicant(project: ResearchProject, title: str, body: str) -> None:
    recipients = _managers_of([project.org])
    if recipients:
        notify(recipients=recipients, title=title, body=body, url=application_url(project), category=CATEGORY)


def _locked_application(project: ResearchProject, actor: Actor) -> ResearchProject:
    locked = lock(ResearchProject, related=("call", "call__org", "org"), pk=project.pk)
    _require_call_side(actor, locked.call)
    return locked


@transaction.atomic
def application_return(*, project: ResearchProject, note: str, actor: Actor) -> ResearchProject:
    """退回修改 a handed-in application with a note, while the call still takes applications."""
    locked = _locked_application(project, actor)
    if locked.status != ProjectStatus.SUBMITTED:
        raise ValidationError(_("只有已申报、尚未进入评审的申报书可以退回"))
    if not _taking_applications(locked.call):
        raise ValidationError(_("申报已截止，退回后申报单位无法再提交；请受理进入评审或不予立项"))
    text = (note or "").strip()
    if not text:
        raise ValidationError({"note": _("请填写退回意见")})
    locked.status = ProjectStatus.RETURNED
    locked.save(update_fields=["status", "updated_at"])
    surveys_event(
        subject=locked,
        actor=actor,
        action=ProjectAction.RETURNED,
        from_state=ProjectStatus.SUBMITTED,
        to_state=ProjectStatus.RETURNED,
        note=text,
    )
    _audit(actor, _("退回课题申报：%(title)s") % {"title": locked.title}, locked, locked.call.org_id)
    _tell_applicant(
        locked,
        _("课题申报被退回修改：%(title)s") % {"title": locked.title},
        _("退回意见：%(note)s") % {"note": text},
    )
    return locked


def _entry_add(review_round: ReviewRound, project: ResearchProject, actor: Actor) -> None:
    reviews.entry_add(
        review_round=review_round,
        title=project.title,
        entrant_org=project.org,
        unit=project.org.name,
        owner=project,
        actor=actor,
    )


@transaction.atomic
def application_accept(*, project: ResearchProject, actor: Actor) -> ResearchProject:
    """受理 a handed-in application into review; when the call's review is being set up it joins the round."""
    locked = _locked_application(project, actor)
    if locked.status != ProjectStatus.SUBMITTED:
        raise ValidationError(_("只有已申报的申报书可以受理"))
    review_round = locked.call.review_round
    if review_round is not None and review_round.status != RoundStatus.DRAFT:
        raise ValidationError(_("评审已开始，不能再受理新的申报"))
    locked.status = ProjectStatus.REVIEWING
    locked.save(update_fields=["status", "updated_at"])
    if review_round is not None:
        _entry_add(review_round, locked, actor)
    surveys_event(
        subject=locked,
        actor=actor,
        action=ProjectAction.REVIEW_STARTED,
        from_state=ProjectStatus.SUBMITTED,
        to_state=ProjectStatus.REVIEWING,
    )
    return locked


@transaction.atomic
def call_review_start(
    *, call: ResearchCall, template: ScoreSheetTemplate, actor: Actor, blind_mode: str = BlindMode.OPEN
) -> ReviewRound:
    """组织评审: the reviews round of the call with `template`, one entry per accepted application; judges are
    added and score on the reviews pages."""
    _require_call_side(actor, call)
    locked = lock(ResearchCall, related=("org",), pk=call.pk)
    if locked.review_round_id is not None:
        raise ValidationError(_("评审已组织"))
    if locked.status == CallStatus.DRAFT:
        raise ValidationError(_("通知尚未发布"))
    applications = list(reviewing_applications(locked))
    if not applications:
        raise ValidationError(_("还没有受理进入评审的申报书"))
    review_round = reviews.round_create(
        org=locked.org,
        owner=locked,
        template=template,
        title=_("%(title)s·评审") % {"title": locked.title},
        blind_mode=BlindMode(blind_mode),
        actor=actor,
    )
    for project in applications:
        _entry_add(review_round, project, actor)
    locked.review_round = review_round
    locked.save(update_fields=["review_round", "updated_at"])
    surveys_event(
        subject=locked,
        actor=actor,
        action=ProjectAction.REVIEW_STARTED,
        note=_("%(count)s 份申报书进入评审") % {"count": len(applications)},
    )
    return review_round


@transaction.atomic
def project_approve(
    *, project: ResearchProject, approved_budget: Decimal, note: str, actor: Actor
) -> ResearchProject:
    """立项 an application in review once the call's review has ended: the number 2020-KT-03 (the call's union's
    series 课题 of the call's year), the approved budget (not above the cap), the decision note."""
    locked = _locked_application(project, actor)
    call = locked.call
    if locked.status != ProjectStatus.REVIEWING:
        raise ValidationError(_("只有评审中的申报书可以立项"))
    review_round = call.review_round
    if review_round is None or review_round.status != RoundStatus.CLOSED:
        raise ValidationError(_("请先完成评审（结束评审）后再立项"))
    if approved_budget is None or approved_budget <= 0:
        raise ValidationError({"approved_budget": _("请填写批准经费")})
    if call.budget_cap is not None and approved_budget > call.budget_cap:
        raise ValidationError({"approved_budget": _("批准经费不能超过单项经费上限")})
    sequence = number_next(issuer_id=call.org_id, series=SERIES, year=call.year)
    locked.number = f"{call.year}-KT-{sequence:02d}"
    locked.status = ProjectStatus.APPROVED
    locked.approved_at = timezone.now()
    locked.approved_budget = approved_budget
    locked.decision_note = (note or "").strip()
    locked.save(
        update_fields=["number", "status", "approved_at", "approved_budget", "decision_note", "updated_at"]
    )
    surveys_event(
        subject=locked,
        actor=actor,
        action=ProjectAction.APPROVED,
        from_state=ProjectStatus.REVIEWING,
        to_state=ProjectStatus.APPROVED,
        note=_("立项编号 %(number)s，批准经费 %(budget)s 元")
        % {"number": locked.number, "budget": f"{approved_budget:,.2f}"},
    )
    _audit(
        actor,
        _("课题立项：%(number)s %(title)s") % {"number": locked.number, "title": locked.title},
        locked,
        call.org_id,
    )
    _tell_applicant(
        locked,
        _("课题已立项：%(title)s") % {"title": locked.title},
        _("立项编号 %(number)s。") % {"number": locked.number},
    )
    _finish_if_done(lock(ResearchCall, pk=call.pk), actor)
    return locked


@transaction.atomic
def project_reject(*, project: ResearchProject, note: str, actor: Actor) -> ResearchProject:
    """不予立项 a handed-in application (in review or not yet accepted), with the reason."""
    locked = _locked_application(project, actor)
    if locked.status not in (ProjectStatus.SUBMITTED, ProjectStatus.REVIEWING):
        raise ValidationError(_("只有已申报或评审中的申报书可以不予立项"))
    text = (note or "").strip()
    if not text:
        raise ValidationError({"note": _("请填写不予立项的理由")})
    before = locked.status
    locked.status = ProjectStatus.REJECTED
    locked.decision_note = text
    locked.save(update_fields=["status", "decision_note", "updated_at"])
    surveys_event(
        subject=locked,
        actor=actor,
        action=ProjectAction.REJECTED,
        from_state=before,
        to_state=ProjectStatus.REJECTED,
        note=text,
    )
    _audit(actor, _("课题不予立项：%(title)s") % {"title": locked.title}, locked, locked.call.org_id)
    _tell_applicant(
        locked,
        _("课题未立项：%(title)s") % {"title": locked.title},
        _("意见：%(note)s") % {"note": text},
    )
    _finish_if_done(lock(ResearchCall, pk=locked.call_id), actor)
    return locked


def call_export_audit(*, call: ResearchCall, rows: int, actor: Actor, context: AuditContext | None) -> None:
    """The 申报汇总表 left the platform with the leaders' names: an audit row."""
    audit_log(
        action=AuditAction.EXPORT,
        actor=actor,
        context=context,
        subject=call,
        org_id=call.org_id,
        summary=_("导出课题申报汇总表「%(title)s」%(rows)s 项") % {"title": call.title, "rows": rows},
    )
