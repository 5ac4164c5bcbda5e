"""Writes of 建家考评 (模范职工之家 as a standard), on the reviews block's 自评+考评 mode.

The standard is a reviews `ScoreSheetTemplate`: `home_standard_template` returns the union's 建家 standard, made
from `HOME_STANDARD` (points summing to 100, one 一票否决 item) the first time; a union may pick any other template
it manages instead. `home_assessment_create` makes the `HomeAssessment` and its reviews round (owner: the
assessment, mode SELF_ASSESSED, so the reviews pages never add or remove its entries by hand) with the county's
chosen cadres as its judges (考评人, `home_assessors_add`); `home_units_add` makes each chosen union below the
assessment's union an entry (owner: the assessment, never twice); `home_assessment_open` opens the round and tells
each unit's cadres, who then fill their self sheet (自评表, evidence attached) on the reviews 自评 pages while the
assessors score the same criteria on the reviews 评审 pages; `home_assessment_close` closes the round — the scores
are final and `selectors.homes.home_scores` reads them. Keyword-only, actor explicit, one transaction each with its
timeline row (and an audit row for adding assessors and closing)."""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.accounts.actors import Actor
from gonghui.accounts.models import User
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.choices import AuditAction
from gonghui.core.locking import lock
from gonghui.core.timeline import timeline_record
from gonghui.notifications.services import notify
from gonghui.orgs.choices import OrgStatus
from gonghui.orgs.models import Org
from gonghui.reviews import services as reviews
from gonghui.reviews.choices import RoundMode
from gonghui.reviews.choices import RoundStatus as ReviewStatus
from gonghui.reviews.models import ReviewEntry, ReviewRound, ScoreSheetTemplate
from gonghui.reviews.services import CriterionInput

from ..choices import HomeAssessmentStatus
from ..models import HomeAssessment
from ..permissions import can_manage_for
from ..selectors.homes import (
    assessor_candidate_ids,
    home_assessors,
    home_entrant_org_ids,
    standard_template_of,
    unit_cadres,
)

HOME_STANDARD_NAME = "模范职工之家建设标准（自查评分表）"
HOME_STANDARD: tuple[CriterionInput, ...] = (
    CriterionInput(name="组织建设", max_points=Decimal(15)),
    CriterionInput(name="民主管理（职代会/教代会、厂务公开）", max_points=Decimal(15)),
    CriterionInput(name="维护权益", max_points=Decimal(15)),
    CriterionInput(name="职工文化", max_points=Decimal(10)),
    CriterionInput(name="阵地建设", max_points=Decimal(10)),
    CriterionInput(name="经费保障", max_points=Decimal(10)),
    CriterionInput(name="女职工工作", max_points=Decimal(10)),
    CriterionInput(name="会员评家", max_points=Decimal(15)),
    CriterionInput(name="发生重大违纪违法事件（一票否决）", max_points=Decimal(0), is_veto=True),
)
YEAR_MIN, YEAR_MAX = 2000, 2100


# The timeline's actions of an assessment (verb → label). Kept here until `choices.HomeAction` and
# `events.home_event` exist (requested); the values are the ones asked for there.
CREATE, UNITS_ADD, ASSESSORS_ADD, OPEN, CLOSE = "create", "units_add", "assessors_add", "open", "close"
HOME_ACTION_LABELS = {
    CREATE: gettext_lazy("创建"),
    UNITS_ADD: gettext_lazy("添加参评单位"),
    ASSESSORS_ADD: gettext_lazy("添加考评人"),
    OPEN: gettext_lazy("开始自评考评"),
    CLOSE: gettext_lazy("确定结果"),
}


def _event(
    *, assessment: HomeAssessment, actor: Actor, action: str, from_state: str = "", note: str = ""
) -> None:
    timeline_record(
        subject=assessment,
        actor=actor,
        action=action,
        action_label=str(HOME_ACTION_LABELS[action]),
        from_state=from_state,
        to_state=str(assessment.status),
        note=note,
    )


def _require_manage(actor: Actor, org: Org) -> None:
    if not can_manage_for(actor, org):
        raise PermissionDenied(_("无权组织该工会的建家考评"))


def _locked(assessment: HomeAssessment) -> HomeAssessment:
    return lock(HomeAssessment, pk=assessment.pk, related=("org",))


def _round_of(assessment: HomeAssessment) -> ReviewRound:
    if assessment.review_round_id is None:  # made with the assessment; only a hand-made row lacks it
        raise ValidationError(_("该建家考评没有自评考评表"))
    return ReviewRound.objects.select_related("org").get(pk=assessment.review_round_id)


@transaction.atomic
def home_standard_template(*, org: Org, actor: Actor) -> ScoreSheetTemplate:
    """The union's 建家 standard: its template named `HOME_STANDARD_NAME`, made from `HOME_STANDARD` the first time
    (the union row is locked meanwhile, so two first calls make one)."""
    _require_manage(actor, org)
    found = standard_template_of(org, HOME_STANDARD_NAME)
    if found is not None:
        return found
    lock(Org, pk=org.pk)
    found = standard_template_of(org, HOME_STANDARD_NAME)
    if found is not None:
        return found
    return reviews.template_create(org=org, name=HOME_STANDARD_NAME, criteria=HOME_STANDARD, actor=actor)


@transaction.atomic
def home_assessment_create(
    *,
    org: Org,
    title: str,
    year: int,
    template: ScoreSheetTemplate | None,
    self_check_deadline: date | None,
    actor: Actor,
    assessors: Sequence[User] = (),
) -> HomeAssessment:
    """A year's 建家 assessment run by `org`, with its reviews round (自评+考评) scored on `template` — the union's
    建家 standard when None — and `assessors` (the union's cadres) as its judges."""
    _require_manage(actor, org)
    if not title.strip():
        raise ValidationError({"title": _("请填写考评名称")})
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise ValidationError(
            {"year": _("年度须在 %(min)s 到 %(max)s 之间") % {"min": YEAR_MIN, "max": YEAR_MAX}}
        )
    if template is None:
        template = home_standard_template(org=org, actor=actor)
    assessment = HomeAssessment.objects.create(
        org=org,
        title=title.strip(),
        year=year,
        self_check_deadline=self_check_deadline,
        created_by=actor,
    )
    review_round = reviews.round_create(
        org=org,
        owner=assessment,
        template=template,
        title=assessment.title,
        mode=RoundMode.SELF_ASSESSED,
        actor=actor,
    )
    assessment.review_round = review_round
    assessment.save(update_fields=["review_round", "updated_at"])
    _event(assessment=assessment, actor=actor, action=CREATE, note=template.name)
    if assessors:
        home_assessors_add(assessment=assessment, users=assessors, actor=actor)
    return assessment


@transaction.atomic
def home_assessors_add(
    *, assessment: HomeAssessment, users: Sequence[User], actor: Actor, context: AuditContext | None = None
) -> list[User]:
    """考评人: add cadres of the assessment's union (a console role granted on that union itself) as judges of its
    round while it is being prepared; those already judging are skipped. Returns the users added."""
    _require_manage(actor, assessment.org)
    locked = _locked(assessment)
    if locked.status != HomeAssessmentStatus.DRAFT:
        raise ValidationError({"assessors": _("考评已开始，不能再添加考评人")})
    allowed = assessor_candidate_ids(locked)
    outside = [str(user) for user in users if user.pk not in allowed]
    if outside:
        raise ValidationError(
            {
                "assessors": _("考评人须为%(org)s的工会干部：%(names)s")
                % {"org": locked.org.name, "names": "、".join(outside)}
            }
        )
    review_round = _round_of(locked)
    judging = set(review_round.judges.values_list("user_id", flat=True))
    added = [user for user in users if user.pk not in judging]
    for user in added:
        reviews.judge_add(review_round=review_round, user=user, actor=actor, unit=locked.org.name)
    if added:
        names = "、".join(str(user) for user in added)
        _event(assessment=locked, actor=actor, action=ASSESSORS_ADD, note=names)
        audit_log(
            action=AuditAction.ADMIN_EDIT,
            summary=_("建家考评添加考评人：%(title)s · %(names)s") % {"title": locked.title, "names": names},
            actor=actor,
            context=context,
            subject=locked,
            org_id=locked.org_id,
            detail={"assessors": [user.pk for user in added]},
        )
    return added


@transaction.atomic
def home_units_add(*, assessment: HomeAssessment, orgs: Sequence[Org], actor: Actor) -> list[ReviewEntry]:
    """参评单位: each chosen active union below the assessment's union becomes an entry of its round (owner: the
    assessment), while it is being prepared. A union already in is skipped, never added twice. Returns the new
    entries."""
    _require_manage(actor, assessment.org)
    locked = _locked(assessment)
    if locked.status != HomeAssessmentStatus.DRAFT:
        raise ValidationError({"orgs": _("考评已开始，不能再添加参评单位")})
    if not orgs:
        raise ValidationError({"orgs": _("请选择参评单位")})
    below = [org for org in orgs if org.path.startswith(locked.org.path) and org.path != locked.org.path]
    if len(below) != len(orgs):
        raise ValidationError({"orgs": _("参评单位须为%(org)s的下级工会") % {"org": locked.org.name}})
    inactive = [org.name for org in orgs if org.status != OrgStatus.ACTIVE]
    if inactive:
        raise ValidationError({"orgs": _("以下工会已撤销或停用：%(names)s") % {"names": "、".join(inactive)}})
    review_round = _round_of(locked)
    present = home_entrant_org_ids(review_round)
    added: list[ReviewEntry] = []
    for org in sorted({org.pk: org for org in orgs}.values(), key=lambda o: o.path):
        if org.pk in present:
            continue
        added.append(
            reviews.entry_add(
                review_round=review_round,
                title=org.name,
                entrant_org=org,
                unit=org.unit_name or org.name,
                owner=locked,
                actor=actor,
            )
        )
    if added:
        _event(
            assessment=locked,
            actor=actor,
            action=UNITS_ADD,
            note=_("添加 %(count)s 个参评单位") % {"count": len(added)},
        )
    return added


@transaction.atomic
def home_assessment_open(*, assessment: HomeAssessment, actor: Actor) -> HomeAssessment:
    """开始自评考评: open the round (it needs units and assessors), tell each unit's cadres to fill its self
    sheet by the deadline and each assessor to score."""
    _require_manage(actor, assessment.org)
    locked = _locked(assessment)
    if locked.status != HomeAssessmentStatus.DRAFT:
        raise ValidationError(
            _("建家考评当前为「%(status)s」，不能开始") % {"status": locked.get_status_display()}
        )
    review_round = _round_of(locked)
    if not review_round.entries.exists():
        raise ValidationError(_("请先添加参评单位"))
    if not review_round.judges.exists():
        raise ValidationError(_("请先添加考评人"))
    if review_round.status == ReviewStatus.DRAFT:  # opened on the reviews pages already: keep in step
        reviews.round_open(review_round=review_round, actor=actor)
    locked.status = HomeAssessmentStatus.OPEN
    locked.save(update_fields=["status", "updated_at"])
    _event(assessment=locked, actor=actor, action=OPEN, from_state=HomeAssessmentStatus.DRAFT)
    deadline = (
        _("，请于 %(date)s 前完成自评并上传佐证材料") % {"date": locked.self_check_deadline.isoformat()}
        if locked.self_check_deadline
        else _("，请完成自评并上传佐证材料")
    )
    entries = list(ReviewEntry.objects.filter(round=review_round).select_related("entrant_org"))
    cadres = unit_cadres([entry.entrant_org_id for entry in entries])
    for entry in entries:
        recipients = cadres.get(entry.entrant_org_id, [])
        if recipients:
            notify(
                recipients=recipients,
                title=_("建家自评：%(title)s") % {"title": locked.title},
                body=_("%(org)s组织的建家考评已开始%(deadline)s。")
                % {"org": locked.org.name, "deadline": deadline},
                url=reverse("reviews:self_sheet", args=[entry.pk]),
                category="honours",
            )
    for judge in home_assessors(locked):
        notify(
            recipients=[judge.user],
            title=_("建家考评：%(title)s") % {"title": locked.title},
            body=_("请为 %(count)s 个参评单位逐项打分。") % {"count": len(entries)},
            url=reverse("reviews:judge_round", args=[judge.pk]),
            category="honours",
        )
    return locked


@transaction.atomic
def home_assessment_close(
    *, assessment: HomeAssessment, actor: Actor, context: AuditContext | None = None
) -> HomeAssessment:
    """确定结果: close the round; the self and assessor totals are final (`selectors.homes.home_scores`). Sheets
    not submitted by then count for nothing."""
    _require_manage(actor, assessment.org)
    locked = _locked(assessment)
    if locked.status != HomeAssessmentStatus.OPEN:
        raise ValidationError(
            _("建家考评当前为「%(status)s」，不能确定结果") % {"status": locked.get_status_display()}
        )
    review_round = _round_of(locked)
    if review_round.status == ReviewStatus.OPEN:  # closed on the reviews pages already: keep in step
        reviews.round_close(review_round=review_round, actor=actor)
    locked.status = HomeAssessmentStatus.CLOSED
    locked.save(update_fields=["status", "updated_at"])
    _event(assessment=locked, actor=actor, action=CLOSE, from_state=HomeAssessmentStatus.OPEN)
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        summary=_("建家考评确定结果：%(title)s") % {"title": locked.title},
        actor=actor,
        context=context,
        subject=locked,
        org_id=locked.org_id,
        detail={"year": locked.year},
    )
    return locked
