"""Writes of part volunteers (志愿服务), kept to 民政部《志愿服务记录与证明出具办法（试行）》(民政部令第67号): records are
真实、准确、完整、无偿、及时 (第三条) and hold the volunteer's basic facts, service, training, awards and evaluation
(第四条); service time excludes the journey and a record is publicised before it counts, and the 证明 is issued
free, as the 办法 asks.

Teams and their volunteers, projects, the batch entry of one day's service (one record per volunteer, project and
day; 0 < hours ≤ 24; travel apart), edit and withdraw while not yet publicised, the 公示 of a project's pending
records (one notice, one entry per record; the notice's close counts them, an upheld objection withdraws one), the
training and awards of a volunteer, and the member's request for a 证明 (issued at once from the counted records, or
refused when nothing counts). Keyword-only, the actor passed explicitly; every writer of a project's records locks
the project row first; timeline and audit rows in the same transaction."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format

from gonghui.accounts.actors import Actor
from gonghui.certificates.services import certificate_issue
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.choices import AuditAction
from gonghui.core.locking import lock
from gonghui.core.numbering import case_number, number_next
from gonghui.core.timeline import timeline_record
from gonghui.members.models import Member
from gonghui.notices.choices import EntryStatus
from gonghui.notices.models import Notice, NoticeEntry
from gonghui.notices.services import EntryInput, notice_create, notice_publish
from gonghui.orgs.models import Org

from ..choices import ProofStatus, ServiceRecordStatus
from ..models import (
    ProofRequest,
    ServiceRecord,
    VolunteerMembership,
    VolunteerNote,
    VolunteerProject,
    VolunteerTeam,
)
from ..permissions import can_manage_for
from ..selectors.volunteers import AttendanceSkip, attendance_plan, pending_records

NOTICE_KIND = "activities.volunteer"
CERTIFICATE_KIND = "activities.volunteer_proof"
PROOF_SERIES = "志愿服务证明申请"  # the request numbers; the certificates run in the kind's own series
PROOF_PREFIX = "ZYZM"
HOURS_MAX = Decimal("24")
PLACE_TAGS = ("脱贫村", "乡村学校", "社区", "敬老院", "医院", "企业")
PLACE_TAG_MAX = 8


def _step(subject: Any, actor: Any, action: str, label: str, note: str = "", to_state: str = "") -> None:
    timeline_record(
        subject=subject, actor=actor, action=action, action_label=label, to_state=to_state, note=note
    )


def _require_manage(actor: Actor, org: Org) -> None:
    if not can_manage_for(actor, org):
        raise PermissionDenied("您不能管理该工会的志愿服务")


# ---- teams and volunteers ----------------------------------------------------------------------------------


@transaction.atomic
def team_save(
    *, actor: Actor, team: VolunteerTeam | None = None, org: Org | None = None, **fields: Any
) -> VolunteerTeam:
    """建队 (with `org`) or edit a team's name, kind, description, leader, founding date and 在册."""
    if team is None:
        if org is None:
            raise ValidationError({"org": "请选择所属工会"})
        _require_manage(actor, org)
        team = VolunteerTeam(org=org)
        action, label = "team_create", "建立服务队"
    else:
        team = lock(VolunteerTeam, pk=team.pk)
        _require_manage(actor, team.org)
        action, label = "team_edit", "修改服务队"
    if not str(fields.get("name", "")).strip():
        raise ValidationError({"name": "请填写队名"})
    leader = fields.get("leader")
    if leader is not None and not leader.org.path.startswith(team.org.path):
        raise ValidationError({"leader": "队长须是本会或下级工会的会员"})
    for name, value in fields.items():
        setattr(team, name, value.strip() if isinstance(value, str) else value)
    team.save()
    _step(team, actor, action, label, team.name)
    return team


def member_find(org: Org, query: str, *, field: str = "query") -> Member:
    """The member of the union's subtree with this 会员编号, or the only one with this name."""
    query = query.strip()
    if not query:
        raise ValidationError({field: "请填写会员编号或姓名"})
    scope = Member.objects.filter(org__path__startswith=org.path).select_related("org")
    by_number = scope.filter(member_number=query).first()
    if by_number is not None:
        return by_number
    named = list(scope.filter(name=query)[:2])
    if not named:
        raise ValidationError({field: f"本会及下级工会没有会员编号或姓名为“{query}”的会员"})
    if len(named) > 1:
        raise ValidationError({field: f"有多名会员叫“{query}”，请改填会员编号"})
    return named[0]


@transaction.atomic
def volunteer_add(
    *, team: VolunteerTeam, member: Member, joined_on: dt.date, speciality: str, actor: Actor
) -> VolunteerMembership:
    """Add a member of the team union's subtree as a volunteer (a former volunteer rejoins)."""
    team = lock(VolunteerTeam, pk=team.pk)
    _require_manage(actor, team.org)
    if not member.org.path.startswith(team.org.path):
        raise ValidationError({"query": "志愿者须是本会或下级工会的会员"})
    if joined_on > timezone.localdate():
        raise ValidationError({"joined_on": "加入日期不能晚于今天"})
    membership = VolunteerMembership.objects.filter(team=team, member=member).first()
    if membership is not None and membership.left_on is None:
        raise ValidationError({"query": f"{member.name}已是本队志愿者"})
    if membership is None:
        membership = VolunteerMembership(team=team, member=member)
    membership.joined_on = joined_on
    membership.left_on = None
    membership.speciality = speciality.strip()[:100]
    membership.save()
    _step(team, actor, "volunteer_add", "加入志愿者", member.name)
    return membership


@transaction.atomic
def volunteer_leave(
    *, membership: VolunteerMembership, left_on: dt.date, actor: Actor
) -> VolunteerMembership:
    """退出: the volunteer keeps their records; no new record after `left_on`."""
    team = lock(VolunteerTeam, pk=membership.team_id)
    _require_manage(actor, team.org)
    membership = lock(VolunteerMembership, pk=membership.pk, related=("member",))
    if membership.left_on is not None:
        raise ValidationError({"left_on": "该志愿者已退出"})
    if left_on < membership.joined_on:
        raise ValidationError({"left_on": "退出日期不能早于加入日期"})
    membership.left_on = left_on
    membership.save(update_fields=["left_on", "updated_at"])
    _step(team, actor, "volunteer_leave", "志愿者退出", membership.member.name)
    return membership


# ---- projects ------------------------------------------------------------------------------------------------


def place_tags_clean(tags: list[str], other: str) -> list[str]:
    found = [tag for tag in tags if tag in PLACE_TAGS]
    for word in other.replace("，", ",").replace("、", ",").split(","):
        word = word.strip()[:20]
        if word and word not in found:
            found.append(word)
    if len(found) > PLACE_TAG_MAX:
        raise ValidationError({"other_tags": f"地点标签最多{PLACE_TAG_MAX}个"})
    return found


@transaction.atomic
def project_save(
    *, actor: Actor, team: VolunteerTeam, project: VolunteerProject | None = None, **fields: Any
) -> VolunteerProject:
    """新建 or edit a project of `team`: title, place and its tags, dates, content, the linked activity."""
    team = lock(VolunteerTeam, pk=team.pk)
    _require_manage(actor, team.org)
    if project is None:
        project = VolunteerProject(team=team, created_by=actor)
        action, label = "project_create", "新建项目"
    else:
        project = lock(VolunteerProject, pk=project.pk)
        action, label = "project_edit", "修改项目"
    ends_on, starts_on = fields.get("ends_on"), fields["starts_on"]
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": "结束日期不能早于开始日期"})
    activity = fields.get("activity")
    if activity is not None and not activity.org.path.startswith(team.org.path):
        raise ValidationError({"activity": "关联活动须是本会或下级工会的活动"})
    for name, value in fields.items():
        setattr(project, name, value.strip() if isinstance(value, str) else value)
    project.save()
    _step(project, actor, action, label, project.title)
    return project


# ---- service records -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordRow:
    """One volunteer's line of the batch entry form."""

    member: Member
    hours: Decimal
    travel_hours: Decimal = Decimal("0")
    evaluation: str = ""


def _check_hours(hours: Decimal | None, travel: Decimal | None, who: str) -> None:
    if hours is None or not Decimal("0") < hours <= HOURS_MAX:
        raise ValidationError({"rows": f"{who}：服务时长须大于0且不超过24小时"})
    if travel is None or travel < 0:
        raise ValidationError({"rows": f"{who}：往返交通时长不能为负数"})
    if hours + travel > HOURS_MAX:
        raise ValidationError({"rows": f"{who}：服务时长与往返交通合计超过24小时"})


def on_team(project: VolunteerProject, member: Member, day: dt.date) -> bool:
    """Was `member` a volunteer of the project's team on `day`?"""
    return (
        VolunteerMembership.objects.filter(team_id=project.team_id, member=member, joined_on__lte=day)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=day))
        .exists()
    )


@transaction.atomic
def records_enter(
    *,
    project: VolunteerProject,
    served_on: dt.date,
    content: str,
    rows: list[RecordRow],
    actor: Actor,
    context: AuditContext | None = None,
) -> list[ServiceRecord]:
    """Record one day of the project's service for several volunteers at once (all or nothing). The hours are the
    time served, the journey apart; one record per volunteer, project and day (a withdrawn one is re-entered)."""
    project = lock(VolunteerProject, pk=project.pk, related=("team__org",))
    _require_manage(actor, project.team.org)
    content = content.strip()
    if not content:
        raise ValidationError({"content": "请填写服务内容"})
    if served_on > timezone.localdate():
        raise ValidationError({"served_on": "服务日期不能晚于今天"})
    if served_on < project.starts_on or (project.ends_on is not None and served_on > project.ends_on):
        raise ValidationError({"served_on": "服务日期须在项目起止日期之内"})
    if not rows:
        raise ValidationError({"rows": "请至少为一名志愿者填写服务时长"})
    seen: set[int] = set()
    saved: list[ServiceRecord] = []
    for number, row in enumerate(rows, start=1):
        who = f"第{number}行 {row.member.name}"
        _check_hours(row.hours, row.travel_hours, who)
        if row.member.pk in seen:
            raise ValidationError({"rows": f"{who}：同一志愿者重复填写"})
        seen.add(row.member.pk)
        if not on_team(project, row.member, served_on):
            raise ValidationError({"rows": f"{who}：服务当日不是本队志愿者"})
        record = ServiceRecord.objects.filter(project=project, member=row.member, served_on=served_on).first()
        if record is not None and record.status != ServiceRecordStatus.WITHDRAWN:
            raise ValidationError(
                {"rows": f"{who}：{date_format(served_on, 'Y年n月j日')}已有本项目的服务记录"}
            )
        record = record or ServiceRecord(project=project, member=row.member, served_on=served_on)
        record.hours, record.travel_hours = row.hours, row.travel_hours
        record.content, record.evaluation = content[:200], row.evaluation
        record.status, record.notice_entry, record.counted_at = ServiceRecordStatus.DRAFT, None, None
        record.recorded_by = actor
        record.save()
        saved.append(record)
    note = f"{date_format(served_on, 'Y年n月j日')} 登记{len(saved)}人次服务记录"
    _step(project, actor, "records_enter", "登记服务记录", note)
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        summary=f"登记志愿服务记录：{project.title}，{note}",
        actor=actor,
        context=context,
        subject=project,
        org_id=project.team.org_id,
    )
    return saved


@dataclass(frozen=True)
class AttendanceRecords:
    """What 按活动签到生成服务记录 did: the records created and the attendees skipped, with the reason."""

    created: list[ServiceRecord]
    skipped: list[AttendanceSkip]


@transaction.atomic
def records_from_attendance(
    *,
    project: VolunteerProject,
    actor: Actor,
    hours: Decimal | None = None,
    context: AuditContext | None = None,
) -> AttendanceRecords:
    """A DRAFT record for the linked activity's day for each member who attended it (签到) and was on the team that
    day, unless one exists already for that day (any status: a second run creates nothing): hours from check-in to
    check-out rounded down to the half hour, else the activity's scheduled duration (≤ 24, journey 0), or `hours`
    for everyone when given; content the activity's title. Attendees not on the team are skipped with the reason.
    All or nothing, the project row locked first."""
    project = lock(VolunteerProject, pk=project.pk, related=("team__org",))
    _require_manage(actor, project.team.org)
    if hours is not None and not Decimal("0") < hours <= HOURS_MAX:
        raise ValidationError({"hours": "统一服务时长须大于0且不超过24小时"})
    plan = attendance_plan(project)
    if plan.problem or plan.activity is None or plan.served_on is None:
        raise ValidationError({"__all__": plan.problem or "本项目没有关联活动"})
    created = [
        ServiceRecord.objects.create(
            project=project,
            member=row.attendance.member,
            served_on=plan.served_on,
            hours=hours if hours is not None else row.hours,
            travel_hours=Decimal("0"),
            content=plan.activity.title[:200],
            status=ServiceRecordStatus.DRAFT,
            recorded_by=actor,
        )
        for row in plan.rows
    ]
    if created:
        note = (
            f"按活动“{plan.activity.title}”签到生成{date_format(plan.served_on, 'Y年n月j日')}的"
            f"{len(created)}条服务记录"
        )
        if plan.skipped:
            note += f"，{len(plan.skipped)}人未生成"
        _step(project, actor, "records_from_attendance", "按活动签到生成服务记录", note)
        audit_log(
            action=AuditAction.ADMIN_EDIT,
            summary=f"生成志愿服务记录：{project.title}，{note}",
            actor=actor,
            context=context,
            subject=project,
            org_id=project.team.org_id,
        )
    return AttendanceRecords(created=created, skipped=plan.skipped)


def _record_locked(record: ServiceRecord, actor: Actor) -> ServiceRecord:
    project = lock(VolunteerProject, pk=record.project_id, related=("team__org",))
    _require_manage(actor, project.team.org)
    record = lock(ServiceRecord, pk=record.pk, related=("member",))
    if record.status != ServiceRecordStatus.DRAFT:
        raise ValidationError(
            {"__all__": f"记录状态为“{record.get_status_display()}”，公示后不能再修改或撤销"}
        )
    return record


@transaction.atomic
def record_update(
    *,
    record: ServiceRecord,
    hours: Decimal,
    travel_hours: Decimal,
    content: str,
    evaluation: str,
    actor: Actor,
) -> ServiceRecord:
    """Correct a record not yet publicised."""
    record = _record_locked(record, actor)
    if hours is None or not Decimal("0") < hours <= HOURS_MAX:
        raise ValidationError({"hours": "服务时长须大于0且不超过24小时"})
    if travel_hours is None or travel_hours < 0:
        raise ValidationError({"travel_hours": "往返交通时长不能为负数"})
    if hours + travel_hours > HOURS_MAX:
        raise ValidationError({"travel_hours": "服务时长与往返交通合计超过24小时"})
    if not content.strip():
        raise ValidationError({"content": "请填写服务内容"})
    before = f"{record.hours}小时"
    record.hours, record.travel_hours = hours, travel_hours
    record.content, record.evaluation = content.strip()[:200], evaluation
    record.save(update_fields=["hours", "travel_hours", "content", "evaluation", "updated_at"])
    note = f"{record.member.name} {date_format(record.served_on, 'Y年n月j日')}：{before} → {record.hours}小时"
    _step(record.project, actor, "record_edit", "修改服务记录", note)
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        summary=f"修改志愿服务记录：{note}",
        actor=actor,
        subject=record,
        org_id=record.project.team.org_id,
    )
    return record


@transaction.atomic
def record_withdraw(*, record: ServiceRecord, reason: str, actor: Actor) -> ServiceRecord:
    """撤销 a record not yet publicised (with the reason); it never counts."""
    record = _record_locked(record, actor)
    if not reason.strip():
        raise ValidationError({"reason": "请填写撤销原因"})
    record.status = ServiceRecordStatus.WITHDRAWN
    record.save(update_fields=["status", "updated_at"])
    note = f"{record.member.name} {date_format(record.served_on, 'Y年n月j日')}：{reason.strip()}"
    _step(record.project, actor, "record_withdraw", "撤销服务记录", note)
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        summary=f"撤销志愿服务记录：{note}",
        actor=actor,
        subject=record,
        org_id=record.project.team.org_id,
    )
    return record


# ---- 公示 ----------------------------------------------------------------------------------------------------


@transaction.atomic
def records_publicise(
    *, project: VolunteerProject, actor: Actor, context: AuditContext | None = None
) -> Notice:
    """Publish the project's pending records as one 公示 (7 calendar days, to the members of the team's union and
    below), one entry per record (name, unit, date, hours: never an ID number or phone)."""
    project = lock(VolunteerProject, pk=project.pk, related=("team__org",))
    _require_manage(actor, project.team.org)
    records = list(
        pending_records(project).select_related("member__org").order_by("served_on", "member__name", "pk")
    )
    if not records:
        raise ValidationError({"__all__": "没有待公示的服务记录"})
    notice = notice_create(
        kind=NOTICE_KIND,
        owner=project,
        org=project.team.org,
        title=f"志愿服务时长公示：{project.title}",
        body=(
            f"{project.team.name}在{project.place}开展“{project.title}”志愿服务，现将志愿者服务时长予以公示"
            "（服务时长不含往返交通时间）。如有异议，请在公示期内提出。"
        ),
        entries=[
            EntryInput(
                name=record.member.name,
                unit=record.member.org.name,
                reason=f"{date_format(record.served_on, 'Y年n月j日')} {record.content}",
                extra=f"服务{record.hours}小时",
                subject=record,
            )
            for record in records
        ],
        actor=actor,
        context=context,
    )
    notice = notice_publish(notice=notice, actor=actor, context=context)
    entries = {entry.subject_id: entry for entry in NoticeEntry.objects.filter(notice=notice)}
    for record in records:
        record.status = ServiceRecordStatus.PUBLICISED
        record.notice_entry = entries[record.pk]
        record.save(update_fields=["status", "notice_entry", "updated_at"])
    return notice


def notice_entry_withdrawn(entry: NoticeEntry, actor: Any) -> None:
    """An upheld objection: the record is withdrawn and never counts (inside the notices' transaction)."""
    record = ServiceRecord.objects.filter(notice_entry=entry).first()
    if record is None:
        return
    lock(VolunteerProject, pk=record.project_id)
    record = lock(ServiceRecord, pk=record.pk)
    if record.status == ServiceRecordStatus.PUBLICISED:
        record.status = ServiceRecordStatus.WITHDRAWN
        record.save(update_fields=["status", "updated_at"])


def notice_closed(notice: Notice, actor: Any) -> None:
    """The window has closed: every record still listed counts from now."""
    lock(VolunteerProject, pk=notice.owner_id)
    ServiceRecord.objects.filter(
        notice_entry__notice=notice,
        notice_entry__status=EntryStatus.LISTED,
        status=ServiceRecordStatus.PUBLICISED,
    ).update(status=ServiceRecordStatus.COUNTED, counted_at=timezone.now(), updated_at=timezone.now())


def notice_step(notice: Notice, actor: Any, action: str, action_label: str, note: str) -> None:
    """The notice's steps go on the project's timeline."""
    project = VolunteerProject.objects.filter(pk=notice.owner_id).first()
    if project is not None:
        _step(project, actor, f"notice_{action}", f"公示：{action_label}", note)


# ---- training and awards -------------------------------------------------------------------------------------


@transaction.atomic
def note_save(*, member: Member, org: Org, actor: Actor, **fields: Any) -> VolunteerNote:
    """Record a volunteer's training (培训) or award (表彰奖励)."""
    _require_manage(actor, org)
    if not member.org.path.startswith(org.path):
        raise ValidationError({"__all__": "只能为本会及下级工会的会员记录"})
    if fields["on_date"] > timezone.localdate():
        raise ValidationError({"on_date": "日期不能晚于今天"})
    if fields.get("hours") is not None and not Decimal("0") < fields["hours"] <= Decimal("999"):
        raise ValidationError({"hours": "培训学时须大于0"})
    note = VolunteerNote.objects.create(member=member, org=org, recorded_by=actor, **fields)
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        summary=f"记录志愿者{note.get_kind_display()}：{member.name}，{note.title}",
        actor=actor,
        subject=member,
        org_id=org.pk,
    )
    return note


# ---- 证明 ----------------------------------------------------------------------------------------------------


def counted_records(
    *, member: Member, org: Org, period_from: dt.date, period_to: dt.date
) -> QuerySet[ServiceRecord]:
    return (
        ServiceRecord.objects.filter(
            member=member,
            project__team__org=org,
            status=ServiceRecordStatus.COUNTED,
            served_on__gte=period_from,
            served_on__lte=period_to,
        )
        .select_related("project")
        .order_by("served_on", "pk")
    )


def proof_period_label(period_from: dt.date, period_to: dt.date) -> str:
    return f"{date_format(period_from, 'Y年n月j日')}至{date_format(period_to, 'Y年n月j日')}"


@transaction.atomic
def proof_request(
    *,
    member: Member,
    org: Org,
    period_from: dt.date,
    period_to: dt.date,
    purpose: str,
    actor: Actor,
    context: AuditContext | None = None,
) -> ProofRequest:
    """The member asks `org` for a 志愿服务记录证明 of the period: issued at once and free from the records that
    count, or refused (无可证明记录) when none does. Numbered in the issuing union's series."""
    if getattr(actor, "member", None) != member:
        raise PermissionDenied("只能为本人申请志愿服务证明")
    if period_from > period_to:
        raise ValidationError({"period_to": "截止日期不能早于起始日期"})
    if period_to > timezone.localdate():
        raise ValidationError({"period_to": "截止日期不能晚于今天"})
    if not VolunteerMembership.objects.filter(member=member, team__org=org).exists():
        raise ValidationError({"org": "您不是该工会志愿服务队的志愿者"})
    lock(Member, pk=member.pk)
    today = timezone.localdate()
    serial = number_next(issuer_id=org.pk, series=PROOF_SERIES, year=today.year)
    records = list(counted_records(member=member, org=org, period_from=period_from, period_to=period_to))
    hours = sum((record.hours for record in records), Decimal("0"))
    proof = ProofRequest.objects.create(
        org=org,
        member=member,
        number=case_number(f"{PROOF_PREFIX}{org.pk}", today.year, serial),
        period_from=period_from,
        period_to=period_to,
        purpose=purpose.strip()[:100],
        status=ProofStatus.ISSUED if records else ProofStatus.REFUSED,
        hours=hours,
    )
    period = proof_period_label(period_from, period_to)
    if records:
        proof.certificate = certificate_issue(
            kind=CERTIFICATE_KIND,
            issuer=org,
            owner=proof,
            holder=member,
            holder_name=member.name,
            holder_org=member.org,
            title=f"{period}参加志愿服务，累计服务时长{hours}小时",
            awarded_on=today,
            data={
                "period": period,
                "hours": str(hours),
                "purpose": proof.purpose,
                "records": [
                    {
                        "date": f"{record.served_on:%Y-%m-%d}",
                        "project": record.project.title,
                        "content": record.content,
                        "hours": str(record.hours),
                    }
                    for record in records
                ],
            },
            actor=actor,
        )
        proof.save(update_fields=["certificate", "updated_at"])
        note = f"出具证明：{period}，{len(records)}条记录，{hours}小时"
    else:
        note = f"{period}内没有{org.name}已计入的志愿服务记录，未出具证明"
    _step(proof, actor, "proof_request", "申请志愿服务证明", note, to_state=proof.status)
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        summary=f"志愿服务证明申请 {proof.number}：{note}",
        actor=actor,
        context=context,
        subject=proof,
        org_id=org.pk,
    )
    return proof


def proof_refusal_reason(proof: ProofRequest) -> str:
    if proof.status != ProofStatus.REFUSED:
        return ""
    period = proof_period_label(proof.period_from, proof.period_to)
    return f"{period}内没有{proof.org.name}已计入（公示期满）的志愿服务记录，暂不能出具证明"
