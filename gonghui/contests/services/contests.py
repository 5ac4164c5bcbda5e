"""Writes of the organiser: a contest (create, edit, start, finish), its groups (组别) and rounds (赛段) with each
round's entry quota (a quotas set owned by the round). Keyword-only, actor explicit, one transaction each: a state
change writes the contest's timeline row (`events.contest_event`), an edit of its setup an audit row. Finishing a
contest ends every live outside-account grant on it (`accounts.services.object_grants_end`)."""

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from gonghui.accounts.actors import Actor
from gonghui.accounts.scoping import has_action
from gonghui.accounts.services import object_grants_end
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.choices import AuditAction
from gonghui.core.locking import lock
from gonghui.members.selectors.filters import MemberFilter
from gonghui.orgs.models import Org
from gonghui.quotas.services import quota_set_create, quota_set_update

from ..choices import AwardBasis, ContestAction, ContestStatus, EntryKind, RoundStatus
from ..events import contest_event
from ..models import Contest, ContestGroup, ContestRound
from ..object_grants import contest_closes_at
from ..permissions import MANAGE, can_organise

CO_ORGANISER_MAX = 50
TEAM_SIZE_MIN, TEAM_SIZE_MAX = 2, 20
AWARD_LEVEL_MAX = 50


# ---- checks shared by the services ------------------------------------------------------------------------------


def _require_organiser(actor: Actor, contest: Contest) -> None:
    if not can_organise(actor, contest):
        raise PermissionDenied


def _require_not_finished(contest: Contest) -> None:
    if contest.status == ContestStatus.FINISHED:
        raise ValidationError("竞赛已结束，不能再修改")


def clean_co_organisers(names: Iterable[str]) -> list[str]:
    """The co-organisers' names stripped, blanks dropped, each once (in the order given), each at most 50 chars."""
    cleaned = list(dict.fromkeys(name.strip() for name in names if name and name.strip()))
    too_long = [name for name in cleaned if len(name) > CO_ORGANISER_MAX]
    if too_long:
        raise ValidationError(
            {"co_organisers": f"联合主办单位名称不能超过 {CO_ORGANISER_MAX} 个字：{too_long[0][:20]}…"}
        )
    return cleaned


def _contest_fields(
    *, title: str, year: int, closes_on: dt.date, check_closes_on: bool, co_organisers: Iterable[str]
) -> tuple[str, list[str]]:
    errors: dict[str, str] = {}
    title = title.strip()
    if not title:
        errors["title"] = "请填写竞赛名称"
    elif len(title) > 200:
        errors["title"] = "竞赛名称不能超过 200 个字"
    if not 2000 <= year <= 2100:
        errors["year"] = "年度应为 2000 至 2100 之间的年份"
    if check_closes_on and closes_on < timezone.localdate():
        errors["closes_on"] = "结束日期不能早于今天"
    try:
        names = clean_co_organisers(co_organisers)
    except ValidationError as exc:
        errors.update({field: str(messages[0]) for field, messages in exc.message_dict.items()})
        names = []
    if errors:
        raise ValidationError(errors)
    return title, names


# ---- the contest ------------------------------------------------------------------------------------------------


@transaction.atomic
def contest_create(
    *,
    org: Org,
    title: str,
    year: int,
    closes_on: dt.date,
    actor: Actor,
    co_organisers: Iterable[str] = (),
    description: str = "",
    eligibility: MemberFilter | None = None,
) -> Contest:
    """A new contest (筹备中) organised by `org`, which the actor must manage. `eligibility` is the member filter
    every entrant must match (none: every member holding membership)."""
    if not has_action(actor, MANAGE, org):
        raise PermissionDenied
    title, names = _contest_fields(
        title=title, year=year, closes_on=closes_on, check_closes_on=True, co_organisers=co_organisers
    )
    contest = Contest.objects.create(
        org=org,
        title=title,
        year=year,
        closes_on=closes_on,
        co_organisers=names,
        description=description.strip(),
        eligibility=(eligibility or MemberFilter()).as_dict(),
        created_by=actor,
    )
    contest_event(contest=contest, actor=actor, action=ContestAction.CREATE)
    return contest


@transaction.atomic
def contest_update(
    *,
    contest: Contest,
    title: str,
    year: int,
    closes_on: dt.date,
    actor: Actor,
    co_organisers: Iterable[str] = (),
    description: str = "",
    eligibility: MemberFilter | None = None,
    context: AuditContext | None = None,
) -> Contest:
    """Edit a contest while it is being prepared or runs (not once finished). A 结束日期 moved earlier brings the
    outside accounts' grants on it forward to the new end."""
    _require_organiser(actor, contest)
    contest = lock(Contest, pk=contest.pk, related=("org",))
    _require_not_finished(contest)
    title, names = _contest_fields(
        title=title,
        year=year,
        closes_on=closes_on,
        check_closes_on=closes_on != contest.closes_on,
        co_organisers=co_organisers,
    )
    earlier = closes_on < contest.closes_on
    before = {"title": contest.title, "closes_on": contest.closes_on.isoformat()}
    contest.title, contest.year, contest.closes_on = title, year, closes_on
    contest.co_organisers = names
    contest.description = description.strip()
    contest.eligibility = (eligibility or MemberFilter()).as_dict()
    contest.save(
        update_fields=[
            "title",
            "year",
            "closes_on",
            "co_organisers",
            "description",
            "eligibility",
            "updated_at",
        ]
    )
    if earlier:
        object_grants_end(obj=contest, actor=actor, at=contest_closes_at(contest), reason="竞赛结束日期提前")
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        context=context,
        subject=contest,
        org_id=contest.org_id,
        summary=f"修改竞赛「{title}」",
        detail={"before": before, "after": {"title": title, "closes_on": closes_on.isoformat()}},
    )
    return contest


@transaction.atomic
def contest_start(*, contest: Contest, actor: Actor) -> Contest:
    """筹备中 → 进行中, once it has at least one group and one round: unions may enter their members."""
    _require_organiser(actor, contest)
    contest = lock(Contest, pk=contest.pk)
    if contest.status != ContestStatus.DRAFT:
        raise ValidationError("只有筹备中的竞赛可以开始")
    errors = []
    if not ContestGroup.objects.filter(contest=contest).exists():
        errors.append("请先添加至少一个组别")
    if not ContestRound.objects.filter(contest=contest).exists():
        errors.append("请先添加至少一个赛段")
    if contest.closes_on < timezone.localdate():
        errors.append("竞赛结束日期已过，请先修改结束日期")
    if errors:
        raise ValidationError(errors)
    contest.status = ContestStatus.RUNNING
    contest.save(update_fields=["status", "updated_at"])
    contest_event(contest=contest, actor=actor, action=ContestAction.START, from_state=ContestStatus.DRAFT)
    return contest


@transaction.atomic
def contest_finish(*, contest: Contest, actor: Actor) -> Contest:
    """进行中 → 已结束: nothing changes any more and every live outside-account grant on the contest ends now."""
    _require_organiser(actor, contest)
    contest = lock(Contest, pk=contest.pk)
    if contest.status != ContestStatus.RUNNING:
        raise ValidationError("只有进行中的竞赛可以结束")
    contest.status = ContestStatus.FINISHED
    contest.save(update_fields=["status", "updated_at"])
    ended = object_grants_end(obj=contest, actor=actor, reason="竞赛已结束")
    contest_event(
        contest=contest,
        actor=actor,
        action=ContestAction.FINISH,
        from_state=ContestStatus.RUNNING,
        note=f"{ended} 个外部账号授权随之结束" if ended else "",
    )
    return contest


# ---- groups -----------------------------------------------------------------------------------------------------


@transaction.atomic
def group_add(
    *, contest: Contest, name: str, entry_kind: str, team_size_max: int, actor: Actor
) -> ContestGroup:
    """A group (组别) of the contest: an individual group takes one person per entry, a team group 2–20."""
    _require_organiser(actor, contest)
    contest = lock(Contest, pk=contest.pk)
    _require_not_finished(contest)
    name = name.strip()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "请填写组别名称"
    elif len(name) > 100:
        errors["name"] = "组别名称不能超过 100 个字"
    elif ContestGroup.objects.filter(contest=contest, name=name).exists():
        errors["name"] = f"本竞赛已有组别「{name}」"
    if entry_kind not in EntryKind.values:
        errors["entry_kind"] = "请选择参赛形式"
    elif entry_kind == EntryKind.TEAM and not TEAM_SIZE_MIN <= team_size_max <= TEAM_SIZE_MAX:
        errors["team_size_max"] = f"团体赛每队人数上限须在 {TEAM_SIZE_MIN} 到 {TEAM_SIZE_MAX} 人之间"
    if errors:
        raise ValidationError(errors)
    last = ContestGroup.objects.filter(contest=contest).aggregate(last=Max("order"))["last"]
    group = ContestGroup.objects.create(
        contest=contest,
        name=name,
        entry_kind=entry_kind,
        team_size_max=team_size_max if entry_kind == EntryKind.TEAM else 1,
        order=0 if last is None else last + 1,
    )
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        subject=contest,
        org_id=contest.org_id,
        summary=f"竞赛「{contest.title}」添加组别「{name}」（{group.get_entry_kind_display()}）",
    )
    return group


@transaction.atomic
def group_remove(*, group: ContestGroup, actor: Actor) -> None:
    """Remove a group that has no entry yet (one with entries stays: its entries belong to it)."""
    contest = group.contest
    _require_organiser(actor, contest)
    contest = lock(Contest, pk=contest.pk)
    _require_not_finished(contest)
    if group.entries.exists():
        raise ValidationError(f"组别「{group.name}」已有参赛报名，不能删除")
    name = group.name
    group.delete()
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        subject=contest,
        org_id=contest.org_id,
        summary=f"竞赛「{contest.title}」删除组别「{name}」",
    )


# ---- rounds -----------------------------------------------------------------------------------------------------


def _positive_whole(text: str) -> int | None:
    return int(text) if text.isdigit() and int(text) >= 1 else None


def _share(text: str) -> Decimal | None:
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() and Decimal(0) < value <= Decimal(1) else None


def clean_award_rules(rules: Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    """Award levels in order: each {"level": "一等奖", "basis": "count"|"share", "value": "1"|"0.1"} with a
    non-empty level named once, a whole number ≥ 1 for a count and 0 < share ≤ 1 for a share. Errors name the row
    (第 N 行) on `award_rules`."""
    cleaned: list[dict[str, str]] = []
    seen: set[str] = set()
    for number, rule in enumerate(rules, start=1):
        level = str(rule.get("level") or "").strip()
        basis = str(rule.get("basis") or "").strip()
        text = str(rule.get("value") or "").strip()
        problem = ""
        if not level:
            problem = "请填写奖项名称"
        elif len(level) > AWARD_LEVEL_MAX:
            problem = f"奖项名称不能超过 {AWARD_LEVEL_MAX} 个字"
        elif level in seen:
            problem = f"奖项「{level}」重复"
        elif basis not in AwardBasis.values:
            problem = "评定方式应为“按名次”或“按比例”"
        elif basis == AwardBasis.COUNT and _positive_whole(text) is None:
            problem = "按名次评定时，人数须为不小于 1 的整数"
        elif basis == AwardBasis.SHARE and _share(text) is None:
            problem = "按比例评定时，比例须大于 0 且不超过 1（如 0.1）"
        if problem:
            raise ValidationError({"award_rules": f"第 {number} 行：{problem}"})
        seen.add(level)
        value = str(_positive_whole(text)) if basis == AwardBasis.COUNT else format(_share(text), "f")
        cleaned.append({"level": level, "basis": basis, "value": value})
    return cleaned


def _round_fields(
    *,
    contest: Contest,
    name: str,
    entry_deadline: dt.datetime,
    check_deadline: bool,
    quota_total: int | None,
    promote_count: int | None,
    promote_share: Decimal | None,
    award_rules: Sequence[Mapping[str, Any]],
) -> tuple[str, list[dict[str, str]]]:
    errors: dict[str, str] = {}
    name = name.strip()
    if not name:
        errors["name"] = "请填写赛段名称"
    elif len(name) > 100:
        errors["name"] = "赛段名称不能超过 100 个字"
    if check_deadline and entry_deadline <= timezone.now():
        errors["entry_deadline"] = "报名截止时间须晚于现在"
    elif entry_deadline > contest_closes_at(contest):
        errors["entry_deadline"] = f"报名截止时间不能晚于竞赛结束日期 {contest.closes_on:%Y-%m-%d}"
    if quota_total is not None and quota_total < 1:
        errors["quota_total"] = "报名名额至少为 1"
    if promote_count is not None and promote_share is not None:
        errors["promote_share"] = "每组晋级人数和晋级比例只能填写一项"
    elif promote_count is not None and promote_count < 1:
        errors["promote_count"] = "每组晋级人数至少为 1"
    elif promote_share is not None and not Decimal(0) < promote_share <= Decimal(1):
        errors["promote_share"] = "每组晋级比例须大于 0 且不超过 1（如 0.3）"
    try:
        rules = clean_award_rules(award_rules)
    except ValidationError as exc:
        errors.update({field: str(messages[0]) for field, messages in exc.message_dict.items()})
        rules = []
    if errors:
        raise ValidationError(errors)
    return name, rules


def _quota_title(contest: Contest, name: str) -> str:
    return f"{contest.title}·{name}报名名额"


def _on_round_fields(exc: ValidationError) -> ValidationError:
    """A quotas error on the round's form: the set's `total` is the round's `quota_total`."""
    if not hasattr(exc, "error_dict"):
        return exc
    renamed = {"total": "quota_total", "title": "name"}
    return ValidationError(
        {
            renamed.get(field, field): [str(m) for m in messages]
            for field, messages in exc.message_dict.items()
        }
    )


@transaction.atomic
def round_add(
    *,
    contest: Contest,
    name: str,
    entry_deadline: dt.datetime,
    actor: Actor,
    quota_total: int | None = None,
    promote_count: int | None = None,
    promote_share: Decimal | None = None,
    award_rules: Sequence[Mapping[str, Any]] = (),
) -> ContestRound:
    """The next round (its level follows the last). With `quota_total` the round gets its entry quota: a quotas set
    of the organising union owned by the round, allocated to the unions below on the quotas pages. Promotion is
    the first `promote_count` or `promote_share` of each group (neither: nobody is promoted, the last round)."""
    _require_organiser(actor, contest)
    contest = lock(Contest, pk=contest.pk)
    _require_not_finished(contest)
    name, rules = _round_fields(
        contest=contest,
        name=name,
        entry_deadline=entry_deadline,
        check_deadline=True,
        quota_total=quota_total,
        promote_count=promote_count,
        promote_share=promote_share,
        award_rules=award_rules,
    )
    last = ContestRound.objects.filter(contest=contest).aggregate(last=Max("level"))["last"]
    contest_round = ContestRound.objects.create(
        contest=contest,
        level=(last or 0) + 1,
        name=name,
        entry_deadline=entry_deadline,
        promote_count=promote_count,
        promote_share=promote_share,
        award_rules=rules,
    )
    if quota_total is not None:
        contest_round.quota_set = quota_set_create(
            org=contest.org,
            title=_quota_title(contest, name),
            total=quota_total,
            owner=contest_round,
            actor=actor,
        )
        contest_round.save(update_fields=["quota_set", "updated_at"])
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        subject=contest,
        org_id=contest.org_id,
        summary=f"竞赛「{contest.title}」添加第 {contest_round.level} 轮赛段「{name}」",
    )
    return contest_round


@transaction.atomic
def round_update(
    *,
    contest_round: ContestRound,
    name: str,
    entry_deadline: dt.datetime,
    actor: Actor,
    quota_total: int | None = None,
    promote_count: int | None = None,
    promote_share: Decimal | None = None,
    award_rules: Sequence[Mapping[str, Any]] = (),
) -> ContestRound:
    """Edit a round while it takes entries. A changed quota total goes through the quotas block (never below what
    is already allocated); a quota once set stays (its places may be in use)."""
    contest = contest_round.contest
    _require_organiser(actor, contest)
    contest = lock(Contest, pk=contest.pk)
    _require_not_finished(contest)
    contest_round = lock(ContestRound, pk=contest_round.pk, related=("quota_set",))
    if contest_round.status != RoundStatus.ENTERING:
        raise ValidationError("该赛段已开始评审，不能再修改")
    name, rules = _round_fields(
        contest=contest,
        name=name,
        entry_deadline=entry_deadline,
        check_deadline=entry_deadline != contest_round.entry_deadline,
        quota_total=quota_total,
        promote_count=promote_count,
        promote_share=promote_share,
        award_rules=award_rules,
    )
    quota_set = contest_round.quota_set
    if quota_set is not None and quota_total is None:
        raise ValidationError({"quota_total": "已设置报名名额，不能取消；可修改名额总数"})
    contest_round.name, contest_round.entry_deadline = name, entry_deadline
    contest_round.promote_count, contest_round.promote_share = promote_count, promote_share
    contest_round.award_rules = rules
    if quota_set is not None and quota_total is not None:
        if quota_total != quota_set.total or quota_set.title != _quota_title(contest, name):
            try:
                quota_set_update(
                    quota_set=quota_set,
                    title=_quota_title(contest, name),
                    total=quota_total,
                    issuer=quota_set.issuer,
                    received_reference=quota_set.received_reference,
                    actor=actor,
                )
            except ValidationError as exc:
                raise _on_round_fields(exc) from exc
    elif quota_total is not None:
        contest_round.quota_set = quota_set_create(
            org=contest.org,
            title=_quota_title(contest, name),
            total=quota_total,
            owner=contest_round,
            actor=actor,
        )
    contest_round.save(
        update_fields=[
            "name",
            "entry_deadline",
            "promote_count",
            "promote_share",
            "award_rules",
            "quota_set",
            "updated_at",
        ]
    )
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        subject=contest,
        org_id=contest.org_id,
        summary=f"竞赛「{contest.title}」修改第 {contest_round.level} 轮赛段「{name}」",
    )
    return contest_round
