"""报名: a union enters its members in the first round of a running contest (within its quota of the round, when the
round has a quota set), replaces a person or withdraws the entry until the deadline; each person confirms on the
portal (本人确认). Every write is one transaction with its timeline row (`events.entry_event`); the people hear of it
in 消息 (`notifications.notify`)."""

import dataclasses
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.actors import Actor
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.choices import AuditAction
from gonghui.core.excel import SheetSpec, workbook_bytes
from gonghui.core.locking import lock
from gonghui.members.choices import HOLDING_STATUSES
from gonghui.members.models import Member
from gonghui.members.selectors.filters import MemberFilter, member_filter_describe, member_filter_matches
from gonghui.notifications.services import notify
from gonghui.orgs.models import Org
from gonghui.quotas.selectors import allocation_of
from gonghui.quotas.services import quota_release_for_owner, quota_use

from ..choices import ContestStatus, EntryAction, EntryKind, EntryStatus, RoundStatus
from ..events import entry_event
from ..models import ContestGroup, ContestRound, Entry, EntryMember
from ..permissions import can_enter_for, can_handle_entry
from ..selectors.entries import entries_export_rows, format_deadline, receipt_number

NO_QUOTA = "本单位没有本赛段的报名名额"


# ---- rules shared by the writes ---------------------------------------------------------------------------------


def _require_entering(contest_round: ContestRound) -> None:
    """The round takes entries and changes: the contest runs, the round is 报名中 and its deadline not passed."""
    if contest_round.contest.status != ContestStatus.RUNNING:
        raise ValidationError(_("竞赛不在进行中，不能报名或变更"))
    if contest_round.status != RoundStatus.ENTERING:
        raise ValidationError(
            _("赛段「%(round)s」%(status)s，不能报名或变更")
            % {"round": contest_round.name, "status": contest_round.get_status_display()}
        )
    if timezone.now() >= contest_round.entry_deadline:
        raise ValidationError(
            _("赛段「%(round)s」的报名已于%(deadline)s截止")
            % {"round": contest_round.name, "deadline": format_deadline(contest_round.entry_deadline)}
        )


def _criteria(flt: MemberFilter) -> list[MemberFilter]:
    """The filter split into one filter per criterion (the union with its 含下级 switch stays one), so the one a
    person misses can be named."""
    default = MemberFilter()
    singles: list[MemberFilter] = []
    for field in dataclasses.fields(MemberFilter):
        if field.name == "include_descendants":
            continue
        value = getattr(flt, field.name)
        if value == getattr(default, field.name):
            continue
        extra: dict[str, Any] = {field.name: value}
        if field.name == "org":
            extra["include_descendants"] = flt.include_descendants
        singles.append(dataclasses.replace(default, **extra))
    return singles


def eligibility_refusal(eligibility: dict[str, Any], member: Member) -> str:
    """Why the member does not meet the contest's 参赛条件 ("" when they do): 「岗位类别须为教师」."""
    flt = MemberFilter.from_dict(eligibility)
    if member_filter_matches(flt, member):
        return ""
    missed = [
        f"{label}须为{values}"
        for single in _criteria(flt)
        if not member_filter_matches(single, member)
        for label, values in member_filter_describe(single)
    ]
    return "；".join(missed) or _("不符合参赛条件")


def _check_person(*, contest_round: ContestRound, entrant_org: Org, member: Member) -> None:
    """A person may be entered: holding membership, in the entrant union's subtree, matching the contest's
    参赛条件 and in no other live entry of the round. Each error names the person."""
    name = member.name
    if member.status not in HOLDING_STATUSES:
        raise ValidationError({"members": _("%(name)s不是在籍会员，不能报名") % {"name": name}})
    if not member.org.path.startswith(entrant_org.path):
        raise ValidationError(
            {
                "members": _("%(name)s不是%(org)s（含下级工会）的会员")
                % {"name": name, "org": entrant_org.name}
            }
        )
    refusal = eligibility_refusal(contest_round.contest.eligibility, member)
    if refusal:
        raise ValidationError(
            {"members": _("%(name)s不符合参赛条件：%(why)s") % {"name": name, "why": refusal}}
        )
    taken = (
        EntryMember.objects.filter(round=contest_round, member=member, active=True)
        .select_related("entry__entrant_org", "entry__group")
        .first()
    )
    if taken is not None:
        raise ValidationError(
            {
                "members": _("%(name)s已报名本赛段（%(org)s·%(group)s），同一赛段每人只能参加一项")
                % {"name": name, "org": taken.entry.entrant_org.name, "group": taken.entry.group.name}
            }
        )


def _add_person(*, entry: Entry, member: Member, is_leader: bool) -> EntryMember:
    """One live row; two concurrent entries of the same person meet the database constraint, reported by name."""
    try:
        with transaction.atomic():
            return EntryMember.objects.create(
                entry=entry, round_id=entry.round_id, member=member, is_leader=is_leader
            )
    except IntegrityError:
        raise ValidationError(
            {"members": _("%(name)s已报名本赛段，同一赛段每人只能参加一项") % {"name": member.name}}
        ) from None


def _what(entry: Entry) -> str:
    contest_round = entry.round
    return f"《{contest_round.contest.title}》{contest_round.name}·{entry.group.name}"


def _portal_url(entry: Entry) -> str:
    return reverse("contests_portal:my_entry", args=[entry.public_id])


def _tell_entered(entry: Entry, members: Sequence[Member]) -> None:
    users = [m.user for m in members if m.user is not None]
    if not users:
        return
    notify(
        recipients=users,
        title=_("竞赛报名待您确认"),
        body=_("您已被报名参加%(what)s，请于%(deadline)s前在“我的竞赛”确认")
        % {"what": _what(entry), "deadline": format_deadline(entry.round.entry_deadline)},
        url=_portal_url(entry),
        category="contests",
    )


# ---- 报名 --------------------------------------------------------------------------------------------------------


@transaction.atomic
def entry_create(
    *,
    contest_round: ContestRound,
    group: ContestGroup,
    entrant_org: Org,
    members: Sequence[Member],
    actor: Actor,
    title: str = "",
) -> Entry:
    """报名: `entrant_org` enters `members` (the first is the team's leader) in a round of a running contest that
    takes entries (`ContestRound.takes_entries`: the first, or a later one with its own quota) before its deadline; with a quota set on the round the union spends one of its places (「名额已用完」)."""
    contest_round = lock(ContestRound, pk=contest_round.pk, related=("contest", "contest__org"))
    contest = contest_round.contest
    if not can_enter_for(actor, entrant_org):
        raise PermissionDenied(_("无权为该单位报名"))
    _require_entering(contest_round)
    if not contest_round.takes_entries:
        raise ValidationError(
            _("本赛段的参赛名单由上一赛段晋级产生，不能直接报名（设置报名名额后可按名额推荐）")
        )
    if group.contest_id != contest.pk:
        raise ValidationError({"group": _("组别不属于本竞赛")})
    if not entrant_org.path.startswith(contest.org.path):
        raise ValidationError({"entrant_org": _("报名单位不在%(org)s范围内") % {"org": contest.org.name}})
    people = list(members)
    if not people:
        raise ValidationError({"members": _("请选择参赛人员")})
    if len({m.pk for m in people}) != len(people):
        raise ValidationError({"members": _("同一人不能重复添加")})
    if group.entry_kind == EntryKind.INDIVIDUAL and len(people) != 1:
        raise ValidationError({"members": _("个人赛每项报名只能有一名参赛人员")})
    if group.entry_kind == EntryKind.TEAM and len(people) > group.team_size_max:
        raise ValidationError(
            {
                "members": _("团体赛每队 1 至 %(n)s 人，已选 %(k)s 人")
                % {"n": group.team_size_max, "k": len(people)}
            }
        )
    allocation = None
    if contest_round.quota_set_id is not None:
        allocation = allocation_of(contest_round.quota_set, entrant_org)  # type: ignore[arg-type]
        if allocation is None:
            raise ValidationError({"entrant_org": NO_QUOTA})
    for member in people:
        _check_person(contest_round=contest_round, entrant_org=entrant_org, member=member)
    entry = Entry.objects.create(
        round=contest_round,
        group=group,
        entrant_org=entrant_org,
        title=title.strip(),
        status=EntryStatus.ENTERED,
        entered_by=actor,
    )
    if allocation is not None:
        try:
            quota_use(allocation=allocation, owner=entry, actor=actor)
        except ValidationError as exc:
            raise ValidationError(
                {
                    "entrant_org": _("%(org)s：%(why)s")
                    % {"org": entrant_org.name, "why": "；".join(exc.messages)}
                }
            ) from None
    for index, member in enumerate(people):
        _add_person(entry=entry, member=member, is_leader=index == 0)
    entry_event(entry=entry, actor=actor, action=EntryAction.ENTER, note="、".join(m.name for m in people))
    _tell_entered(entry, people)
    return entry


def _lock_entry(entry: Entry) -> Entry:
    return lock(
        Entry,
        pk=entry.pk,
        related=("round", "round__contest", "group", "entrant_org"),
    )


@transaction.atomic
def entry_replace(
    *, entry: Entry, old_member: Member, new_member: Member, actor: Actor, reason: str
) -> Entry:
    """换人 until the deadline: the old person's row turns inactive, the new one takes their place (as leader when
    the old one led), is checked like any entrant and must confirm again; the entry waits for confirmation."""
    entry = _lock_entry(entry)
    if not can_handle_entry(actor, entry):
        raise PermissionDenied(_("无权变更该报名"))
    if entry.status == EntryStatus.WITHDRAWN:
        raise ValidationError(_("该报名已退赛，不能换人"))
    _require_entering(entry.round)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("请填写换人原因")})
    old = EntryMember.objects.filter(entry=entry, member=old_member, active=True).first()
    if old is None:
        raise ValidationError({"old_member": _("%(name)s不在该报名中") % {"name": old_member.name}})
    if old_member.pk == new_member.pk:
        raise ValidationError({"new_member": _("换上的人员不能与换下的人员相同")})
    try:
        _check_person(contest_round=entry.round, entrant_org=entry.entrant_org, member=new_member)
    except ValidationError as exc:
        raise ValidationError({"new_member": exc.messages}) from None
    old.active = False
    old.save(update_fields=["active", "updated_at"])
    try:
        _add_person(entry=entry, member=new_member, is_leader=old.is_leader)
    except ValidationError as exc:
        raise ValidationError({"new_member": exc.messages}) from None
    before = entry.status
    entry.status = EntryStatus.ENTERED
    entry.save(update_fields=["status", "updated_at"])
    entry_event(
        entry=entry,
        actor=actor,
        action=EntryAction.REPLACE,
        from_state=before,
        note=_("%(old)s → %(new)s：%(reason)s")
        % {"old": old_member.name, "new": new_member.name, "reason": reason},
    )
    _tell_entered(entry, [new_member])
    if old_member.user is not None:
        notify(
            recipients=[old_member.user],
            title=_("竞赛报名已换人"),
            body=_("您在%(what)s的报名已由%(org)s更换为其他人员")
            % {"what": _what(entry), "org": entry.entrant_org.name},
            url=_portal_url(entry),
            category="contests",
        )
    return entry


@transaction.atomic
def entry_withdraw(*, entry: Entry, actor: Actor, reason: str) -> Entry:
    """退赛 until the deadline: the entry is withdrawn, its people inactive, its quota place given back."""
    entry = _lock_entry(entry)
    if not can_handle_entry(actor, entry):
        raise PermissionDenied(_("无权变更该报名"))
    if entry.status == EntryStatus.WITHDRAWN:
        raise ValidationError(_("该报名已退赛"))
    _require_entering(entry.round)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("请填写退赛原因")})
    users = [
        person.member.user
        for person in EntryMember.objects.filter(entry=entry, active=True).select_related("member__user")
        if person.member.user is not None
    ]
    EntryMember.objects.filter(entry=entry, active=True).update(active=False, updated_at=timezone.now())
    before = entry.status
    entry.status = EntryStatus.WITHDRAWN
    entry.save(update_fields=["status", "updated_at"])
    quota_release_for_owner(owner=entry, actor=actor)
    entry_event(entry=entry, actor=actor, action=EntryAction.WITHDRAW, from_state=before, note=reason)
    if users:
        notify(
            recipients=users,
            title=_("竞赛报名已退赛"),
            body=_("%(org)s已撤回您参加%(what)s的报名：%(reason)s")
            % {"org": entry.entrant_org.name, "what": _what(entry), "reason": reason},
            url=_portal_url(entry),
            category="contests",
        )
    return entry


@transaction.atomic
def entry_confirm(*, entry: Entry, user: Actor) -> Entry:
    """本人确认: the person confirms their own place before the deadline and gets a receipt in 消息; once every
    active person has confirmed, the entry is 已确认. Confirming twice changes nothing."""
    entry = _lock_entry(entry)
    person = (
        EntryMember.objects.filter(entry=entry, active=True, member__user=user)
        .select_related("member")
        .first()
    )
    if person is None:
        raise PermissionDenied(_("只能确认本人的报名"))
    if entry.status == EntryStatus.WITHDRAWN:
        raise ValidationError(_("该报名已退赛"))
    if person.confirmed_at is not None:
        return entry
    if timezone.now() >= entry.round.entry_deadline:
        raise ValidationError(
            _("确认截止时间（%(deadline)s）已过，请联系报名单位")
            % {"deadline": format_deadline(entry.round.entry_deadline)}
        )
    person.confirmed_at = timezone.now()
    person.save(update_fields=["confirmed_at", "updated_at"])
    before = entry.status
    if not EntryMember.objects.filter(entry=entry, active=True, confirmed_at__isnull=True).exists():
        entry.status = EntryStatus.CONFIRMED
        entry.save(update_fields=["status", "updated_at"])
    number = receipt_number(person)
    entry_event(
        entry=entry,
        actor=user,
        action=EntryAction.CONFIRM,
        from_state=before,
        note=_("%(name)s本人确认（回执编号 %(number)s）") % {"name": person.member.name, "number": number},
    )
    notify(
        recipients=[user],
        title=_("已确认参赛"),
        body=_("已确认参加%(what)s（回执编号 %(number)s）") % {"what": _what(entry), "number": number},
        url=_portal_url(entry),
        category="contests",
    )
    return entry


# ---- 导出 --------------------------------------------------------------------------------------------------------


EXPORT_HEADERS = (
    "序号",
    "报名单位",
    "组别",
    "参赛形式",
    "参赛项目",
    "参赛人员",
    "所在工会",
    "岗位/职称",
    "手机号",
    "本人确认",
    "状态",
    "报名时间",
)


def entries_export(
    *, contest_round: ContestRound, entries: Any, actor: Actor, context: AuditContext | None = None
) -> bytes:
    """报名名单 (xlsx, audited): one row per active person of the entries the caller may see (`entries`, from
    `selectors.entries.round_entries_for_user`); names and masked phones, never an ID number."""
    rows = entries_export_rows(entries)
    content = workbook_bytes(
        [
            SheetSpec(
                name="报名名单",
                headers=EXPORT_HEADERS,
                rows=rows,
                widths=(6, 24, 14, 8, 24, 10, 24, 14, 14, 10, 10, 18),
                notes=[f"{contest_round.contest.title} · {contest_round.name}"],
            )
        ]
    )
    audit_log(
        action=AuditAction.EXPORT,
        summary=_("导出报名名单：%(contest)s·%(round)s（%(n)s 人）")
        % {"contest": contest_round.contest.title, "round": contest_round.name, "n": len(rows)},
        actor=actor,
        context=context,
        subject=contest_round,
        org_id=contest_round.contest.org_id,
        detail={"rows": len(rows)},
    )
    return content
