"""Writes of 困难职工帮扶 — part `intake`: the application (by the member on the portal, by the union, or from a
诉求), its facts, the resubmission after a return and the signed consent (授权委托书).

一户一档: an application for anyone already in a household (the applicant, or a spouse listed by ID number) opens
**that household's** file — returned unchanged while open or filed, reopened for a new cycle after 脱困, 注销 or
不予建档 — never a second one. Everything of one application is written in one transaction."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.choices import IdType
from gonghui.accounts.identity import identifier_hash, validate_identifier
from gonghui.accounts.models import RoleGrant
from gonghui.accounts.scoping import has_action
from gonghui.appeals.models import VIEW as APPEALS_VIEW
from gonghui.appeals.models import Appeal
from gonghui.attachments.models import Attachment
from gonghui.attachments.policies import MB, UploadPolicy, attachment_check
from gonghui.attachments.services import attachment_save
from gonghui.core.locking import lock
from gonghui.core.numbering import number_next
from gonghui.members.choices import HOLDING_STATUSES
from gonghui.members.models import Member
from gonghui.notifications.services import notify

from ..choices import (
    ENDED_STATUSES,
    Channel,
    FileAction,
    FileStatus,
    HardshipCause,
    Housing,
    MedicalInsurance,
    ModelWorkerType,
    Relation,
)
from ..events import file_event
from ..models import HardshipFile, HouseholdMember
from ..permissions import MANAGE, OFFICER_ROLE, can_handle_file
from ..selectors.households import household_of_member
from ..selectors.intake import appeal_revealed_by
from .households import PersonInput, household_create, person_add, person_update

# 授权委托书: a scan or a photo of the signed page.
CONSENT_POLICY = UploadPolicy(max_bytes=10 * MB, extensions=frozenset({"pdf", "jpg", "jpeg", "png"}))
NUMBER_SERIES = "welfare"
EDITABLE_STATUSES = (FileStatus.APPLIED, FileStatus.RETURNED)
FACT_FIELDS = (
    "cause_main",
    "causes_secondary",
    "housing",
    "medical_insurance",
    "zero_employment",
    "single_parent",
    "model_worker_type",
)


@dataclass(frozen=True)
class ApplicationFacts:
    """The facts of the national 困难职工 record an application gives (the bank account for aid is the ledger's
    payee account, not a field here)."""

    cause_main: str
    housing: str
    medical_insurance: str
    causes_secondary: Sequence[str] = field(default_factory=tuple)
    zero_employment: bool = False
    single_parent: bool = False
    model_worker_type: str = ModelWorkerType.NONE
    address: str = ""


def _check_facts(facts: ApplicationFacts, *, complete: bool = True) -> None:
    """`complete=False` (an application opened from a 诉求, to be completed on the edit page) lets the main cause,
    the housing and the insurance stay blank."""
    errors: dict[str, str] = {}
    blank_ok = ("",) if not complete else ()
    if facts.cause_main not in (*HardshipCause.values, *blank_ok):
        errors["cause_main"] = _("请选择主要致困原因")
    if any(c not in HardshipCause.values for c in facts.causes_secondary):
        errors["causes_secondary"] = _("次要致困原因不在可选范围内")
    if facts.housing not in (*Housing.values, *blank_ok):
        errors["housing"] = _("请选择住房情况")
    if facts.medical_insurance not in (*MedicalInsurance.values, *blank_ok):
        errors["medical_insurance"] = _("请选择医疗保险情况")
    if facts.model_worker_type not in ModelWorkerType.values:
        errors["model_worker_type"] = _("劳模类型不在可选范围内")
    if len(facts.address) > 200:
        errors["address"] = _("家庭住址不超过200字")
    if errors:
        raise ValidationError(errors)


def _fact_values(facts: ApplicationFacts) -> dict[str, Any]:
    secondary = [c for c in dict.fromkeys(facts.causes_secondary) if c != facts.cause_main]
    return {
        "cause_main": facts.cause_main,
        "causes_secondary": secondary,
        "housing": facts.housing,
        "medical_insurance": facts.medical_insurance,
        "zero_employment": facts.zero_employment,
        "single_parent": facts.single_parent,
        "model_worker_type": facts.model_worker_type,
    }


def _check_actor(*, applicant: Member, actor: Any, channel: str) -> None:
    if channel == Channel.PORTAL:
        if applicant.user_id is None or applicant.user_id != getattr(actor, "pk", None):
            raise PermissionDenied(_("会员只能为本人申请困难职工帮扶"))
    elif channel in (Channel.UNION, Channel.APPEAL):
        if not has_action(actor, MANAGE, applicant.org):
            raise PermissionDenied(_("只有该会员所在工会的帮扶干事可以代为录入申请"))
    else:
        raise ValidationError({"channel": _("申请渠道不正确")})
    if applicant.status not in HOLDING_STATUSES:
        raise ValidationError(
            {"applicant": _("%(name)s 不是在籍会员，不能申请困难职工帮扶") % {"name": applicant.name}}
        )


def _check_people(people: Sequence[PersonInput]) -> None:
    """Shape and the one-household rule of the listed people, with the row of the family table in each error
    (row 1 is the first person after 本人). A person already in another household is refused: that household's
    file is the one to open."""
    others = [p for p in people if p.relation != Relation.SELF]
    if sum(1 for p in people if p.relation == Relation.SELF) > 1:
        raise ValidationError({"people": _("家庭成员中只能有一位“本人”")})
    seen: set[str] = set()
    for row, person in enumerate(others, start=1):
        if not person.name.strip():
            raise ValidationError({"people": _("家庭成员第%(row)d行：请填写姓名") % {"row": row}})
        if not person.id_number:
            continue
        try:
            number = validate_identifier(IdType.RESIDENT, person.id_number)
        except ValidationError as exc:
            raise ValidationError(
                {"people": _("家庭成员第%(row)d行：%(error)s") % {"row": row, "error": exc.messages[0]}}
            ) from None
        digest = identifier_hash(IdType.RESIDENT, number)
        if digest in seen:
            raise ValidationError(
                {"people": _("家庭成员第%(row)d行：证件号码与前面的成员重复") % {"row": row}}
            )
        seen.add(digest)
        if HouseholdMember.objects.filter(id_number_hash=digest).exists():
            raise ValidationError(
                {
                    "people": _(
                        "家庭成员第%(row)d行：%(name)s 已登记在另一户困难职工家庭中，请由该家庭的档案办理"
                    )
                    % {"row": row, "name": person.name}
                }
            )


def _check_upload(upload: UploadedFile[bytes] | None) -> None:
    if upload is None:
        return
    try:
        attachment_check(upload, CONSENT_POLICY)
    except ValidationError as exc:
        raise ValidationError({"consent_upload": exc.messages}) from None


def _save_consent(*, file: HardshipFile, actor: Any, upload: UploadedFile[bytes]) -> Attachment:
    try:
        return attachment_save(owner=file, org=file.org, upload=upload, actor=actor, policy=CONSENT_POLICY)
    except ValidationError as exc:
        raise ValidationError({"consent_upload": exc.messages}) from None


def _file_number(file_org: Any, year: int) -> str:
    """帮扶<year><0001>, counted per root union (the city) and year: unique across the tree."""
    root_id = (
        type(file_org).objects.filter(path=file_org.path[: file_org.steplen]).values_list("pk", flat=True)[0]
    )
    return f"帮扶{year}{number_next(issuer_id=root_id, series=NUMBER_SERIES, year=year):04d}"


def receipt_url(file: HardshipFile) -> str:
    return reverse("welfare_portal:receipt", args=[file.public_id])


def _officers(file: HardshipFile) -> list[Any]:
    """The 帮扶干事 of the file's union and the unions above it (they handle and review it)."""
    org = file.org
    grants = RoleGrant.objects.filter(
        role=OFFICER_ROLE, org__path__in=org.ancestor_paths(), user__is_active=True
    )
    return list({g.user.pk: g.user for g in grants.select_related("user")}.values())


def _tell(*, file: HardshipFile, actor: Any, title: str, officers_title: str) -> None:
    member_user = file.applicant.user
    if member_user is not None:
        notify(
            recipients=[member_user],
            title=title,
            body=_("档案编号 %(number)s，可在“我的办理”查看进度") % {"number": file.number},
            url=receipt_url(file),
            category="welfare",
        )
    officers = [u for u in _officers(file) if u.pk != getattr(actor, "pk", None)]
    if officers:
        notify(
            recipients=officers,
            title=officers_title,
            body=_("档案编号 %(number)s，%(org)s") % {"number": file.number, "org": file.org.name},
            url=file.get_absolute_url(),
            category="welfare",
        )


def _reopen(
    *,
    file: HardshipFile,
    actor: Any,
    facts: ApplicationFacts,
    channel: str,
    appeal: Appeal | None,
    complete: bool,
) -> HardshipFile:
    """A new cycle of an ended (脱困 / 注销 / 不予建档) file: the class, the decisions and the end are cleared; the
    facts are the new application's (an incomplete one, from a 诉求, keeps the last cycle's)."""
    if file.purged_at is not None:
        raise ValidationError(
            {"applicant": _("该家庭的档案已注销并清除明细，请联系所在工会的帮扶干事重新建档")}
        )
    from_state = file.status
    if complete:
        for name, value in _fact_values(facts).items():
            setattr(file, name, value)
    file.cycle += 1
    file.status = FileStatus.APPLIED
    file.channel = channel
    file.appeal = appeal or file.appeal
    file.submitted_at = timezone.now()
    file.suggested_class = file.decided_class = file.class_note = ""
    file.class_decided_by = None
    file.class_decided_at = file.filed_at = file.ended_at = None
    file.next_review_due = file.purge_after = None
    file.close_reason = file.end_note = ""
    file.save()
    if facts.address:
        file.household.address = facts.address
        file.household.save(update_fields=["address", "updated_at"])
    file_event(
        file=file,
        actor=actor,
        action=FileAction.REOPEN,
        from_state=from_state,
        note=_("第%(cycle)d轮申请") % {"cycle": file.cycle},
    )
    return file


def _add_people(*, household: Any, actor: Any, people: Iterable[PersonInput], skip_names: set[str]) -> None:
    """本人's own facts onto the 本人 row, then each other person; an error names the row of the family table."""
    row = 0
    for person in people:
        try:
            if person.relation == Relation.SELF:
                own = household.people.get(relation=Relation.SELF)
                person_update(person=own, actor=actor, data=person)
                continue
            row += 1
            if person.name.strip() not in skip_names:
                person_add(household=household, actor=actor, data=person)
        except ValidationError as exc:
            where = (
                _("本人情况") if person.relation == Relation.SELF else _("家庭成员第%(row)d行") % {"row": row}
            )
            raise ValidationError({"people": [f"{where}：{m}" for m in exc.messages]}) from None


def file_apply(
    *,
    applicant: Member,
    actor: Any,
    facts: ApplicationFacts,
    channel: str,
    people: Sequence[PersonInput] = (),
    consent_upload: UploadedFile[bytes] | None = None,
    appeal: Appeal | None = None,
) -> HardshipFile:
    """申请: the member (`channel=PORTAL`, for their own record only) or a 帮扶干事 with `welfare.manage` on the
    member's union (`UNION`, `APPEAL`). A person of `people` with relation 本人 gives the applicant's own health,
    income and consent (the 本人 row itself is made from the member record). Returns the household's file: an
    open or filed one unchanged, an ended one reopened, else a new numbered one."""
    return _file_apply(
        applicant=applicant,
        actor=actor,
        facts=facts,
        channel=channel,
        people=people,
        consent_upload=consent_upload,
        appeal=appeal,
        complete=True,
    )


def _file_apply(
    *,
    applicant: Member,
    actor: Any,
    facts: ApplicationFacts,
    channel: str,
    people: Sequence[PersonInput],
    consent_upload: UploadedFile[bytes] | None,
    appeal: Appeal | None,
    complete: bool,
) -> HardshipFile:
    _check_actor(applicant=applicant, actor=actor, channel=channel)
    _check_facts(facts, complete=complete)
    _check_upload(consent_upload)
    if appeal is not None and appeal.member_id != applicant.pk:
        raise ValidationError({"appeal": _("所选诉求不是该会员提出的")})
    with transaction.atomic():
        household = household_of_member(applicant)
        file = HardshipFile.objects.filter(household=household).first() if household is not None else None
        if file is not None:
            file = lock(HardshipFile, pk=file.pk)
            if file.status not in ENDED_STATUSES:
                return file
            file = _reopen(
                file=file, actor=actor, facts=facts, channel=channel, appeal=appeal, complete=complete
            )
            known = set(file.household.people.values_list("name", flat=True))
            _add_people(household=file.household, actor=actor, people=people, skip_names=known)
        else:
            _check_people(people)
            if household is None:
                household = household_create(applicant=applicant, actor=actor, address=facts.address)
            _add_people(household=household, actor=actor, people=people, skip_names=set())
            now = timezone.now()
            file = HardshipFile(
                household=household,
                org=household.org,
                applicant=applicant,
                status=FileStatus.APPLIED,
                channel=channel,
                appeal=appeal,
                submitted_at=now,
                created_by=actor,
                **_fact_values(facts),
            )
            file.number = _file_number(household.org, timezone.localdate(now).year)
            file.save()
            file_event(file=file, actor=actor, action=FileAction.APPLY, note=file.get_channel_display())
        if consent_upload is not None:
            file.consent_attachment = _save_consent(file=file, actor=actor, upload=consent_upload)
            file.save(update_fields=["consent_attachment", "updated_at"])
            file_event(file=file, actor=actor, action=FileAction.CONSENT)
        _tell(
            file=file,
            actor=actor,
            title=_("困难职工帮扶申请已提交"),
            officers_title=_("收到困难职工帮扶申请"),
        )
    return file


def _may_change(actor: Any, file: HardshipFile) -> bool:
    """The 帮扶干事 of the file's union, or the member who applied (on the portal)."""
    own = file.applicant.user_id is not None and file.applicant.user_id == getattr(actor, "pk", None)
    return own or can_handle_file(actor, file)


@transaction.atomic
def file_update_facts(*, file: HardshipFile, actor: Any, facts: ApplicationFacts) -> HardshipFile:
    """The facts of an application while 已申请 or 已退回补充 (later they are what the survey checked)."""
    if not _may_change(actor, file):
        raise PermissionDenied(_("只有申请人本人或帮扶干事可以修改申请信息"))
    _check_facts(facts)
    file = lock(HardshipFile, pk=file.pk)
    if file.status not in EDITABLE_STATUSES:
        raise ValidationError(
            _("档案已进入%(status)s，申请信息不能再修改") % {"status": file.get_status_display()}
        )
    for name, value in _fact_values(facts).items():
        setattr(file, name, value)
    file.save(update_fields=[*FACT_FIELDS, "updated_at"])
    if facts.address != file.household.address:
        file.household.address = facts.address
        file.household.save(update_fields=["address", "updated_at"])
    return file


@transaction.atomic
def file_resubmit(*, file: HardshipFile, actor: Any, facts: ApplicationFacts | None = None) -> HardshipFile:
    """已退回补充 → 已申请, by the member or the union, with the corrected facts when given."""
    if not _may_change(actor, file):
        raise PermissionDenied(_("只有申请人本人或帮扶干事可以重新提交"))
    file = lock(HardshipFile, pk=file.pk)
    if file.status != FileStatus.RETURNED:
        raise ValidationError(_("只有已退回补充的申请可以重新提交"))
    if facts is not None:
        file = file_update_facts(file=file, actor=actor, facts=facts)
    file.status = FileStatus.APPLIED
    file.submitted_at = timezone.now()
    file.save(update_fields=["status", "submitted_at", "updated_at"])
    file_event(file=file, actor=actor, action=FileAction.RESUBMIT, from_state=FileStatus.RETURNED)
    _tell(
        file=file,
        actor=actor,
        title=_("困难职工帮扶申请已重新提交"),
        officers_title=_("困难职工帮扶申请已补充后重新提交"),
    )
    return file


def consent_attach(*, file: HardshipFile, actor: Any, upload: UploadedFile[bytes]) -> HardshipFile:
    """The signed 授权委托书 (PDF, JPG or PNG), replacing an earlier one; by the union or the member."""
    if not _may_change(actor, file):
        raise PermissionDenied(_("只有申请人本人或帮扶干事可以上传授权委托书"))
    _check_upload(upload)
    with transaction.atomic():
        file = lock(HardshipFile, pk=file.pk)
        if file.status in ENDED_STATUSES or file.purged_at is not None:
            raise ValidationError(
                {"consent_upload": _("档案已%(status)s，不能再上传") % {"status": file.get_status_display()}}
            )
        file.consent_attachment = _save_consent(file=file, actor=actor, upload=upload)
        file.save(update_fields=["consent_attachment", "updated_at"])
        file_event(file=file, actor=actor, action=FileAction.CONSENT)
    return file


def _check_from_appeal(*, appeal: Appeal, actor: Any) -> Member:
    if not Appeal.objects.visible_to(actor, APPEALS_VIEW).filter(pk=appeal.pk).exists():
        raise PermissionDenied(_("您无权查看该诉求"))
    if not has_action(actor, MANAGE, appeal.org):
        raise PermissionDenied(_("只有办理工会的帮扶干事可以由诉求建档"))
    member = appeal.member
    if member is None:
        raise ValidationError(_("该诉求不是会员提出的，不能直接建立困难职工档案"))
    if appeal.is_anonymous and not appeal_revealed_by(appeal=appeal, user=actor):
        raise ValidationError(
            _("这是匿名诉求：须先经维权督办查看申请人身份（留痕），或邀请申请人本人在线申请")
        )
    return member


def file_from_appeal(*, appeal: Appeal, actor: Any, facts: ApplicationFacts | None = None) -> HardshipFile:
    """诉求 → file in one step: the requester member becomes the applicant (channel 由诉求转入, `file.appeal` set).
    For an anonymous 诉求 only after the actor revealed the requester through the audited reveal. Without `facts`
    the application starts with blank facts for the officer to complete on the edit page (nothing is guessed)."""
    member = _check_from_appeal(appeal=appeal, actor=actor)
    return _file_apply(
        applicant=member,
        actor=actor,
        facts=facts or ApplicationFacts(cause_main="", housing="", medical_insurance=""),
        channel=Channel.APPEAL,
        people=(),
        consent_upload=None,
        appeal=appeal,
        complete=facts is not None,
    )


def appeal_apply_invite(*, appeal: Appeal, actor: Any) -> None:
    """The member's consent for an anonymous 诉求: the requester is invited (in their inbox, the handler never
    learns who it is) to apply on the portal from their own 诉求, prefilled; their own application is the consent."""
    if not Appeal.objects.visible_to(actor, APPEALS_VIEW).filter(pk=appeal.pk).exists():
        raise PermissionDenied(_("您无权查看该诉求"))
    if not has_action(actor, MANAGE, appeal.org):
        raise PermissionDenied(_("只有办理工会的帮扶干事可以邀请申请"))
    member = appeal.member
    if member is None or member.user is None:
        raise ValidationError(_("该诉求的申请人没有会员账号，无法在线邀请"))
    notify(
        recipients=[member.user],
        title=_("邀请您申请困难职工帮扶"),
        body=_("工会在办理您的诉求 %(number)s 时了解到您家庭可能有困难，您可在线申请困难职工帮扶（自愿）")
        % {"number": appeal.number},
        url=reverse("welfare_portal:apply") + f"?appeal={appeal.public_id}",
        category="welfare",
    )
