"""组织导入 and 组织导出: the org tree's Excel round trip (the export has the import's columns)."""

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from gonghui.accounts.actors import Actor
from gonghui.accounts.identity import normalize_identifier, normalize_mobile
from gonghui.codelists.lists import INDUSTRY, UNIT_CATEGORY
from gonghui.codelists.lookups import code_resolve
from gonghui.core.errors import validation_error_text
from gonghui.core.excel import Column, RowError, cell_text, starts_like_formula
from gonghui.core.spreadsheets import Exporter, Importer, Progress, Record, ValidationResult

from .choices import LEVEL_RANK, Industry, OrgLevel, OrgStatus, UnitCategory
from .events import org_created_event
from .models import Org
from .permissions import MANAGE
from .selectors import (
    credit_code_taken_message,
    names_similar,
    org_list_for_user,
    similar_name_message,
)
from .validators import validate_credit_code, validate_org_code

COLUMNS: tuple[Column, ...] = (
    Column(
        "code",
        "组织编码",
        ("编码", "组织代码"),
        True,
        "2–20位大写字母、数字或短横线，以字母开头，如 JFQ08",
        "JFQ08",
    ),
    Column(
        "name",
        "工会名称",
        ("组织名称", "名称", "工会组织名称"),
        True,
        "全称，平台内唯一",
        "解放区第二中学工会",
    ),
    Column(
        "parent_code",
        "上级组织编码",
        ("上级编码", "上级组织代码"),
        True,
        "已有组织的编码，或本表中另一行的编码",
        "JFQ",
    ),
    Column("level", "层级", ("组织层级",), True, "县区工会、基层工会、分工会/工会小组", "基层工会"),
    Column(
        "unit_name",
        "所在单位",
        ("工作单位", "单位名称", "单位"),
        True,
        "工会所在单位的名称",
        "解放区第二中学",
    ),
    Column("short_name", "简称", (), False, "", "解放二中"),
    Column("credit_code", "统一社会信用代码", ("信用代码", "社会信用代码"), False, "18位，校验位须正确", ""),
    Column("unit_category", "单位类别", (), False, "名称、简称或代码均可，如 事业单位 / 400", "事业单位"),
    Column(
        "industry",
        "所属行业",
        ("行业",),
        False,
        "教育、卫生和社会工作、文化、体育和娱乐业……或代码 P/Q/R/M/S",
        "教育",
    ),
    Column("is_private", "是否民办", ("民办",), False, "是 / 否", "否"),
    Column("headcount_established", "在编职工数", ("在编人数", "在编"), False, "非负整数", "120"),
    Column("headcount_contract", "非在编职工数", ("非在编人数", "非在编"), False, "非负整数", "15"),
    Column("headcount_dispatched", "劳务派遣职工数", ("劳务派遣人数", "劳务派遣"), False, "非负整数", "0"),
    Column("chair_name", "工会主席", ("主席",), False, "", ""),
    Column("contact_name", "联系人", (), False, "", ""),
    Column("contact_phone", "联系电话", ("联系人电话", "联系人手机", "手机"), False, "11位手机号", ""),
    Column("address", "地址", ("单位地址",), False, "", ""),
)
LABELS = {c.key: c.label for c in COLUMNS}
LEVEL_NAMES = {
    "市级产业工会": OrgLevel.CITY,
    "县区工会": OrgLevel.COUNTY,
    "县（市）区工会": OrgLevel.COUNTY,
    "基层工会": OrgLevel.GRASSROOTS,
    "分工会": OrgLevel.BRANCH,
    "工会小组": OrgLevel.BRANCH,
    "分工会/工会小组": OrgLevel.BRANCH,
    **{str(level.label): level for level in OrgLevel},
    **{str(level.value): level for level in OrgLevel},
}
YES = {"是", "Y", "YES", "TRUE", "1", "√", "民办"}
NO = {"否", "N", "NO", "FALSE", "0", "×", ""}
TEXT_LIMITS = {
    "name": 100,
    "short_name": 50,
    "unit_name": 100,
    "chair_name": 50,
    "contact_name": 50,
    "address": 200,
}


def _boolean(value: Any) -> bool:
    text = cell_text(value).upper()
    if text in YES:
        return True
    if text in NO:
        return False
    raise ValidationError(_("请填写“是”或“否”"))


def _count(value: Any) -> int:
    text = cell_text(value)
    if text == "":
        return 0
    if not text.isdigit():
        raise ValidationError(_("应为非负整数，当前为“%(v)s”") % {"v": text})
    return int(text)


class OrgImporter(Importer):
    key = "orgs"
    label = "组织导入"
    action = MANAGE
    columns = COLUMNS
    example = tuple(c.example for c in COLUMNS)
    preview_columns = ("code", "name", "parent_code", "level", "unit_name")
    # The first rows are previewed, and every row with a warning (a name near an existing union's under the same
    # parent, or an earlier row's): it imports, but its 工会名称 cell shows the warning before the user confirms.
    PREVIEW_ROWS = 20

    def target_orgs(self, user: Actor) -> QuerySet[Org]:
        return Org.objects.visible_to(user, MANAGE).filter(status=OrgStatus.ACTIVE).order_by("path")

    def _clean_row(self, raw: dict[str, Any], errors: list[tuple[str, str]]) -> dict[str, Any]:
        data: dict[str, Any] = {}

        def field(key: str, parse: Any) -> None:
            try:
                data[key] = parse(raw.get(key))
            except ValidationError as exc:
                errors.append((LABELS[key], validation_error_text(exc)))

        for key in ("code", "name", "parent_code", "level", "unit_name"):
            if cell_text(raw.get(key)) == "":
                errors.append((LABELS[key], _("必填，不能为空")))
        field("code", lambda v: _org_code(v))
        field("parent_code", lambda v: cell_text(v).upper())
        field("level", _level)
        for key, limit in TEXT_LIMITS.items():
            field(key, lambda v, limit=limit, key=key: _text(v, limit, LABELS[key]))
        field("credit_code", _credit_code)
        field("unit_category", lambda v: code_resolve(UNIT_CATEGORY, v, allowed=True))
        field("industry", lambda v: code_resolve(INDUSTRY, v, allowed=True))
        field("is_private", _boolean)
        for key in ("headcount_established", "headcount_contract", "headcount_dispatched"):
            field(key, _count)
        field("contact_phone", lambda v: normalize_mobile(v) if cell_text(v) else "")
        return data

    def validate(
        self, *, records: list[Record], org: Org, user: Actor, progress: Progress
    ) -> ValidationResult:
        result = ValidationResult()
        existing = {
            o.code: o
            for o in Org.objects.visible_to(user, MANAGE)
            .filter(path__startswith=org.path)
            .only("code", "level", "path", "depth", "status")
        }
        taken_codes = set(Org.objects.values_list("code", flat=True))
        taken_names = set(Org.objects.values_list("name", flat=True))
        taken_credit = {
            o.credit_code: o
            for o in Org.objects.exclude(credit_code="").only("name", "code", "path", "credit_code")
        }
        rows: dict[str, tuple[int, dict[str, Any]]] = {}
        bad_codes: set[str] = set()
        seen_names: dict[str, int] = {}
        seen_credit: dict[str, int] = {}
        for index, (row_number, raw) in enumerate(records, start=1):
            problems: list[tuple[str, str]] = []
            data = self._clean_row(raw, problems)
            code = data.get("code", "")
            if code and code in taken_codes:
                problems.append((LABELS["code"], _("组织编码 %(c)s 已存在") % {"c": code}))
            if code and code in rows:
                problems.append((LABELS["code"], _("与第 %(r)d 行的组织编码重复") % {"r": rows[code][0]}))
            name = data.get("name", "")
            if name and name in taken_names:
                problems.append((LABELS["name"], _("已有同名的工会组织")))
            elif name and name in seen_names:
                problems.append((LABELS["name"], _("与第 %(r)d 行的工会名称重复") % {"r": seen_names[name]}))
            credit = data.get("credit_code", "")
            if credit and credit in taken_credit:
                problems.append(
                    (LABELS["credit_code"], credit_code_taken_message(user=user, org=taken_credit[credit]))
                )
            elif credit and credit in seen_credit:
                problems.append(
                    (
                        LABELS["credit_code"],
                        _("与第 %(r)d 行的统一社会信用代码重复") % {"r": seen_credit[credit]},
                    )
                )
            if problems:
                result.errors.extend(RowError(row_number, col, msg) for col, msg in problems)
                if code:
                    bad_codes.add(code)
            elif code not in rows:
                rows[code] = (row_number, data)
                seen_names[name] = row_number
                if credit:
                    seen_credit[credit] = row_number
            progress(index)
        ordered = self._resolve_parents(rows, existing, bad_codes, result.errors)
        result.payloads = ordered
        warnings = _similar_name_warnings(ordered, existing, user)
        result.preview = [
            [str(p["_row"]), *[_show(p, k, warnings.get(p["code"], "")) for k in self.preview_columns]]
            for index, p in enumerate(ordered)
            if index < self.PREVIEW_ROWS or p["code"] in warnings
        ]
        result.errors.sort(key=lambda e: e.row)
        return result

    def _resolve_parents(
        self,
        rows: dict[str, tuple[int, dict[str, Any]]],
        existing: dict[str, Org],
        bad_codes: set[str],
        errors: list[RowError],
    ) -> list[dict[str, Any]]:
        """Order rows parents-first; a row whose parent is missing, out of scope, in a bad row, at a wrong level
        or in a cycle is reported and dropped (and so are its descendants in the file)."""
        levels = {code: o.level for code, o in existing.items()}
        ordered: list[dict[str, Any]] = []
        pending = dict(rows)
        placed: set[str] = set()
        while pending:
            progressed = False
            for code, (row_number, data) in list(pending.items()):
                parent = data["parent_code"]
                problem = None
                if parent in existing:
                    if existing[parent].status != OrgStatus.ACTIVE:
                        problem = _("上级组织 %(p)s 已停用") % {"p": parent}
                elif parent in placed:
                    pass
                elif parent in bad_codes or (parent in rows and parent not in pending):
                    problem = _("上级组织 %(p)s 所在行有问题，本行无法导入") % {"p": parent}
                elif parent not in rows:
                    problem = _("上级组织编码 %(p)s 不存在，或不在“导入到”的组织及其下级之中") % {"p": parent}
                else:
                    continue  # parent row not placed yet
                if problem is None and LEVEL_RANK[levels[parent]] >= LEVEL_RANK[data["level"]]:  # type: ignore[index]
                    problem = _("“%(level)s”不能设在上级组织 %(p)s 之下") % {
                        "level": OrgLevel(data["level"]).label,
                        "p": parent,
                    }
                del pending[code]
                progressed = True
                if problem:
                    errors.append(RowError(row_number, LABELS["parent_code"], problem))
                    bad_codes.add(code)
                else:
                    placed.add(code)
                    levels[code] = data["level"]
                    ordered.append({**data, "_row": row_number})
            if not progressed:  # the rest wait on each other: a cycle
                for code, (row_number, _data) in pending.items():
                    errors.append(RowError(row_number, LABELS["parent_code"], _("上级组织编码形成循环引用")))
                    bad_codes.add(code)
                break
        return ordered

    def commit(self, *, payloads: list[dict[str, Any]], org: Org, user: Actor, progress: Progress) -> int:
        parents = {o.code: o for o in Org.objects.filter(path__startswith=org.path)}
        for index, payload in enumerate(payloads, start=1):
            fields = {k: v for k, v in payload.items() if not k.startswith("_") and k != "parent_code"}
            created: Org = Org.objects.add_child(parents[payload["parent_code"]], fields)
            parents[created.code] = created
            org_created_event(org=created, actor=user, note=_("由 Excel 导入"))
            progress(index)
        return len(payloads)

    def result_url(self, org: Org) -> str:
        return str(org.get_absolute_url())


def _similar_name_warnings(
    ordered: list[dict[str, Any]], existing: dict[str, Org], user: Actor
) -> dict[str, str]:
    """{row code: warning} for rows whose name is near-identical to a union already under the same parent, or to
    an earlier row's under it (a warning: the row still imports)."""
    parents = {existing[p["parent_code"]] for p in ordered if p["parent_code"] in existing}
    siblings: dict[str, list[Org]] = {}
    for parent in parents:
        siblings[parent.code] = list(
            Org.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).only(
                "name", "code", "path"
            )
        )
    earlier: dict[str, list[dict[str, Any]]] = {}
    warnings: dict[str, str] = {}
    for payload in ordered:
        parent_code, name = payload["parent_code"], payload["name"]
        found = [o for o in siblings.get(parent_code, []) if names_similar(o.name, name)]
        rows = [p for p in earlier.get(parent_code, []) if names_similar(p["name"], name)]
        parts = [similar_name_message(user=user, orgs=found)] if found else []
        parts += [
            _("与第 %(r)d 行“%(name)s”名称相近，请核对是否重复") % {"r": p["_row"], "name": p["name"]}
            for p in rows
        ]
        if parts:
            warnings[payload["code"]] = "；".join(parts)
        earlier.setdefault(parent_code, []).append(payload)
    return warnings


def _show(payload: dict[str, Any], key: str, warning: str = "") -> str:
    value = payload.get(key, "")
    if key == "level":
        return str(OrgLevel(value).label)
    if key == "name" and warning:
        return _("%(name)s（提示：%(warning)s）") % {"name": cell_text(value), "warning": warning}
    return cell_text(value)


def _org_code(value: Any) -> str:
    code = cell_text(value).upper()
    if code:
        validate_org_code(code)
    return code


def _level(value: Any) -> str:
    text = cell_text(value).replace(" ", "")
    if not text:
        return ""
    level = LEVEL_NAMES.get(text)
    if level is None or level == OrgLevel.CITY:
        raise ValidationError(_("层级应为 县区工会、基层工会 或 分工会/工会小组"))
    return str(level)


def _text(value: Any, limit: int, label: str) -> str:
    text = cell_text(value)
    if starts_like_formula(text):  # Excel would run it once the list is exported and edited
        raise ValidationError(_("%(label)s不能以 = + - @ 开头") % {"label": label})
    if len(text) > limit:
        raise ValidationError(_("%(label)s不能超过 %(n)d 个字") % {"label": label, "n": limit})
    return text


def _credit_code(value: Any) -> str:
    code = normalize_identifier(value)
    if code:
        validate_credit_code(code)
    return code


class OrgExporter(Exporter):
    key = "orgs"
    label = "组织列表"
    action = "orgs.view"
    headers = tuple(c.label for c in COLUMNS) + ("状态",)
    widths = (12, 30, 14, 14, 28, 16, 22, 16, 18, 10, 10, 10, 12, 10, 10, 14, 30, 8)

    def _queryset(self, user: Actor, params: dict[str, str]) -> QuerySet[Org]:
        return org_list_for_user(
            user=user,
            query=params.get("q", ""),
            level=params.get("level", ""),
            status=params.get("status", ""),
        )

    def count(self, *, user: Actor, params: dict[str, str]) -> int:
        return self._queryset(user, params).count()

    def rows(self, *, user: Actor, params: dict[str, str]) -> Iterable[Sequence[Any]]:
        steplen = Org.steplen
        codes = dict(Org.objects.values_list("path", "code"))
        # {code: label} per coded column: the lazy labels forced once per export rather than per row
        level, category, industry, status = (
            {code: str(label) for code, label in choices.choices}
            for choices in (OrgLevel, UnitCategory, Industry, OrgStatus)
        )
        for org in self._queryset(user, params).iterator(chunk_size=2000):
            yield [
                org.code,
                org.name,
                codes.get(org.path[:-steplen], "") if org.depth > 1 else "",
                level.get(org.level, org.level),
                org.unit_name,
                org.short_name,
                org.credit_code,
                category.get(org.unit_category, org.unit_category),
                industry.get(org.industry, org.industry),
                "是" if org.is_private else "否",
                org.headcount_established,
                org.headcount_contract,
                org.headcount_dispatched,
                org.chair_name,
                org.contact_name,
                org.contact_phone,
                org.address,
                status.get(org.status, org.status),
            ]

    def file_name(self, params: dict[str, str]) -> str:
        return "组织列表.xlsx"
