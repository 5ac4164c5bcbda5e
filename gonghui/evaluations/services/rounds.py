"""Writes of part rounds: a round's life cycle and its 复核.

`round_create` makes a round of a published scheme for every active union of one level below the running union
(optionally of one unit category / industry), each with its 同类比较组 (level · industry). `round_assessors_add` adds
考核人 (cadres of the running union) as judges of the round's reviews round while it is prepared. `round_open_self`
computes the automatic scores, makes the reviews round (自评+考评 mode, owner: the round; its template made of the
scheme's manual indicators; one entry per target, owner: the target), opens it and tells each target union.
`round_open_assessment`, `round_open_recheck` (the 复核 window of N working days), `recheck_submit` /
`recheck_decide` (维持 or 调整 a score, the target refreshed and the round re-ranked), `round_freeze` (定档: final
refresh and ranks; nothing changes afterwards), `round_publish` (公示 to the targets) and `round_results_document`
(the results 通报 drafted from the round). Keyword-only, actor explicit, one transaction each with its timeline row;
every change needs evaluations.manage on the running union (a 复核申请: on the target union)."""

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.actors import Actor
from gonghui.accounts.models import User
from gonghui.calendars.workdays import add_workdays
from gonghui.core.locking import lock
from gonghui.documents.models import Document
from gonghui.documents.services import document_draft_from_record
from gonghui.notifications.services import notify
from gonghui.orgs.choices import Industry, OrgLevel, UnitCategory
from gonghui.orgs.models import Org
from gonghui.reviews import services as reviews
from gonghui.reviews.choices import RoundMode
from gonghui.reviews.choices import RoundStatus as ReviewStatus
from gonghui.reviews.models import ReviewRound
from gonghui.reviews.services import CriterionInput

from .. import computing, rules, scoring
from ..choices import EvaluationAction, RecheckStatus, RoundStatus, SchemeStatus, SelfStatus
from ..events import timeline_step
from ..models import EvaluationRound, EvaluationScheme, Indicator, Recheck, RoundTarget, Score
from ..permissions import can_manage_for
from ..selectors.rounds import RESULTS_TEMPLATE, assessor_candidates, managers_of, target_orgs

CATEGORY = "evaluations"
MAX_RECHECK_DAYS = 30


def _require_manage(actor: Actor, org: Org) -> None:
    if not can_manage_for(actor, org):
        raise PermissionDenied("无权管理该工会的考核")


def _locked(round_: EvaluationRound) -> EvaluationRound:
    return lock(EvaluationRound, pk=round_.pk, related=("org", "scheme"))


def _expect(round_: EvaluationRound, *allowed: str, doing: str) -> None:
    if round_.status not in allowed:
        raise ValidationError(f"考核当前为「{round_.get_status_display()}」，不能{doing}")


def _step(round_: EvaluationRound, actor: Actor, action: Any, from_state: str = "", note: str = "") -> None:
    timeline_step(
        subject=round_,
        actor=actor,
        action=action,
        from_state=from_state,
        to_state=str(round_.status),
        note=note,
    )


def peer_group_of(org: Org) -> str:
    """同类比较组: the union's level and industry (基层工会 · 教育)."""
    industry = org.get_industry_display() if org.industry else "未分行业"
    return f"{org.get_level_display()} · {industry}"


# ---- create ------------------------------------------------------------------------------------------------------


@transaction.atomic
def round_create(
    *,
    org: Org,
    scheme: EvaluationScheme,
    title: str,
    level: str,
    actor: Actor,
    period_start: dt.date | None = None,
    period_end: dt.date | None = None,
    unit_category: str = "",
    industry: str = "",
    self_ends_on: dt.date | None = None,
    assessment_ends_on: dt.date | None = None,
    recheck_days: int = 5,
) -> EvaluationRound:
    """A draft round of `org` with `scheme` over the scheme's year (unless a period is given), its targets every
    active union of `level` below `org` (of `unit_category` / `industry` when given)."""
    _require_manage(actor, org)
    if scheme.status != SchemeStatus.PUBLISHED:
        raise ValidationError({"scheme": "只能使用已发布的评价方案"})
    if not org.path.startswith(scheme.org.path):
        raise ValidationError({"scheme": "只能使用本级或上级工会的评价方案"})
    if not title.strip():
        raise ValidationError({"title": "请填写考核名称"})
    start = period_start or dt.date(scheme.year, 1, 1)
    end = period_end or dt.date(scheme.year, 12, 31)
    if start > end:
        raise ValidationError({"period_end": "考核期间的截止日不能早于开始日"})
    if level not in OrgLevel.values:
        raise ValidationError({"level": "请选择被考核单位的层级"})
    if unit_category and unit_category not in UnitCategory.values:
        raise ValidationError({"unit_category": "请选择正确的单位类别"})
    if industry and industry not in Industry.values:
        raise ValidationError({"industry": "请选择正确的所属行业"})
    if self_ends_on and assessment_ends_on and assessment_ends_on < self_ends_on:
        raise ValidationError({"assessment_ends_on": "考核截止日不能早于自评截止日"})
    if not 1 <= recheck_days <= MAX_RECHECK_DAYS:
        raise ValidationError({"recheck_days": f"复核期应为 1 到 {MAX_RECHECK_DAYS} 个工作日"})
    orgs = list(target_orgs(org, level=level, unit_category=unit_category, industry=industry))
    if not orgs:
        raise ValidationError({"level": f"{org.name}下没有符合条件的{OrgLevel(level).label}"})
    round_ = EvaluationRound.objects.create(
        org=org,
        scheme=scheme,
        title=title.strip(),
        period_start=start,
        period_end=end,
        self_ends_on=self_ends_on,
        assessment_ends_on=assessment_ends_on,
        recheck_days=recheck_days,
        created_by=actor,
    )
    RoundTarget.objects.bulk_create(
        [RoundTarget(round=round_, org=target, peer_group=peer_group_of(target)) for target in orgs],
        batch_size=500,
    )
    _step(round_, actor, EvaluationAction.CREATE, note=f"{scheme} · {len(orgs)} 个被考核单位")
    return round_


@transaction.atomic
def round_recompute(*, round_: EvaluationRound, actor: Actor) -> int:
    """重新取数计分 (until frozen): the automatic scores, totals, grades and ranks of every target."""
    _require_manage(actor, round_.org)
    locked = _locked(round_)
    return computing.round_compute(locked, actor=actor)


# ---- the reviews round -------------------------------------------------------------------------------------------


def _manual_indicators(round_: EvaluationRound) -> list[Indicator]:
    return [i for i in Indicator.objects.filter(scheme_id=round_.scheme_id) if not i.is_auto]


def criterion_name(indicator: Indicator) -> str:
    return f"{indicator.number} {indicator.name}".strip()


def _review_round(round_: EvaluationRound, actor: Actor) -> ReviewRound | None:
    """The round's reviews round, made the first time (None when the scheme has no manual indicator)."""
    if round_.review_round_id is not None:
        return ReviewRound.objects.get(pk=round_.review_round_id)
    manual = _manual_indicators(round_)
    if not manual:
        return None
    template = reviews.template_create(
        org=round_.org,
        name=f"{round_.title}评分表",
        criteria=[
            # a veto item without points is a pure 达标 / 不达标 verdict: the reviews block's veto criterion
            CriterionInput(name=criterion_name(i), max_points=i.points, is_veto=i.is_veto and not i.points)
            for i in manual
        ],
        actor=actor,
    )
    review_round = reviews.round_create(
        org=round_.org,
        owner=round_,
        template=template,
        title=round_.title,
        mode=RoundMode.SELF_ASSESSED,
        actor=actor,
    )
    round_.review_round = review_round
    round_.save(update_fields=["review_round", "updated_at"])
    return review_round


@transaction.atomic
def round_assessors_add(*, round_: EvaluationRound, users: Sequence[User], actor: Actor) -> list[User]:
    """考核人: cadres of the running union added as judges of the round's reviews round, before 自评 opens (the
    reviews block fixes its judges once it opens). Those already assessing are skipped."""
    _require_manage(actor, round_.org)
    locked = _locked(round_)
    _expect(locked, RoundStatus.DRAFT, doing="添加考核人（开始自评前添加）")
    if not users:
        raise ValidationError({"users": "请选择考核人"})
    allowed = set(assessor_candidates(locked).values_list("pk", flat=True))
    outside = [str(user) for user in users if user.pk not in allowed]
    if outside:
        raise ValidationError(
            {"users": f"考核人须为{locked.org.name}的工会干部且尚未添加：{'、'.join(outside)}"}
        )
    review_round = _review_round(locked, actor)
    if review_round is None:
        raise ValidationError({"users": "该评价方案没有人工评分指标，无需考核人"})
    for user in users:
        reviews.judge_add(review_round=review_round, user=user, actor=actor, unit=locked.org.name)
    timeline_step(
        subject=locked,
        actor=actor,
        action=EvaluationAction.ASSESSORS_ADD,
        to_state=str(locked.status),
        note="、".join(str(u) for u in users),
    )
    return list(users)


def _tell_targets(round_: EvaluationRound, targets: Sequence[RoundTarget], title: str, body: str) -> None:
    managers = managers_of([t.org_id for t in targets])
    for target in targets:
        recipients = managers.get(target.org_id, [])
        if recipients:
            notify(
                recipients=recipients,
                title=title,
                body=body,
                url=reverse("evaluations:target_detail", args=[target.public_id]),
                category=CATEGORY,
            )


@transaction.atomic
def round_open_self(*, round_: EvaluationRound, actor: Actor) -> EvaluationRound:
    """开始自评: compute the automatic scores, make the reviews round with one entry per target, open it and tell
    every target union's cadres to fill their 自评 with evidence by `self_ends_on`."""
    _require_manage(actor, round_.org)
    locked = _locked(round_)
    _expect(locked, RoundStatus.DRAFT, doing="开始自评")
    computing.round_compute(locked, actor=actor)
    targets = list(RoundTarget.objects.filter(round=locked).select_related("org").order_by("org__path"))
    review_round = _review_round(locked, actor)
    if review_round is not None:
        if not review_round.judges.exists():
            raise ValidationError("请先添加考核人（负责人工评分指标的考核打分）")
        for target in targets:
            reviews.entry_add(
                review_round=review_round,
                title=target.org.name,
                entrant_org=target.org,
                unit=target.org.unit_name or target.org.name,
                owner=target,
                actor=actor,
            )
        if review_round.status == ReviewStatus.DRAFT:
            reviews.round_open(review_round=review_round, actor=actor)
    locked.status = RoundStatus.SELF_ASSESSMENT
    locked.save(update_fields=["status", "updated_at"])
    _step(locked, actor, EvaluationAction.OPEN_SELF, from_state=RoundStatus.DRAFT)
    deadline = f"，请于 {locked.self_ends_on:%Y-%m-%d} 前" if locked.self_ends_on else "，请及时"
    _tell_targets(
        locked,
        targets,
        f"量化考核自评：{locked.title}",
        f"{locked.org.name}组织的{locked.title}已开始自评{deadline}完成自评并上传佐证材料。",
    )
    return locked


@transaction.atomic
def round_open_assessment(*, round_: EvaluationRound, actor: Actor) -> EvaluationRound:
    """开始考核: the 自评 closes for the targets; the assessors score the manual indicators."""
    _require_manage(actor, round_.org)
    locked = _locked(round_)
    _expect(locked, RoundStatus.SELF_ASSESSMENT, doing="开始考核")
    locked.status = RoundStatus.ASSESSMENT
    locked.save(update_fields=["status", "updated_at"])
    _step(locked, actor, EvaluationAction.OPEN_ASSESSMENT, from_state=RoundStatus.SELF_ASSESSMENT)
    if locked.review_round_id is not None:
        from gonghui.reviews.models import Judge

        for judge in Judge.objects.filter(round_id=locked.review_round_id).select_related("user"):
            notify(
                recipients=[judge.user],
                title=f"量化考核打分：{locked.title}",
                body="各单位自评已结束，请对人工评分指标逐项打分。",
                url=reverse("reviews:judge_round", args=[judge.pk]),
                category=CATEGORY,
            )
    return locked


@transaction.atomic
def round_open_recheck(
    *, round_: EvaluationRound, actor: Actor, today: dt.date | None = None
) -> EvaluationRound:
    """开始复核: totals refreshed, the window set to `recheck_days` working days from today; targets told."""
    _require_manage(actor, round_.org)
    locked = _locked(round_)
    _expect(locked, RoundStatus.ASSESSMENT, doing="开始复核")
    computing.round_compute(locked, actor=actor)
    locked.recheck_ends_on = add_workdays(today or timezone.localdate(), locked.recheck_days)
    locked.status = RoundStatus.RECHECK
    locked.save(update_fields=["status", "recheck_ends_on", "updated_at"])
    _step(
        locked,
        actor,
        EvaluationAction.OPEN_RECHECK,
        from_state=RoundStatus.ASSESSMENT,
        note=f"复核截止 {locked.recheck_ends_on:%Y-%m-%d}",
    )
    targets = list(RoundTarget.objects.filter(round=locked))
    _tell_targets(
        locked,
        targets,
        f"量化考核得分待确认：{locked.title}",
        f"考核得分已出，如有异议请于 {locked.recheck_ends_on:%Y-%m-%d} 前提出复核申请。",
    )
    return locked


# ---- 复核 --------------------------------------------------------------------------------------------------------


@transaction.atomic
def recheck_submit(
    *,
    target: RoundTarget,
    reason: str,
    actor: Actor,
    score: Score | None = None,
    today: dt.date | None = None,
) -> Recheck:
    """复核申请 by the target union on one score (or its total, `score` None) during the 复核 window."""
    _require_manage(actor, target.org)
    round_ = _locked(target.round)
    if round_.status != RoundStatus.RECHECK:
        raise ValidationError("当前不在复核期，不能申请复核")
    if round_.recheck_ends_on and (today or timezone.localdate()) > round_.recheck_ends_on:
        raise ValidationError(f"复核期已于 {round_.recheck_ends_on:%Y-%m-%d} 结束")
    if not reason.strip():
        raise ValidationError({"reason": "请填写复核理由"})
    if score is not None and score.target_id != target.pk:
        raise ValidationError({"score": "所选指标不属于本单位"})
    if Recheck.objects.filter(target=target, score=score, status=RecheckStatus.PENDING).exists():
        raise ValidationError({"score": "该项已有待答复的复核申请"})
    recheck = Recheck.objects.create(
        target=target,
        score=score,
        reason=reason.strip(),
        points_before=score.final_points if score is not None else target.total,
        submitted_by=actor,
    )
    what = str(score.indicator) if score is not None else "总分"
    timeline_step(
        subject=target, actor=actor, action=EvaluationAction.RECHECK_SUBMIT, note=f"{what}：{reason.strip()}"
    )
    recipients = managers_of([round_.org_id]).get(round_.org_id, [])
    if recipients:
        notify(
            recipients=recipients,
            title=f"复核申请：{target.org.name}",
            body=f"{round_.title} · {what}",
            url=reverse("evaluations:target_detail", args=[target.public_id]),
            category=CATEGORY,
        )
    return recheck


def _points(raw: Any, indicator: Indicator) -> Decimal:
    try:
        points = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({"points": "请填写调整后的得分（数字）"}) from None
    if not points.is_finite() or points < 0 or points > indicator.points:
        raise ValidationError({"points": f"调整后的得分应在 0 到 {rules.show(indicator.points)} 之间"})
    return rules.quantize(points)


@transaction.atomic
def recheck_decide(
    *,
    recheck: Recheck,
    adjust: bool,
    reply: str,
    actor: Actor,
    points: Any = None,
    score: Score | None = None,
) -> Recheck:
    """复核答复 by the running union: 维持 (keep) or 调整 — the contested score (for a total, the `score` chosen)
    set to `points`, marked adjusted with the reply as reason, the target refreshed and the round re-ranked."""
    target = RoundTarget.objects.select_related("org").get(pk=recheck.target_id)
    round_ = _locked(EvaluationRound(pk=target.round_id))
    _require_manage(actor, round_.org)
    scoring.refuse_frozen(round_)
    locked = lock(Recheck, pk=recheck.pk)
    if locked.status != RecheckStatus.PENDING:
        raise ValidationError("该复核申请已答复")
    if not reply.strip():
        raise ValidationError({"reply": "请填写复核答复"})
    if adjust:
        chosen = score or (Score.objects.get(pk=locked.score_id) if locked.score_id else None)
        if chosen is None or chosen.target_id != target.pk:
            raise ValidationError({"score": "请选择要调整的指标"})
        chosen = Score.objects.select_related("indicator").get(pk=chosen.pk)
        new = _points(points, chosen.indicator)
        locked.points_before = chosen.final_points
        chosen.final_points, chosen.adjusted, chosen.adjust_reason = new, True, reply.strip()
        chosen.save(update_fields=["final_points", "adjusted", "adjust_reason", "updated_at"])
        target.round = round_
        scoring.target_refresh(target)
        scoring.round_rank(round_)
        locked.points_after = new
        locked.status = RecheckStatus.ADJUSTED
        timeline_step(
            subject=target,
            actor=actor,
            action=EvaluationAction.ADJUST,
            note=f"{chosen.indicator}：{rules.show(locked.points_before)} → {rules.show(new)}",
        )
    else:
        locked.status = RecheckStatus.KEPT
    locked.reply, locked.decided_by, locked.decided_at = reply.strip(), actor, timezone.now()
    locked.save()
    timeline_step(
        subject=target,
        actor=actor,
        action=EvaluationAction.RECHECK_DECIDE,
        note=f"{locked.get_status_display()}：{reply.strip()}",
    )
    notify(
        recipients=[locked.submitted_by],
        title=f"复核答复：{locked.get_status_display()}",
        body=f"{round_.title} · {reply.strip()}",
        url=reverse("evaluations:target_detail", args=[target.public_id]),
        category=CATEGORY,
    )
    return locked


# ---- freeze, publish, document -----------------------------------------------------------------------------------


@transaction.atomic
def round_freeze(*, round_: EvaluationRound, actor: Actor) -> EvaluationRound:
    """定档: every 复核申请 answered, totals and ranks refreshed one last time, the reviews round closed; after it
    nothing recomputes and the values stay as they are."""
    _require_manage(actor, round_.org)
    locked = _locked(round_)
    _expect(locked, RoundStatus.RECHECK, doing="定档")
    pending = Recheck.objects.filter(target__round=locked, status=RecheckStatus.PENDING).count()
    if pending:
        raise ValidationError(f"尚有 {pending} 件复核申请未答复，请先答复")
    scoring.targets_refresh(locked)
    scoring.round_rank(locked)
    if locked.review_round_id is not None:
        review_round = ReviewRound.objects.get(pk=locked.review_round_id)
        if review_round.status == ReviewStatus.OPEN:
            reviews.round_close(review_round=review_round, actor=actor)
    locked.status, locked.frozen_at, locked.frozen_by = RoundStatus.FROZEN, timezone.now(), actor
    locked.save(update_fields=["status", "frozen_at", "frozen_by", "updated_at"])
    _step(locked, actor, EvaluationAction.FREEZE, from_state=RoundStatus.RECHECK)
    return locked


@transaction.atomic
def round_publish(*, round_: EvaluationRound, actor: Actor) -> EvaluationRound:
    """公示: the frozen results shown to the targets (each sees its score card, grade and rank) and announced."""
    _require_manage(actor, round_.org)
    locked = _locked(round_)
    _expect(locked, RoundStatus.FROZEN, doing="公示")
    if locked.published_at is not None:
        raise ValidationError("考核结果已公示")
    locked.published_at = timezone.now()
    locked.save(update_fields=["published_at", "updated_at"])
    _step(locked, actor, EvaluationAction.PUBLISH)
    _tell_targets(
        locked,
        list(RoundTarget.objects.filter(round=locked)),
        f"量化考核结果公示：{locked.title}",
        "考核结果已定档并公示，可查看本单位得分、等级和排名。",
    )
    return locked


@transaction.atomic
def round_results_document(*, round_: EvaluationRound, actor: Actor) -> Document:
    """起草结果公文: the results 通报 drafted from the frozen round (documents' draft-from-record service)."""
    _require_manage(actor, round_.org)
    if round_.status != RoundStatus.FROZEN:
        raise ValidationError("考核定档后才能起草结果公文")
    document = document_draft_from_record(
        org=round_.org, actor=actor, record=round_, template_key=RESULTS_TEMPLATE
    )
    _step(round_, actor, EvaluationAction.DOCUMENT, note=document.title)
    return document


# ---- reminders ---------------------------------------------------------------------------------------------------

REMINDER_DAYS = 3
REMINDER_TITLE = "量化考核自评即将截止"


def self_reminders_send(today: dt.date | None = None) -> str:
    """Scheduled: 3 days before a round's 自评 ends, tell each target union that has not submitted (once: a
    target already reminded is skipped). Closes nothing."""
    from gonghui.notifications.models import Notification

    day = (today or timezone.localdate()) + dt.timedelta(days=REMINDER_DAYS)
    rounds = list(EvaluationRound.objects.filter(status=RoundStatus.SELF_ASSESSMENT, self_ends_on=day))
    if not rounds:
        return "无需提醒"
    targets = list(
        RoundTarget.objects.filter(round__in=rounds)
        .exclude(self_status=SelfStatus.SUBMITTED)
        .select_related("round")
    )
    urls = {reverse("evaluations:target_detail", args=[t.public_id]): t for t in targets}
    told = set(
        Notification.objects.filter(title=REMINDER_TITLE, url__in=list(urls)).values_list("url", flat=True)
    )
    pending = [t for url, t in urls.items() if url not in told]
    managers = managers_of([t.org_id for t in pending])
    sent = 0
    with transaction.atomic():
        for target in pending:
            recipients = managers.get(target.org_id, [])
            if recipients:
                notify(
                    recipients=recipients,
                    title=REMINDER_TITLE,
                    body=f"{target.round.title}的自评将于 {day:%Y-%m-%d} 截止，请尽快完成并提交。",
                    url=reverse("evaluations:target_detail", args=[target.public_id]),
                    category=CATEGORY,
                )
                sent += 1
    return f"提醒 {sent} 个单位"
