"""量化评价 demo, written by the demo cadres through the services (timelines, notifications and audits are real),
rows of a past day under `demo_clock`:

- the city union's (`shi_admin`) 2020年度基层工会工作量化考核: 30 indicators in 8 dimensions (`demo_scheme.py`), 23
  of them read from the platform's records, published, then copied to the next year (复制: a second scheme with
  `copied_from` set, published);
- a finished round of every grassroots union (基层工会) under the root over the year the demo's records fill
  (`ROUND_YEAR`): 自评 with evidence files by each union's `<code>_admin`, two 考核人 (`shi_pingwei`, `shi_shenhe`)
  scoring the manual indicators (a few 考核分 well below the 自评分, explained), a 复核 with one 调整 and one 维持,
  定档, 公示 and the results 通报 drafted; an earlier year's round run the same way (assessors only), so 排名与趋势
  shows two years;
- the next year's round open in 自评: a few unions have submitted, `jfq01_admin` and `ss06_admin` still have theirs
  to do;
- the 2020 工作要点's items linked to the records that carried them out (`workplans.demo_links`).

Idempotent: a scheme or round of the same title is not made again."""

import contextlib
import datetime as dt
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from gonghui.accounts.demo import demo_clock
from gonghui.accounts.models import User
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.models import Org
from gonghui.workplans.demo_links import seed_plan_links

from . import rules
from .choices import IndicatorKind, RoundStatus, SchemeStatus, SelfStatus
from .demo_scheme import DESCRIPTION, DIMENSIONS, SELF_NOTES, TITLE, YEAR
from .models import EvaluationRound, EvaluationScheme, Indicator, RoundTarget, Score
from .services import assessing, rounds, schemes
from .services.assessing import ManualInput

ROOT_CODE = "JZJKWT"
RUNNER = "shi_admin"
ASSESSORS = ("shi_pingwei", "shi_shenhe")
COUNTY_CODE = "JFQ"  # 解放区教科文卫体工会 runs its own round with the city's scheme
COUNTY_ASSESSORS = ("jfq_pingwei", "jfq_shenhe")
PENDING_SELF = ("JFQ01",)  # unions that still have the open round's 自评 to do (the walk)
SUBMITTED_OPEN = 3  # unions that already submitted the open round's 自评
BOTH_ASSESS = 6  # unions both assessors score (the others: one each, in turn)
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _title(year: int) -> str:
    return f"{year}年度基层工会工作量化考核"


@contextmanager
def _on(day: dt.date, hour: int = 9) -> Iterator[None]:
    with demo_clock(dt.datetime.combine(day, dt.time(hour))):
        yield


def _draw(code: str, salt: str, spread: int) -> int:
    """A stable draw 0 … spread-1 per union and purpose (the same on every run)."""
    return zlib.crc32(f"{code}:{salt}".encode()) % spread


# ---- the scheme --------------------------------------------------------------------------------------------------


def _scheme(root: Org, runner: User) -> EvaluationScheme:
    found = EvaluationScheme.objects.filter(org=root, title=TITLE, version=1).first()
    if found is not None:
        return found
    with _on(dt.date(YEAR, 11, 20), 10):
        scheme = schemes.scheme_create(
            org=root, title=TITLE, year=YEAR, actor=runner, description=DESCRIPTION
        )
        for dimension in DIMENSIONS:
            cap = Decimal(dimension.cap) if dimension.cap is not None else None
            made = schemes.dimension_save(scheme, actor=runner, name=dimension.name, points=cap)
            for item in dimension.indicators:
                schemes.indicator_save(
                    scheme,
                    actor=runner,
                    dimension=made,
                    number=item.number,
                    name=item.name,
                    standard=item.standard,
                    points=item.decimal_points,
                    kind=item.kind,
                    source_key=item.source_key,
                    rule=item.rule,
                    params=item.params,
                    is_veto=item.is_veto,
                    verification=item.verification,
                    evidence_required=item.evidence_required,
                )
    with _on(dt.date(YEAR, 12, 1), 10):
        return schemes.scheme_publish(scheme, actor=runner)


def _copy(scheme: EvaluationScheme, year: int, runner: User, on: dt.date) -> EvaluationScheme:
    found = EvaluationScheme.objects.filter(org=scheme.org, title=_title(year), copied_from=scheme).first()
    if found is not None:
        return found
    with _on(on, 10):
        copy = schemes.scheme_copy(scheme, year=year, actor=runner)
    with _on(on + dt.timedelta(days=3), 10):
        return schemes.scheme_publish(copy, actor=runner)


# ---- 自评 and 考核 ------------------------------------------------------------------------------------------------


def _self_points(indicator: Indicator, code: str) -> Decimal:
    """A union's own score: most give themselves full or nearly full points."""
    share = (Decimal(1), Decimal(1), Decimal("0.9"), Decimal("0.8"))[_draw(code, indicator.number, 4)]
    return rules.quantize(indicator.points * share).quantize(Decimal("0.5"))


def _evidence(indicator: Indicator, org: Org) -> list[SimpleUploadedFile]:
    name = f"{org.short_name or org.name}-{indicator.number}{indicator.name}"
    if indicator.number == "3.5":
        text = f"{org.name}安全卫生检查记录\n检查时间：每学期开学第二周\n检查内容：教学楼、食堂、实验室消防与卫生。\n"
        return [SimpleUploadedFile(f"{name}.txt", text.encode(), content_type="text/plain")]
    return [SimpleUploadedFile(f"{name}.pdf", PDF, content_type="application/pdf")]


def _self_assess(target: RoundTarget, manual: Sequence[Indicator], admin: User, *, submit: bool) -> None:
    code = target.org.code
    entries = {
        i.pk: ManualInput(points=_self_points(i, code), note=SELF_NOTES.get(i.number, "")) for i in manual
    }
    uploads = {i.pk: _evidence(i, target.org) for i in manual if i.evidence_required}
    assessing.self_assessment_save(target=target, actor=admin, entries=entries, uploads=uploads)
    if submit:
        assessing.self_assessment_submit(target=target, actor=admin)


# Unions whose 自评 of one item the assessors find well short, with the reason (item number → note).
GAPS = {
    "2.5": "抽查发现财务收支和职称评聘情况未按季度公开，扣分。",
    "3.5": "仅提供一学期检查记录，现场查看消防通道堆放杂物。",
    "4.3": "“五小”创新活动无成果汇编，仅有活动方案。",
}


def _assessor_points(
    indicator: Indicator, target: RoundTarget, self_points: Decimal | None
) -> tuple[Decimal, str]:
    code = target.org.code
    base = self_points if self_points is not None else indicator.points * Decimal("0.8")
    if indicator.number in GAPS and _draw(code, "gap" + indicator.number, 9) == 0:
        return rules.quantize(indicator.points * Decimal("0.4")), GAPS[indicator.number]
    # a half point off here and there, within the unexplained gap (15 % of the item's points)
    less = Decimal("0.5") * _draw(code, "less" + indicator.number, 2) if indicator.points >= 4 else Decimal(0)
    return max(Decimal(0), base - less), ""


def _assess(target: RoundTarget, manual: Sequence[Indicator], assessor: User) -> None:
    selfs = {s.indicator_id: s.self_points for s in Score.objects.filter(target=target)}
    submitted = target.self_status == SelfStatus.SUBMITTED
    entries = {}
    for indicator in manual:
        points, note = _assessor_points(indicator, target, selfs.get(indicator.pk) if submitted else None)
        entries[indicator.pk] = ManualInput(points=points, note=note)
    assessing.assessment_save(target=target, actor=assessor, entries=entries)
    assessing.assessment_submit(target=target, actor=assessor)


# ---- rounds ------------------------------------------------------------------------------------------------------


def _manual(scheme: EvaluationScheme) -> list[Indicator]:
    return list(
        Indicator.objects.filter(scheme=scheme)
        .exclude(kind=IndicatorKind.AUTO)
        .order_by("dimension__order", "order", "pk")
    )


def _admins(targets: Sequence[RoundTarget]) -> dict[int, User]:
    names = {f"{t.org.code.lower()}_admin": t.org_id for t in targets}
    return {names[u.username]: u for u in User.objects.filter(username__in=list(names))}


def _ago(days: int, hour: int = 9) -> contextlib.AbstractContextManager[None]:
    """The services run as if it were `days` days before today (the rounds run over the current year, whose
    records the other demos write today)."""
    return _on(timezone.localdate() - dt.timedelta(days=days), hour)


def _start(
    org: Org, scheme: EvaluationScheme, title: str, runner: User, assessors: Sequence[User], *, opened: int
) -> EvaluationRound:
    year = timezone.localdate().year
    with _ago(opened + 3, 10):
        round_ = rounds.round_create(
            org=org,
            scheme=scheme,
            title=title,
            level=OrgLevel.GRASSROOTS,
            actor=runner,
            period_start=dt.date(year, 1, 1),
            period_end=dt.date(year, 12, 31),
            self_ends_on=timezone.localdate() - dt.timedelta(days=opened - 14),
            assessment_ends_on=timezone.localdate() - dt.timedelta(days=opened - 28),
            recheck_days=5,
        )
        rounds.round_assessors_add(round_=round_, users=list(assessors), actor=runner)
    with _ago(opened, 9):
        return rounds.round_open_self(round_=round_, actor=runner)


def _targets(round_: EvaluationRound) -> list[RoundTarget]:
    return list(
        RoundTarget.objects.filter(round=round_)
        .select_related("org", "round", "round__review_round")
        .order_by("org__path")
    )


def _finished_round(
    root: Org, scheme: EvaluationScheme, title: str, runner: User, assessors: Sequence[User]
) -> EvaluationRound:
    found = EvaluationRound.objects.filter(org=root, title=title).first()
    if found is not None:
        return found
    round_ = _start(root, scheme, title, runner, assessors, opened=40)
    manual = _manual(scheme)
    targets = _targets(round_)
    admins = _admins(targets)
    for number, target in enumerate(targets):
        admin = admins.get(target.org_id)
        if admin is not None:
            with _ago(38 - number % 10, 10 + number % 6):
                _self_assess(target, manual, admin, submit=True)
    with _ago(27, 9):
        rounds.round_open_assessment(round_=round_, actor=runner)
    # the 考核组 shares the unions out: each scores every other one, both score the first few together
    for number, target in enumerate(_targets(round_)):
        for shift, assessor in enumerate(assessors):
            if number < BOTH_ASSESS or number % len(assessors) == shift:
                with _ago(26 - number % 12, 9 + shift * 4):
                    _assess(target, manual, assessor)
    recheck_on = timezone.localdate() - dt.timedelta(days=12)
    with _ago(12, 9):
        rounds.round_open_recheck(round_=round_, actor=runner, today=recheck_on)
    _rechecks(round_, runner, recheck_on)
    with _ago(3, 10):
        round_ = rounds.round_freeze(round_=round_, actor=runner)
    with _ago(2, 10):
        round_ = rounds.round_publish(round_=round_, actor=runner)
        rounds.round_results_document(round_=round_, actor=runner)
    return round_


def _rechecks(round_: EvaluationRound, runner: User, opened: dt.date) -> None:
    """Two unions contest a flagged manual score: one 调整 (the assessors looked again), one 维持."""
    flagged = list(
        Score.objects.filter(target__round=round_, gap_flagged=True)
        .select_related("target", "target__org", "indicator")
        .order_by("target__org__path", "indicator__order")[:2]
    )
    admins = _admins([s.target for s in flagged])
    for number, score in enumerate(flagged):
        admin = admins.get(score.target.org_id)
        if admin is None:
            continue
        with _on(opened + dt.timedelta(days=1 + number), 15):
            recheck = rounds.recheck_submit(
                target=score.target,
                score=score,
                reason="我单位已按要求整改并补充了佐证材料（见自评附件），请求复核该项得分。",
                actor=admin,
                today=opened + dt.timedelta(days=1 + number),
            )
        with _on(opened + dt.timedelta(days=4 + number), 10):
            if number == 0:
                rounds.recheck_decide(
                    recheck=recheck,
                    adjust=True,
                    reply="经考核组复查补充材料，该项整改到位，调整得分。",
                    points=rules.quantize(score.indicator.points * Decimal("0.8")),
                    actor=runner,
                )
            else:
                rounds.recheck_decide(
                    recheck=recheck,
                    adjust=False,
                    reply="经复查，现场问题在考核时确实存在，补充材料为考核后整改，维持原分。",
                    actor=runner,
                )


def _open_round(
    county: Org, scheme: EvaluationScheme, title: str, runner: User, assessors: Sequence[User]
) -> EvaluationRound:
    """The county union's own round of its grassroots unions with the city's scheme, open in 自评."""
    found = EvaluationRound.objects.filter(org=county, title=title).first()
    if found is not None:
        return found
    round_ = _start(county, scheme, title, runner, assessors, opened=5)
    manual = _manual(scheme)
    targets = [t for t in _targets(round_) if t.org.code not in PENDING_SELF]
    chosen = sorted(targets, key=lambda t: _draw(t.org.code, "open", 1000))[:SUBMITTED_OPEN]
    admins = _admins(chosen)
    for number, target in enumerate(chosen):
        admin = admins.get(target.org_id)
        if admin is not None:
            with _ago(4 - number, 16):
                _self_assess(target, manual, admin, submit=True)
    return round_


@transaction.atomic
def seed_evaluations() -> str:
    root = Org.objects.filter(code=ROOT_CODE).first()
    county = Org.objects.filter(code=COUNTY_CODE).first()
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=[RUNNER, f"{COUNTY_CODE.lower()}_admin", *ASSESSORS, *COUNTY_ASSESSORS]
        )
    }
    runner = users.get(RUNNER)
    if root is None or runner is None:
        return "没有演示组织，跳过量化评价"
    scheme = _scheme(root, runner)
    year = timezone.localdate().year
    current = _copy(scheme, year, runner, timezone.localdate() - dt.timedelta(days=50))
    finished = _finished_round(
        root, current, _title(year), runner, [users[u] for u in ASSESSORS if u in users]
    )
    county_admin = users.get(f"{COUNTY_CODE.lower()}_admin")
    if county is not None and county_admin is not None:
        _open_round(
            county,
            current,
            f"{year}年度{county.short_name or county.name}基层工会工作量化考核",
            county_admin,
            [users[u] for u in COUNTY_ASSESSORS if u in users],
        )
    links = seed_plan_links()
    targets = RoundTarget.objects.filter(round=finished).count()
    schemes_count = EvaluationScheme.objects.filter(org=root, status=SchemeStatus.PUBLISHED).count()
    rounds_count = EvaluationRound.objects.count()
    frozen = EvaluationRound.objects.filter(status=RoundStatus.FROZEN).count()
    return (
        f"量化评价：评价方案 {schemes_count} 个，考核 {rounds_count} 次（已定档 {frozen} 次，"
        f"{finished.title}被考核单位 {targets} 个）；{links}"
    )
