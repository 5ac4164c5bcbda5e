"""Writes of 法律服务: keyword-only, typed, actor explicit, one transaction with the timeline row (and the audit
row for registry edits); notifications are inbox rows in the same transaction, SMS after commit.

法律咨询: 待解答 → 已解答 → 已公开 (and back to 已解答 when withdrawn from the FAQ).
法律援助申请: 待审查 → 援助中 (with a lawyer) | 不予援助 (reason); 援助中 → 已结案 (outcome, amount recovered).
The review is due 10 working days after the application (working-day calendar)."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.actors import Actor
from gonghui.accounts.models import User
from gonghui.accounts.scoping import has_action
from gonghui.accounts.services import cadre_account_create
from gonghui.attachments.policies import attachment_check
from gonghui.attachments.services import attachment_save
from gonghui.calendars.workdays import workdays_between
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.locking import lock
from gonghui.core.models import AuditAction
from gonghui.core.numbering import case_number, number_next
from gonghui.core.workflow import Transition, Workflow
from gonghui.members.models import Member
from gonghui.notifications.services import notify
from gonghui.orgs.choices import OrgStatus
from gonghui.orgs.models import Org

from .choices import (
    AidAction,
    AidOutcome,
    AidStatus,
    Channel,
    ConsultationAction,
    ConsultationStatus,
    DisputeType,
    LawyerAction,
    LegalCategory,
)
from .events import case_submitted_event, lawyer_assigned_event, lawyer_event
from .models import Consultation, Lawyer, LegalAidApplication
from .permissions import (
    HANDLE,
    MANAGE_LAWYERS,
    can_answer_consultation,
    can_handle,
    can_manage_lawyer,
    can_record_outcome,
)
from .selectors import lawyer_usable_for, member_by_phone, member_target_orgs, review_due_date

# what the services read from a locked row, joined in the locking statement
_CASE_JOINS = ("org", "member__user", "assigned_lawyer__org", "assigned_lawyer__user")

CONSULTATION_SERIES = "ZX"
AID_SERIES = "FY"
PLATFORM_ISSUER = 0  # case numbers are unique across the platform
MAX_PROOF_FILES = 5
LAWYER_ROLE = "lawyer"
LAWYER_FIELDS = ("name", "firm", "licence_number", "phone", "specialties")


# --- workflows --------------------------------------------------------------------------------------------

# 指派律师 and 更换律师 keep the state (a pending consultation stays pending, a case in aid stays in aid): they are
# in the tables so that the detail page's button and the service follow one rule; their timeline rows (who was
# assigned) are written by `consultation_assign` / `aid_reassign`, which call `check`, not `apply`.

CONSULTATION_WORKFLOW = Workflow(
    state_field="status",
    state_enum=ConsultationStatus,
    transitions=(
        Transition(
            ConsultationAction.ASSIGN,
            frozenset({ConsultationStatus.PENDING}),
            ConsultationStatus.PENDING,
            allowed=can_handle,
        ),
        Transition(
            ConsultationAction.ANSWER,
            frozenset({ConsultationStatus.PENDING}),
            ConsultationStatus.ANSWERED,
            allowed=can_answer_consultation,
        ),
        Transition(
            ConsultationAction.PUBLISH,
            frozenset({ConsultationStatus.ANSWERED}),
            ConsultationStatus.PUBLISHED,
            allowed=can_handle,
        ),
        Transition(
            ConsultationAction.UNPUBLISH,
            frozenset({ConsultationStatus.PUBLISHED}),
            ConsultationStatus.ANSWERED,
            allowed=can_handle,
            note_required=True,
        ),
    ),
)

AID_WORKFLOW = Workflow(
    state_field="status",
    state_enum=AidStatus,
    transitions=(
        Transition(
            AidAction.APPROVE, frozenset({AidStatus.SUBMITTED}), AidStatus.APPROVED, allowed=can_handle
        ),
        Transition(
            AidAction.REJECT,
            frozenset({AidStatus.SUBMITTED}),
            AidStatus.REJECTED,
            allowed=can_handle,
            note_required=True,
        ),
        Transition(
            AidAction.REASSIGN, frozenset({AidStatus.APPROVED}), AidStatus.APPROVED, allowed=can_handle
        ),
        Transition(
            AidAction.CLOSE, frozenset({AidStatus.APPROVED}), AidStatus.CLOSED, allowed=can_record_outcome
        ),
    ),
)


# --- shared checks ----------------------------------------------------------------------------------------


def _text(value: str, *, field: str, label: str, max_length: int, required: bool = True) -> str:
    text = value.strip()
    if required and not text:
        raise ValidationError({field: _("请填写%(label)s") % {"label": label}})
    if len(text) > max_length:
        raise ValidationError({field: _("%(label)s不能超过%(n)d字") % {"label": label, "n": max_length}})
    return text


def _member_target_check(member: Member, org: Org) -> None:
    if not member_target_orgs(member).filter(pk=org.pk).exists():
        raise ValidationError({"org": _("只能向本人所在工会或其上级工会提出")})


def _handler_org_check(actor: Actor, org: Org) -> None:
    if org.status != OrgStatus.ACTIVE:
        raise ValidationError({"org": _("该工会已停用")})
    if not has_action(actor, HANDLE, org):
        raise PermissionDenied(_("您不能为该工会登记"))


def _lawyer_check(lawyer: Lawyer | None, org: Org) -> Lawyer:
    if lawyer is None:
        raise ValidationError({"lawyer": _("请选择承办律师")})
    if not lawyer_usable_for(lawyer, org):
        raise ValidationError({"lawyer": _("该律师不在本工会可用的律师库中或已停用")})
    if lawyer.user_id is None:
        raise ValidationError({"lawyer": _("该律师尚未开通登录账号，无法查看指派的案件")})
    return lawyer


def _notify_member(member: Member | None, *, title: str, body: str, url: str) -> None:
    if member is not None and member.user is not None:
        notify(recipients=[member.user], title=title, body=body, url=url, category="legal", sms=True)


def _notify_lawyer(lawyer: Lawyer, *, title: str, body: str, url: str) -> None:
    if lawyer.user is not None:
        notify(recipients=[lawyer.user], title=title, body=body, url=url, category="legal", sms=True)


# --- 法律咨询 ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    category: str
    title: str
    question: str
    publish_consent: bool = False


def _question_fields(question: Question) -> dict[str, Any]:
    if question.category not in LegalCategory.values:
        raise ValidationError({"category": _("请选择咨询类别")})
    return {
        "category": question.category,
        "title": _text(question.title, field="title", label=_("标题"), max_length=100),
        "question": _text(question.question, field="question", label=_("问题"), max_length=2000),
        "publish_consent": bool(question.publish_consent),
    }


def _consultation_create(*, org: Org, actor: Actor, note: str, **fields: Any) -> Consultation:
    year = timezone.localdate().year
    number = case_number(
        CONSULTATION_SERIES,
        year,
        number_next(issuer_id=PLATFORM_ISSUER, series=CONSULTATION_SERIES, year=year),
    )
    consultation = Consultation.objects.create(org=org, number=number, created_by=actor, **fields)
    case_submitted_event(
        case=consultation,
        actor=actor,
        action=ConsultationAction.SUBMIT,
        to_state=ConsultationStatus.PENDING,
        note=note,
    )
    return consultation


def _receipt(actor: Actor, *, title: str, body: str, url: str) -> None:
    """The receipt of a member's own submission in 消息 (inbox only)."""
    notify(recipients=[actor], title=title, body=body, url=url, category="legal")


@transaction.atomic
def consultation_submit(*, member: Member, org: Org, question: Question, actor: Actor) -> Consultation:
    """A member asks from the portal; addressed to their own union unless they chose one above it."""
    _member_target_check(member, org)
    fields = _question_fields(question)
    consultation = _consultation_create(
        org=org,
        actor=actor,
        note=_("会员端提交，受理工会：%(org)s") % {"org": org.name},
        member=member,
        asker_name=member.name,
        asker_phone=member.phone or "",
        channel=Channel.PORTAL,
        **fields,
    )
    _receipt(
        actor,
        title=_("已收到您的法律咨询"),
        body=_("编号%(n)s「%(t)s」，由%(org)s解答，解答后会通过消息告诉您，进度可在“我的办理”中查看。")
        % {"n": consultation.number, "t": consultation.title, "org": org.name},
        url=reverse("legal:my_consultation", args=[consultation.public_id]),
    )
    return consultation


@transaction.atomic
def consultation_record(
    *,
    org: Org,
    asker_name: str,
    asker_phone: str,
    channel: str,
    question: Question,
    actor: Actor,
    member: Member | None = None,
) -> Consultation:
    """A cadre records a question received by phone, visit or letter."""
    _handler_org_check(actor, org)
    if channel not in Channel.values or channel == Channel.PORTAL:
        raise ValidationError({"channel": _("请选择咨询渠道")})
    fields = _question_fields(question)
    return _consultation_create(
        org=org,
        actor=actor,
        note=_("%(channel)s咨询，由工作人员登记") % {"channel": Channel(channel).label},
        member=member or member_by_phone(org, asker_phone),
        asker_name=_text(asker_name, field="asker_name", label=_("咨询人"), max_length=50),
        asker_phone=_text(
            asker_phone, field="asker_phone", label=_("联系电话"), max_length=20, required=False
        ),
        channel=channel,
        **fields,
    )


@transaction.atomic
def consultation_assign(*, consultation: Consultation, lawyer: Lawyer | None, actor: Actor) -> Consultation:
    """Assign (or reassign) an outside lawyer to answer; the lawyer is told in their inbox."""
    locked = lock(Consultation, pk=consultation.pk, related=_CASE_JOINS)
    CONSULTATION_WORKFLOW.check(locked, action=ConsultationAction.ASSIGN, actor=actor)
    chosen = _lawyer_check(lawyer, locked.org)
    locked.assigned_lawyer = chosen
    locked.save(update_fields=["assigned_lawyer", "updated_at"])
    lawyer_assigned_event(
        case=locked, actor=actor, action=ConsultationAction.ASSIGN, note=_("指派律师：%(l)s") % {"l": chosen}
    )
    _notify_lawyer(
        chosen,
        title=_("新的法律咨询待解答"),
        body=_("%(org)s指派您解答法律咨询 %(n)s") % {"org": locked.org.name, "n": locked.number},
        url=reverse("legal:assigned_consultation", args=[locked.public_id]),
    )
    return locked


@transaction.atomic
def consultation_answer(*, consultation: Consultation, answer: str, actor: Actor) -> Consultation:
    locked = lock(Consultation, pk=consultation.pk, related=_CASE_JOINS)
    locked.answer = _text(answer, field="answer", label=_("解答"), max_length=4000)
    locked.answered_by = actor
    locked.answered_at = timezone.now()
    CONSULTATION_WORKFLOW.apply(
        locked,
        action=ConsultationAction.ANSWER,
        actor=actor,
        update_fields=["answer", "answered_by", "answered_at"],
    )
    _notify_member(
        locked.member,
        title=_("您的法律咨询已解答"),
        body=_("咨询 %(n)s“%(t)s”已有解答") % {"n": locked.number, "t": locked.title},
        url=reverse("legal:my_consultation", args=[locked.public_id]),
    )
    return locked


def anonymity_problems(consultation: Consultation, *texts: str) -> list[str]:
    """Names that must not appear in the published text: the asker, their unit and the union."""
    words = {consultation.asker_name, consultation.org.name, consultation.org.unit_name}
    if consultation.member is not None:
        words.add(consultation.member.name)
    if consultation.asker_phone:
        words.add(consultation.asker_phone)
    return sorted(w for w in words if w and any(w in text for text in texts))


@transaction.atomic
def consultation_publish(
    *, consultation: Consultation, title: str, question: str, actor: Actor, answer: str | None = None
) -> Consultation:
    """Publish an anonymised copy (title, question and answer edited by the handler; the answer defaults to
    the one given) to the FAQ; only with the asker's consent, and never with the asker's name, phone, unit or
    union in it."""
    locked = lock(Consultation, pk=consultation.pk, related=_CASE_JOINS)
    if not locked.publish_consent:
        raise ValidationError(_("咨询人未同意匿名公开，不能公开"))
    published_title = _text(title, field="published_title", label=_("公开标题"), max_length=100)
    published_question = _text(question, field="published_question", label=_("公开的问题"), max_length=2000)
    published_answer = _text(
        locked.answer if answer is None else answer,
        field="published_answer",
        label=_("公开的解答"),
        max_length=4000,
    )
    errors: dict[str, str] = {}
    for field, text in (
        ("published_title", published_title),
        ("published_question", published_question),
        ("published_answer", published_answer),
    ):
        found = anonymity_problems(locked, text)
        if found:
            errors[field] = _("含有可识别身份的信息：%(w)s，请删改后再公开") % {"w": "、".join(found)}
    if errors:
        raise ValidationError(errors)
    locked.published_title = published_title
    locked.published_question = published_question
    locked.published_answer = published_answer
    locked.published_at = timezone.now()
    CONSULTATION_WORKFLOW.apply(
        locked,
        action=ConsultationAction.PUBLISH,
        actor=actor,
        update_fields=["published_title", "published_question", "published_answer", "published_at"],
    )
    return locked


@transaction.atomic
def consultation_unpublish(*, consultation: Consultation, reason: str, actor: Actor) -> Consultation:
    locked = lock(Consultation, pk=consultation.pk, related=_CASE_JOINS)
    CONSULTATION_WORKFLOW.apply(locked, action=ConsultationAction.UNPUBLISH, actor=actor, note=reason.strip())
    return locked


# --- 法律援助申请 -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AidRequest:
    dispute_type: str
    amount_involved: Decimal | None
    opposing_party: str
    facts: str
    evidence_list: str = ""


def _aid_fields(request: AidRequest) -> dict[str, Any]:
    if request.dispute_type not in DisputeType.values:
        raise ValidationError({"dispute_type": _("请选择争议类型")})
    if request.amount_involved is not None and request.amount_involved < 0:
        raise ValidationError({"amount_involved": _("涉及金额不能为负数")})
    return {
        "dispute_type": request.dispute_type,
        "amount_involved": request.amount_involved,
        "opposing_party": _text(
            request.opposing_party, field="opposing_party", label=_("对方当事人"), max_length=100
        ),
        "facts": _text(request.facts, field="facts", label=_("事实与理由"), max_length=4000),
        "evidence_list": _text(
            request.evidence_list, field="evidence_list", label=_("证据清单"), max_length=2000, required=False
        ),
    }


def _proofs_check(files: Sequence[UploadedFile[bytes]]) -> None:
    """Every income proof is checked before anything is written; the error names the file."""
    if len(files) > MAX_PROOF_FILES:
        raise ValidationError({"income_proofs": _("收入证明最多上传%(n)d个文件") % {"n": MAX_PROOF_FILES}})
    for index, upload in enumerate(files, start=1):
        try:
            attachment_check(upload)
        except ValidationError as exc:
            raise ValidationError(
                {
                    "income_proofs": _("第%(i)d个文件“%(name)s”：%(error)s")
                    % {"i": index, "name": upload.name, "error": "；".join(exc.messages)}
                }
            ) from None


def _aid_create(
    *, org: Org, actor: Actor, files: Sequence[UploadedFile[bytes]], note: str, **fields: Any
) -> LegalAidApplication:
    _proofs_check(files)
    today = timezone.localdate()
    number = case_number(
        AID_SERIES, today.year, number_next(issuer_id=PLATFORM_ISSUER, series=AID_SERIES, year=today.year)
    )
    application = LegalAidApplication.objects.create(
        org=org,
        number=number,
        submitted_on=today,
        review_due_on=review_due_date(today),
        created_by=actor,
        **fields,
    )
    for upload in files:
        attachment_save(owner=application, org=org, upload=upload, actor=actor)
    case_submitted_event(
        case=application, actor=actor, action=AidAction.SUBMIT, to_state=AidStatus.SUBMITTED, note=note
    )
    return application


@transaction.atomic
def aid_submit(
    *, member: Member, org: Org, request: AidRequest, files: Sequence[UploadedFile[bytes]], actor: Actor
) -> LegalAidApplication:
    """A member applies from the portal with their income proofs."""
    _member_target_check(member, org)
    fields = _aid_fields(request)
    application = _aid_create(
        org=org,
        actor=actor,
        files=files,
        note=_("会员端提交，受理工会：%(org)s") % {"org": org.name},
        member=member,
        applicant_name=member.name,
        applicant_phone=member.phone or "",
        channel=Channel.PORTAL,
        **fields,
    )
    due = application.review_due_on
    _receipt(
        actor,
        title=_("已收到您的法律援助申请"),
        body=_("编号%(n)s，%(org)s将在%(y)d年%(m)d月%(d)d日前完成审查，进度可在“我的办理”中查看。")
        % {"n": application.number, "org": org.name, "y": due.year, "m": due.month, "d": due.day},
        url=reverse("legal:my_application", args=[application.public_id]),
    )
    return application


@transaction.atomic
def aid_record(
    *,
    org: Org,
    applicant_name: str,
    applicant_phone: str,
    channel: str,
    request: AidRequest,
    files: Sequence[UploadedFile[bytes]],
    actor: Actor,
    member: Member | None = None,
) -> LegalAidApplication:
    """A cadre records an application received at the union (visit, letter, phone)."""
    _handler_org_check(actor, org)
    if channel not in Channel.values or channel == Channel.PORTAL:
        raise ValidationError({"channel": _("请选择申请渠道")})
    fields = _aid_fields(request)
    return _aid_create(
        org=org,
        actor=actor,
        files=files,
        note=_("%(channel)s申请，由工作人员登记") % {"channel": Channel(channel).label},
        member=member or member_by_phone(org, applicant_phone),
        applicant_name=_text(applicant_name, field="applicant_name", label=_("申请人"), max_length=50),
        applicant_phone=_text(applicant_phone, field="applicant_phone", label=_("联系电话"), max_length=20),
        channel=channel,
        **fields,
    )


def _reviewed(application: LegalAidApplication, actor: Actor) -> list[str]:
    application.reviewed_by = actor
    application.reviewed_at = timezone.now()
    application.review_workdays = workdays_between(application.submitted_on, timezone.localdate())
    return ["reviewed_by", "reviewed_at", "review_workdays"]


@transaction.atomic
def aid_approve(
    *, application: LegalAidApplication, lawyer: Lawyer | None, actor: Actor, note: str = ""
) -> LegalAidApplication:
    locked = lock(LegalAidApplication, pk=application.pk, related=_CASE_JOINS)
    AID_WORKFLOW.check(locked, action=AidAction.APPROVE, actor=actor)
    chosen = _lawyer_check(lawyer, locked.org)
    locked.assigned_lawyer = chosen
    fields = ["assigned_lawyer", *_reviewed(locked, actor)]
    text = _("承办律师：%(l)s") % {"l": chosen}
    AID_WORKFLOW.apply(
        locked,
        action=AidAction.APPROVE,
        actor=actor,
        note="；".join(p for p in (text, note.strip()) if p),
        update_fields=fields,
    )
    url_member = reverse("legal:my_application", args=[locked.public_id])
    _notify_member(
        locked.member,
        title=_("法律援助申请已批准"),
        body=_("申请 %(n)s 已批准，承办律师%(name)s，电话%(p)s")
        % {"n": locked.number, "name": chosen.name, "p": chosen.phone},
        url=url_member,
    )
    _notify_lawyer(
        chosen,
        title=_("新的法律援助案件"),
        body=_("%(org)s指派您承办法律援助案件 %(n)s") % {"org": locked.org.name, "n": locked.number},
        url=reverse("legal:assigned_application", args=[locked.public_id]),
    )
    return locked


@transaction.atomic
def aid_reject(*, application: LegalAidApplication, reason: str, actor: Actor) -> LegalAidApplication:
    locked = lock(LegalAidApplication, pk=application.pk, related=_CASE_JOINS)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("请填写不予援助的理由")})
    if len(reason) > 500:
        raise ValidationError({"reason": _("不予援助的理由不能超过500字")})
    locked.reject_reason = reason
    fields = ["reject_reason", *_reviewed(locked, actor)]
    AID_WORKFLOW.apply(locked, action=AidAction.REJECT, actor=actor, note=reason, update_fields=fields)
    _notify_member(
        locked.member,
        title=_("法律援助申请未获批准"),
        body=_("申请 %(n)s 不予援助，理由：%(r)s") % {"n": locked.number, "r": reason},
        url=reverse("legal:my_application", args=[locked.public_id]),
    )
    return locked


@transaction.atomic
def aid_reassign(
    *, application: LegalAidApplication, lawyer: Lawyer | None, actor: Actor, note: str = ""
) -> LegalAidApplication:
    locked = lock(LegalAidApplication, pk=application.pk, related=_CASE_JOINS)
    AID_WORKFLOW.check(locked, action=AidAction.REASSIGN, actor=actor)
    chosen = _lawyer_check(lawyer, locked.org)
    if chosen.pk == locked.assigned_lawyer_id:
        raise ValidationError({"lawyer": _("请选择另一位律师")})
    previous = locked.assigned_lawyer
    locked.assigned_lawyer = chosen
    locked.save(update_fields=["assigned_lawyer", "updated_at"])
    text = _("%(old)s → %(new)s") % {"old": previous, "new": chosen}
    lawyer_assigned_event(
        case=locked,
        actor=actor,
        action=AidAction.REASSIGN,
        note="；".join(p for p in (text, note.strip()) if p),
    )
    _notify_lawyer(
        chosen,
        title=_("新的法律援助案件"),
        body=_("%(org)s指派您承办法律援助案件 %(n)s") % {"org": locked.org.name, "n": locked.number},
        url=reverse("legal:assigned_application", args=[locked.public_id]),
    )
    return locked


@transaction.atomic
def aid_close(
    *,
    application: LegalAidApplication,
    outcome: str,
    amount_recovered: Decimal | None,
    note: str,
    actor: Actor,
    closed_on: dt.date | None = None,
) -> LegalAidApplication:
    """Record how the case ended (调解成功, 仲裁, 诉讼, 撤回, 其他) and the amount recovered."""
    locked = lock(LegalAidApplication, pk=application.pk, related=_CASE_JOINS)
    if outcome not in AidOutcome.values:
        raise ValidationError({"outcome": _("请选择办理结果")})
    if amount_recovered is not None and amount_recovered < 0:
        raise ValidationError({"amount_recovered": _("挽回金额不能为负数")})
    day = closed_on or timezone.localdate()
    if day < locked.submitted_on or day > timezone.localdate():
        raise ValidationError({"closed_on": _("结案日期应在申请日期和今天之间")})
    locked.outcome = outcome
    locked.amount_recovered = amount_recovered
    locked.outcome_note = _text(note, field="note", label=_("结果说明"), max_length=500, required=False)
    locked.closed_on = day
    summary = str(AidOutcome(outcome).label)
    if amount_recovered is not None:
        summary += _("，挽回金额 %(a)s 元") % {"a": amount_recovered}
    AID_WORKFLOW.apply(
        locked,
        action=AidAction.CLOSE,
        actor=actor,
        note="；".join(p for p in (summary, locked.outcome_note) if p),
        update_fields=["outcome", "amount_recovered", "outcome_note", "closed_on"],
    )
    _notify_member(
        locked.member,
        title=_("法律援助案件已结案"),
        body=_("案件 %(n)s 办理结果：%(s)s") % {"n": locked.number, "s": summary},
        url=reverse("legal:my_application", args=[locked.public_id]),
    )
    return locked


# --- 律师库 -----------------------------------------------------------------------------------------------


def _lawyer_fields(data: dict[str, Any], *, exclude_pk: int | None = None) -> dict[str, Any]:
    fields = {
        "name": _text(str(data.get("name", "")), field="name", label=_("姓名"), max_length=50),
        "firm": _text(str(data.get("firm", "")), field="firm", label=_("执业机构"), max_length=100),
        "licence_number": _text(
            str(data.get("licence_number", "")), field="licence_number", label=_("执业证号"), max_length=17
        ),
        "phone": _text(str(data.get("phone", "")), field="phone", label=_("联系电话"), max_length=20),
        "specialties": _text(
            str(data.get("specialties", "")),
            field="specialties",
            label=_("擅长领域"),
            max_length=200,
            required=False,
        ),
    }
    if not fields["licence_number"].isdigit() or len(fields["licence_number"]) != 17:
        raise ValidationError({"licence_number": _("执业证号应为17位数字")})
    taken = Lawyer.objects.filter(licence_number=fields["licence_number"])
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError({"licence_number": _("该执业证号已在律师库中登记")})
    return fields


@transaction.atomic
def lawyer_create(
    *, org: Org, data: dict[str, Any], actor: User, context: AuditContext, username: str = ""
) -> tuple[Lawyer, str]:
    """Register a lawyer in a union's 律师库. With `username`, also open their login (role 律师 on the union,
    a temporary password to change at first login; needs account management rights). Returns the lawyer and
    the temporary password ("" without an account)."""
    if not has_action(actor, MANAGE_LAWYERS, org):
        raise PermissionDenied(_("您不能管理该工会的律师库"))
    fields = _lawyer_fields(data)
    user, temporary = None, ""
    if username.strip():
        if not has_action(actor, "accounts.manage", org):
            raise ValidationError({"username": _("开通登录账号需要账号管理权限，请联系工会管理员")})
        user, temporary = cadre_account_create(
            username=username.strip(), name=fields["name"], phone=None, role=LAWYER_ROLE, org=org, actor=actor
        )
    lawyer = Lawyer.objects.create(org=org, user=user, **fields)
    lawyer_event(lawyer=lawyer, actor=actor, action=LawyerAction.CREATE, note=str(lawyer))
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        context=context,
        subject=lawyer,
        org_id=org.pk,
        summary=f"律师库登记 {lawyer.name}（{lawyer.firm}）@ {org.name}",
    )
    return lawyer, temporary


@transaction.atomic
def lawyer_update(*, lawyer: Lawyer, data: dict[str, Any], actor: User, context: AuditContext) -> Lawyer:
    locked = lock(Lawyer, pk=lawyer.pk, related=("org",))
    if not can_manage_lawyer(actor, locked):
        raise PermissionDenied(_("您不能管理该工会的律师库"))
    fields = _lawyer_fields(data, exclude_pk=locked.pk)
    changed = [name for name, value in fields.items() if getattr(locked, name) != value]
    if not changed:
        return locked
    for name in changed:
        setattr(locked, name, fields[name])
    locked.save(update_fields=[*changed, "updated_at"])
    labels = "、".join(str(getattr(Lawyer._meta.get_field(name), "verbose_name", name)) for name in changed)
    lawyer_event(
        lawyer=locked, actor=actor, action=LawyerAction.EDIT, note=_("修改了：%(f)s") % {"f": labels}
    )
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        context=context,
        subject=locked,
        org_id=locked.org_id,
        summary=f"修改律师 {locked.name} 的 {labels}",
    )
    return locked


@transaction.atomic
def lawyer_set_active(
    *, lawyer: Lawyer, active: bool, actor: User, context: AuditContext, reason: str = ""
) -> Lawyer:
    """Deactivate (never delete: cases keep their lawyer) or reactivate a lawyer. A deactivated lawyer gets no
    new cases but still sees the ones already assigned."""
    locked = lock(Lawyer, pk=lawyer.pk, related=("org",))
    if not can_manage_lawyer(actor, locked):
        raise PermissionDenied(_("您不能管理该工会的律师库"))
    if locked.active == active:
        raise ValidationError(_("该律师已是“%(s)s”状态") % {"s": _("在库") if active else _("已停用")})
    if not active and not reason.strip():
        raise ValidationError({"reason": _("请填写停用原因")})
    locked.active = active
    locked.save(update_fields=["active", "updated_at"])
    action = LawyerAction.REACTIVATE if active else LawyerAction.DEACTIVATE
    lawyer_event(lawyer=locked, actor=actor, action=action, note=reason.strip())
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        context=context,
        subject=locked,
        org_id=locked.org_id,
        summary=f"{action.label}律师 {locked.name}",
    )
    return locked
