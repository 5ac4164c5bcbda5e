"""Writes of 评价方案 (part `schemes`): a scheme (`scheme_create`, `scheme_update`), its dimensions
(`dimension_save`, `dimension_delete`, `dimension_move`) and indicators (`indicator_save`, `indicator_delete`,
`indicator_move`) while it is a draft, then `scheme_publish` (at least one indicator, every automatic one's source
registered, every rule valid; no edits after), `scheme_copy` (a deep copy as a new draft for another year or as a new
version, `copied_from` set) and `scheme_retire`. Keyword arguments after the subject, actor explicit; each checks
that the actor manages the scheme's union, runs in one transaction and writes a step on the scheme's timeline."""

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from gonghui.accounts.actors import Actor
from gonghui.core.excel import Column, SpreadsheetError, clean_text, read_records
from gonghui.core.locking import lock
from gonghui.core.timeline import timeline_step
from gonghui.orgs.models import Org

from .. import rules
from ..choices import (
    DEFAULT_GRADE_BANDS,
    DEFAULT_VETO_GRADE,
    EvaluationAction,
    IndicatorKind,
    RuleKind,
    SchemeStatus,
    VerificationMethod,
)
from ..models import Dimension, EvaluationScheme, Indicator
from ..permissions import can_manage_for
from ..selectors.schemes import copy_version_of, publish_problems, source_of


def _step(
    scheme: EvaluationScheme,
    actor: Actor,
    step: EvaluationAction,
    note: str = "",
    from_state: str = "",
) -> None:
    timeline_step(
        subject=scheme,
        actor=actor,
        action=step,
        from_state=from_state,
        to_state=str(scheme.status),
        note=note,
    )


def _require_manage(actor: Actor, org: Org) -> None:
    if not can_manage_for(actor, org):
        raise PermissionDenied("无权管理该单位的评价方案")


def _locked_draft(scheme: EvaluationScheme, actor: Actor) -> EvaluationScheme:
    locked = lock(EvaluationScheme, related=("org",), pk=scheme.pk)
    _require_manage(actor, locked.org)
    if locked.status != SchemeStatus.DRAFT:
        raise ValidationError(f"方案已{locked.get_status_display()}，不能再修改；如需调整请复制为新版本")
    return locked


def clean_grade_bands(bands: Sequence[Sequence[Any]] | None, veto_grade: str) -> tuple[list[list[Any]], str]:
    """Grade bands [[lowest total, grade], …] checked and sorted best first (lowest totals as numbers), and the
    veto grade, which must be one of them; Chinese errors keyed "grade_bands" / "veto_grade"."""
    raw = list(bands) if bands is not None else [list(b) for b in DEFAULT_GRADE_BANDS]
    if not raw:
        raise ValidationError({"grade_bands": "请至少填写一个等级，如“90 五星”"})
    cleaned: list[tuple[Decimal, str]] = []
    for number, band in enumerate(raw, start=1):
        if len(band) != 2:
            raise ValidationError({"grade_bands": f"第{number}行应为“最低分 等级”，如“90 五星”"})
        try:
            lowest = Decimal(str(band[0]).strip())
        except InvalidOperation:
            raise ValidationError({"grade_bands": f"第{number}行的最低分“{band[0]}”不是数字"}) from None
        grade = str(band[1]).strip()
        if not lowest.is_finite() or lowest < 0:
            raise ValidationError({"grade_bands": f"第{number}行的最低分不能小于 0"})
        if not grade or len(grade) > 20:
            raise ValidationError({"grade_bands": f"第{number}行请填写等级名称（不超过20字）"})
        cleaned.append((lowest, grade))
    if len({lowest for lowest, _ in cleaned}) != len(cleaned):
        raise ValidationError({"grade_bands": "各等级的最低分不能重复"})
    if len({grade for _, grade in cleaned}) != len(cleaned):
        raise ValidationError({"grade_bands": "等级名称不能重复"})
    cleaned.sort(key=lambda band: band[0], reverse=True)
    veto_grade = (veto_grade or "").strip() or DEFAULT_VETO_GRADE
    if veto_grade not in {grade for _, grade in cleaned}:
        raise ValidationError({"veto_grade": f"否决项不达标时的最高等级“{veto_grade}”不在等级划分中"})
    as_json = [
        [int(lowest) if lowest == lowest.to_integral() else str(lowest), grade] for lowest, grade in cleaned
    ]
    return as_json, veto_grade


def _check_title(org: Org, title: str, version: int, *, exclude: int | None = None) -> str:
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": "请填写方案名称"})
    clash = EvaluationScheme.objects.filter(org=org, title=title, version=version)
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise ValidationError({"title": "本单位已有同名方案；如需修订请从原方案复制新版本"})
    return title


def _check_year(year: int) -> int:
    if not 2000 <= int(year) <= 2100:
        raise ValidationError({"year": "考核年度应在 2000 到 2100 之间"})
    return int(year)


@transaction.atomic
def scheme_create(
    *,
    org: Org,
    title: str,
    year: int,
    actor: Actor,
    description: str = "",
    grade_bands: Sequence[Sequence[Any]] | None = None,
    veto_grade: str = DEFAULT_VETO_GRADE,
) -> EvaluationScheme:
    """A new draft scheme of `org` (version 1). `grade_bands` [[lowest total, grade], …] (default 90 五星 … 0 一星)."""
    _require_manage(actor, org)
    bands, veto = clean_grade_bands(grade_bands, veto_grade)
    scheme = EvaluationScheme.objects.create(
        org=org,
        title=_check_title(org, title, 1),
        year=_check_year(year),
        description=description.strip(),
        grade_bands=bands,
        veto_grade=veto,
        created_by=actor,
    )
    _step(scheme, actor, EvaluationAction.CREATE)
    return scheme


@transaction.atomic
def scheme_update(
    scheme: EvaluationScheme,
    *,
    actor: Actor,
    title: str,
    year: int,
    description: str = "",
    grade_bands: Sequence[Sequence[Any]] | None = None,
    veto_grade: str = DEFAULT_VETO_GRADE,
) -> EvaluationScheme:
    """Change a draft's title, year, description and grades."""
    scheme = _locked_draft(scheme, actor)
    bands, veto = clean_grade_bands(grade_bands, veto_grade)
    scheme.title = _check_title(scheme.org, title, scheme.version, exclude=scheme.pk)
    scheme.year = _check_year(year)
    scheme.description = description.strip()
    scheme.grade_bands = bands
    scheme.veto_grade = veto
    scheme.save(update_fields=["title", "year", "description", "grade_bands", "veto_grade", "updated_at"])
    _step(scheme, actor, EvaluationAction.SCHEME_EDIT)
    return scheme


@transaction.atomic
def dimension_save(
    scheme: EvaluationScheme,
    *,
    actor: Actor,
    name: str,
    points: Decimal | None = None,
    dimension: Dimension | None = None,
) -> Dimension:
    """Add a dimension (一级指标) at the end of the scheme, or rename / re-cap `dimension`. `points` is an optional
    cap on its subtotal (None: the sum of its indicators)."""
    scheme = _locked_draft(scheme, actor)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "请填写一级指标名称"})
    if points is not None and points < 0:
        raise ValidationError({"points": "分值上限不能小于 0"})
    others = Dimension.objects.filter(scheme=scheme, name=name)
    if dimension is not None:
        others = others.exclude(pk=dimension.pk)
    if others.exists():
        raise ValidationError({"name": f"本方案已有一级指标“{name}”"})
    if dimension is None:
        last = Dimension.objects.filter(scheme=scheme).aggregate(top=Max("order"))["top"] or 0
        dimension = Dimension.objects.create(scheme=scheme, name=name, points=points, order=last + 1)
        note = f"新增一级指标“{name}”"
    else:
        if dimension.scheme_id != scheme.pk:
            raise ValidationError("该一级指标不属于本方案")
        dimension.name, dimension.points = name, points
        dimension.save(update_fields=["name", "points", "updated_at"])
        note = f"修改一级指标“{name}”"
    _step(scheme, actor, EvaluationAction.DIMENSION, note)
    return dimension


@transaction.atomic
def dimension_delete(dimension: Dimension, *, actor: Actor) -> None:
    """Delete a dimension with its indicators."""
    scheme = _locked_draft(dimension.scheme, actor)
    count = Indicator.objects.filter(dimension=dimension).count()
    name = dimension.name
    dimension.delete()
    _step(scheme, actor, EvaluationAction.DIMENSION, f"删除一级指标“{name}”及其 {count} 项指标")


def _swap(items: list[Any], index: int, up: bool) -> list[Any]:
    other = index - 1 if up else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    return items


@transaction.atomic
def dimension_move(dimension: Dimension, *, actor: Actor, up: bool) -> None:
    """Move a dimension one place up or down (renumbering the scheme's dimensions 1, 2, …)."""
    scheme = _locked_draft(dimension.scheme, actor)
    siblings = list(Dimension.objects.filter(scheme=scheme).order_by("order", "pk"))
    index = next(i for i, d in enumerate(siblings) if d.pk == dimension.pk)
    for order, item in enumerate(_swap(siblings, index, up), start=1):
        item.order = order
    Dimension.objects.bulk_update(siblings, ["order"])
    _step(scheme, actor, EvaluationAction.DIMENSION, f"调整一级指标“{dimension.name}”的顺序")


def _clean_indicator(
    *,
    kind: str,
    source_key: str,
    rule: str,
    params: dict[str, Any] | None,
    points: Decimal,
    is_veto: bool,
    verification: str,
) -> tuple[str, dict[str, Any]]:
    if kind not in IndicatorKind.values:
        raise ValidationError({"kind": "请选择取数方式"})
    if verification not in VerificationMethod.values:
        raise ValidationError({"verification": "请选择考核方式"})
    if points is None or points < 0:
        raise ValidationError({"points": "分值不能小于 0"})
    source_key = (source_key or "").strip()
    if kind == IndicatorKind.AUTO:
        if not source_key:
            raise ValidationError({"source_key": "自动取数的指标请选择数据来源"})
        if source_of(source_key) is None:
            raise ValidationError({"source_key": f"数据来源 {source_key} 未注册"})
        if rule == RuleKind.MANUAL:
            raise ValidationError({"rule": "自动取数的指标请选择分档、比例、扣分、加分或达标判定规则"})
    else:
        source_key = ""
        if rule != RuleKind.MANUAL:
            raise ValidationError({"rule": "人工评分的指标，计分规则应为“人工评分”"})
    return source_key, rules.clean_params(rule, params or {}, points, is_veto=is_veto)


@transaction.atomic
def indicator_save(
    scheme: EvaluationScheme,
    *,
    actor: Actor,
    dimension: Dimension,
    name: str,
    points: Decimal,
    kind: str = IndicatorKind.MANUAL,
    source_key: str = "",
    rule: str = RuleKind.MANUAL,
    params: dict[str, Any] | None = None,
    number: str = "",
    standard: str = "",
    is_veto: bool = False,
    verification: str = VerificationMethod.RECORDS,
    evidence_required: bool = False,
    indicator: Indicator | None = None,
) -> Indicator:
    """Add an indicator at the end of `dimension`, or change `indicator`. `params` as `rules.clean_params` takes
    them (thresholds: {"direction": "at_least", "steps": [["90", "10"], ["80", "8"]]}); an automatic indicator
    names a registered `source_key`; a veto item (`is_veto`) uses the check or manual rule."""
    scheme = _locked_draft(scheme, actor)
    indicator, note = _indicator_write(
        scheme,
        dimension=dimension,
        name=name,
        points=points,
        kind=kind,
        source_key=source_key,
        rule=rule,
        params=params,
        number=number,
        standard=standard,
        is_veto=is_veto,
        verification=verification,
        evidence_required=evidence_required,
        indicator=indicator,
    )
    _step(scheme, actor, EvaluationAction.INDICATOR, note)
    return indicator


def _indicator_write(
    scheme: EvaluationScheme,
    *,
    dimension: Dimension,
    name: str,
    points: Decimal,
    kind: str,
    source_key: str,
    rule: str,
    params: dict[str, Any] | None,
    number: str,
    standard: str,
    is_veto: bool,
    verification: str,
    evidence_required: bool,
    indicator: Indicator | None,
) -> tuple[Indicator, str]:
    if dimension.scheme_id != scheme.pk:
        raise ValidationError({"dimension": "请选择本方案的一级指标"})
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "请填写指标名称"})
    points = Decimal(points)
    source_key, cleaned = _clean_indicator(
        kind=kind,
        source_key=source_key,
        rule=rule,
        params=params,
        points=points,
        is_veto=is_veto,
        verification=verification,
    )
    others = Indicator.objects.filter(scheme=scheme, name=name)
    if indicator is not None:
        others = others.exclude(pk=indicator.pk)
    if others.exists():
        raise ValidationError({"name": f"本方案已有指标“{name}”"})
    fields = {
        "dimension": dimension,
        "number": (number or "").strip(),
        "name": name,
        "standard": (standard or "").strip(),
        "points": points,
        "kind": kind,
        "source_key": source_key,
        "rule": rule,
        "params": cleaned,
        "is_veto": is_veto,
        "verification": verification,
        "evidence_required": evidence_required,
    }
    if indicator is None:
        last = Indicator.objects.filter(dimension=dimension).aggregate(top=Max("order"))["top"] or 0
        indicator = Indicator.objects.create(scheme=scheme, order=last + 1, **fields)
        return indicator, f"新增指标“{indicator}”"
    if indicator.scheme_id != scheme.pk:
        raise ValidationError("该指标不属于本方案")
    if indicator.dimension_id != dimension.pk:
        last = Indicator.objects.filter(dimension=dimension).aggregate(top=Max("order"))["top"] or 0
        indicator.order = last + 1
    for key, value in fields.items():
        setattr(indicator, key, value)
    indicator.save()
    return indicator, f"修改指标“{indicator}”"


@transaction.atomic
def indicator_delete(indicator: Indicator, *, actor: Actor) -> None:
    scheme = _locked_draft(indicator.scheme, actor)
    label = str(indicator)
    indicator.delete()
    _step(scheme, actor, EvaluationAction.INDICATOR, f"删除指标“{label}”")


@transaction.atomic
def indicator_move(indicator: Indicator, *, actor: Actor, up: bool) -> None:
    """Move an indicator one place up or down within its dimension."""
    scheme = _locked_draft(indicator.scheme, actor)
    siblings = list(Indicator.objects.filter(dimension_id=indicator.dimension_id).order_by("order", "pk"))
    index = next(i for i, item in enumerate(siblings) if item.pk == indicator.pk)
    for order, item in enumerate(_swap(siblings, index, up), start=1):
        item.order = order
    Indicator.objects.bulk_update(siblings, ["order"])
    _step(scheme, actor, EvaluationAction.INDICATOR, f"调整指标“{indicator}”的顺序")


@transaction.atomic
def scheme_publish(scheme: EvaluationScheme, *, actor: Actor) -> EvaluationScheme:
    """Publish a draft: refused (every reason listed) without an indicator, with an automatic indicator whose
    source is not registered or with a rule whose parameters do not pass. Rounds may then use it; it is no longer
    edited."""
    scheme = _locked_draft(scheme, actor)
    problems = publish_problems(scheme)
    if problems:
        raise ValidationError(problems)
    scheme.status = SchemeStatus.PUBLISHED
    scheme.published_at = timezone.now()
    scheme.save(update_fields=["status", "published_at", "updated_at"])
    _step(scheme, actor, EvaluationAction.SCHEME_PUBLISH, from_state=SchemeStatus.DRAFT)
    return scheme


def _copy_title(scheme: EvaluationScheme, year: int) -> str:
    """The copy's title: the year in the title follows the new year (2020年度… → 2021年度…)."""
    return scheme.title.replace(str(scheme.year), str(year)) if year != scheme.year else scheme.title


@transaction.atomic
def scheme_copy(
    scheme: EvaluationScheme, *, year: int, actor: Actor, title: str = "", org: Org | None = None
) -> EvaluationScheme:
    """A deep copy (dimensions and indicators) as a new draft of `org` (default: the scheme's) for `year`, with
    `copied_from` set; its title is `title` or the original's with the year replaced, its version one more than
    the highest of that title at that union."""
    org = org or scheme.org
    _require_manage(actor, org)
    year = _check_year(year)
    new_title = (title or "").strip() or _copy_title(scheme, year)
    copy = EvaluationScheme.objects.create(
        org=org,
        title=new_title,
        year=year,
        version=copy_version_of(org, new_title),
        description=scheme.description,
        grade_bands=scheme.grade_bands,
        veto_grade=scheme.veto_grade,
        copied_from=scheme,
        created_by=actor,
    )
    dimensions = list(Dimension.objects.filter(scheme=scheme).order_by("order", "pk"))
    new_dimensions = Dimension.objects.bulk_create(
        [Dimension(scheme=copy, name=d.name, points=d.points, order=d.order) for d in dimensions]
    )
    mapping = {old.pk: new for old, new in zip(dimensions, new_dimensions, strict=True)}
    Indicator.objects.bulk_create(
        [
            Indicator(
                scheme=copy,
                dimension=mapping[i.dimension_id],
                number=i.number,
                name=i.name,
                standard=i.standard,
                points=i.points,
                kind=i.kind,
                source_key=i.source_key,
                rule=i.rule,
                params=i.params,
                is_veto=i.is_veto,
                verification=i.verification,
                evidence_required=i.evidence_required,
                order=i.order,
            )
            for i in Indicator.objects.filter(scheme=scheme).order_by("order", "pk")
        ]
    )
    _step(copy, actor, EvaluationAction.COPY, f"复制自“{scheme}”（{scheme.year}年度）")
    return copy


@transaction.atomic
def scheme_retire(scheme: EvaluationScheme, *, actor: Actor) -> EvaluationScheme:
    """Retire a published scheme: kept for the rounds that used it, no new round may choose it."""
    scheme = lock(EvaluationScheme, related=("org",), pk=scheme.pk)
    _require_manage(actor, scheme.org)
    if scheme.status != SchemeStatus.PUBLISHED:
        raise ValidationError("只有已发布的方案可以停用")
    scheme.status = SchemeStatus.RETIRED
    scheme.save(update_fields=["status", "updated_at"])
    _step(scheme, actor, EvaluationAction.RETIRE, from_state=SchemeStatus.PUBLISHED)
    return scheme


IMPORT_COLUMNS = (
    Column("dimension", "一级指标", required=True),
    Column("cap", "一级指标分值上限"),
    Column("number", "序号"),
    Column("name", "指标名称", required=True),
    Column("standard", "考核标准"),
    Column("points", "分值", required=True),
    Column("kind", "取数方式"),
    Column("source_key", "数据来源"),
    Column("rule", "计分规则"),
    Column("params", "规则参数"),
    Column("is_veto", "必备项"),
    Column("verification", "考核方式"),
    Column("evidence_required", "须佐证"),
)
_COLUMN_OF = {
    "dimension": "一级指标",
    "cap": "一级指标分值上限",
    "points": "分值",
    "name": "指标名称",
    "kind": "取数方式",
    "source_key": "数据来源",
    "rule": "计分规则",
    "verification": "考核方式",
    "is_veto": "必备项",
}
_PARAM_NAMES = {
    "方向": "direction",
    "档次": "steps",
    "满分数值": "target",
    "每次": "per",
    "最低得分": "floor",
}
_PARAM_NAMES["达标界值"] = "bound"
_PARAM_NAMES["无数据"] = "no_data"


def _choice(text: str, choices: Any, default: str, key: str) -> str:
    text = text.strip()
    if not text:
        return default
    for value, label in choices.choices:
        if text in (value, str(label)):
            return str(value)
    raise ValidationError({key: f"“{text}”不是可选的值"})


def _decimal_cell(text: str, key: str, *, blank: Decimal | None = None) -> Decimal | None:
    if not text.strip():
        if blank is None and key == "points":
            raise ValidationError({key: "请填写分值"})
        return blank
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise ValidationError({key: f"“{text}”不是数字"}) from None
    if not value.is_finite() or value < 0:
        raise ValidationError({key: "不能小于 0"})
    return value


def parse_params(text: str) -> dict[str, Any]:
    """规则参数 as the export writes it ("方向=不低于；档次=90 10/80 8；每次=1") back into params."""
    params: dict[str, Any] = {}
    for part in (p.strip() for p in text.replace(";", "；").split("；")):
        if not part:
            continue
        label, _sep, value = part.partition("=")
        key = _PARAM_NAMES.get(label.strip())
        if key is None:
            raise ValidationError({"params": f"不认识的参数“{label.strip()}”"})
        value = value.strip()
        if key == "direction":
            params[key] = "at_most" if value == "不高于" else "at_least" if value == "不低于" else value
        elif key == "no_data":
            params[key] = (
                rules.NO_DATA_FULL if value == "满分" else rules.NO_DATA_ZERO if value == "0分" else value
            )
        elif key == "steps":
            params[key] = [step.split() for step in value.split("/") if step.strip()]
        else:
            params[key] = value
    return params


def _import_row(scheme: EvaluationScheme, record: dict[str, Any], dimensions: dict[str, Dimension]) -> None:
    text = {key: clean_text(value) for key, value in record.items()}
    name = text.get("dimension", "")
    if not name:
        raise ValidationError({"dimension": "请填写一级指标"})
    if name not in dimensions:
        cap = _decimal_cell(text.get("cap", ""), "cap")
        last = max((d.order for d in dimensions.values()), default=0)
        dimensions[name] = Dimension.objects.create(
            scheme=scheme, name=name[:100], points=cap, order=last + 1
        )
    kind = _choice(text.get("kind", ""), IndicatorKind, IndicatorKind.MANUAL, "kind")
    _indicator_write(
        scheme,
        dimension=dimensions[name],
        name=text.get("name", "")[:200],
        points=_decimal_cell(text.get("points", ""), "points") or Decimal(0),
        kind=kind,
        source_key=text.get("source_key", ""),
        rule=_choice(text.get("rule", ""), RuleKind, RuleKind.MANUAL, "rule"),
        params=parse_params(text.get("params", "")),
        number=text.get("number", "")[:20],
        standard=text.get("standard", ""),
        is_veto=text.get("is_veto", "") == "是",
        verification=_choice(
            text.get("verification", ""),
            VerificationMethod,
            VerificationMethod.PLATFORM if kind == IndicatorKind.AUTO else VerificationMethod.RECORDS,
            "verification",
        ),
        evidence_required=text.get("evidence_required", "") == "是",
        indicator=None,
    )


@transaction.atomic
def scheme_import(scheme: EvaluationScheme, *, actor: Actor, content: bytes) -> int:
    """Add the indicators of an xlsx (the export's columns: one row per indicator; a new 一级指标 name adds the
    dimension) to a draft, all or nothing: any error refuses the whole file, each error naming its row and column
    ("第3行“分值”：…"). Returns how many indicators were added."""
    scheme = _locked_draft(scheme, actor)
    try:
        sheet = read_records(content, IMPORT_COLUMNS, max_rows=1000)
    except SpreadsheetError as exc:
        raise ValidationError(str(exc)) from None
    if not sheet.records:
        raise ValidationError("文件中没有指标行")
    dimensions = {d.name: d for d in Dimension.objects.filter(scheme=scheme)}
    errors: list[str] = []
    for row, record in sheet.records:
        known = dict(dimensions)
        try:
            with transaction.atomic():
                _import_row(scheme, record, dimensions)
        except ValidationError as exc:
            dimensions = known  # a dimension this row added was rolled back with it
            items = exc.message_dict.items() if hasattr(exc, "error_dict") else [("", exc.messages)]
            for key, messages in items:
                column = _COLUMN_OF.get(key, "规则参数" if key else "")
                where = f"第{row}行“{column}”" if column else f"第{row}行"
                errors.extend(f"{where}：{message}" for message in messages)
    if errors:
        raise ValidationError(errors)
    _step(scheme, actor, EvaluationAction.INDICATOR, f"从 Excel 导入 {len(sheet.records)} 项指标")
    return len(sheet.records)
