"""The scoring rules of 量化评价, pure functions with no database: how an indicator's points follow from its value
(`score`), how its rule's parameters are checked (`clean_params`, Chinese errors naming the field), how a union's
total caps each dimension (`dimension_total`), its grade with veto items (`grade_for`) and its rank (`rank_totals`).

Rules and their parameters (JSON on `Indicator.params`, decimals as strings):
- 分档计分 `thresholds`: {"direction": "at_least"|"at_most", "steps": [["90", "10"], ["80", "8"], ["70", "5"]]} — the
  points of the best step the value meets (≥ the bound, or ≤ for at_most); none met: 0.
- 按比例计分 `proportional`: {"target": "100"} — points × value ÷ target, at most the points.
- 逐项扣分 `deduction`: {"per": "1", "floor": "0"} — the value counts events; points − per × count, never below floor.
- 加分（封顶）`bonus`: {"per": "0.5"} — per × count, capped at the indicator's points.
- 达标判定 `check`: {"direction": …, "bound": "1"} — all the points when the value meets the bound, else 0; a veto
  item (必备) is a check or a manual item, and fails when not met.
- 人工评分 `manual`: the assessors give 0 … points (and, for a veto item, 达标 / 不达标).
A value of None (no data) scores 0 and fails, with the explanation saying so."""

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError

from .choices import Direction, RuleKind

CENT = Decimal("0.01")
NO_DATA_ZERO = "zero"  # a value of None (no data) scores 0 and fails: the default
NO_DATA_FULL = "full"  # …or, where the scheme says so, all the points (无此项业务不扣分)


def quantize(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def show(value: Decimal | None) -> str:
    """A decimal as the sheets print it: 92.3, 10, 0.5 (no trailing zeros); "—" for None."""
    if value is None:
        return "—"
    text = f"{quantize(value):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass(frozen=True)
class RuleOutcome:
    """What a rule makes of a value: the points, whether the item is met (a veto item fails when not), and one
    Chinese sentence saying why ("入会率 92.3 ≥ 90 → 10 分")."""

    points: Decimal
    passed: bool
    explanation: str


def _decimal(
    params: Mapping[str, Any], key: str, label: str, *, minimum: Decimal | None = Decimal(0)
) -> Decimal:
    raw = params.get(key)
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({key: f"请填写{label}（数字）"}) from None
    if not value.is_finite():
        raise ValidationError({key: f"请填写{label}（数字）"})
    if minimum is not None and value < minimum:
        raise ValidationError({key: f"{label}不能小于 {show(minimum)}"})
    return value


def _direction(params: Mapping[str, Any]) -> str:
    direction = params.get("direction", Direction.AT_LEAST)
    if direction not in Direction.values:
        raise ValidationError({"direction": "请选择“不低于”或“不高于”"})
    return str(direction)


def clean_params(
    rule: str, params: Mapping[str, Any], points: Decimal, *, is_veto: bool = False
) -> dict[str, Any]:
    """The rule's parameters checked and normalised (decimals as strings, steps best first), or a ValidationError
    whose keys name the parameter ("steps", "target", "per", "floor", "bound", "direction", "rule", "no_data").
    An automatic rule may carry "no_data": "full" — a union without the business the value counts (no 诉求, so no
    按期办结率) gets the points instead of 0."""
    cleaned = _clean_rule(rule, params, points, is_veto=is_veto)
    no_data = params.get("no_data") or ""
    if no_data not in ("", NO_DATA_ZERO, NO_DATA_FULL):
        raise ValidationError({"no_data": "无数据时的计分方式应为“按 0 分计”或“按满分计”"})
    if no_data == NO_DATA_FULL and rule != RuleKind.MANUAL:
        cleaned["no_data"] = NO_DATA_FULL
    return cleaned


def _clean_rule(rule: str, params: Mapping[str, Any], points: Decimal, *, is_veto: bool) -> dict[str, Any]:
    if rule not in RuleKind.values:
        raise ValidationError({"rule": "请选择计分规则"})
    if is_veto and rule not in (RuleKind.CHECK, RuleKind.MANUAL):
        raise ValidationError({"rule": "必备（否决）项只能用“达标判定”或“人工评分”"})
    if rule == RuleKind.THRESHOLDS:
        direction = _direction(params)
        raw_steps = params.get("steps") or []
        if not isinstance(raw_steps, list | tuple) or not raw_steps:
            raise ValidationError({"steps": "请至少填写一档：达到多少得多少分"})
        steps: list[tuple[Decimal, Decimal]] = []
        for number, step in enumerate(raw_steps, start=1):
            if not isinstance(step, list | tuple) or len(step) != 2:
                raise ValidationError({"steps": f"第{number}档应为“界值、得分”两项"})
            bound = _decimal({"v": step[0]}, "v", f"第{number}档界值", minimum=None)
            got = _decimal({"v": step[1]}, "v", f"第{number}档得分")
            if got > points:
                raise ValidationError({"steps": f"第{number}档得分 {show(got)} 超过本项分值 {show(points)}"})
            steps.append((bound, got))
        best_first = sorted(steps, key=lambda s: s[0], reverse=direction == Direction.AT_LEAST)
        bounds = [b for b, _ in best_first]
        if len(set(bounds)) != len(bounds):
            raise ValidationError({"steps": "各档界值不能重复"})
        gains = [g for _, g in best_first]
        if any(later > earlier for earlier, later in zip(gains, gains[1:], strict=False)):
            raise ValidationError({"steps": "要求越高的档次得分应越高"})
        return {"direction": direction, "steps": [[f"{b}", f"{g}"] for b, g in best_first]}
    if rule == RuleKind.PROPORTIONAL:
        target = _decimal(params, "target", "满分所需数值")
        if target == 0:
            raise ValidationError({"target": "满分所需数值须大于 0"})
        return {"target": f"{target}"}
    if rule == RuleKind.DEDUCTION:
        per = _decimal(params, "per", "每次扣分")
        floor = _decimal(params, "floor", "最低得分") if params.get("floor") not in (None, "") else Decimal(0)
        if per == 0:
            raise ValidationError({"per": "每次扣分须大于 0"})
        if floor > points:
            raise ValidationError({"floor": f"最低得分不能超过本项分值 {show(points)}"})
        return {"per": f"{per}", "floor": f"{floor}"}
    if rule == RuleKind.BONUS:
        per = _decimal(params, "per", "每次加分")
        if per == 0:
            raise ValidationError({"per": "每次加分须大于 0"})
        return {"per": f"{per}"}
    if rule == RuleKind.CHECK:
        return {
            "direction": _direction(params),
            "bound": f"{_decimal(params, 'bound', '达标界值', minimum=None)}",
        }
    return {}


def _meets(value: Decimal, bound: Decimal, direction: str) -> bool:
    return value >= bound if direction == Direction.AT_LEAST else value <= bound


def _sign(direction: str) -> str:
    return "≥" if direction == Direction.AT_LEAST else "≤"


def score(
    rule: str, params: Mapping[str, Any], points: Decimal, value: Decimal | None, *, label: str = ""
) -> RuleOutcome:
    """The points an automatic indicator earns with `value` (params as `clean_params` returns them). A manual
    rule has no value to score: use `manual_outcome`."""
    name = label or "取值"
    if rule == RuleKind.MANUAL:
        raise ValueError("a manual indicator is scored by people: use manual_outcome")
    if value is None:
        if params.get("no_data") == NO_DATA_FULL:
            return RuleOutcome(quantize(points), True, f"{name}无此项业务数据，按满分计 {show(points)} 分")
        return RuleOutcome(Decimal(0), False, f"{name}无数据，得 0 分")
    shown = show(value)
    if rule == RuleKind.THRESHOLDS:
        direction = params["direction"]
        for bound, got in params["steps"]:
            if _meets(value, Decimal(bound), direction):
                gained = Decimal(got)
                return RuleOutcome(
                    quantize(gained),
                    gained > 0,
                    f"{name} {shown} {_sign(direction)} {show(Decimal(bound))}，得 {show(gained)} 分",
                )
        last = Decimal(params["steps"][-1][0])
        return RuleOutcome(
            Decimal(0), False, f"{name} {shown} 未达到最低档 {_sign(direction)} {show(last)}，得 0 分"
        )
    if rule == RuleKind.PROPORTIONAL:
        target = Decimal(params["target"])
        gained = quantize(min(points, max(Decimal(0), points * value / target)))
        return RuleOutcome(
            gained, gained > 0, f"{name} {shown} ÷ {show(target)} × {show(points)}，得 {show(gained)} 分"
        )
    if rule == RuleKind.DEDUCTION:
        per, floor = Decimal(params["per"]), Decimal(params["floor"])
        count = max(Decimal(0), value)
        gained = quantize(max(floor, points - per * count))
        return RuleOutcome(
            gained,
            count == 0,
            f"{name} {shown} 次，每次扣 {show(per)} 分（最低 {show(floor)} 分），得 {show(gained)} 分",
        )
    if rule == RuleKind.BONUS:
        per = Decimal(params["per"])
        gained = quantize(min(points, per * max(Decimal(0), value)))
        return RuleOutcome(
            gained,
            gained > 0,
            f"{name} {shown} 次，每次加 {show(per)} 分（封顶 {show(points)} 分），得 {show(gained)} 分",
        )
    if rule == RuleKind.CHECK:
        direction, bound = params["direction"], Decimal(params["bound"])
        if _meets(value, bound, direction):
            return RuleOutcome(
                quantize(points),
                True,
                f"{name} {shown} {_sign(direction)} {show(bound)}，达标，得 {show(points)} 分",
            )
        return RuleOutcome(
            Decimal(0), False, f"{name} {shown} 未达到 {_sign(direction)} {show(bound)}，不达标，得 0 分"
        )
    raise ValueError(f"unknown rule {rule!r}")


def manual_outcome(points: Decimal, given: Decimal | None, *, passed: bool | None = None) -> RuleOutcome:
    """A person's score for a manual indicator (0 … points); `passed` is their 达标 / 不达标 for a veto item (None:
    not a veto item — then met means any points)."""
    if given is None:
        return RuleOutcome(Decimal(0), False, "尚未评分")
    if given < 0 or given > points:
        raise ValidationError({"points": f"得分应在 0 到 {show(points)} 之间"})
    met = passed if passed is not None else given > 0
    verdict = "" if passed is None else ("，达标" if passed else "，不达标")
    return RuleOutcome(quantize(given), met, f"评分 {show(given)} 分{verdict}")


def dimension_total(points: Sequence[Decimal], cap: Decimal | None) -> Decimal:
    """A dimension's subtotal: the sum of its indicators' points, at most `cap` when the dimension has one (a 加分项
    dimension of 5 points takes at most 5 whatever its bonus items add up to; a cap of 0 is a cap too)."""
    total = sum(points, Decimal(0))
    return quantize(min(total, cap) if cap is not None else total)


def grade_for(
    total: Decimal, bands: Sequence[tuple[Decimal | int, str]], *, vetoed: bool, veto_grade: str
) -> str:
    """The grade of `total` by `bands` [(lowest total, grade)] from the best (below every band: the last grade; no
    bands: ""); a union that failed a veto item gets at most `veto_grade` whatever its total."""
    ordered = sorted(bands, key=lambda band: Decimal(band[0]), reverse=True)
    grades = [grade for _, grade in ordered]
    if not grades:
        return ""
    earned = next((grade for lowest, grade in ordered if total >= Decimal(lowest)), grades[-1])
    if vetoed and veto_grade in grades and grades.index(earned) < grades.index(veto_grade):
        return veto_grade
    return earned


def rank_totals[K: Hashable](totals: Mapping[K, Decimal]) -> dict[K, int]:
    """Competition ranking (1, 1, 3 …) by total, highest first."""
    ordered = sorted(totals.values(), reverse=True)
    first_place: dict[Decimal, int] = {}
    for place, total in enumerate(ordered, start=1):
        first_place.setdefault(total, place)
    return {key: first_place[total] for key, total in totals.items()}


def describe(rule: str, params: Mapping[str, Any], points: Decimal) -> str:
    """The rule in one Chinese line as the scheme's sheet prints it ("≥90 得10分；≥80 得8分；≥70 得5分"), from
    params as `clean_params` returns them; a rule whose params are missing or broken reads "参数未设置"."""
    text = _describe(rule, params, points)
    return f"{text}；无此项业务数据按满分" if params.get("no_data") == NO_DATA_FULL else text


def _describe(rule: str, params: Mapping[str, Any], points: Decimal) -> str:
    try:
        if rule == RuleKind.THRESHOLDS:
            sign = _sign(params["direction"])
            return "；".join(
                f"{sign}{show(Decimal(bound))} 得{show(Decimal(got))}分" for bound, got in params["steps"]
            )
        if rule == RuleKind.PROPORTIONAL:
            target = Decimal(params["target"])
            return f"按 取值÷{show(target)}×{show(points)} 计分，封顶{show(points)}分"
        if rule == RuleKind.DEDUCTION:
            per, floor = Decimal(params["per"]), Decimal(params["floor"])
            return f"满分{show(points)}分，每次扣{show(per)}分，最低{show(floor)}分"
        if rule == RuleKind.BONUS:
            return f"每次加{show(Decimal(params['per']))}分，封顶{show(points)}分"
        if rule == RuleKind.CHECK:
            sign = _sign(params["direction"])
            bound = show(Decimal(params["bound"]))
            if not points:  # a veto item without points: a verdict only
                return f"{sign}{bound} 为达标，不达标时等级封顶"
            return f"{sign}{bound} 达标得{show(points)}分，否则不得分"
    except (KeyError, TypeError, ValueError, IndexError, InvalidOperation):
        return "参数未设置"
    if rule == RuleKind.MANUAL:
        return f"人工评分（0–{show(points)}分）"
    return "参数未设置"
