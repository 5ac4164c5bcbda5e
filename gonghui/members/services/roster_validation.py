"""Validation of a roster file (会员名册), in two passes so that it never queries per row: the first cleans every cell on
its own (normalising what a person would call the same value — stray spaces, full-width digits, +86, floats, dates
as typed, code-list short forms — and rejecting the rest with row and column); the second looks up, in a few
chunked queries, the ID numbers and phones of the whole file and applies the cross-row rules (duplicates in the
file, members of other unions, phones taken). A person already holding membership of the same union is "unchanged"
(re-importing a file changes nothing)."""

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.accounts.choices import Gender, IdType
from gonghui.accounts.identity import (
    age_on,
    identifier_hash,
    mask_identifier,
    mask_phone,
    normalize_identifier,
    parse_resident_id,
    resident_id_check_char,
    validate_identifier,
)
from gonghui.accounts.models import User
from gonghui.codelists.lists import EDUCATION, EMPLOYMENT, ETHNICITY, ID_TYPE, POLITICAL_STATUS
from gonghui.codelists.lookups import code_resolve
from gonghui.codelists.models import CodeItem
from gonghui.core.bulk import filter_in
from gonghui.core.errors import validation_error_text
from gonghui.core.excel import (
    Column,
    Normalised,
    cell_date,
    cell_text,
    clean_text,
    raw_text,
    starts_like_formula,
)
from gonghui.orgs.choices import OrgStatus
from gonghui.orgs.models import Org

from ..choices import (
    HOLDING_STATUSES,
    Employment,
    HouseholdType,
    JobCategory,
    SkillLevel,
)
from ..models import Member
from .registry import job_category_code

LOOKUP_CHUNK = 2000
MIN_JOIN_AGE, MAX_JOIN_AGE = 16, 100
NAME_MAX, TITLE_MAX = 50, 50
_EXAMPLE_ID = "41080219900301002" + resident_id_check_char("41080219900301002")

COLUMNS: tuple[Column, ...] = (
    Column("name", "姓名", ("会员姓名", "职工姓名"), True, "", "张三"),
    Column(
        "id_type",
        "证件类型",
        (),
        False,
        "不填即为居民身份证；也可填 港澳居民来往内地通行证、台湾居民来往大陆通行证、外国人永久居留身份证、护照",
        "居民身份证",
        default="居民身份证",
    ),
    Column(
        "id_number",
        "证件号码",
        ("身份证号", "身份证号码", "公民身份号码", "证件号", "身份证"),
        True,
        "18位身份证号；请把该列设为“文本”格式，否则 Excel 会丢掉末尾几位",
        _EXAMPLE_ID,
    ),
    Column("gender", "性别", (), False, "男 / 女；居民身份证可不填（按证件号码第17位）", "女"),
    Column(
        "birth_date",
        "出生日期",
        ("出生年月", "生日"),
        False,
        "居民身份证可不填；填写时须与证件号码一致。如 1990-03-01、1990.3.1、1990年3月1日",
        "1990-03-01",
    ),
    Column("ethnicity", "民族", (), False, "如 汉族 / 汉 / 01", "汉族"),
    Column(
        "phone",
        "手机号",
        ("手机", "联系电话", "手机号码", "移动电话", "电话"),
        False,
        "11位手机号；填写后自动开通会员账号，会员在会员端用短信验证码激活",
        "13800000000",
    ),
    Column(
        "unit",
        "工作单位",
        ("单位", "所在单位", "单位名称", "工作单位名称"),
        False,
        "填写“导入到”的组织或其下级工会的所在单位、工会全称或简称；不填即为“导入到”的组织",
        "",
        default="“导入到”的组织",
    ),
    Column("education", "学历", ("文化程度", "最高学历"), False, "如 大学本科 / 本科 / 21", "本科"),
    Column("political_status", "政治面貌", (), False, "如 中共党员 / 群众 / 13", "群众"),
    Column(
        "employment",
        "用工性质",
        ("用工形式", "用工类型"),
        False,
        "在编、非在编、劳务派遣、其他；不填即为在编",
        "在编",
        default="在编",
    ),
    Column("position_title", "岗位/职称", ("岗位", "职称", "职务", "岗位职称"), False, "", "一级教师"),
    Column(
        "job_category",
        "岗位类别",
        ("人员类别", "岗位分类"),
        False,
        "教师、医生、护士、科研、文艺、体育、其他专技（专业技术人员），管理人员，工勤技能人员；也可填完整名称或代码",
        "教师",
    ),
    Column("skill_level", "技能等级", ("职业技能等级",), False, "初级工、中级工、高级工、技师、高级技师", ""),
    Column("household_type", "户籍类型", ("户口性质", "户籍性质", "户籍"), False, "城镇 / 农村", "城镇"),
    Column(
        "joined_on",
        "入会日期",
        ("入会时间",),
        False,
        "不填即为导入当天；不能晚于今天，入会时须年满16岁",
        "2020-09-01",
        default="导入当天",
    ),
    Column(
        "is_model_worker",
        "是否劳模/工匠",
        ("劳模/工匠", "是否劳模", "劳模", "是否工匠"),
        False,
        "是 / 否",
        "否",
    ),
    Column("is_migrant_worker", "是否农民工", ("农民工",), False, "是 / 否", "否"),
)

LABELS = {c.key: c.label for c in COLUMNS}

CODE_LISTS = {
    "ethnicity": ETHNICITY,
    "education": EDUCATION,
    "political_status": POLITICAL_STATUS,
    "employment": EMPLOYMENT,
}

GENDERS = {
    "男": Gender.MALE,
    "女": Gender.FEMALE,
    "男性": Gender.MALE,
    "女性": Gender.FEMALE,
    "M": Gender.MALE,
}


GENDERS |= {"F": Gender.FEMALE, "1": Gender.MALE, "2": Gender.FEMALE}  # GB/T 2261.1 codes 1 and 2


SKILL_LEVELS = {str(level.label): str(level.value) for level in SkillLevel} | {
    str(level.value): str(level.value) for level in SkillLevel
}


SKILL_LEVELS |= {
    "初级": "5",
    "中级": "4",
    "高级": "3",
    "五级": "5",
    "四级": "4",
    "三级": "3",
    "二级": "2",
    "一级": "1",
}


HOUSEHOLD_TYPES = {
    "城镇": HouseholdType.URBAN,
    "城镇户口": HouseholdType.URBAN,
    "非农业": HouseholdType.URBAN,
    "非农业户口": HouseholdType.URBAN,
    "农村": HouseholdType.RURAL,
    "农村户口": HouseholdType.RURAL,
    "农业": HouseholdType.RURAL,
    "农业户口": HouseholdType.RURAL,
}

YES = {"是", "Y", "YES", "TRUE", "1", "√", "✓"}
NO = {"否", "N", "NO", "FALSE", "0", "×", "✗"}

CHOICE_MESSAGES = {
    "gender": gettext_lazy("性别应填写“男”或“女”，当前为“%(v)s”"),
    "skill_level": gettext_lazy("技能等级应为 初级工、中级工、高级工、技师 或 高级技师，当前为“%(v)s”"),
    "household_type": gettext_lazy("户籍类型应为“城镇”或“农村”，当前为“%(v)s”"),
}

GENDER_CODES = frozenset(Gender.values)
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_DASH_BETWEEN_DIGITS = re.compile(r"(?<=\d)-(?=\d)")
_PHONE_CHARS = str.maketrans({"＋": "+", "－": "-", "—": "-"})
_PLAIN_MOBILE = re.compile(r"1[3-9][0-9]{9}")  # ASCII digits only: what _phone returns unchanged
# what clean_text would change in a text cell: spaces of any kind, invisible characters, full-width letters and digits
_NEEDS_CLEANING = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff０-９Ａ-Ｚａ-ｚ]")


def _formula_refused(label: str) -> ValidationError:
    return ValidationError(_("%(field)s不能以 = + - @ 开头") % {"field": label})


def _date_or_error(value: Any) -> dt.date | None:
    try:
        return cell_date(value)
    except ValueError:
        raise ValidationError(
            _("无法识别的日期“%(v)s”，请按 2020-03-01 的格式填写") % {"v": raw_text(value)}
        ) from None


def _phone(value: Any) -> str:
    """+86 138 0000 0000, 0086…, 138-0000-0000 and 13800000000.0 all become 13800000000."""
    text = re.sub(r"\s+", "", cell_text(value).translate(_PHONE_CHARS))
    if text.startswith("+86"):
        text = text[3:]
    elif text.startswith("0086"):
        text = text[4:]
    if starts_like_formula(text):
        raise _formula_refused(LABELS["phone"])
    text = _DASH_BETWEEN_DIGITS.sub("", text)
    if not _MOBILE.match(text):
        raise ValidationError(_("请输入11位中国大陆手机号"))
    return text


def _id_text(value: Any) -> tuple[str, bool]:
    """The ID number as typed; True when the cell held a number (Excel keeps 15 significant digits only)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value)), True
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value), True
    return normalize_identifier(cell_text(value)), False


def _yes_no(value: Any) -> bool:
    text = cell_text(value).replace(" ", "").upper()
    if text in YES:
        return True
    if text in NO or text == "":
        return False
    raise ValidationError(_("请填写“是”或“否”"))


def _choice(value: Any, table: Mapping[str, str], message: Any) -> str:
    text = cell_text(value).replace(" ", "").upper()
    if not text:
        return ""
    found = table.get(text)
    if found is None:
        raise ValidationError(str(message) % {"v": cell_text(value)})
    return str(found)


def _filled(value: Any) -> bool:
    """Is there anything in the cell (cheaper than cell_text(value) != "" for the common cases)?"""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    return True


class UnitLookup:
    """工作单位 → the union: an org of the chosen subtree by its full name, then short name, then unit name;
    among several orgs of one unit (a union and its 分工会) the highest in the tree."""

    def __init__(self, root: Org) -> None:
        self.root = root
        self.by_key: list[dict[str, list[Org]]] = [defaultdict(list), defaultdict(list), defaultdict(list)]
        orgs = Org.objects.filter(path__startswith=root.path, status=OrgStatus.ACTIVE).only(
            "id", "name", "short_name", "unit_name", "code", "path", "depth"
        )
        self.by_id: dict[int, Org] = {}
        for org in orgs:
            self.by_id[org.pk] = org
            for table, text in zip(self.by_key, (org.name, org.short_name, org.unit_name), strict=True):
                if text:
                    table[_unit_key(text)].append(org)
        self.by_id.setdefault(root.pk, root)

    def resolve(self, text: str) -> Org:
        key = _unit_key(text)
        for table in self.by_key:
            candidates = table.get(key)
            if not candidates:
                continue
            top = min(o.depth for o in candidates)
            highest = [o for o in candidates if o.depth == top]
            if len(highest) == 1:
                return highest[0]
            raise ValidationError(
                _("工作单位“%(v)s”对应多个工会（%(names)s），请填写工会全称")
                % {"v": text, "names": "、".join(o.name for o in highest[:3])}
            )
        raise ValidationError(
            _("工作单位“%(v)s”不是“%(org)s”或其下级工会的所在单位、名称或简称")
            % {"v": text, "org": self.root.name}
        )


def _unit_key(text: str) -> str:
    return re.sub(r"\s+", "", cell_text(text)).upper()


class CodeLookup:
    """code_resolve once per distinct value (a roster repeats 汉族 a hundred thousand times), and the full
    names for the normalisation report."""

    def __init__(self) -> None:
        self.memo: dict[tuple[str, str], str | ValidationError] = {}
        # choice labels in the active language, looked up once rather than per row
        self.labels: dict[str, str] = {str(v): str(label) for v, label in (*Gender.choices, *IdType.choices)}
        self.labels |= {f"skill_level:{v}": str(label) for v, label in SkillLevel.choices}
        self.labels |= {f"household_type:{v}": str(label) for v, label in HouseholdType.choices}
        self.labels |= {f"job_category:{v}": str(label) for v, label in JobCategory.choices}
        self.names = {
            (item.list_key, item.code): item.name
            for item in CodeItem.objects.filter(list_key__in=[*CODE_LISTS.values(), ID_TYPE]).only(
                "list_key", "code", "name"
            )
        }
        self.cells: _Cells | None = None  # the per-value cleaning of one import (roster_row_clean)

    def resolve(self, list_key: str, value: Any) -> str:
        found = self.memo.get((list_key, value)) if isinstance(value, str) else None
        if found is None:
            found = self._resolve(list_key, value)
            if isinstance(value, str):
                self.memo[(list_key, value)] = found
        if isinstance(found, ValidationError):
            raise found
        return found

    def _resolve(self, list_key: str, value: Any) -> str | ValidationError:
        key = (list_key, "\0" + cell_text(value).replace(" ", "").upper())
        found = self.memo.get(key)
        if found is None:
            try:
                found = code_resolve(list_key, value, allowed=True)
            except ValidationError as exc:
                found = exc
            self.memo[key] = found
        return found

    def name(self, list_key: str, code: str) -> str:
        return self.names.get((list_key, code), code)


@dataclass
class RosterRow:
    number: int
    data: dict[str, Any] = field(default_factory=dict)
    problems: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Cell:
    """One cell cleaned: the value stored, the problem with it ("" when none) and the normalisation to report
    (what the file held, what is stored; None when the cell is stored as written)."""

    value: Any
    problem: str = ""
    note: tuple[str, str] | None = None


def _note(value: Any, after: str) -> tuple[str, str] | None:
    before = value if isinstance(value, str) else raw_text(value)
    return (before, after) if before != after and before else None


def _clean(value: Any) -> str:
    """`clean_text(value)`, skipping its work for a text cell with nothing to clean (most cells)."""
    if type(value) is str and _NEEDS_CLEANING.search(value) is None:
        return value
    return clean_text(value)


class _Cells:
    """The columns whose cleaning depends on the cell alone, cleaned once per distinct value in an import (a
    roster repeats 汉族, 本科, 2020-09-01 and its units thousands of times): the same values, problems and
    normalisations as cleaning every cell, at the cost of one dictionary look-up for a repeated value."""

    def __init__(self, org: Org, units: UnitLookup, codes: CodeLookup, today: dt.date) -> None:
        self.org, self.units, self.codes, self.today = org, units, codes, today
        self.memo: dict[tuple[str, type, Any], _Cell] = {}
        self.cleaners: dict[str, Any] = {
            "name": self._name,
            "id_type": self._id_type,
            "gender": self._gender,
            "birth_date": self._birth_date,
            **dict.fromkeys(CODE_LISTS, self._code),
            "position_title": self._title,
            "job_category": self._job_category,
            "skill_level": self._choice_of,
            "household_type": self._choice_of,
            "is_model_worker": self._answer,
            "is_migrant_worker": self._answer,
            "joined_on": self._joined_on,
            "unit": self._unit,
        }

    def get(self, key: str, value: Any) -> _Cell:
        memo_key = (key, value.__class__, value)  # 1, 1.0 and True are equal keys; their cells differ
        cell = self.memo.get(memo_key)
        if cell is None:
            cell = self.memo[memo_key] = self.cleaners[key](key, value)
        return cell

    def _name(self, key: str, value: Any) -> _Cell:
        name = _clean(value)
        if not name:
            return _Cell(name, _("必填，不能为空"))
        if starts_like_formula(name):
            return _Cell(name, validation_error_text(_formula_refused(LABELS[key])))
        if len(name) > NAME_MAX:
            return _Cell(name, _("不能超过 %(n)d 个字") % {"n": NAME_MAX})
        return _Cell(name, note=_note(value, name))

    def _id_type(self, key: str, value: Any) -> _Cell:
        if not _filled(value):
            return _Cell(str(IdType.RESIDENT))
        try:
            code = self.codes.resolve(ID_TYPE, value)
        except ValidationError as exc:
            return _Cell("", validation_error_text(exc))
        return _Cell(code, note=_note(value, self.codes.name(ID_TYPE, code)))

    def _gender(self, key: str, value: Any) -> _Cell:
        if not _filled(value):
            return _Cell("")
        try:
            gender = _choice(value, GENDERS, CHOICE_MESSAGES[key])
        except ValidationError as exc:
            return _Cell("?", validation_error_text(exc))
        return _Cell(gender, note=_note(value, self.codes.labels[gender]))

    def _birth_date(self, key: str, value: Any) -> _Cell:
        if not _filled(value):
            return _Cell(None)
        try:
            birth_date = _date_or_error(value)
        except ValidationError as exc:
            return _Cell(None, validation_error_text(exc))
        return _Cell(birth_date, note=_note(value, birth_date.isoformat()) if birth_date else None)

    def _code(self, key: str, value: Any) -> _Cell:
        default = str(Employment.ESTABLISHED) if key == "employment" else ""
        if not _filled(value):
            return _Cell(default)
        list_key = CODE_LISTS[key]
        try:
            code = self.codes.resolve(list_key, value)
        except ValidationError as exc:
            return _Cell(default, validation_error_text(exc))
        return _Cell(code or default, note=_note(value, self.codes.name(list_key, code)))

    def _title(self, key: str, value: Any) -> _Cell:
        # free text, kept as typed (a leading = + - @ stays inert text; exports write text cells)
        title = _clean(value)
        if len(title) > TITLE_MAX:
            return _Cell(title, _("不能超过 %(n)d 个字") % {"n": TITLE_MAX})
        return _Cell(title, note=_note(value, title) if title else None)

    def _job_category(self, key: str, value: Any) -> _Cell:
        # label, short form or code
        if not _filled(value):
            return _Cell("")
        try:
            code = job_category_code(cell_text(value))
        except ValidationError as exc:
            return _Cell("", validation_error_text(exc))
        return _Cell(code, note=_note(value, self.codes.labels[f"job_category:{code}"]))

    def _choice_of(self, key: str, value: Any) -> _Cell:
        if not _filled(value):
            return _Cell("")
        table = SKILL_LEVELS if key == "skill_level" else HOUSEHOLD_TYPES
        try:
            found = _choice(value, table, CHOICE_MESSAGES[key])
        except ValidationError as exc:
            return _Cell("", validation_error_text(exc))
        return _Cell(found, note=_note(value, self.codes.labels[f"{key}:{found}"]))

    def _answer(self, key: str, value: Any) -> _Cell:
        if not _filled(value):
            return _Cell(False)
        try:
            answer = _yes_no(value)
        except ValidationError as exc:
            return _Cell(False, validation_error_text(exc))
        return _Cell(answer, note=_note(value, "是" if answer else "否"))

    def _joined_on(self, key: str, value: Any) -> _Cell:
        if not _filled(value):
            return _Cell(self.today)
        try:
            joined_on = _date_or_error(value) or self.today
        except ValidationError as exc:
            return _Cell(None, validation_error_text(exc))
        late = _("入会日期不能晚于今天") if joined_on > self.today else ""
        return _Cell(joined_on, late, _note(value, joined_on.isoformat()))

    def _unit(self, key: str, value: Any) -> _Cell:
        if not _filled(value):
            return _Cell(self.org.pk)
        unit = _clean(value)
        try:
            target, problem = self.units.resolve(unit), ""
        except ValidationError as exc:
            target, problem = self.org, validation_error_text(exc)
        return _Cell(target.pk, problem, _note(value, unit))


# cleaned per distinct value, in the order of the row's problems and normalisations: before the ID number, after
_BEFORE_ID = ("name", "id_type", "gender", "birth_date")
_AFTER_PHONE = (
    *CODE_LISTS,
    "position_title",
    "job_category",
    "skill_level",
    "household_type",
    "is_model_worker",
    "is_migrant_worker",
    "joined_on",
)


def _cells_take(
    keys: tuple[str, ...],
    get: Any,
    cells: "_Cells",
    memo: dict[Any, Any],
    row: RosterRow,
    normalised: list[Normalised],
) -> None:
    """The own-cell columns `keys` of one row, each cleaned once per distinct value (`cells.memo`)."""
    data, problems, row_number = row.data, row.problems, row.number
    for key in keys:
        value = get(key)
        cell = memo.get((key, value.__class__, value)) or cells.get(key, value)
        data[key] = cell.value
        if cell.problem:
            problems.append((LABELS[key], cell.problem))
        if cell.note is not None:
            normalised.append(Normalised(row_number, LABELS[key], *cell.note))


def roster_row_clean(
    row_number: int,
    raw: dict[str, Any],
    org: Org,
    units: UnitLookup,
    codes: CodeLookup,
    today: dt.date,
    normalised: list[Normalised],
) -> RosterRow:
    cells = codes.cells
    if cells is None or cells.units is not units or cells.org is not org or cells.today != today:
        cells = codes.cells = _Cells(org, units, codes, today)
    memo = cells.memo  # looked up here: one call less per cell
    row = RosterRow(row_number)
    data, problems = row.data, row.problems
    get = raw.get

    _cells_take(_BEFORE_ID, get, cells, memo, row, normalised)
    id_type, gender, birth_date = data["id_type"], data["gender"], data["birth_date"]

    # 证件号码
    value = get("id_number")
    if type(value) is str and len(value) == 18 and value.isascii() and value.isalnum():
        number, was_number = value.upper(), False  # what normalize_identifier makes of it
    else:
        number, was_number = _id_text(value)
    data["id_hash"] = ""
    if not number:
        problems.append((LABELS["id_number"], _("必填，不能为空")))
    elif starts_like_formula(number):
        problems.append((LABELS["id_number"], validation_error_text(_formula_refused(LABELS["id_number"]))))
    elif id_type == IdType.RESIDENT:
        try:
            parsed = parse_resident_id(number, gender=gender if gender in GENDER_CODES else None)
        except ValidationError as exc:
            message = validation_error_text(exc)
            if was_number and len(number) >= 16:
                message = _(
                    "证件号码被存成了数字，Excel 只保留15位有效数字，末尾几位已经失真；请把该列设为文本格式后重新填写"
                )
            problems.append((LABELS["id_number"], message))
        else:
            if birth_date and birth_date != parsed.birth_date:
                problems.append(
                    (
                        LABELS["id_number"],
                        _("身份证号中的出生日期为 %(id)s，与出生日期 %(col)s 不一致")
                        % {"id": parsed.birth_date.isoformat(), "col": birth_date.isoformat()},
                    )
                )
            gender, birth_date = parsed.gender, parsed.birth_date
            data["id_hash"] = identifier_hash(id_type, number)
            if value != number:
                _add_note(normalised, row_number, "id_number", value, number)
    elif id_type:
        try:
            number = validate_identifier(id_type, number)
        except ValidationError as exc:
            problems.append((LABELS["id_number"], validation_error_text(exc)))
        else:
            data["id_hash"] = identifier_hash(id_type, number)
            _add_note(normalised, row_number, "id_number", value, number)
        label = codes.labels[id_type]
        if not gender:
            problems.append((LABELS["gender"], _("证件类型为%(t)s时必须填写性别") % {"t": label}))
        if not birth_date:
            problems.append((LABELS["birth_date"], _("证件类型为%(t)s时必须填写出生日期") % {"t": label}))
    data["id_number"], data["gender"], data["birth_date"] = number, gender, birth_date

    # 手机号 (optional): a plain 11-digit mobile number is stored as written
    value = get("phone")
    phone = ""
    if type(value) is str and _PLAIN_MOBILE.fullmatch(value):
        phone = value
    elif _filled(value):
        try:
            phone = _phone(value)
        except ValidationError as exc:
            problems.append((LABELS["phone"], validation_error_text(exc)))
        else:
            _add_note(normalised, row_number, "phone", value, phone)
    data["phone"] = phone

    _cells_take(_AFTER_PHONE, get, cells, memo, row, normalised)

    # 入会时年龄
    joined_on = data["joined_on"]
    if joined_on and birth_date and joined_on <= today:
        age = age_on(birth_date, joined_on)
        if not MIN_JOIN_AGE <= age <= MAX_JOIN_AGE:
            problems.append(
                (
                    LABELS["joined_on"],
                    _("入会时年龄应在 %(lo)d–%(hi)d 岁之间，按出生日期和入会日期计算为 %(age)d 岁")
                    % {"lo": MIN_JOIN_AGE, "hi": MAX_JOIN_AGE, "age": age},
                )
            )

    # 工作单位
    cell = cells.get("unit", get("unit"))
    data["org_id"] = cell.value
    if cell.problem:
        problems.append((LABELS["unit"], cell.problem))
    if cell.note is not None:
        normalised.append(Normalised(row_number, LABELS["unit"], *cell.note))
    data["row"] = row_number
    data["unchanged"] = False
    return row


def _add_note(normalised: list[Normalised], row_number: int, key: str, value: Any, after: str) -> None:
    note = _note(value, after)
    if note is not None:
        normalised.append(Normalised(row_number, LABELS[key], *note))


def roster_rows_check(rows: list[RosterRow], org: Org, units: UnitLookup) -> None:
    """Duplicates inside the file (the first row stays, later ones are errors naming it) and against the
    database (a member of another union, a phone bound to another account), with four look-ups of the whole
    file (`core.bulk.filter_in`: one parameter each)."""
    hashes = [r.data["id_hash"] for r in rows if r.data["id_hash"]]
    phones = [r.data["phone"] for r in rows if r.data["phone"]]
    holding: dict[str, tuple[int, str, str]] = {}
    holding_members = Member.objects.filter(status__in=HOLDING_STATUSES)
    # one holding member per ID number (a unique constraint): no order needed
    for queryset in filter_in(holding_members.order_by(), "id_number_hash", hashes, chunk=LOOKUP_CHUNK):
        for id_hash, org_id, org_name, org_path in queryset.values_list(
            "id_number_hash", "org_id", "org__name", "org__path"
        ):
            holding[id_hash] = (org_id, org_name, org_path)
    taken_phones: set[str] = set()
    for queryset in filter_in(User.objects.order_by(), "phone", phones, chunk=LOOKUP_CHUNK):
        taken_phones.update(p for p in queryset.values_list("phone", flat=True) if p)
    usernames = [f"m{p}" for p in phones]
    for queryset in filter_in(User.objects.order_by(), "username", usernames, chunk=LOOKUP_CHUNK):
        taken_phones.update(name[1:] for name in queryset.values_list("username", flat=True))
    member_phones: dict[str, str] = {}  # several members may share a phone: the last in the registry's order
    for queryset in filter_in(holding_members, "phone", phones, chunk=LOOKUP_CHUNK):
        member_phones.update(queryset.values_list("phone", "id_number_hash"))
    seen_ids: dict[str, int] = {}
    seen_phones: dict[str, int] = {}
    for row in rows:
        data = row.data
        id_hash, phone = data["id_hash"], data["phone"]
        if id_hash:
            if id_hash in seen_ids:
                row.problems.append(
                    (LABELS["id_number"], _("与第 %(r)d 行的证件号码重复") % {"r": seen_ids[id_hash]})
                )
            else:
                seen_ids[id_hash] = row.number
                existing = holding.get(id_hash)
                if existing is not None and existing[0] == data["org_id"]:
                    data["unchanged"] = True
                elif existing is not None:
                    row.problems.append((LABELS["id_number"], _member_elsewhere(existing, org)))
        if phone:
            if phone in seen_phones:
                row.problems.append(
                    (LABELS["phone"], _("与第 %(r)d 行的手机号重复") % {"r": seen_phones[phone]})
                )
                continue
            seen_phones[phone] = row.number
            if data["unchanged"]:
                continue
            if phone in taken_phones:
                row.problems.append((LABELS["phone"], _("该手机号已绑定其他账号")))
            elif phone in member_phones and member_phones[phone] != id_hash:
                row.problems.append((LABELS["phone"], _("该手机号已绑定其他会员")))


def roster_preview_row(payload: dict[str, Any], units: UnitLookup) -> list[str]:
    org = units.by_id.get(payload["org_id"])
    return [
        str(payload["row"]),
        payload["name"],
        mask_identifier(payload["id_number"]),
        mask_phone(payload["phone"]),
        org.name if org else "",
        payload["joined_on"].isoformat(),
        _("已是本会会员，无变化") if payload["unchanged"] else _("新增"),
    ]


def _member_elsewhere(existing: tuple[int, str, str], root: Org) -> str:
    _org_id, org_name, org_path = existing
    if org_path.startswith(root.path):
        return _("此人已是“%(org)s”的在籍会员，不能重复入会；如调动请办理转会") % {"org": org_name}
    return _("此人已是其他工会的在籍会员，不能重复入会；如调动请办理转会")
