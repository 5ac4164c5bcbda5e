"""Writes of 干部培训班 (part `classes`): a class of a union with its seats held as a quota set owned by the class
(split to the unions below through the quotas pages), the status flow 筹备中 → 推荐报名中 → 报名截止 → 已结业 (or
已取消 with a reason), sessions (check-in targets), nominations that take one quota place each (a withdrawal or a
decline gives it back), admission, attendance hours from the check-ins, assessment and certificates at the end.
Every change writes a timeline row through `learning_event`; the nominating union's admins are told of the
organiser's decisions."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.identity import mask_name
from gonghui.accounts.models import RoleGrant
from gonghui.accounts.roles import UNION_ADMIN
from gonghui.certificates.services import certificate_issue
from gonghui.checkins.models import CheckIn
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.choices import AuditAction
from gonghui.core.locking import lock
from gonghui.members.choices import HOLDING_STATUSES
from gonghui.members.models import Member
from gonghui.notifications.services import notify
from gonghui.orgs.models import Org
from gonghui.quotas.choices import QuotaSource
from gonghui.quotas.models import QuotaAllocation
from gonghui.quotas.selectors import allocation_remaining
from gonghui.quotas.services import (
    EXHAUSTED,
    quota_release_for_owner,
    quota_set_create,
    quota_set_update,
    quota_use,
)

from ..choices import AssessmentResult, ClassStatus, LearningAction, TraineeStatus
from ..events import learning_event
from ..models import Trainee, TrainingClass, TrainingSession
from ..permissions import can_manage_for
from ..selectors.classes import CERTIFICATE_KIND, CHECKIN_KIND, LIVE, trainee_hours_of

OPEN = (ClassStatus.DRAFT, ClassStatus.NOMINATING, ClassStatus.CLOSED)
CLASS_FIELDS = (
    "title",
    "year",
    "starts_on",
    "ends_on",
    "place",
    "programme",
    "audience_note",
    "seats",
    "nominate_until",
    "certificate",
)


def _require_manage(actor: Any, org: Org) -> None:
    if not can_manage_for(actor, org):
        raise PermissionDenied


def _clean_class(data: dict[str, Any]) -> dict[str, Any]:
    cleaned = {key: data.get(key) for key in CLASS_FIELDS}
    for key in ("title", "place", "programme", "audience_note"):
        cleaned[key] = (cleaned[key] or "").strip()
    cleaned["certificate"] = bool(cleaned["certificate"])
    errors: dict[str, str] = {}
    if not cleaned["title"]:
        errors["title"] = "请填写培训班名称"
    if not cleaned["place"]:
        errors["place"] = "请填写培训地点"
    starts, ends = cleaned["starts_on"], cleaned["ends_on"]
    if starts is None:
        errors["starts_on"] = "请填写开班日期"
    if ends is None:
        errors["ends_on"] = "请填写结业日期"
    if starts and ends and ends < starts:
        errors["ends_on"] = "结业日期不能早于开班日期"
    if starts and cleaned["year"] and cleaned["year"] != starts.year:
        errors["year"] = f"年度应与开班日期一致（{starts.year}年）"
    if not cleaned["year"] and starts:
        cleaned["year"] = starts.year
    until = cleaned["nominate_until"]
    if until and starts and until > starts:
        errors["nominate_until"] = "推荐截止日期不能晚于开班日期"
    if not cleaned["seats"] or cleaned["seats"] < 1:
        errors["seats"] = "总名额至少为 1"
    if errors:
        raise ValidationError(errors)
    return cleaned


def _union_admins(org: Org, *, besides: Any = None) -> list[Any]:
    grants = RoleGrant.objects.filter(role=UNION_ADMIN, org=org, user__is_active=True).select_related("user")
    return [g.user for g in grants if g.user.pk != getattr(besides, "pk", None)]


def _tell_nominator(trainee: Trainee, *, title: str, body: str, actor: Any) -> None:
    recipients = _union_admins(trainee.org, besides=actor)
    if recipients:
        notify(
            recipients=recipients,
            title=title,
            body=body,
            url=reverse("learning:class_detail", args=[trainee.training_class.public_id]),
            category="learning",
        )


# --- classes ------------------------------------------------------------------------------------------------
@transaction.atomic
def class_create(*, org: Org, actor: Any, **data: Any) -> TrainingClass:
    """A class of `org` (筹备中) and its quota set of `seats` places, owned by the class."""
    _require_manage(actor, org)
    cleaned = _clean_class(data)
    training_class = TrainingClass.objects.create(org=org, created_by=actor, **cleaned)
    training_class.quota_set = quota_set_create(
        org=org,
        title=f"{training_class.title}名额",
        total=training_class.seats,
        source=QuotaSource.LOCAL,
        owner=training_class,
        actor=actor,
    )
    training_class.save(update_fields=["quota_set", "updated_at"])
    learning_event(
        subject=training_class, actor=actor, action=LearningAction.CREATED, to_state=training_class.status
    )
    return training_class


@transaction.atomic
def class_update(*, training_class: TrainingClass, actor: Any, **data: Any) -> TrainingClass:
    """Change the class while it is open; the seats never drop below what is allocated (the quotas block
    refuses) nor below the live nominations."""
    training_class = lock(TrainingClass, pk=training_class.pk, related=("org",))
    _require_manage(actor, training_class.org)
    if training_class.status not in OPEN:
        raise ValidationError(f"培训班{training_class.get_status_display()}，不能修改")
    cleaned = _clean_class(data)
    live = training_class.trainees.filter(status__in=LIVE).count()
    if cleaned["seats"] < live:
        raise ValidationError({"seats": f"已有 {live} 人推荐，总名额不能少于 {live}"})
    if training_class.quota_set is not None:
        try:
            quota_set_update(
                quota_set=training_class.quota_set,
                title=f"{cleaned['title']}名额",
                total=cleaned["seats"],
                actor=actor,
            )
        except ValidationError as exc:
            raise ValidationError({"seats": exc.message_dict.get("total", exc.messages)}) from None
    for key, value in cleaned.items():
        setattr(training_class, key, value)
    training_class.save()
    learning_event(subject=training_class, actor=actor, action=LearningAction.EDITED)
    return training_class


def _move(training_class: TrainingClass, actor: Any, action: Any, to: str, note: str = "") -> TrainingClass:
    before = training_class.status
    training_class.status = to
    training_class.save(update_fields=["status", "updated_at"])
    learning_event(
        subject=training_class, actor=actor, action=action, from_state=before, to_state=to, note=note
    )
    return training_class


@transaction.atomic
def class_publish(*, training_class: TrainingClass, actor: Any) -> TrainingClass:
    """筹备中 → 推荐报名中: the unions given seats may nominate until the deadline."""
    training_class = lock(TrainingClass, pk=training_class.pk, related=("org",))
    _require_manage(actor, training_class.org)
    if training_class.status != ClassStatus.DRAFT:
        raise ValidationError(f"培训班{training_class.get_status_display()}，不能发布")
    if training_class.nominate_until is None:
        raise ValidationError({"nominate_until": "发布前请先填写推荐截止日期"})
    if training_class.nominate_until < timezone.localdate():
        raise ValidationError({"nominate_until": "推荐截止日期已过，请先修改"})
    return _move(training_class, actor, LearningAction.PUBLISHED, ClassStatus.NOMINATING)


@transaction.atomic
def class_close(*, training_class: TrainingClass, actor: Any, note: str = "") -> TrainingClass:
    """推荐报名中 → 报名截止 (by hand, or by the job once the deadline passed)."""
    training_class = lock(TrainingClass, pk=training_class.pk, related=("org",))
    if actor is not None:
        _require_manage(actor, training_class.org)
    if training_class.status != ClassStatus.NOMINATING:
        raise ValidationError(f"培训班{training_class.get_status_display()}，不能截止报名")
    return _move(training_class, actor, LearningAction.CLOSED, ClassStatus.CLOSED, note)


def classes_close_due_job() -> str:
    """Scheduled: close the nominations of classes whose 推荐截止日期 has passed (idempotent)."""
    today = timezone.localdate()
    due = TrainingClass.objects.filter(status=ClassStatus.NOMINATING, nominate_until__lt=today)
    closed = 0
    for training_class in due:
        try:
            class_close(training_class=training_class, actor=None, note="推荐截止日期已过，系统自动截止")
        except ValidationError:
            continue
        closed += 1
    return f"截止报名的培训班 {closed} 个"


@transaction.atomic
def class_cancel(*, training_class: TrainingClass, reason: str, actor: Any) -> TrainingClass:
    """Cancel an open class with a reason: every live nomination gives its place back and the nominating unions
    are told."""
    training_class = lock(TrainingClass, pk=training_class.pk, related=("org",))
    _require_manage(actor, training_class.org)
    reason = " ".join(reason.split())
    if len(reason) < 2:
        raise ValidationError({"reason": "请填写取消原因"})
    if training_class.status not in OPEN:
        raise ValidationError(f"培训班{training_class.get_status_display()}，不能取消")
    for trainee in training_class.trainees.filter(status__in=LIVE).select_related("org", "training_class"):
        quota_release_for_owner(owner=trainee, actor=actor)
        _tell_nominator(
            trainee,
            title="培训班已取消",
            body=f"{training_class.title}已取消：{reason}",
            actor=actor,
        )
    return _move(training_class, actor, LearningAction.CANCELLED, ClassStatus.CANCELLED, reason)


def class_hours_recompute(training_class: TrainingClass) -> int:
    """Each admitted trainee's hours from the check-ins (run inside the caller's transaction)."""
    changed = 0
    for trainee in training_class.trainees.filter(status=TraineeStatus.ADMITTED):
        hours = trainee_hours_of(trainee)
        if hours != trainee.hours:
            trainee.hours = hours
            trainee.save(update_fields=["hours", "updated_at"])
            changed += 1
    return changed


@transaction.atomic
def class_finish(*, training_class: TrainingClass, actor: Any) -> TrainingClass:
    """报名截止 → 已结业, once the class has begun: the hours are recomputed from the check-ins and, when the
    class gives certificates, every trainee assessed 优秀 or 合格 receives one."""
    training_class = lock(TrainingClass, pk=training_class.pk, related=("org",))
    _require_manage(actor, training_class.org)
    if training_class.status != ClassStatus.CLOSED:
        raise ValidationError("报名截止后才能结业")
    if training_class.starts_on > timezone.localdate():
        raise ValidationError(f"培训班尚未开班（{training_class.starts_on:%Y-%m-%d}），不能结业")
    class_hours_recompute(training_class)
    issued = 0
    if training_class.certificate:
        passed = training_class.trainees.filter(
            status=TraineeStatus.ADMITTED, result__in=(AssessmentResult.EXCELLENT, AssessmentResult.PASSED)
        ).select_related("member", "org")
        for trainee in passed:
            trainee.certificate = certificate_issue(
                kind=CERTIFICATE_KIND,
                issuer=training_class.org,
                owner=trainee,
                holder=trainee.member,
                holder_name=trainee.member.name,
                holder_org=trainee.org,
                title=f"参加{training_class.title}，考核{trainee.get_result_display()}",
                awarded_on=min(training_class.ends_on, timezone.localdate()),
                data={"class_title": training_class.title, "hours": str(trainee.hours)},
                actor=actor,
            )
            trainee.save(update_fields=["certificate", "updated_at"])
            issued += 1
    note = f"发放结业证书 {issued} 份" if training_class.certificate else "本班不发证书"
    return _move(training_class, actor, LearningAction.FINISHED, ClassStatus.FINISHED, note)


# --- sessions -----------------------------------------------------------------------------------------------
def _clean_session(training_class: TrainingClass, data: dict[str, Any]) -> dict[str, Any]:
    topic = (data.get("topic") or "").strip()
    teacher = (data.get("teacher") or "").strip()
    starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
    hours = data.get("hours")
    errors: dict[str, str] = {}
    if not topic:
        errors["topic"] = "请填写专题"
    if starts_at is None:
        errors["starts_at"] = "请填写开始时间"
    if ends_at is None:
        errors["ends_at"] = "请填写结束时间"
    if starts_at and ends_at and ends_at <= starts_at:
        errors["ends_at"] = "结束时间须晚于开始时间"
    if starts_at and not (
        training_class.starts_on <= timezone.localtime(starts_at).date() <= training_class.ends_on
    ):
        errors["starts_at"] = (
            f"课次须在培训期间（{training_class.starts_on:%Y-%m-%d} 至 {training_class.ends_on:%Y-%m-%d}）"
        )
    if hours is None or hours < 0:
        errors["hours"] = "学时不能为负数"
    if errors:
        raise ValidationError(errors)
    return {"topic": topic, "teacher": teacher, "starts_at": starts_at, "ends_at": ends_at, "hours": hours}


def _session_editable(training_class: TrainingClass, actor: Any) -> None:
    _require_manage(actor, training_class.org)
    if training_class.status not in OPEN:
        raise ValidationError(f"培训班{training_class.get_status_display()}，不能修改课次")


@transaction.atomic
def session_create(*, training_class: TrainingClass, actor: Any, **data: Any) -> TrainingSession:
    training_class = lock(TrainingClass, pk=training_class.pk, related=("org",))
    _session_editable(training_class, actor)
    session = TrainingSession.objects.create(
        training_class=training_class, **_clean_session(training_class, data)
    )
    learning_event(
        subject=training_class, actor=actor, action=LearningAction.EDITED, note=f"新增课次：{session}"
    )
    return session


@transaction.atomic
def session_update(*, session: TrainingSession, actor: Any, **data: Any) -> TrainingSession:
    training_class = lock(TrainingClass, pk=session.training_class_id, related=("org",))
    _session_editable(training_class, actor)
    for key, value in _clean_session(training_class, data).items():
        setattr(session, key, value)
    session.save()
    class_hours_recompute(training_class)
    learning_event(
        subject=training_class, actor=actor, action=LearningAction.EDITED, note=f"修改课次：{session}"
    )
    return session


@transaction.atomic
def session_delete(*, session: TrainingSession, actor: Any) -> None:
    """Remove a session nobody checked in to yet."""
    training_class = lock(TrainingClass, pk=session.training_class_id, related=("org",))
    _session_editable(training_class, actor)
    if CheckIn.objects.filter(target_kind=CHECKIN_KIND, target_id=session.pk).exists():
        raise ValidationError("该课次已有学员签到，不能删除")
    topic = session.topic
    session.delete()
    learning_event(
        subject=training_class, actor=actor, action=LearningAction.EDITED, note=f"删除课次：{topic}"
    )


def session_on_checkin(session: TrainingSession, check_in: CheckIn, actor: Any) -> None:
    """The check-in block's hook (inside its transaction): the trainee's hours count the session at once."""
    trainee = Trainee.objects.filter(
        training_class_id=session.training_class_id,
        member_id=check_in.member_id,
        status=TraineeStatus.ADMITTED,
    ).first()
    if trainee is not None:
        trainee.hours = trainee_hours_of(trainee)
        trainee.save(update_fields=["hours", "updated_at"])


# --- trainees -----------------------------------------------------------------------------------------------
@transaction.atomic
def trainee_nominate(
    *, training_class: TrainingClass, allocation: QuotaAllocation, member: Member, post: str, actor: Any
) -> Trainee:
    """The union holding `allocation` nominates a member of its subtree, taking one of its places (row-locked by
    `quota_use`); refused outside 推荐报名中, after the deadline, for a member already nominated, or when the
    union's places are used up."""
    training_class = lock(TrainingClass, pk=training_class.pk, related=("org",))
    if allocation.quota_set_id != training_class.quota_set_id:
        raise ValidationError("名额分配不属于该培训班")
    _require_manage(actor, allocation.org)
    if training_class.status != ClassStatus.NOMINATING:
        raise ValidationError(f"培训班{training_class.get_status_display()}，不在推荐报名阶段")
    if training_class.nominate_until and training_class.nominate_until < timezone.localdate():
        raise ValidationError(f"推荐已于 {training_class.nominate_until:%Y-%m-%d} 截止")
    if not member.org.path.startswith(allocation.org.path) or member.status not in HOLDING_STATUSES:
        raise ValidationError({"member": f"请从{allocation.org.name}及下级工会的会员中选择"})
    post = " ".join(post.split())
    if not post:
        raise ValidationError({"post": "请填写工会职务"})
    if training_class.trainees.filter(member=member).exclude(status=TraineeStatus.WITHDRAWN).exists():
        raise ValidationError({"member": f"{member.name}已被推荐参加本班"})
    trainee = Trainee.objects.create(
        training_class=training_class, org=allocation.org, member=member, post=post[:60], nominated_by=actor
    )
    try:
        trainee.quota_use = quota_use(allocation=allocation, owner=trainee, actor=actor)
    except ValidationError as exc:
        if EXHAUSTED in " ".join(exc.messages):
            raise ValidationError(
                f"“{allocation.org.name}”的培训名额已用完（分配 {allocation.allocated} 个，"
                f"剩余 {max(allocation_remaining(allocation), 0)} 个），不能再推荐"
            ) from None
        raise
    trainee.save(update_fields=["quota_use", "updated_at"])
    learning_event(
        subject=trainee,
        actor=actor,
        action=LearningAction.NOMINATED,
        to_state=trainee.status,
        note=f"{mask_name(member.name)} · {post}",
    )
    return trainee


def _lock_trainee(trainee: Trainee) -> Trainee:
    return lock(Trainee, pk=trainee.pk, related=("training_class", "training_class__org", "org", "member"))


@transaction.atomic
def trainee_withdraw(*, trainee: Trainee, actor: Any) -> Trainee:
    """The nominating union takes its nomination back before the class begins; the place returns to it."""
    trainee = _lock_trainee(trainee)
    _require_manage(actor, trainee.org)
    if trainee.status not in LIVE:
        raise ValidationError(f"该学员{trainee.get_status_display()}，不能撤回")
    if trainee.training_class.status not in OPEN or trainee.training_class.starts_on <= timezone.localdate():
        raise ValidationError("培训班已开班或已结束，不能撤回推荐")
    before = trainee.status
    trainee.status = TraineeStatus.WITHDRAWN
    trainee.save(update_fields=["status", "updated_at"])
    quota_release_for_owner(owner=trainee, actor=actor)
    learning_event(
        subject=trainee,
        actor=actor,
        action=LearningAction.WITHDRAWN,
        from_state=before,
        to_state=trainee.status,
    )
    return trainee


def _organiser_decides(trainee: Trainee, actor: Any) -> None:
    _require_manage(actor, trainee.training_class.org)
    if trainee.status != TraineeStatus.NOMINATED:
        raise ValidationError(f"该学员{trainee.get_status_display()}，不能再录取或不录取")
    if trainee.training_class.status not in (ClassStatus.NOMINATING, ClassStatus.CLOSED):
        raise ValidationError(f"培训班{trainee.training_class.get_status_display()}，不能录取")


@transaction.atomic
def trainee_admit(*, trainee: Trainee, actor: Any) -> Trainee:
    trainee = _lock_trainee(trainee)
    _organiser_decides(trainee, actor)
    trainee.status = TraineeStatus.ADMITTED
    trainee.save(update_fields=["status", "updated_at"])
    learning_event(
        subject=trainee,
        actor=actor,
        action=LearningAction.ADMITTED,
        from_state=TraineeStatus.NOMINATED,
        to_state=trainee.status,
    )
    _tell_nominator(
        trainee,
        title="培训班学员已录取",
        body=f"{trainee.member.name}已录取参加{trainee.training_class.title}",
        actor=actor,
    )
    return trainee


@transaction.atomic
def trainee_decline(*, trainee: Trainee, actor: Any, note: str = "") -> Trainee:
    """Not admitted: the place goes back to the nominating union, which may nominate someone else."""
    trainee = _lock_trainee(trainee)
    _organiser_decides(trainee, actor)
    note = " ".join(note.split())[:200]
    trainee.status = TraineeStatus.DECLINED
    trainee.save(update_fields=["status", "updated_at"])
    quota_release_for_owner(owner=trainee, actor=actor)
    learning_event(
        subject=trainee,
        actor=actor,
        action=LearningAction.DECLINED,
        from_state=TraineeStatus.NOMINATED,
        to_state=trainee.status,
        note=note,
    )
    _tell_nominator(
        trainee,
        title="培训班学员未录取",
        body=f"{trainee.member.name}未录取参加{trainee.training_class.title}"
        + (f"：{note}" if note else "")
        + "；名额已退回，可另行推荐",
        actor=actor,
    )
    return trainee


@transaction.atomic
def trainee_assess(*, trainee: Trainee, result: str, note: str, actor: Any) -> Trainee:
    """优秀 / 合格 / 不合格 with a note, for an admitted trainee once the class has begun and until it ends."""
    trainee = _lock_trainee(trainee)
    _require_manage(actor, trainee.training_class.org)
    if result not in AssessmentResult.values:
        raise ValidationError({"result": "请选择考核结果"})
    if trainee.status != TraineeStatus.ADMITTED:
        raise ValidationError("只能考核已录取的学员")
    training_class = trainee.training_class
    if training_class.status != ClassStatus.CLOSED or training_class.starts_on > timezone.localdate():
        raise ValidationError("开班后、结业前才能考核")
    note = " ".join(note.split())[:200]
    trainee.result, trainee.result_note, trainee.assessed_at = result, note, timezone.now()
    trainee.save(update_fields=["result", "result_note", "assessed_at", "updated_at"])
    learning_event(
        subject=trainee,
        actor=actor,
        action=LearningAction.ASSESSED,
        note=f"{trainee.get_result_display()}" + (f"：{note}" if note else ""),
    )
    return trainee


def trainee_export_audit(
    *, training_class: TrainingClass, rows: int, actor: Any, context: AuditContext | None
) -> None:
    """The trainee list left the platform with names: an audit row."""
    audit_log(
        action=AuditAction.EXPORT,
        actor=actor,
        context=context,
        subject=training_class,
        org_id=training_class.org_id,
        summary=f"导出培训班学员名单「{training_class.title}」{rows} 人",
    )


def hours_export_audit(
    *, year: int, rows: int, actor: Any, context: AuditContext | None, org: Org | None
) -> None:
    """The hours report left the platform with names: an audit row."""
    audit_log(
        action=AuditAction.EXPORT,
        actor=actor,
        context=context,
        org_id=org.pk if org is not None else None,
        summary=f"导出{year}年学时统计 {rows} 行" + (f"（{org.name}）" if org is not None else ""),
    )
