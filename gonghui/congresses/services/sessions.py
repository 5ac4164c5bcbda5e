"""Writes of part sessions: 会议: sessions (次, agenda, documents, proposal window), attendance by check-in code and the
live quorum, motions (open counts or secret ballot on the anonymous-response store), resolutions published,
extraordinary-session petitions.

Every service takes its actor (a cadre holding `congresses.manage` on the congress's union, or for petitions and
votes the member) and plain arguments, so the demo seeder calls them as the pages do. A secret vote
(`motion_vote`) goes through `responses.services.response_submit`, which must run outside any transaction: it is
deliberately not atomic and writes no timeline or audit row (either would put a time beside the voter)."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.actors import Actor
from gonghui.accounts.models import RoleGrant, User
from gonghui.attachments.models import Attachment
from gonghui.attachments.selectors import attachments_of
from gonghui.attachments.services import attachment_save
from gonghui.core.audit import audit_log
from gonghui.core.choices import AuditAction
from gonghui.core.locking import lock
from gonghui.core.registry import roles
from gonghui.members.models import Member
from gonghui.notifications.services import notify
from gonghui.responses import services as responses
from gonghui.responses.models import Participation

from .. import rules, seats
from ..choices import (
    BallotKind,
    DelegateRole,
    MotionStatus,
    PetitionStatus,
    SessionAction,
    SessionKind,
    SessionStatus,
)
from ..events import congresses_event
from ..models import Congress, CongressSession, Motion, PetitionSignature, SessionPetition
from ..permissions import MANAGE, can_manage_for
from ..selectors import sessions as sel

CATEGORY = "congresses"


def _action(name: str) -> SessionAction:
    """A SessionAction member, or 修改 until the coordinator adds it (requested in requests.md)."""
    return getattr(SessionAction, name, SessionAction.EDITED)


def _require_manage(actor: Actor, congress: Congress) -> None:
    if not can_manage_for(actor, congress.org):
        raise PermissionDenied("无权办理该代表大会的会议")


def _audit(actor: Actor, summary: str, subject: Any, org_id: int) -> None:
    audit_log(action=AuditAction.ADMIN_EDIT, summary=summary, actor=actor, subject=subject, org_id=org_id)


def _managers_of(org: Any) -> list[User]:
    """Active users whose role on the union itself names congresses.manage."""
    codes = [role.code for role in roles if MANAGE in role.actions and not role.object_only]
    user_ids = RoleGrant.objects.filter(org=org, role__in=codes).values_list("user_id", flat=True)
    return list(User.objects.filter(pk__in=user_ids, is_active=True).order_by("pk"))


# --- sessions ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SessionInput:
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    venue: str = ""
    agenda: str = ""
    proposals_open_on: dt.date | None = None
    proposals_close_on: dt.date | None = None
    kind: str = SessionKind.REGULAR


def _clean(data: SessionInput) -> None:
    errors: dict[str, str] = {}
    if not data.title.strip():
        errors["title"] = "请填写会议名称"
    if data.ends_at < data.starts_at:
        errors["ends_at"] = "结束时间不能早于开始时间"
    if (data.proposals_open_on is None) != (data.proposals_close_on is None):
        errors["proposals_close_on"] = "提案征集开始和截止日期请同时填写或同时留空"
    elif (
        data.proposals_open_on
        and data.proposals_close_on
        and data.proposals_close_on < data.proposals_open_on
    ):
        errors["proposals_close_on"] = "提案征集截止日期不能早于开始日期"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def session_create(
    *, congress: Congress, data: SessionInput, actor: Actor, petition: SessionPetition | None = None
) -> CongressSession:
    """筹备会议: the next number of the congress's sessions; convening an extraordinary session links the petition
    that reached one third (it becomes 已召开临时会议)."""
    _require_manage(actor, congress)
    _clean(data)
    congress = lock(Congress, related=("org",), pk=congress.pk)
    if not congress.is_current:
        raise ValidationError("该届代表大会已换届，不能再筹备会议")
    kind = data.kind
    if petition is not None:
        petition = lock(SessionPetition, pk=petition.pk)
        if petition.congress_id != congress.pk or petition.status != PetitionStatus.REACHED:
            raise ValidationError("只有已达三分之一代表联名的提议可以召开临时会议")
        kind = SessionKind.EXTRAORDINARY
    session = CongressSession.objects.create(
        congress=congress,
        number=sel.next_session_number(congress),
        kind=kind,
        title=data.title.strip(),
        starts_at=data.starts_at,
        ends_at=data.ends_at,
        venue=data.venue.strip(),
        agenda=data.agenda.strip(),
        proposals_open_on=data.proposals_open_on,
        proposals_close_on=data.proposals_close_on,
        created_by=actor,
    )
    congresses_event(
        subject=session, actor=actor, action=SessionAction.CREATED, to_state=SessionStatus.PLANNED
    )
    if petition is not None:
        petition.status, petition.session = PetitionStatus.CONVENED, session
        petition.save(update_fields=["status", "session", "updated_at"])
        congresses_event(
            subject=petition,
            actor=actor,
            action=_action("PETITION_CONVENED"),
            from_state=PetitionStatus.REACHED,
            to_state=PetitionStatus.CONVENED,
            note=session.title,
        )
    _audit(actor, f"筹备会议：{congress} {session.title}", session, congress.org_id)
    return session


@transaction.atomic
def session_update(*, session: CongressSession, data: SessionInput, actor: Actor) -> CongressSession:
    _require_manage(actor, session.congress)
    _clean(data)
    locked = lock(CongressSession, pk=session.pk)
    if locked.status == SessionStatus.CLOSED:
        raise ValidationError("会议已闭幕，不能再修改")
    locked.title, locked.starts_at, locked.ends_at = data.title.strip(), data.starts_at, data.ends_at
    locked.venue, locked.agenda = data.venue.strip(), data.agenda.strip()
    locked.proposals_open_on, locked.proposals_close_on = data.proposals_open_on, data.proposals_close_on
    locked.save(
        update_fields=[
            "title",
            "starts_at",
            "ends_at",
            "venue",
            "agenda",
            "proposals_open_on",
            "proposals_close_on",
            "updated_at",
        ]
    )
    congresses_event(subject=locked, actor=actor, action=SessionAction.EDITED)
    return locked


def session_attach(*, session: CongressSession, upload: UploadedFile[bytes], actor: Actor) -> Attachment:
    """会议文件 (the reports and drafts put to the session)."""
    _require_manage(actor, session.congress)
    with transaction.atomic():
        attachment = attachment_save(owner=session, org=session.congress.org, upload=upload, actor=actor)
        congresses_event(
            subject=session, actor=actor, action=_action("DOCUMENT_ADDED"), note=attachment.original_name
        )
    return attachment


@transaction.atomic
def session_detach(*, session: CongressSession, attachment_id: Any, actor: Actor) -> None:
    _require_manage(actor, session.congress)
    attachment = attachments_of(session).filter(public_id=attachment_id).first()
    if attachment is None:
        raise ValidationError("没有找到该会议文件")
    name = attachment.original_name
    attachment.delete()
    congresses_event(subject=session, actor=actor, action=_action("DOCUMENT_REMOVED"), note=name)


@transaction.atomic
def session_open(*, session: CongressSession, actor: Actor) -> CongressSession:
    """开幕: check-ins count from now on toward the quorum shown live; votes may be taken."""
    _require_manage(actor, session.congress)
    locked = lock(CongressSession, pk=session.pk)
    if locked.status != SessionStatus.PLANNED:
        raise ValidationError("只有筹备中的会议可以开幕")
    locked.status = SessionStatus.IN_SESSION
    locked.save(update_fields=["status", "updated_at"])
    congresses_event(
        subject=locked,
        actor=actor,
        action=SessionAction.OPENED,
        from_state=SessionStatus.PLANNED,
        to_state=SessionStatus.IN_SESSION,
    )
    return locked


@transaction.atomic
def session_close(*, session: CongressSession, actor: Actor, summary: str = "") -> CongressSession:
    """闭幕: refused while a secret ballot is still open."""
    _require_manage(actor, session.congress)
    locked = lock(CongressSession, pk=session.pk)
    if locked.status != SessionStatus.IN_SESSION:
        raise ValidationError("只有进行中的会议可以闭幕")
    if Motion.objects.filter(session=locked, status=MotionStatus.VOTING).exists():
        raise ValidationError("还有正在进行的无记名投票，请先结束投票")
    locked.status = SessionStatus.CLOSED
    fields = ["status", "updated_at"]
    if summary.strip():
        locked.summary = summary.strip()
        fields.append("summary")
    locked.save(update_fields=fields)
    congresses_event(
        subject=locked,
        actor=actor,
        action=SessionAction.CLOSED,
        from_state=SessionStatus.IN_SESSION,
        to_state=SessionStatus.CLOSED,
    )
    return locked


# --- motions ----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class MotionInput:
    title: str
    description: str = ""
    ballot_kind: str = BallotKind.OPEN
    sort_order: int | None = None


@transaction.atomic
def motion_create(*, session: CongressSession, data: MotionInput, actor: Actor) -> Motion:
    _require_manage(actor, session.congress)
    locked = lock(CongressSession, pk=session.pk)
    if locked.status == SessionStatus.CLOSED:
        raise ValidationError("会议已闭幕，不能再增加表决事项")
    if not data.title.strip():
        raise ValidationError({"title": "请填写表决事项"})
    order = data.sort_order
    if order is None:
        order = (Motion.objects.filter(session=locked).count() + 1) * 10
    motion = Motion.objects.create(
        session=locked,
        title=data.title.strip(),
        description=data.description.strip(),
        ballot_kind=data.ballot_kind,
        sort_order=order,
    )
    congresses_event(subject=locked, actor=actor, action=_action("MOTION_ADDED"), note=motion.title)
    return motion


@transaction.atomic
def motion_update(*, motion: Motion, data: MotionInput, actor: Actor) -> Motion:
    _require_manage(actor, motion.session.congress)
    locked = lock(Motion, pk=motion.pk)
    if locked.status != MotionStatus.DRAFT:
        raise ValidationError("已开始表决的事项不能修改")
    if not data.title.strip():
        raise ValidationError({"title": "请填写表决事项"})
    locked.title, locked.description, locked.ballot_kind = (
        data.title.strip(),
        data.description.strip(),
        data.ballot_kind,
    )
    if data.sort_order is not None:
        locked.sort_order = data.sort_order
    locked.save(update_fields=["title", "description", "ballot_kind", "sort_order", "updated_at"])
    congresses_event(subject=motion.session, actor=actor, action=_action("MOTION_EDITED"), note=locked.title)
    return locked


@transaction.atomic
def motion_delete(*, motion: Motion, actor: Actor) -> None:
    _require_manage(actor, motion.session.congress)
    locked = lock(Motion, pk=motion.pk)
    if locked.status != MotionStatus.DRAFT:
        raise ValidationError("已开始表决的事项不能删除")
    title = locked.title
    locked.delete()
    congresses_event(subject=motion.session, actor=actor, action=_action("MOTION_REMOVED"), note=title)


def _require_in_session(motion: Motion) -> None:
    if motion.session.status != SessionStatus.IN_SESSION:
        raise ValidationError("会议开幕后才能表决")


def _decide(motion: Motion, votes_for: int, against: int, abstain: int, electorate: int) -> None:
    motion.votes_for, motion.votes_against, motion.votes_abstain = votes_for, against, abstain
    motion.electorate = electorate
    motion.passed = rules.motion_passes(votes_for, electorate)
    motion.status = MotionStatus.DECIDED
    motion.decided_at = timezone.now()
    motion.save(
        update_fields=[
            "votes_for",
            "votes_against",
            "votes_abstain",
            "electorate",
            "passed",
            "status",
            "decided_at",
            "updated_at",
        ]
    )


def _result_note(motion: Motion) -> str:
    verdict = "通过" if motion.passed else "未通过"
    return (
        f"{motion.title}：应到{motion.electorate}人，赞成{motion.votes_for}、反对{motion.votes_against}、"
        f"弃权{motion.votes_abstain}，{verdict}"
    )


@transaction.atomic
def motion_record_open(
    *, motion: Motion, votes_for: int, votes_against: int, votes_abstain: int, actor: Actor
) -> Motion:
    """举手表决: the 计票人's counts. The votes cast cannot exceed those present (full delegates checked in, all
    staff checked in in 大会 mode); passed when more than half of the whole electorate agrees."""
    _require_manage(actor, motion.session.congress)
    locked = lock(Motion, related=("session", "session__congress"), pk=motion.pk)
    if locked.ballot_kind != BallotKind.OPEN:
        raise ValidationError("无记名投票的事项请在投票结束后自动计票")
    if locked.status != MotionStatus.DRAFT:
        raise ValidationError("该事项已经表决")
    _require_in_session(locked)
    if min(votes_for, votes_against, votes_abstain) < 0:
        raise ValidationError({"votes_for": "票数不能为负数"})
    quorum = sel.session_quorum(locked.session)
    cast = votes_for + votes_against + votes_abstain
    if cast > quorum.present:
        raise ValidationError(
            {"votes_for": f"赞成、反对、弃权合计{cast}票，超过了实到人数{quorum.present}人，请核对"}
        )
    if not quorum.reached:
        raise ValidationError(
            f"实到{quorum.present}人，未达到应到人数的三分之二（{quorum.needed}人），不能表决"
        )
    _decide(locked, votes_for, votes_against, votes_abstain, quorum.electorate)
    congresses_event(
        subject=locked.session, actor=actor, action=SessionAction.MOTION_DECIDED, note=_result_note(locked)
    )
    _audit(actor, f"录入表决结果：{_result_note(locked)}", locked, locked.session.congress.org_id)
    return locked


@transaction.atomic
def motion_ballot_open(*, motion: Motion, actor: Actor) -> Motion:
    """开始无记名投票: the electorate's members find the ballot on their phones (待填写 and the session page)."""
    _require_manage(actor, motion.session.congress)
    locked = lock(Motion, related=("session", "session__congress"), pk=motion.pk)
    if locked.ballot_kind != BallotKind.SECRET:
        raise ValidationError("举手表决的事项请直接录入票数")
    if locked.status != MotionStatus.DRAFT:
        raise ValidationError("该事项已开始表决")
    _require_in_session(locked)
    quorum = sel.session_quorum(locked.session)
    if not quorum.reached:
        raise ValidationError(
            f"实到{quorum.present}人，未达到应到人数的三分之二（{quorum.needed}人），不能表决"
        )
    locked.status, locked.electorate = MotionStatus.VOTING, quorum.electorate
    locked.save(update_fields=["status", "electorate", "updated_at"])
    responses.responses_open(owner=locked)
    congresses_event(subject=locked.session, actor=actor, action=_action("BALLOT_OPENED"), note=locked.title)
    _audit(actor, f"开始无记名投票：{locked.title}", locked, locked.session.congress.org_id)
    return locked


@transaction.atomic
def motion_ballot_close(*, motion: Motion, actor: Actor) -> Motion:
    """结束投票并计票: the store closes (the buffered answers are written shuffled), the three totals are counted
    into the motion; passed when more than half of the electorate fixed at the opening agreed."""
    _require_manage(actor, motion.session.congress)
    locked = lock(Motion, related=("session", "session__congress"), pk=motion.pk)
    if locked.status != MotionStatus.VOTING:
        raise ValidationError("该事项不在投票中")
    responses.responses_close(owner=locked, actor=actor)
    votes_for, against, abstain = sel.ballot_tally(locked)
    _decide(locked, votes_for, against, abstain, locked.electorate)
    congresses_event(
        subject=locked.session, actor=actor, action=SessionAction.MOTION_DECIDED, note=_result_note(locked)
    )
    return locked


def motion_vote(*, motion: Motion, member: Member, choice: str) -> Participation:
    """A member's secret vote. Not atomic on purpose: `response_submit` records the participation and the answer in
    two separate transactions so that no stored row links the member to the choice."""
    if choice not in sel.VOTE_OPTIONS:
        raise ValidationError({"choice": "请选择赞成、反对或弃权"})
    current = Motion.objects.filter(pk=motion.pk).values_list("status", "ballot_kind").first()
    if current is None or current[1] != BallotKind.SECRET or current[0] != MotionStatus.VOTING:
        raise ValidationError("该事项现在不在投票中")
    return responses.response_submit(owner=motion, member=member, answers={sel.VOTE_QUESTION: choice})


@transaction.atomic
def resolution_publish(*, motion: Motion, resolution: str, actor: Actor) -> Motion:
    """公布决议 to the unit's staff (the portal session page shows it)."""
    _require_manage(actor, motion.session.congress)
    locked = lock(Motion, related=("session", "session__congress"), pk=motion.pk)
    if locked.status != MotionStatus.DECIDED:
        raise ValidationError("表决后才能公布决议")
    if not resolution.strip():
        raise ValidationError({"resolution": "请填写决议内容"})
    first = locked.published_at is None
    locked.resolution = resolution.strip()
    locked.published_at = locked.published_at or timezone.now()
    locked.save(update_fields=["resolution", "published_at", "updated_at"])
    congresses_event(
        subject=locked.session,
        actor=actor,
        action=SessionAction.RESOLUTION_PUBLISHED if first else SessionAction.EDITED,
        note=locked.title,
    )
    _audit(actor, f"公布决议：{locked.title}", locked, locked.session.congress.org_id)
    return locked


# --- petitions for an extraordinary session ---------------------------------------------------------------------
def _full_seat(congress: Congress, member: Member) -> Any:
    seat = seats.seat_in(congress, member)
    if seat is None or seat.role != DelegateRole.FULL or not congress.is_current:
        raise PermissionDenied("只有本届正式代表可以提议或联名")
    return seat


def _check_threshold(petition: SessionPetition, actor: Any) -> None:
    signed = PetitionSignature.objects.filter(petition=petition).count()
    threshold = rules.petition_threshold(seats.full_delegates(petition.congress).count())
    if petition.status != PetitionStatus.COLLECTING or signed < threshold:
        return
    petition.status, petition.reached_at = PetitionStatus.REACHED, timezone.now()
    petition.save(update_fields=["status", "reached_at", "updated_at"])
    congresses_event(
        subject=petition,
        actor=actor,
        action=_action("PETITION_REACHED"),
        from_state=PetitionStatus.COLLECTING,
        to_state=PetitionStatus.REACHED,
        note=f"{signed}名代表联名（三分之一为{threshold}人）",
    )
    recipients = _managers_of(petition.congress.org)
    if recipients:
        notify(
            recipients=recipients,
            title=f"临时会议提议已达三分之一代表联名：{petition.congress}",
            body=f"{signed}名正式代表联名提议召开临时会议，事由：{petition.reason[:60]}",
            url=reverse("congresses:petition_list") + "?status=reached",
            category=CATEGORY,
        )


@transaction.atomic
def petition_start(*, congress: Congress, member: Member, reason: str, actor: Actor) -> SessionPetition:
    """A full delegate proposes an extraordinary session (and is its first signature)."""
    seat = _full_seat(congress, member)
    if not reason.strip():
        raise ValidationError({"reason": "请填写提议召开临时会议的事由"})
    if SessionPetition.objects.filter(
        congress=congress, started_by=seat, status=PetitionStatus.COLLECTING
    ).exists():
        raise ValidationError("您已有一项正在征集联名的提议")
    petition = SessionPetition.objects.create(congress=congress, reason=reason.strip(), started_by=seat)
    PetitionSignature.objects.create(petition=petition, delegate=seat)
    congresses_event(
        subject=petition, actor=actor, action=_action("PETITION_STARTED"), to_state=PetitionStatus.COLLECTING
    )
    _check_threshold(petition, actor)
    return petition


@transaction.atomic
def petition_sign(*, petition: SessionPetition, member: Member, actor: Actor) -> SessionPetition:
    locked = lock(SessionPetition, related=("congress", "congress__org"), pk=petition.pk)
    seat = _full_seat(locked.congress, member)
    if locked.status not in (PetitionStatus.COLLECTING, PetitionStatus.REACHED):
        raise ValidationError("该提议已不再征集联名")
    if PetitionSignature.objects.filter(petition=locked, delegate=seat).exists():
        raise ValidationError("您已联名")
    PetitionSignature.objects.create(petition=locked, delegate=seat)
    congresses_event(subject=locked, actor=actor, action=_action("PETITION_SIGNED"))
    _check_threshold(locked, actor)
    return locked


@transaction.atomic
def petition_withdraw(*, petition: SessionPetition, member: Member, actor: Actor) -> SessionPetition:
    locked = lock(SessionPetition, related=("congress", "started_by"), pk=petition.pk)
    if locked.started_by.member_id != member.pk:
        raise PermissionDenied("只有发起代表可以撤回提议")
    if locked.status != PetitionStatus.COLLECTING:
        raise ValidationError("只有征集联名中的提议可以撤回")
    locked.status = PetitionStatus.WITHDRAWN
    locked.save(update_fields=["status", "updated_at"])
    congresses_event(
        subject=locked,
        actor=actor,
        action=_action("PETITION_WITHDRAWN"),
        from_state=PetitionStatus.COLLECTING,
        to_state=PetitionStatus.WITHDRAWN,
    )
    return locked
