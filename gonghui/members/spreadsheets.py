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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from gonghui.accounts.actors import Actor
from gonghui.accounts.identity import decrypt_identifier
from gonghui.codelists.lists import EDUCATION, ETHNICITY, POLITICAL_STATUS
from gonghui.core.spreadsheets import Exporter, exporters, importers

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


def _yes(value: bool) -> str:
    return "是" if value else "否"


class MemberRosterExporter(Exporter):
    """会员名册, masked: the list page's filters (q, org, status, employment, job_category, gender, age, tag)
    apply."""

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
        members = self._queryset(user, params).prefetch_related("tags")
        for m in members.iterator(chunk_size=CHUNK):
            yield [
                m.name,
                m.get_gender_display(),
                names[ETHNICITY].get(m.ethnicity, m.ethnicity),
                m.birth_date,
                m.get_id_type_display(),
                decrypt_identifier(m.id_number_encrypted) if self.unmasked else m.id_number_masked,
                m.phone if self.unmasked else m.phone_masked,
                names[EDUCATION].get(m.education, m.education),
                names[POLITICAL_STATUS].get(m.political_status, m.political_status),
                m.get_employment_display(),
                m.position_title,
                m.get_job_category_display() if m.job_category else "",
                m.get_skill_level_display() if m.skill_level else "",
                m.get_household_type_display() if m.household_type else "",
                m.org.name,
                m.org.code,
                m.org.unit_name,
                m.joined_on,
                m.member_number or "",
                m.card_number,
                _yes(m.is_model_worker),
                _yes(m.is_migrant_worker),
                m.get_status_display(),
                m.status_changed_on,
                "、".join(t.name for t in m.tags.all()),
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
    value: Callable[[Member], Any]
    code_map: str = ""  # key of ACFTU_CODE_MAPS the value is translated through
    width: int = 12


def _date(value: dt.date | None) -> str:
    return value.strftime(ACFTU_DATE_FORMAT) if value else ""


ACFTU_COLUMNS: tuple[AcftuColumn, ...] = (
    AcftuColumn("姓名", lambda m: m.name, width=10),
    AcftuColumn("性别代码", lambda m: m.gender, "gender", 8),
    AcftuColumn("民族代码", lambda m: m.ethnicity, "ethnicity", 8),
    AcftuColumn("出生日期", lambda m: _date(m.birth_date)),
    AcftuColumn("证件类型代码", lambda m: m.id_type, "id_type"),
    AcftuColumn("证件号码", lambda m: decrypt_identifier(m.id_number_encrypted), width=22),
    AcftuColumn("手机号码", lambda m: m.phone, width=14),
    AcftuColumn("学历代码", lambda m: m.education, "education", 8),
    AcftuColumn("政治面貌代码", lambda m: m.political_status, "political_status"),
    AcftuColumn("用工性质代码", lambda m: m.employment, "employment"),
    AcftuColumn("岗位职称", lambda m: m.position_title, width=16),
    AcftuColumn("技能等级代码", lambda m: m.skill_level, "skill_level"),
    AcftuColumn("户籍类型代码", lambda m: m.household_type, "household_type"),
    AcftuColumn("工作单位", lambda m: m.org.unit_name, width=24),
    AcftuColumn("所在工会", lambda m: m.org.name, width=28),
    AcftuColumn("入会日期", lambda m: _date(m.joined_on)),
    AcftuColumn("会员编号", lambda m: m.member_number or "", width=20),
    AcftuColumn("会员卡号", lambda m: m.card_number, width=20),
    AcftuColumn("是否劳模", lambda m: str(m.is_model_worker), "yes_no", 8),
    AcftuColumn("是否农民工", lambda m: str(m.is_migrant_worker), "yes_no", 8),
    AcftuColumn("会籍状态代码", lambda m: m.status, "status"),
    AcftuColumn("会籍变动日期", lambda m: _date(m.status_changed_on)),
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
        for member in self._queryset(user, params).iterator(chunk_size=CHUNK):
            row: list[str] = []
            for column in ACFTU_COLUMNS:
                value = column.value(member)
                if column.code_map:
                    value = maps[column.code_map].get(value, value)
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
