"""Demo 困难职工帮扶 of the city union (焦作市教科文卫体工会), made through the services by the demo 帮扶干事 —
`shi_bangfu` (the city union) and `jfq_bangfu` (解放区教科文卫体工会) — with rows of a past day written under
`demo_clock`, so every timeline is real:

- 低保标准 of the city (five years), 解放区 and 武陟县 (this year and last), with their 相对困难 and 意外致困 multiples.
- 20 households of teachers, doctors, nurses and a 文化馆 worker of city units and county unions, in every state:
  two 已申请 (one without the signed 授权委托书 yet), one 已退回补充, one 单位初审通过, one 已入户调查, one 审核通过, one
  公示中 (a live 公示 of 焦作职业技术学院工会, which the demo member 13900000001 sees on the portal), nine 已建档 (most
  several years old with their yearly 复核 done, one reclassed), two 已脱困 (follow-ups: one done, one due), one 已注销
  (调离) and one 不予建档 (two homes). Their classes — 深度困难, 相对困难, 意外致困 (with its recorded event) — are
  computed from the family incomes and rigid spending and decided; every person has consented (a child's guardian
  for the child), one household holds a married couple who are both members, the demo member's own file is filed.
- Aid (生活救助, 医疗救助, 金秋助学, 临时救助) over last year and this year, paid through the ledger from two funds of the
  city union: 市总工会困难职工帮扶专项资金 and 本级经费 (budget line 帮扶救助). The built-in aid export layout (全国工会帮扶
  工作管理系统, 待核对) needs no seeding.

Idempotent block by block: the officers, each missing line, the funds' lines, and the households (made only when
no file exists in the city's tree)."""

import datetime as dt
import struct
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from gonghui.accounts.demo import DEMO_PASSWORD, demo_clock
from gonghui.accounts.models import RoleGrant, User
from gonghui.ledger.choices import FundKind
from gonghui.ledger.models import BudgetLine, Fund
from gonghui.ledger.services import budget_line_set, fund_create
from gonghui.members.choices import HOLDING_STATUSES, JobCategory
from gonghui.members.models import Member
from gonghui.notices.services import notice_close
from gonghui.orgs.models import Org

from .choices import (
    AccidentKind,
    AidKind,
    Channel,
    CloseReason,
    DisabilityGrade,
    DisabilityKind,
    Employment,
    Exclusion,
    FileStatus,
    FollowUpKind,
    FollowUpOutcome,
    HardshipCause,
    HardshipClass,
    HealthStatus,
    Housing,
    MedicalInsurance,
    Relation,
    ReviewOutcome,
    RigidExpense,
    Schooling,
)
from .models import AidRecord, FollowUp, HardshipFile, PovertyLine
from .permissions import OFFICER_ROLE
from .services.aid import aid_record
from .services.classing import file_class_decide, file_expenses_set, line_save
from .services.cycle import add_years, annual_review_record, file_close, file_lift, follow_up_record
from .services.files import file_archive, file_publicise, file_reject, file_review, survey_record, unit_check
from .services.households import PersonInput
from .services.intake import ApplicationFacts, file_apply

ROOT_CODE = "JZJKWT"
CITY_OFFICER = "shi_bangfu"
COUNTY_CODE = "JFQ"
COUNTY_OFFICER = "jfq_bangfu"
OFFICERS = ((CITY_OFFICER, "市工会帮扶干事", ROOT_CODE), (COUNTY_OFFICER, "解放区工会帮扶干事", COUNTY_CODE))
DEMO_MEMBER_PHONE = "13900000001"  # the README's member: his household's file is filed
# the README's other demo member (the nurse of the contests): left without a file, so that a walker can apply as her
UNFILED_PHONES = ("13700000017",)

# 低保标准 (元/人·月) by union and years back from this year; relative and accident multiples; the source.
LINES: tuple[tuple[str, int, int, str, str, str], ...] = (
    (ROOT_CODE, 0, 650, "2", "2.5", "焦民〔{year}〕12号"),
    (ROOT_CODE, 1, 620, "2", "2.5", "焦民〔{year}〕9号"),
    (ROOT_CODE, 2, 600, "2", "2.5", "焦民〔{year}〕11号"),
    (ROOT_CODE, 3, 580, "2", "2.5", "焦民〔{year}〕8号"),
    (ROOT_CODE, 4, 560, "2", "2.5", "焦民〔{year}〕10号"),
    ("JFQ", 0, 650, "2", "2.5", "解民〔{year}〕5号"),
    ("JFQ", 1, 620, "2", "2.5", "解民〔{year}〕3号"),
    ("WZX", 0, 620, "2", "3", "武民〔{year}〕7号"),
    ("WZX", 1, 590, "2", "3", "武民〔{year}〕6号"),
)

# The two funds aid is paid from: (fund name, kind, budget line, amount), each of last year and this year.
SPECIAL_FUND = "市总工会困难职工帮扶专项资金"
OWN_FUND = "本级经费"  # the city union's own fund (also used by the ledger and honours demos)
OWN_LINE = "帮扶救助"
FUNDS = (
    (SPECIAL_FUND, FundKind.SPECIAL, "困难职工帮扶", 200000),
    (OWN_FUND, FundKind.OWN, OWN_LINE, 80000),
)
# Which fund pays which kind of aid.
FUND_OF_KIND = {
    AidKind.LIVING: SPECIAL_FUND,
    AidKind.MEDICAL: SPECIAL_FUND,
    AidKind.SCHOOLING: OWN_FUND,
    AidKind.TEMPORARY: OWN_FUND,
}
BANKS = ("中国工商银行焦作分行", "中国建设银行焦作分行", "焦作农商银行", "中国邮政储蓄银行焦作分行")

GIVEN_NAMES = ("秀兰", "建军", "桂芳", "志强", "淑珍", "国庆", "子涵", "浩然", "雨桐", "梓轩", "欣怡", "宇航")


@dataclass(frozen=True)
class Relative:
    """A household member other than the applicant; `spouse_member` picks a member of `spouse_org` as the spouse."""

    relation: str
    age: int
    employment: str
    health: str
    income: int
    schooling: str = Schooling.NONE
    disability: tuple[str, str] = ("", "")
    health_note: str = ""
    income_note: str = ""
    spouse_org: str = ""


@dataclass(frozen=True)
class Aid:
    kind: str
    occasion: str  # "{y}" is the year
    years_back: int
    month: int
    amount: int


@dataclass(frozen=True)
class Home:
    """One demo household and where its file ends up. Dates: `applied` is a date of this year's calendar
    `years_back` years ago (filed, lifted, closed) or `days_ago` days before today (the files on their way)."""

    key: str
    org: str
    category: str
    state: str
    self_income: int
    self_health: str
    people: tuple[Relative, ...]
    cause: str
    housing: str
    decided: str = ""
    expenses: dict[str, int] = field(default_factory=dict)
    secondary: tuple[str, ...] = ()
    accident: tuple[str, int, str] = ("", 0, "")  # kind, days before the application, note
    exclusions: tuple[str, ...] = ()
    years_back: int = 0
    month: int = 1
    days_ago: int = 0
    phone: str = ""
    portal: bool = False
    consent: bool = True
    reclass: str = ""  # the class a yearly 复核 changed it to
    review_soon: bool = (
        False  # applied a year ago less a week: its yearly 复核 falls due in about a fortnight
    )
    aid: tuple[Aid, ...] = ()
    zero_employment: bool = False
    single_parent: bool = False


R = Relative
SPOUSE_SICK = R(
    Relation.SPOUSE, 44, Employment.UNEMPLOYED, HealthStatus.SERIOUS, 0, health_note="乳腺癌术后化疗"
)
T, D, N = JobCategory.TEACHER, JobCategory.DOCTOR, JobCategory.NURSE
S = FileStatus

HOUSEHOLDS: tuple[Home, ...] = (
    # ---- filed ------------------------------------------------------------------------------------------------
    Home(
        "demo_member",
        "SS06",
        T,
        S.FILED,
        58000,
        HealthStatus.HEALTHY,
        (
            R(
                Relation.SPOUSE,
                47,
                Employment.UNEMPLOYED,
                HealthStatus.CHRONIC,
                0,
                health_note="类风湿关节炎",
            ),
            R(Relation.CHILD, 19, Employment.STUDENT, HealthStatus.HEALTHY, 0, Schooling.UNIVERSITY),
        ),
        HardshipCause.SCHOOLING,
        Housing.OWN,
        HardshipClass.RELATIVE,
        {RigidExpense.SCHOOLING: 16000, RigidExpense.MEDICAL: 9000},
        secondary=(HardshipCause.ILLNESS,),
        years_back=2,
        month=4,
        phone=DEMO_MEMBER_PHONE,
        portal=True,
        aid=(
            Aid(AidKind.LIVING, "{y}年春节", 1, 1, 1000),
            Aid(AidKind.SCHOOLING, "{y}年金秋助学", 1, 8, 3000),
        ),
    ),
    Home(
        "deep_nurse",
        "SS01",
        N,
        S.FILED,
        48000,
        HealthStatus.HEALTHY,
        (
            R(
                Relation.SPOUSE,
                41,
                Employment.UNABLE,
                HealthStatus.DISABLED,
                0,
                disability=(DisabilityKind.PHYSICAL, DisabilityGrade.TWO),
                health_note="工伤致双下肢瘫痪",
            ),
            R(
                Relation.PARENT_IN_LAW,
                70,
                Employment.RETIRED,
                HealthStatus.CHRONIC,
                12000,
                income_note="养老金",
            ),
            R(Relation.CHILD, 10, Employment.STUDENT, HealthStatus.HEALTHY, 0, Schooling.COMPULSORY),
        ),
        HardshipCause.DISABILITY,
        Housing.OWN,
        HardshipClass.DEEP,
        {RigidExpense.DISABILITY_CARE: 18000, RigidExpense.MEDICAL: 16000},
        secondary=(HardshipCause.ILLNESS,),
        years_back=4,
        month=5,
        aid=(
            Aid(AidKind.MEDICAL, "{y}年康复治疗医疗救助", 1, 6, 3000),
            Aid(AidKind.LIVING, "{y}年春节", 1, 1, 1500),
            Aid(AidKind.LIVING, "{y}年中秋", 0, 9, 1500),
        ),
    ),
    Home(
        "couple",
        "JFQ01",
        T,
        S.FILED,
        52000,
        HealthStatus.HEALTHY,
        (
            R(Relation.SPOUSE, 40, Employment.EMPLOYED, HealthStatus.HEALTHY, 48000, spouse_org="JFQ02"),
            R(
                Relation.CHILD,
                12,
                Employment.STUDENT,
                HealthStatus.SERIOUS,
                0,
                Schooling.COMPULSORY,
                health_note="急性淋巴细胞白血病，在郑州化疗",
            ),
            R(Relation.CHILD, 8, Employment.STUDENT, HealthStatus.HEALTHY, 0, Schooling.COMPULSORY),
        ),
        HardshipCause.ILLNESS,
        Housing.OWN,
        HardshipClass.RELATIVE,
        {RigidExpense.MEDICAL: 62000, RigidExpense.SCHOOLING: 6000},
        years_back=1,
        month=3,
        aid=(
            Aid(AidKind.MEDICAL, "{y}年大病医疗救助", 1, 7, 5000),
            Aid(AidKind.MEDICAL, "{y}年大病医疗救助", 0, 7, 5000),
        ),
    ),
    Home(
        "accident",
        "JFQ03",
        D,
        S.FILED,
        30000,
        HealthStatus.SERIOUS,
        (
            R(Relation.SPOUSE, 38, Employment.FLEXIBLE, HealthStatus.HEALTHY, 24000),
            R(Relation.CHILD, 15, Employment.STUDENT, HealthStatus.HEALTHY, 0, Schooling.HIGH_SCHOOL),
            R(Relation.CHILD, 11, Employment.STUDENT, HealthStatus.HEALTHY, 0, Schooling.COMPULSORY),
        ),
        HardshipCause.ACCIDENT,
        Housing.OWN,
        HardshipClass.ACCIDENT,
        {RigidExpense.MEDICAL: 20000},
        accident=(AccidentKind.ACCIDENT, 60, "下班途中遭遇交通事故，多处骨折，停工治疗半年"),
        years_back=0,
        month=4,
        aid=(
            Aid(AidKind.TEMPORARY, "{y}年交通事故临时救助", 0, 5, 5000),
            Aid(AidKind.MEDICAL, "{y}年住院医疗救助", 0, 6, 3000),
        ),
    ),
    Home(
        "reclassed",
        "JFQ04",
        N,
        S.FILED,
        42000,
        HealthStatus.HEALTHY,
        (
            R(Relation.CHILD, 15, Employment.STUDENT, HealthStatus.HEALTHY, 0, Schooling.HIGH_SCHOOL),
            R(
                Relation.PARENT,
                68,
                Employment.RETIRED,
                HealthStatus.SERIOUS,
                0,
                health_note="尿毒症，每周透析三次",
            ),
        ),
        HardshipCause.ILLNESS,
        Housing.RENTED,
        HardshipClass.DEEP,
        {RigidExpense.MEDICAL: 20000, RigidExpense.SCHOOLING: 4000},
        years_back=3,
        month=6,
        single_parent=True,
        reclass=HardshipClass.RELATIVE,
        aid=(
            Aid(AidKind.LIVING, "{y}年春节", 1, 1, 1000),
            Aid(AidKind.SCHOOLING, "{y}年金秋助学", 1, 8, 1000),
        ),
    ),
    Home(
        "arts",
        "JFQ05",
        JobCategory.ARTS,
        S.FILED,
        45000,
        HealthStatus.HEALTHY,
        (
            R(Relation.SPOUSE, 50, Employment.UNEMPLOYED, HealthStatus.HEALTHY, 0),
            R(
                Relation.PARENT,
                78,
                Employment.UNABLE,
                HealthStatus.DISABLED,
                0,
                disability=(DisabilityKind.VISUAL, DisabilityGrade.ONE),
                health_note="双目失明，需专人照护",
            ),
        ),
        HardshipCause.LOW_WAGE,
        Housing.OWN,
        HardshipClass.RELATIVE,
        {RigidExpense.ELDER_CARE: 8000},
        years_back=1,
        month=6,
        review_soon=True,
        zero_employment=False,
        aid=(Aid(AidKind.LIVING, "{y}年中秋", 0, 9, 1000),),
    ),
    Home(
        "county_nurse",
        "WZX03",
        N,
        S.FILED,
        40000,
        HealthStatus.HEALTHY,
        (
            R(
                Relation.SPOUSE,
                39,
                Employment.UNABLE,
                HealthStatus.DISABLED,
                0,
                disability=(DisabilityKind.MENTAL, DisabilityGrade.TWO),
                health_note="精神分裂症，长期服药",
            ),
            R(Relation.CHILD, 8, Employment.STUDENT, HealthStatus.HEALTHY, 0, Schooling.COMPULSORY),
        ),
        HardshipCause.DISABILITY,
        Housing.OWN,
        HardshipClass.DEEP,
        {RigidExpense.DISABILITY_CARE: 12000, RigidExpense.MEDICAL: 9000},
        years_back=2,
        month=9,
        aid=(
            Aid(AidKind.MEDICAL, "{y}年门诊慢特病医疗救助", 1, 10, 2000),
            Aid(AidKind.TEMPORARY, "{y}年7月暴雨受灾临时救助", 0, 8, 2000),
        ),
    ),
    Home(
        "village_teacher",
        "MCQ01",
        T,
        S.FILED,
        50000,
        HealthStatus.HEALTHY,
        (
            R(Relation.SPOUSE, 42, Employment.FLEXIBLE, HealthStatus.HEALTHY, 12000),
            R(Relation.CHILD, 13, Employment.STUDENT, HealthStatus.HEALTHY, 0, Schooling.COMPULSORY),
            R(Relation.CHILD, 6, Employment.OTHER, HealthStatus.HEALTHY, 0, Schooling.PRESCHOOL),
            R(
                Relation.PARENT_IN_LAW,
                74,
                Employment.UNABLE,
                HealthStatus.CHRONIC,
                0,
                health_note="脑梗后遗症",
            ),
        ),
        HardshipCause.LOW_WAGE,
        Housing.OWN,
        HardshipClass.RELATIVE,
        {RigidExpense.ELDER_CARE: 6000, RigidExpense.SCHOOLING: 3000},
        secondary=(HardshipCause.SCHOOLING,),
        years_back=0,
        month=5,
        aid=(Aid(AidKind.SCHOOLING, "{y}年金秋助学", 0, 8, 1000),),
    ),
    Home(
        "sick_teacher",
        "SS05",
        T,
        S.FILED,
        38000,
        HealthStatus.SERIOUS,
        (
            R(Relation.SPOUSE, 49, Employment.UNEMPLOYED, HealthStatus.HEALTHY, 0),
            R(Relation.CHILD, 20, Employment.STUDENT, HealthStatus.HEALTHY, 0, Schooling.UNIVERSITY),
        ),
        HardshipCause.ILLNESS,
        Housing.OWN,
        HardshipClass.DEEP,
        {RigidExpense.MEDICAL: 22000, RigidExpense.SCHOOLING: 12000},
        secondary=(HardshipCause.SCHOOLING,),
        years_back=1,
        month=2,
        aid=(
            Aid(AidKind.SCHOOLING, "{y}年金秋助学", 1, 8, 3000),
            Aid(AidKind.MEDICAL, "{y}年住院医疗救助", 0, 3, 4000),
        ),
    ),
    # ---- lifted and closed ------------------------------------------------------------------------------------
    Home(
        "lifted_doctor",
        "SS01",
        D,
        S.LIFTED,
        52000,
        HealthStatus.HEALTHY,
        (
            R(Relation.SPOUSE, 45, Employment.UNEMPLOYED, HealthStatus.HEALTHY, 0),
            R(Relation.CHILD, 17, Employment.STUDENT, HealthStatus.HEALTHY, 0, Schooling.HIGH_SCHOOL),
        ),
        HardshipCause.UNEMPLOYMENT,
        Housing.OWN,
        HardshipClass.RELATIVE,
        {RigidExpense.MEDICAL: 6000, RigidExpense.SCHOOLING: 5000},
        years_back=2,
        month=3,
        aid=(Aid(AidKind.LIVING, "{y}年春节", 1, 1, 1000),),
    ),
    Home(
        "lifted_teacher",
        "JFQ02",
        T,
        S.LIFTED,
        46000,
        HealthStatus.HEALTHY,
        (
            SPOUSE_SICK,
            R(Relation.CHILD, 14, Employment.STUDENT, HealthStatus.HEALTHY, 0, Schooling.COMPULSORY),
        ),
        HardshipCause.ILLNESS,
        Housing.OWN,
        HardshipClass.DEEP,
        {RigidExpense.MEDICAL: 28000},
        years_back=3,
        month=10,
        aid=(Aid(AidKind.MEDICAL, "{y}年大病医疗救助", 1, 4, 3000),),
    ),
    Home(
        "closed",
        "WZX01",
        T,
        S.CLOSED,
        44000,
        HealthStatus.HEALTHY,
        (
            R(Relation.SPOUSE, 46, Employment.UNABLE, HealthStatus.SERIOUS, 0, health_note="肝硬化失代偿期"),
            R(Relation.CHILD, 16, Employment.STUDENT, HealthStatus.HEALTHY, 0, Schooling.HIGH_SCHOOL),
        ),
        HardshipCause.ILLNESS,
        Housing.OWN,
        HardshipClass.DEEP,
        {RigidExpense.MEDICAL: 24000},
        years_back=3,
        month=4,
        aid=(Aid(AidKind.LIVING, "{y}年春节", 1, 1, 1000),),
    ),
    # ---- on their way ----------------------------------------------------------------------------------------
    Home(
        "publicised",
        "SS06",
        T,
        S.PUBLICISED,
        40000,
        HealthStatus.CHRONIC,
        (
            R(Relation.SPOUSE, 52, Employment.UNABLE, HealthStatus.SERIOUS, 0, health_note="肺癌靶向治疗"),
            R(
                Relation.PARENT,
                80,
                Employment.RETIRED,
                HealthStatus.CHRONIC,
                9600,
                income_note="城乡居民养老金",
            ),
        ),
        HardshipCause.ILLNESS,
        Housing.OWN,
        HardshipClass.DEEP,
        {RigidExpense.MEDICAL: 30000},
        days_ago=36,
    ),
    Home(
        "reviewed",
        "SS02",
        D,
        S.REVIEWED,
        55000,
        HealthStatus.HEALTHY,
        (
            R(
                Relation.SPOUSE,
                43,
                Employment.UNEMPLOYED,
                HealthStatus.CHRONIC,
                0,
                health_note="糖尿病并发症",
            ),
            R(Relation.CHILD, 18, Employment.STUDENT, HealthStatus.HEALTHY, 0, Schooling.COLLEGE),
        ),
        HardshipCause.UNEMPLOYMENT,
        Housing.OWN,
        HardshipClass.RELATIVE,
        {RigidExpense.MEDICAL: 8000, RigidExpense.SCHOOLING: 10000},
        days_ago=30,
    ),
    Home(
        "surveyed",
        "WZX02",
        T,
        S.SURVEYED,
        36000,
        HealthStatus.HEALTHY,
        (
            R(
                Relation.SPOUSE,
                40,
                Employment.UNEMPLOYED,
                HealthStatus.DISABLED,
                0,
                disability=(DisabilityKind.HEARING, DisabilityGrade.THREE),
            ),
            R(Relation.CHILD, 9, Employment.STUDENT, HealthStatus.HEALTHY, 0, Schooling.COMPULSORY),
        ),
        HardshipCause.DISABILITY,
        Housing.RENTED,
        HardshipClass.DEEP,
        {RigidExpense.DISABILITY_CARE: 6000, RigidExpense.OTHER: 9600},
        days_ago=25,
    ),
    Home(
        "unit_checked",
        "JFQ02",
        T,
        S.UNIT_CHECKED,
        47000,
        HealthStatus.HEALTHY,
        (R(Relation.PARENT, 72, Employment.UNABLE, HealthStatus.SERIOUS, 0, health_note="阿尔茨海默病"),),
        HardshipCause.ILLNESS,
        Housing.OWN,
        days_ago=12,
    ),
    Home(
        "returned",
        "SS03",
        N,
        S.RETURNED,
        43000,
        HealthStatus.HEALTHY,
        (
            R(Relation.SPOUSE, 37, Employment.UNEMPLOYED, HealthStatus.HEALTHY, 0),
            R(
                Relation.CHILD,
                5,
                Employment.OTHER,
                HealthStatus.CHRONIC,
                0,
                Schooling.PRESCHOOL,
                health_note="哮喘",
            ),
        ),
        HardshipCause.UNEMPLOYMENT,
        Housing.RENTED,
        days_ago=20,
    ),
    Home(
        "applied_portal",
        "SS01",
        N,
        S.APPLIED,
        41000,
        HealthStatus.HEALTHY,
        (R(Relation.SPOUSE, 44, Employment.UNABLE, HealthStatus.SERIOUS, 0, health_note="脑出血术后"),),
        HardshipCause.ILLNESS,
        Housing.OWN,
        portal=True,
        days_ago=3,
    ),
    Home(
        "applied_union",
        "JFQ01",
        T,
        S.APPLIED,
        39000,
        HealthStatus.HEALTHY,
        (
            R(
                Relation.CHILD,
                7,
                Employment.STUDENT,
                HealthStatus.DISABLED,
                0,
                Schooling.COMPULSORY,
                disability=(DisabilityKind.INTELLECTUAL, DisabilityGrade.TWO),
            ),
        ),
        HardshipCause.DISABILITY,
        Housing.OWN,
        consent=False,
        single_parent=True,
        days_ago=1,
    ),
    Home(
        "rejected",
        "JFQ04",
        D,
        S.REJECTED,
        90000,
        HealthStatus.HEALTHY,
        (
            R(Relation.SPOUSE, 41, Employment.EMPLOYED, HealthStatus.HEALTHY, 36000),
            R(Relation.CHILD, 12, Employment.STUDENT, HealthStatus.HEALTHY, 0, Schooling.COMPULSORY),
        ),
        HardshipCause.SCHOOLING,
        Housing.OWN,
        expenses={RigidExpense.SCHOOLING: 30000},
        exclusions=(Exclusion.MULTIPLE_HOMES, Exclusion.PRIVATE_SCHOOL),
        days_ago=45,
    ),
)

SURVEY_FINDINGS = {
    HardshipClass.DEEP: "入户核实：家中无大件家电和车辆，病残家属需长期照护，医疗票据与申报一致，生活确有困难。",
    HardshipClass.RELATIVE: "入户核实：住房为单位房改房，家庭收入来源单一，教育和医疗支出较大，申报情况属实。",
    HardshipClass.ACCIDENT: "入户核实：本人事故后停工治疗，医疗票据与交警事故认定书齐全，家庭收入骤减。",
    "": "入户核实：家庭收支与申报基本一致。",
}


# ---- helpers ---------------------------------------------------------------------------------------------------


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour))


@contextmanager
def _on(day: dt.date, hour: int = 9) -> Iterator[None]:
    with demo_clock(_at(day, hour)):
        yield


def _png() -> bytes:
    """A small grey PNG: the scan of a signed 授权委托书."""
    width, height = 60, 80

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    rows = b"".join(b"\x00" + bytes([235, 235, 230]) * width for _row in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def _consent() -> SimpleUploadedFile:
    return SimpleUploadedFile("授权委托书.png", _png(), content_type="image/png")


def _account(n: int) -> str:
    return f"62170021{n:03d}{(n * 7919 + 12345) % 100000000:08d}"


def _officers() -> dict[str, User]:
    """The demo 帮扶干事, made with their grants when missing."""
    found: dict[str, User] = {}
    for username, name, code in OFFICERS:
        org = Org.objects.filter(code=code).first()
        if org is None:
            continue
        user = User.objects.filter(username=username).first() or User.objects.create(
            username=username, name=name, password=make_password(DEMO_PASSWORD)
        )
        RoleGrant.objects.get_or_create(user=user, role=OFFICER_ROLE, org=org)
        found[username] = User.objects.get(pk=user.pk)  # fresh: no cached grants
    return found


def _lines(officer: User, today: dt.date) -> int:
    made = 0
    orgs = {o.code: o for o in Org.objects.filter(code__in={row[0] for row in LINES})}
    for code, back, monthly, relative, accident, source in LINES:
        org, year = orgs.get(code), today.year - back
        if org is None or PovertyLine.objects.filter(org=org, year=year).exists():
            continue
        with _on(dt.date(year, 1, 10)) if back else _on(today - dt.timedelta(days=1)):
            line_save(
                org=org,
                year=year,
                monthly_line=Decimal(monthly),
                relative_multiple=Decimal(relative),
                accident_multiple=Decimal(accident),
                source=source.format(year=year),
                actor=officer,
            )
        made += 1
    return made


def _budget_lines(root: Org, officer: User, today: dt.date) -> dict[tuple[str, int], BudgetLine]:
    """(fund name, year) → the budget line aid is paid from, for last year and this year."""
    lines: dict[tuple[str, int], BudgetLine] = {}
    for year in (today.year - 1, today.year):
        for name, kind, purpose, amount in FUNDS:
            fund = Fund.objects.filter(org=root, year=year, name=name).first() or fund_create(
                org=root, kind=kind, name=name, year=year, actor=officer
            )
            lines[(name, year)] = BudgetLine.objects.filter(
                fund=fund, purpose=purpose
            ).first() or budget_line_set(fund=fund, purpose=purpose, amount=Decimal(amount), actor=officer)
    return lines


def _pick(org: Org, taken: set[int], category: str, *, phone: str = "", gender: str = "") -> Member | None:
    holding = (
        Member.objects.filter(org=org, status__in=HOLDING_STATUSES)
        .exclude(pk__in=taken)
        .exclude(Q(user__phone__in=UNFILED_PHONES) | Q(phone__in=UNFILED_PHONES))
    )
    if gender:
        holding = holding.filter(gender=gender)
    member: Member | None = None
    if phone:
        member = holding.filter(Q(user__phone=phone) | Q(phone=phone)).first()
    if member is None:
        member = (
            holding.filter(job_category=category).order_by("pk").first() or holding.order_by("pk").first()
        )
    if member is not None:
        taken.add(member.pk)
    return member


def _birth(age: int, on: dt.date) -> dt.date:
    """A birth date `age` full years before `on` (some weeks before the birthday's anniversary)."""
    return dt.date(on.year - age, on.month, 1) - dt.timedelta(days=(age * 37) % 200 + 1)


def _people(home: Home, applicant: Member, on: dt.date, taken: set[int]) -> list[PersonInput]:
    surname = applicant.name[:1]
    people = [
        PersonInput(
            relation=Relation.SELF,
            name=applicant.name,
            employment=Employment.EMPLOYED,
            health=home.self_health,
            health_note="术后康复期，只能从事轻体力工作" if home.self_health == HealthStatus.SERIOUS else "",
            annual_income=Decimal(home.self_income),
            income_note="工资收入（单位出具收入证明）",
            consent_signer=applicant.name,
        )
    ]
    for n, person in enumerate(home.people):
        member: Member | None = None
        if person.spouse_org:
            org = Org.objects.filter(code=person.spouse_org).first()
            other = "F" if applicant.gender == "M" else "M"
            member = _pick(org, taken, JobCategory.TEACHER, gender=other) if org is not None else None
        young = person.age < 14
        name = member.name if member is not None else surname + GIVEN_NAMES[(n + len(applicant.name)) % 12]
        if person.relation in (Relation.SPOUSE, Relation.PARENT_IN_LAW):
            name = member.name if member is not None else "王李张刘陈杨赵黄"[n % 8] + GIVEN_NAMES[n * 3 % 12]
        people.append(
            PersonInput(
                relation=person.relation,
                name=name,
                birth_date=None if member is not None else _birth(person.age, on),
                schooling=person.schooling,
                employment=person.employment,
                health=person.health,
                health_note=person.health_note,
                disability_kind=person.disability[0],
                disability_grade=person.disability[1],
                annual_income=Decimal(person.income),
                income_note=person.income_note,
                member=member,
                consent_signer=applicant.name if young else name,
                consent_by_guardian=young,
            )
        )
    return people


# ---- one household ---------------------------------------------------------------------------------------------


@dataclass
class _Ctx:
    city: User
    county: User
    today: dt.date
    budget: dict[tuple[str, int], BudgetLine]
    taken: set[int]
    paid: int = 0


def _officer_for(ctx: _Ctx, org: Org) -> User:
    """The 帮扶干事 nearest the union: 解放区's own for its units, else the city's."""
    return ctx.county if org.code.startswith(COUNTY_CODE) else ctx.city


def _start(home: Home, ctx: _Ctx) -> dt.date:
    if home.days_ago:
        return ctx.today - dt.timedelta(days=home.days_ago)
    if (
        home.review_soon
    ):  # filed about three weeks after applying, so the anniversary is about a fortnight ahead
        return add_years(ctx.today, -home.years_back) - dt.timedelta(days=7)
    return dt.date(ctx.today.year - home.years_back, home.month, 8)


def _household(home: Home, ctx: _Ctx) -> HardshipFile | None:
    org = Org.objects.filter(code=home.org).first()
    if org is None:
        return None
    applicant = _pick(org, ctx.taken, home.category, phone=home.phone)
    if applicant is None:
        return None
    officer = _officer_for(ctx, org)
    day = _start(home, ctx)
    if day >= ctx.today:  # a date of this year not yet reached (a seeding early in the year): a month ago
        day = ctx.today - dt.timedelta(days=30)
    facts = ApplicationFacts(
        cause_main=home.cause,
        causes_secondary=home.secondary,
        housing=home.housing,
        medical_insurance=MedicalInsurance.EMPLOYEE,
        zero_employment=home.zero_employment,
        single_parent=home.single_parent,
        address=f"{org.short_name or org.name}家属院{3 + len(ctx.taken) % 9}号楼{1 + len(ctx.taken) % 3}单元",
    )
    portal = home.portal and applicant.user_id is not None
    with _on(day, 19 if portal else 10):
        file = file_apply(
            applicant=applicant,
            actor=applicant.user if portal else officer,
            facts=facts,
            channel=Channel.PORTAL if portal else Channel.UNION,
            people=_people(home, applicant, day, ctx.taken),
            consent_upload=_consent() if home.consent else None,
        )
    if home.state == S.APPLIED:
        return file
    if home.state == S.RETURNED:
        with _on(day + dt.timedelta(days=2), 15):
            unit_check(
                file=file, actor=officer, passed=False, note="请补充配偶的失业登记证明和子女的病历、诊断证明"
            )
        return file
    with _on(day + dt.timedelta(days=2), 15):
        unit_check(file=file, actor=officer, passed=True, note="经单位核实，申请人在岗，所报家庭情况属实")
    if home.state == S.UNIT_CHECKED:
        return file
    surveyed = day + dt.timedelta(days=6)
    with _on(surveyed, 16):
        survey_record(
            file=file,
            actor=officer,
            surveyed_on=surveyed,
            visitors=f"{officer.name}、{org.short_name or org.name}工会主席",
            findings=SURVEY_FINDINGS[home.decided],
        )
    with _on(day + dt.timedelta(days=7), 10):
        kind, before, note = home.accident
        file_expenses_set(
            file=file,
            actor=officer,
            expenses={k: Decimal(v) for k, v in home.expenses.items()},
            accident_kind=kind,
            accident_date=day - dt.timedelta(days=before) if kind else None,
            accident_note=note,
            exclusions=home.exclusions,
            exclusion_note="不动产登记查询显示家庭名下有两套住房；子女就读民办寄宿学校"
            if home.exclusions
            else "",
        )
        if home.state == S.REJECTED:
            reason = (
                "经入户调查和不动产查询核实，家庭拥有两套住房，人均月收入高于相对困难标准，不符合建档条件"
            )
            file_reject(file=file, actor=officer, reason=reason)
            return file
        file_class_decide(file=file, actor=officer, decided_class=home.decided, note="按测算结果核定")
    if home.state == S.SURVEYED:
        return file
    with _on(day + dt.timedelta(days=10), 10):
        file_review(file=file, actor=officer, note="材料齐全，经工会帮扶工作领导小组审核通过")
    if home.state == S.REVIEWED:
        return file
    published = day + dt.timedelta(days=12) if not home.days_ago else ctx.today - dt.timedelta(days=2)
    with _on(published, 9):
        notice = file_publicise(file=file, actor=officer)
    if home.state == S.PUBLICISED or notice.ends_on is None:
        return file
    closed_on = notice.ends_on + dt.timedelta(days=1)
    with _on(closed_on, 1):  # the nightly job closes the window that ended yesterday
        notice_close(notice=notice)
    with _on(closed_on + dt.timedelta(days=1), 10):
        file = file_archive(file=file, actor=officer)
    _cycle(home, file, ctx, officer)
    return file


def _cycle(home: Home, file: HardshipFile, ctx: _Ctx, officer: User) -> None:
    """Aid and the yearly reviews in date order up to today; then 脱困 or 注销 where the household ends so."""
    end_on: dt.date | None = None  # lifted_teacher is lifted by its yearly review, this year
    if home.key == "lifted_doctor":  # its 12-month follow-up falls due within the week (on 复核与回访)
        end_on = ctx.today - dt.timedelta(days=358)
    elif home.state == S.CLOSED:
        end_on = dt.date(ctx.today.year - 1, 8, 20)
    payments = sorted((dt.date(ctx.today.year - aid.years_back, aid.month, 18), aid) for aid in home.aid)
    file = HardshipFile.objects.get(pk=file.pk)
    reviews = 0
    while file.next_review_due is not None and file.next_review_due < min(ctx.today, end_on or ctx.today):
        due = file.next_review_due
        for paid_on, aid in [p for p in payments if p[0] < due]:
            _pay(file, aid, paid_on, ctx)
            payments.remove((paid_on, aid))
        reviews += 1
        with _on(due, 10):
            if home.reclass and reviews == 2:
                annual_review_record(
                    file=file,
                    actor=officer,
                    outcome=ReviewOutcome.RECLASS,
                    note="母亲病情稳定，医疗支出减少，家庭人均收入高于低保标准，调整为相对困难",
                    new_class=home.reclass,
                )
            elif home.key == "lifted_teacher" and add_years(due, 1) >= ctx.today:  # its latest review
                annual_review_record(
                    file=file,
                    actor=officer,
                    outcome=ReviewOutcome.LIFT,
                    note="配偶病情稳定后重返工作岗位，家庭人均收入已超过相对困难标准",
                )
            else:
                annual_review_record(
                    file=file,
                    actor=officer,
                    outcome=ReviewOutcome.CONTINUE,
                    note="家庭收支无明显变化，继续建档",
                )
        file = HardshipFile.objects.get(pk=file.pk)
    for paid_on, aid in payments:
        if paid_on >= ctx.today:  # a date of this year not reached yet: paid a few days ago instead
            paid_on = ctx.today - dt.timedelta(days=3)
        filed_on = timezone.localtime(file.filed_at).date() if file.filed_at else ctx.today
        if filed_on < paid_on and (end_on is None or paid_on < end_on) and file.status == S.FILED:
            _pay(file, aid, paid_on, ctx)
    if home.state == S.LIFTED and file.status == S.FILED and end_on is not None:
        with _on(end_on, 11):
            file_lift(file=file, actor=officer, note="配偶重新就业，家庭人均收入已超过相对困难标准")
        follow_up = FollowUp.objects.filter(file=file, kind=FollowUpKind.THREE_MONTHS).first()
        if follow_up is not None and follow_up.due_on < ctx.today:
            with _on(follow_up.due_on, 15):
                follow_up_record(
                    follow_up=follow_up,
                    actor=officer,
                    done_on=follow_up.due_on,
                    outcome=FollowUpOutcome.STABLE,
                    note="电话回访：配偶工作稳定，子女正常上学",
                )
    elif home.state == S.CLOSED and end_on is not None:
        with _on(end_on, 11):
            file_close(
                file=file, actor=officer, reason=CloseReason.LEFT, note="本人调往郑州市工作，已转出会员关系"
            )


def _pay(file: HardshipFile, aid: Aid, paid_on: dt.date, ctx: _Ctx) -> None:
    year = paid_on.year
    line = ctx.budget.get((FUND_OF_KIND[AidKind(aid.kind)], year))
    if line is None:
        return
    ctx.paid += 1
    with _on(paid_on, 10):
        aid_record(
            file=file,
            actor=ctx.city,  # the city union's funds: its 帮扶干事 pays
            kind=aid.kind,
            occasion=aid.occasion.format(y=year),
            amount=Decimal(aid.amount),
            budget_line=line,
            bank_name=BANKS[file.pk % len(BANKS)],
            bank_account=_account(file.pk),
        )


# ---- the seeder ------------------------------------------------------------------------------------------------


@transaction.atomic
def seed_welfare() -> str:
    root = Org.objects.filter(code=ROOT_CODE).first()
    if root is None:
        return "没有市级工会，跳过困难职工帮扶"
    officers = _officers()
    city, county = officers.get(CITY_OFFICER), officers.get(COUNTY_OFFICER)
    if city is None or county is None:
        return "没有解放区工会，跳过困难职工帮扶"
    today = timezone.localdate()
    made: list[str] = []
    lines = _lines(city, today)
    if lines:
        made.append(f"低保标准 {lines} 条")
    budget = _budget_lines(root, city, today)
    tree = HardshipFile.objects.filter(org__path__startswith=root.path)
    if not tree.exists():
        if not Member.objects.filter(org__path__startswith=root.path).exists():
            return "没有会员，跳过困难职工帮扶"
        ctx = _Ctx(city=city, county=county, today=today, budget=budget, taken=set())
        for home in HOUSEHOLDS:
            _household(home, ctx)
        made.append(f"困难职工家庭 {tree.count()} 户")
    states = dict.fromkeys(S.values, 0)
    for status in tree.values_list("status", flat=True):
        states[status] += 1
    aid = AidRecord.objects.filter(file__org__path__startswith=root.path)
    return (
        f"困难职工档案 {tree.count()} 户（已建档 {states[S.FILED]} 户、公示中 {states[S.PUBLICISED]} 户、"
        f"办理中 {sum(states[s] for s in (S.APPLIED, S.RETURNED, S.UNIT_CHECKED, S.SURVEYED, S.REVIEWED))} 户、"
        f"已脱困 {states[S.LIFTED]} 户、已注销 {states[S.CLOSED]} 户、不予建档 {states[S.REJECTED]} 户），"
        f"帮扶救助 {aid.count()} 笔（经资金台账从两项经费支付），帮扶干事 {CITY_OFFICER}、{COUNTY_OFFICER}；"
        + (f"本次新建：{'、'.join(made)}" if made else "本次无新增")
    )


def demo_homes(state: str) -> Sequence[Home]:
    """The demo households that end in `state` (for the demo tests)."""
    return [h for h in HOUSEHOLDS if h.state == state]
