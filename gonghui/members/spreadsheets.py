"""The roster import (`services.roster.MemberImporter`, key "members") and the exports of the member registry (the filtered list of the 会员名册 page):

- 会员名册 — masked ID numbers and phones, for everyone who may view members;
- 会员名册（未脱敏） — full identity, only with `members.reveal` and only for members in the subtrees where the
  user holds it; the spreadsheets export writes the EXPORT audit row, whose summary carries the label (未脱敏);
- 会员实名制数据（全总代码·未脱敏） — the same members as the coded field values of the 全总实名制 system, in that
  system's fixed layout (岗位类别 and any later field of ours stay out of it). Those codes cannot be fetched
  offline, so the mapping is a table here (`ACFTU_CODE_MAPS`, overridable per key by the `MEMBERS_ACFTU_CODE_MAPS`
  setting) and the UI says to check it against the receiving system's specification.

Rows are yielded lazily (`iterator`), so large exports stream into the background job's file."""

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from gonghui.accounts.actors import Actor
from gonghui.accounts.choices import Gender, IdType
from gonghui.accounts.identity import decrypt_identifier, mask_phone
from gonghui.codelists.lists import EDUCATION, ETHNICITY, POLITICAL_STATUS
from gonghui.core.spreadsheets import Exporter, exporters, importers

from .choices import Employment, HouseholdType, JobCategory, MemberStatus, SkillLevel
from .models import Member
from .permissions import REVEAL
from .selectors.registry import code_tables, member_list_from_params
from .services.roster import ROSTER_KIND, MemberImporter

CHUNK = 2000
ROSTER_HEADERS = (
    "姓名",
    "性别",
    "民族",
    "出生日期",
    "证件类型",
    "证件号码",
    "手机号",
    "学历",
    "政治面貌",
    "用工性质",
    "岗位/职称",
    "岗位类别",
    "技能等级",
    "户籍类型",
    "所属工会",
    "工会编码",
    "工作单位",
    "入会日期",
    "会员编号",
    "会员卡号",
    "劳模/工匠",
    "农民工",
    "会籍状态",
    "会籍变动日期",
    "标签",
)
ROSTER_WIDTHS = (
    *(10, 6, 8, 12, 14, 22, 14, 14, 16, 10, 16, 20),  # 姓名 … 岗位类别
    *(10, 8, 28, 12, 24, 12, 20, 20, 8, 8, 14, 12, 20),  # 技能等级 … 标签
)


YES_NO = {True: "是", False: "否"}


def _labels(choices: Any) -> dict[str, str]:
    """{code: label} of a choices class, the lazy labels forced once per export (an unknown code shows as is)."""
    return {code: str(label) for code, label in choices.choices}


def _tag_names(member_ids: Sequence[int]) -> dict[int, str]:
    """The members' tags as the list shows them (by name, joined with 、), in one query."""
    names: dict[int, list[str]] = {}
    pairs = Member.tags.through.objects.filter(member_id__in=member_ids).order_by("membertag__name")
    for member_id, name in pairs.values_list("member_id", "membertag__name"):
        names.setdefault(member_id, []).append(name)
    return {member_id: "、".join(tags) for member_id, tags in names.items()}


def _chunks(rows: Iterator[tuple[Any, ...]], size: int) -> Iterator[list[tuple[Any, ...]]]:
    chunk: list[tuple[Any, ...]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class MemberRosterExporter(Exporter):
    """会员名册, masked: the list page's filters (q, org, status, employment, job_category, gender, age, tag)
    apply. Rows are read as plain tuples (`values_list`, in chunks, the tags of each chunk in one more query)
    and every code becomes its label through tables built once per export."""

    key = "members"
    label = "会员名册"
    action = "members.view"
    headers = ROSTER_HEADERS
    widths = ROSTER_WIDTHS
    unmasked = False

    def _queryset(self, user: Actor, params: dict[str, str]) -> QuerySet[Member]:
        return member_list_from_params(user=user, params=params, action=self.action)

    def count(self, *, user: Actor, params: dict[str, str]) -> int:
        return self._queryset(user, params).count()

    def rows(self, *, user: Actor, params: dict[str, str]) -> Iterable[Sequence[Any]]:
        names = code_tables(ETHNICITY, EDUCATION, POLITICAL_STATUS)
        ethnicity, education, political = names[ETHNICITY], names[EDUCATION], names[POLITICAL_STATUS]
        gender, id_type, employment = _labels(Gender), _labels(IdType), _labels(Employment)
        job_category, skill_level = _labels(JobCategory), _labels(SkillLevel)
        household_type, status = _labels(HouseholdType), _labels(MemberStatus)
        unmasked = self.unmasked
        # only what the file shows: the stored masked ID number, or the cipher text when unmasked
        identity = "id_number_encrypted" if unmasked else "id_number_masked"
        members = self._queryset(user, params).values_list(
            "id", "name", "gender", "ethnicity", "birth_date", "id_type", identity, "phone", "education",
            "political_status", "employment", "position_title", "job_category", "skill_level", "household_type",
            "org__name", "org__code", "org__unit_name", "joined_on", "member_number", "card_number",
            "is_model_worker", "is_migrant_worker", "status", "status_changed_on",
        )  # fmt: skip
        for chunk in _chunks(members.iterator(chunk_size=CHUNK), CHUNK):
            tags = _tag_names([row[0] for row in chunk])
            for (
                pk, name, gender_code, ethnicity_code, birth_date, id_type_code, id_number, phone, education_code,
                political_code, employment_code, position_title, job_code, skill_code, household_code,
                org_name, org_code, unit_name, joined_on, member_number, card_number,
                model_worker, migrant_worker, status_code, status_changed_on,
            ) in chunk:  # fmt: skip
                yield [
                    name,
                    gender.get(gender_code, gender_code),
                    ethnicity.get(ethnicity_code, ethnicity_code),
                    birth_date,
                    id_type.get(id_type_code, id_type_code),
                    decrypt_identifier(id_number) if unmasked else id_number,
                    phone if unmasked else mask_phone(phone),
                    education.get(education_code, education_code),
                    political.get(political_code, political_code),
                    employment.get(employment_code, employment_code),
                    position_title,
                    job_category.get(job_code, job_code),
                    skill_level.get(skill_code, skill_code),
                    household_type.get(household_code, household_code),
                    org_name,
                    org_code,
                    unit_name,
                    joined_on,
                    member_number or "",
                    card_number,
                    YES_NO[model_worker],
                    YES_NO[migrant_worker],
                    status.get(status_code, status_code),
                    status_changed_on,
                    tags.get(pk, ""),
                ]

    def file_name(self, params: dict[str, str]) -> str:
        return f"{self.label}.xlsx"


class MemberRosterUnmaskedExporter(MemberRosterExporter):
    key = "members_unmasked"
    label = "会员名册（未脱敏）"
    action = REVEAL
    unmasked = True


# ---- 全总实名制 coded export ---------------------------------------------------------------------------

# Default code tables; to be checked against the receiving system's specification. 民族, 学历 and 政治面貌 are
# stored as their national codes (GB 3304, GB/T 4658, GB/T 4762) and exported as stored unless mapped here.
ACFTU_CODE_MAPS: dict[str, dict[str, str]] = {
    "gender": {"M": "1", "F": "2"},  # GB/T 2261.1
    "id_type": {  # 公安部常用证件代码
        "resident": "111",
        "hk_macao": "516",
        "taiwan": "511",
        "foreign_permanent": "553",
        "passport": "414",
    },
    "employment": {"established": "1", "contract": "2", "dispatched": "3", "other": "9"},
    "household_type": {"urban": "1", "rural": "2"},
    "skill_level": {"5": "5", "4": "4", "3": "3", "2": "2", "1": "1"},
    "status": {"active": "1", "transferred_out": "2", "retired_kept": "3", "left": "4", "deceased": "5"},
    "yes_no": {"True": "1", "False": "0"},
    "ethnicity": {},
    "education": {},
    "political_status": {},
}
ACFTU_DATE_FORMAT = "%Y%m%d"


def acftu_code_maps() -> dict[str, dict[str, str]]:
    """The defaults with the `MEMBERS_ACFTU_CODE_MAPS` setting laid over them, key by key."""
    overrides: dict[str, dict[str, str]] = getattr(settings, "MEMBERS_ACFTU_CODE_MAPS", {}) or {}
    return {key: {**values, **overrides.get(key, {})} for key, values in ACFTU_CODE_MAPS.items()}


@dataclass(frozen=True)
class AcftuColumn:
    header: str
    field: str  # what is read of the member (a `values_list` path)
    code_map: str = ""  # key of ACFTU_CODE_MAPS the value is translated through
    width: int = 12
    convert: Callable[[Any], Any] | None = None  # applied to the stored value before the code map


def _date(value: dt.date | None) -> str:
    return value.strftime(ACFTU_DATE_FORMAT) if value else ""


ACFTU_COLUMNS: tuple[AcftuColumn, ...] = (
    AcftuColumn("姓名", "name", width=10),
    AcftuColumn("性别代码", "gender", "gender", 8),
    AcftuColumn("民族代码", "ethnicity", "ethnicity", 8),
    AcftuColumn("出生日期", "birth_date", convert=_date),
    AcftuColumn("证件类型代码", "id_type", "id_type"),
    AcftuColumn("证件号码", "id_number_encrypted", width=22, convert=decrypt_identifier),
    AcftuColumn("手机号码", "phone", width=14),
    AcftuColumn("学历代码", "education", "education", 8),
    AcftuColumn("政治面貌代码", "political_status", "political_status"),
    AcftuColumn("用工性质代码", "employment", "employment"),
    AcftuColumn("岗位职称", "position_title", width=16),
    AcftuColumn("技能等级代码", "skill_level", "skill_level"),
    AcftuColumn("户籍类型代码", "household_type", "household_type"),
    AcftuColumn("工作单位", "org__unit_name", width=24),
    AcftuColumn("所在工会", "org__name", width=28),
    AcftuColumn("入会日期", "joined_on", convert=_date),
    AcftuColumn("会员编号", "member_number", width=20, convert=lambda number: number or ""),
    AcftuColumn("会员卡号", "card_number", width=20),
    AcftuColumn("是否劳模", "is_model_worker", "yes_no", 8, str),
    AcftuColumn("是否农民工", "is_migrant_worker", "yes_no", 8, str),
    AcftuColumn("会籍状态代码", "status", "status"),
    AcftuColumn("会籍变动日期", "status_changed_on", convert=_date),
)


class MemberAcftuExporter(Exporter):
    """The filtered list as the 全总实名制 coded values (full identity: needs `members.reveal`)."""

    key = "members_acftu"
    label = "会员实名制数据（全总代码·未脱敏）"
    action = REVEAL
    headers = tuple(c.header for c in ACFTU_COLUMNS)
    widths = tuple(c.width for c in ACFTU_COLUMNS)

    def _queryset(self, user: Actor, params: dict[str, str]) -> QuerySet[Member]:
        return member_list_from_params(user=user, params=params, action=self.action)

    def count(self, *, user: Actor, params: dict[str, str]) -> int:
        return self._queryset(user, params).count()

    def rows(self, *, user: Actor, params: dict[str, str]) -> Iterable[Sequence[Any]]:
        maps = acftu_code_maps()
        empty: dict[str, str] = {}
        columns = [(c.convert, maps[c.code_map] if c.code_map else empty) for c in ACFTU_COLUMNS]
        members = self._queryset(user, params).values_list(*(c.field for c in ACFTU_COLUMNS))
        for member in members.iterator(chunk_size=CHUNK):
            row: list[str] = []
            for (convert, code_map), value in zip(columns, member, strict=True):
                if convert is not None:
                    value = convert(value)
                value = code_map.get(value, value)
                row.append("" if value is None else str(value))
            yield row

    def file_name(self, params: dict[str, str]) -> str:
        return "会员实名制数据（全总代码）.xlsx"


def register() -> None:
    """The member registry's exporters and the roster importer (`services.roster`); called from
    MembersConfig.ready()."""
    importers.register(ROSTER_KIND, MemberImporter())
    exporters.register("members", MemberRosterExporter())
    exporters.register("members_unmasked", MemberRosterUnmaskedExporter())
    exporters.register("members_acftu", MemberAcftuExporter())
