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

关爱服务 (issue 20), from the section 关爱服务 below: the city union's 2020 budget lines (本级经费: 送温暖慰问, 援鄂医疗队慰问,
会员慰问金, 基层工会补助); 2020年春节送温暖 (30 people by category, 名单 imported, the bank's answers imported, one failure
paid again under attempt 2, closed) and 2020年支援湖北医疗队队员慰问 (12 members tagged 援鄂医疗队, 2000元 each); a subsidy
shared to ten grassroots unions (解放区 sharing its part on) with spending records; the city's 慰问标准 and seven 慰问
with visits (one reversed and entered anew); 2020年抗疫一线医护人员疗休养 (40 places from 焦作市总工会, tag 抗疫一线, the
first batch attended, the demo member's place in the future batch waiting for him); three 普惠 offers with
redemptions, and the cinema's 合作商户 outside account 13900090011.

Idempotent block by block: the officers, each missing line, the funds' lines, and the households (made only when
no file exists in the city's tree)."""

import datetime as dt
import io
import struct
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from gonghui.accounts.demo import DEMO_PASSWORD, demo_clock
from gonghui.accounts.models import RoleGrant, User
from gonghui.accounts.object_grants import grantable_kinds
from gonghui.accounts.scoping import forget_grants
from gonghui.accounts.services import outside_account_grant
from gonghui.checkins.services import checkin_manual
from gonghui.core.excel import SheetSpec, write_workbook
from gonghui.ledger.choices import FundKind
from gonghui.ledger.models import BudgetLine, Fund
from gonghui.ledger.services import budget_line_set, fund_create
from gonghui.members.choices import HOLDING_STATUSES, JobCategory, MemberStatus
from gonghui.members.models import Member, MemberTag
from gonghui.notices.services import notice_close
from gonghui.orgs.models import Org

from .choices import (
    AccidentKind,
    AidKind,
    AmountMode,
    Channel,
    CloseReason,
    CondolenceOccasion,
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
    OfferKind,
    Relation,
    ReliefKind,
    ReviewOutcome,
    RigidExpense,
    Schooling,
)
from .models import (
    AidRecord,
    CondolencePayment,
    CondolenceStandard,
    FollowUp,
    HardshipFile,
    Offer,
    PovertyLine,
    RecuperationPlace,
    RecuperationProgramme,
    ReliefCampaign,
    ReliefRecipient,
    Subsidy,
)
from .permissions import MERCHANT_ROLE, OFFICER_ROLE
from .registrations.offers import GRANT_KIND as OFFER_GRANT_KIND
from .services.aid import aid_record
from .services.classing import file_class_decide, file_expenses_set, line_save
from .services.condolences import VisitInput, condolence_pay, condolence_reverse, condolence_standard_save
from .services.cycle import add_years, annual_review_record, file_close, file_lift, follow_up_record
from .services.files import file_archive, file_publicise, file_reject, file_review, survey_record, unit_check
from .services.households import PersonInput
from .services.intake import ApplicationFacts, file_apply
from .services.offers import offer_coupon_take, offer_publish, offer_redeem, offer_save
from .services.recuperation import (
    batch_save,
    place_confirm,
    place_decline,
    place_nominate,
    place_substitute,
    programme_advance,
    programme_allocate,
    programme_create,
)
from .services.relief import (
    relief_approve,
    relief_campaign_create,
    relief_close,
    relief_pay_all,
    relief_recipients_import,
    relief_results_import,
    relief_reverse,
    relief_submit,
)
from .services.subsidies import subsidy_allocate, subsidy_create, subsidy_spend, subsidy_transfer

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


# ---- 关爱服务 (issue 20): 送温暖与慰问金, 基层工会补助, 慰问标准与登记, 疗休养, 普惠优惠 ------------------------------------
#
# All of the city union's, made through the parts' services by its demo cadres — 市工会帮扶干事 `shi_bangfu` prepares
# and submits, 市工会管理员 `shi_admin` approves and pays (the 资金台账管理 of the fund's union) — the county and grassroots admins
# (`jfq_admin`, `ss01_admin` …) for their own shares, places and spending, the members themselves on the portal for
# their 疗休养 places; dated in 2020 (the epidemic year) under `demo_clock`, except the 疗休养 batch of 2027 and the
# 普惠 offers, which are live. Each block is made once: it is skipped when its campaign, subsidy, standard,
# programme or offer already exists.

CARE_YEAR = 2020
CITY_ADMIN = "shi_admin"
CITY_STAFF = CITY_OFFICER  # the 帮扶干事 prepares (a campaign needs 资金台账管理 on its budget line)
CARE_FUND = "本级经费"
CARE_LINES = (  # the 2020 budget lines of the city union's own fund that pay the care blocks
    ("送温暖慰问", 60000),
    ("援鄂医疗队慰问", 30000),
    ("会员慰问金", 20000),
    ("基层工会补助", 60000),
)
MEDICAL_TEAM_TAG = "援鄂医疗队"  # a tag of the members demo
FRONT_LINE_TAG = "抗疫一线"
HOSPITALS = ("SS01", "SS02", "SS03", "JFQ03", "JFQ04", "WZX03", "WZX04")
MEDICAL_TEAM_SIZE = 12

WARMTH_NAME = "2020年春节送温暖"
WARMTH_AMOUNTS = {"困难职工": "800", "一线医护": "500", "劳动模范": "1000"}
TEAM_NAME = "2020年支援湖北医疗队队员慰问"
TEAM_AMOUNT = 2000

SUBSIDY_NAME = "2020年支持基层工会疫情防控一线送温暖补助"
SUBSIDY_CITY_SHARES = {
    "SS01": 6000,
    "SS02": 4000,
    "SS03": 3000,
    "SS04": 3000,
    "SS05": 2000,
    "JFQ": 10000,
    "WZX": 4000,
}
SUBSIDY_JFQ_SHARES = {"JFQ01": 1500, "JFQ02": 1500, "JFQ03": 3000, "JFQ04": 2000, "JFQ05": 1000}
# union → what it spent of its share, record by record (the second one: protective supplies); the rest stays unspent
SUBSIDY_SPEND = {
    "SS01": (1500, 1500, 2000),
    "SS02": (1000, 1000, 1000),
    "SS03": (1000, 1000),
    "SS04": (800, 800, 800),
    "SS05": (500, 500, 500),
    "JFQ01": (500, 500),
    "JFQ02": (500, 500, 500),
    "JFQ03": (1000, 1000, 500),
    "JFQ04": (800, 800),
    "JFQ05": (500,),
    "WZX": (1000, 1000),
}

STANDARDS = (  # occasion, max amount, times per year, effective from, 文号
    (CondolenceOccasion.HOSPITAL, 300, 1, dt.date(2016, 1, 1), "焦教科文卫体工〔2016〕4号"),
    (CondolenceOccasion.HOSPITAL, 500, 2, dt.date(2020, 1, 1), "焦教科文卫体工〔2020〕2号"),
    (CondolenceOccasion.FRONT_LINE, 1000, 1, dt.date(2020, 1, 1), "焦教科文卫体工〔2020〕5号"),
    (CondolenceOccasion.BEREAVEMENT, 500, None, dt.date(2018, 1, 1), "焦教科文卫体工〔2018〕7号"),
)

PROGRAMME_NAME = "2020年抗疫一线医护人员疗休养"
PROGRAMME_PLACES = 40
FIRST_BATCH = ("第一批", "云台山职工疗休养基地", dt.date(2020, 8, 10), dt.date(2020, 8, 14), 24)
SECOND_BATCH = (
    "第二批",
    "青天河职工疗休养基地",
    dt.date(2027, 5, 10),
    dt.date(2027, 5, 14),
    16,
)  # moved a year on once past
PLACES_CITY = {"SS01": 8, "SS02": 6, "SS03": 4, "SS06": 4, "JFQ": 10, "WZX": 8}
PLACES_COUNTY = {"JFQ": {"JFQ03": 5, "JFQ04": 3, "JFQ01": 2}, "WZX": {"WZX03": 5, "WZX04": 3}}
# union → (places in the first batch, places in the second)
NOMINATIONS = {
    "SS01": (6, 2),
    "SS02": (4, 2),
    "SS03": (3, 1),
    "SS06": (0, 3),
    "JFQ03": (4, 1),
    "JFQ04": (2, 1),
    "JFQ01": (0, 2),
    "WZX03": (4, 1),
    "WZX04": (1, 2),
}

CINEMA_OFFER = "会员观影优惠"
FITNESS_OFFER = "全民健身日健身体验券"
INSURANCE_OFFER = "会员专享职工互助保险"
MERCHANT_PHONE = "13900090011"
MERCHANT_NAME = "星光影城收银员"
MERCHANT_DAYS = 180


@dataclass
class _Care:
    root: Org
    admin: User
    staff: User
    today: dt.date
    made: list[str]


def _cadre(code: str) -> User | None:
    return User.objects.filter(username=f"{code.lower()}_admin").first()


def _care_lines(ctx: _Care) -> dict[str, BudgetLine]:
    with _on(dt.date(CARE_YEAR, 1, 6), 9):
        fund = Fund.objects.filter(org=ctx.root, year=CARE_YEAR, name=CARE_FUND).first() or fund_create(
            org=ctx.root, kind=FundKind.OWN, name=CARE_FUND, year=CARE_YEAR, actor=ctx.admin
        )
        lines: dict[str, BudgetLine] = {}
        for purpose, amount in CARE_LINES:
            lines[purpose] = BudgetLine.objects.filter(fund=fund, purpose=purpose).first() or budget_line_set(
                fund=fund, purpose=purpose, amount=Decimal(amount), actor=ctx.admin
            )
    return lines


def _holding(codes: Sequence[str]) -> Any:
    return Member.objects.filter(org__code__in=codes, status__in=HOLDING_STATUSES, user__isnull=False)


def _medical_team() -> list[Member]:
    """The first doctors and nurses of the city hospitals tagged 援鄂医疗队 (the members demo tags many more)."""
    return list(
        _holding(("SS01", "SS02", "SS03"))
        .filter(tags__name=MEDICAL_TEAM_TAG, job_category__in=(JobCategory.DOCTOR, JobCategory.NURSE))
        .select_related("org", "user")
        .order_by("org__code", "pk")[:MEDICAL_TEAM_SIZE]
    )


def _front_line_tag() -> None:
    """`抗疫一线` on the doctors and nurses of the hospitals the 疗休养 places go to (made once)."""
    tag, made = MemberTag.objects.get_or_create(name=FRONT_LINE_TAG)
    if not made and Member.objects.filter(tags=tag).exists():
        return
    people = []
    for code in HOSPITALS:
        people += list(
            _holding((code,))
            .filter(job_category__in=(JobCategory.DOCTOR, JobCategory.NURSE))
            .order_by("pk")
            .values_list("pk", flat=True)[:12]
        )
    through = Member.tags.through
    through.objects.bulk_create(
        [through(member_id=pk, membertag_id=tag.pk) for pk in people], ignore_conflicts=True
    )


def _name_list(people: Sequence[tuple[Member, str]]) -> bytes:
    buffer = io.BytesIO()
    rows = [[m.name, m.member_number, category] for m, category in people]
    write_workbook(buffer, [SheetSpec(name="慰问名单", headers=["姓名", "会员编号", "类别"], rows=rows)])
    return buffer.getvalue()


def _results_file(rows: Sequence[tuple[str, str, str]]) -> bytes:
    buffer = io.BytesIO()
    write_workbook(buffer, [SheetSpec(name="回盘", headers=["业务编号", "结果", "失败原因"], rows=rows)])
    return buffer.getvalue()


def _warmth_people() -> list[tuple[Member, str]]:
    """About 30: the demo member and other teachers of filed hardship households (困难职工), nurses and doctors of
    the city hospitals (一线医护), three 劳动模范 of the city units."""
    taken: set[int] = set()
    people: list[tuple[Member, str]] = []

    def add(qs: Any, category: str, count: int) -> None:
        for member in qs.exclude(pk__in=taken).order_by("pk")[:count]:
            taken.add(member.pk)
            people.append((member, category))

    add(_holding(("SS06",)).filter(user__phone=DEMO_MEMBER_PHONE), "困难职工", 1)
    filed = HardshipFile.objects.filter(org__path__startswith=Org.objects.get(code=ROOT_CODE).path)
    add(_holding(CITY_CODES).filter(pk__in=filed.values("applicant_id")), "困难职工", 8)
    add(_holding(CITY_CODES).filter(job_category=JobCategory.TEACHER), "困难职工", 10 - len(people))
    add(_holding(("SS01", "SS02", "SS03")).filter(job_category=JobCategory.NURSE), "一线医护", 9)
    add(_holding(("SS01", "SS02", "SS03", "SS04")).filter(job_category=JobCategory.DOCTOR), "一线医护", 8)
    add(_holding(("SS05", "SS07", "SS08", "SS09", "SS10")), "劳动模范", 3)
    return people


CITY_CODES = tuple(f"SS{n:02d}" for n in range(1, 11))


def _warmth(ctx: _Care, line: BudgetLine) -> None:
    if ReliefCampaign.objects.filter(org=ctx.root, name=WARMTH_NAME).exists():
        return
    with _on(dt.date(CARE_YEAR, 1, 8), 9):
        campaign = relief_campaign_create(
            org=ctx.root,
            actor=ctx.staff,
            name=WARMTH_NAME,
            year=CARE_YEAR,
            budget_line=line,
            kind=ReliefKind.WARMTH,
            amount_mode=AmountMode.CATEGORY,
            category_amounts=WARMTH_AMOUNTS,
            description="春节前走访慰问困难职工、一线医护人员和劳动模范，慰问金经银行代发到本人工会会员服务卡",
        )
        relief_recipients_import(campaign=campaign, actor=ctx.staff, content=_name_list(_warmth_people()))
    with _on(dt.date(CARE_YEAR, 1, 9), 10):
        relief_submit(campaign=campaign, actor=ctx.staff)
    with _on(dt.date(CARE_YEAR, 1, 10), 15):
        relief_approve(campaign=campaign, actor=ctx.admin)
    with _on(dt.date(CARE_YEAR, 1, 13), 9):
        relief_pay_all(campaign=campaign, actor=ctx.admin)
    paid = list(campaign.recipients.select_related("ledger_entry", "member").order_by("pk"))
    failed = {paid[3].pk: "户名与账号不符", paid[11].pk: "账户已销户"}
    rows = [
        (r.ledger_entry.idempotency_key, "失败" if r.pk in failed else "成功", failed.get(r.pk, ""))
        for r in paid
        if r.ledger_entry is not None
    ]
    with _on(dt.date(CARE_YEAR, 1, 15), 16):
        relief_results_import(campaign=campaign, actor=ctx.admin, content=_results_file(rows))
    wrong, closed_card = (ReliefRecipient.objects.get(pk=pk) for pk in failed)
    with _on(dt.date(CARE_YEAR, 1, 16), 10):
        relief_reverse(recipient=wrong, actor=ctx.admin, reason="户名与账号不符，核对本人银行卡后重新发放")
        relief_pay_all(campaign=campaign, actor=ctx.admin)
    again = ReliefRecipient.objects.select_related("ledger_entry").get(pk=wrong.pk)
    assert again.ledger_entry is not None  # noqa: S101 - paid just above
    with _on(dt.date(CARE_YEAR, 1, 17), 16):
        relief_results_import(
            campaign=campaign,
            actor=ctx.admin,
            content=_results_file([(again.ledger_entry.idempotency_key, "成功", "")]),
        )
    with _on(dt.date(CARE_YEAR, 1, 20), 11):
        relief_close(campaign=campaign, actor=ctx.admin)
        relief_reverse(
            recipient=closed_card,
            actor=ctx.admin,
            reason="本人银行账户已销户，慰问金改由所在单位工会现金发放",
        )
    ctx.made.append(f"{WARMTH_NAME} {len(paid)} 人")


def _team_campaign(ctx: _Care, line: BudgetLine, team: Sequence[Member]) -> None:
    if ReliefCampaign.objects.filter(org=ctx.root, name=TEAM_NAME).exists() or not team:
        return
    with _on(dt.date(CARE_YEAR, 4, 8), 9):
        campaign = relief_campaign_create(
            org=ctx.root,
            actor=ctx.staff,
            name=TEAM_NAME,
            year=CARE_YEAR,
            budget_line=line,
            kind=ReliefKind.CONDOLENCE,
            amount_mode=AmountMode.FIXED,
            fixed_amount=Decimal(TEAM_AMOUNT),
            description="慰问我市支援湖北医疗队队员，每人2000元",
        )
        relief_recipients_import(
            campaign=campaign, actor=ctx.staff, content=_name_list([(m, "") for m in team])
        )
        relief_submit(campaign=campaign, actor=ctx.staff)
    with _on(dt.date(CARE_YEAR, 4, 8), 16):
        relief_approve(campaign=campaign, actor=ctx.admin)
    with _on(dt.date(CARE_YEAR, 4, 9), 10):
        relief_pay_all(campaign=campaign, actor=ctx.admin)
    with _on(dt.date(CARE_YEAR, 4, 20), 10):
        relief_close(campaign=campaign, actor=ctx.admin)
    ctx.made.append(f"{TEAM_NAME} {len(team)} 人")


def _subsidy(ctx: _Care, line: BudgetLine) -> None:
    if Subsidy.objects.filter(name=SUBSIDY_NAME).exists():
        return
    orgs = {o.code: o for o in Org.objects.filter(code__in=[*SUBSIDY_CITY_SHARES, *SUBSIDY_JFQ_SHARES])}
    county = _cadre("JFQ")
    if len(orgs) < len(SUBSIDY_CITY_SHARES) + len(SUBSIDY_JFQ_SHARES) or county is None:
        return
    with _on(dt.date(CARE_YEAR, 2, 10), 9):
        subsidy = subsidy_create(
            budget_line=line,
            name=SUBSIDY_NAME,
            year=CARE_YEAR,
            total=sum(SUBSIDY_CITY_SHARES.values()),
            purpose="支持基层工会慰问疫情防控一线教职工、医护人员，购买防护用品",
            spend_by=dt.date(CARE_YEAR, 12, 31),
            actor=ctx.admin,
        )
        subsidy_allocate(
            subsidy=subsidy,
            giver=ctx.root,
            shares={orgs[c].pk: n for c, n in SUBSIDY_CITY_SHARES.items()},
            actor=ctx.admin,
        )
    with _on(dt.date(CARE_YEAR, 2, 12), 10):
        subsidy_transfer(subsidy=subsidy, actor=ctx.admin)
    with _on(dt.date(CARE_YEAR, 2, 14), 9):
        subsidy_allocate(
            subsidy=subsidy,
            giver=orgs["JFQ"],
            shares={orgs[c].pk: n for c, n in SUBSIDY_JFQ_SHARES.items()},
            actor=county,
        )
    purposes = ("慰问坚守岗位的一线人员", "购买口罩、消毒液等防护用品", "慰问隔离观察期间的会员家庭")
    for code, amounts in SUBSIDY_SPEND.items():
        org, actor = Org.objects.get(code=code), _cadre(code)
        if actor is None:
            continue
        people = list(  # a county's spending goes to members of its schools
            Member.objects.filter(org__path__startswith=org.path, status=MemberStatus.ACTIVE).order_by("pk")[
                :3
            ]
        )
        for n, amount in enumerate(amounts):
            spent_on = dt.date(CARE_YEAR, 2, 20) + dt.timedelta(days=9 * n + len(code))
            with _on(spent_on, 15):
                if n == 1:  # protective supplies bought for the unit: no person named
                    subsidy_spend(
                        subsidy=subsidy,
                        org=org,
                        amount=amount,
                        spent_on=spent_on,
                        purpose=purposes[1],
                        actor=actor,
                        recipient_name=f"{org.short_name or org.name}防疫物资",
                    )
                else:
                    subsidy_spend(
                        subsidy=subsidy,
                        org=org,
                        amount=amount,
                        spent_on=spent_on,
                        purpose=purposes[n],
                        actor=actor,
                        member_query=people[n % len(people)].member_number or "",
                    )
    ctx.made.append(f"{SUBSIDY_NAME}（10 个基层工会）")


def _condolences(ctx: _Care, line: BudgetLine, team: Sequence[Member]) -> None:
    if CondolenceStandard.objects.filter(org=ctx.root).exists() or len(team) < 6:
        return
    for occasion, amount, times, since, basis in STANDARDS:
        with _on(since + dt.timedelta(days=5), 10):
            condolence_standard_save(
                actor=ctx.admin,
                org=ctx.root,
                occasion=occasion,
                max_amount=Decimal(amount),
                times_per_year=times,
                effective_from=since,
                basis=basis,
            )
    visitors = "市教科文卫体工会主席、经审办主任"
    payments = (  # member, occasion, event date, amount, visit content, gifts
        (
            team[0],
            CondolenceOccasion.FRONT_LINE,
            dt.date(2020, 4, 10),
            1000,
            "援鄂归来隔离期满，到家中看望",
            "鲜花、慰问信",
        ),
        (
            team[1],
            CondolenceOccasion.FRONT_LINE,
            dt.date(2020, 4, 10),
            1000,
            "援鄂归来隔离期满，到家中看望",
            "鲜花、慰问信",
        ),
        (
            team[2],
            CondolenceOccasion.FRONT_LINE,
            dt.date(2020, 4, 10),
            1000,
            "援鄂归来隔离期满，到家中看望",
            "鲜花、慰问信",
        ),
        (
            team[3],
            CondolenceOccasion.HOSPITAL,
            dt.date(2020, 5, 18),
            500,
            "腰椎间盘突出住院手术，到病房看望",
            "水果、营养品",
        ),
        (team[4], CondolenceOccasion.BEREAVEMENT, dt.date(2020, 9, 3), 500, "父亲病故，到家中吊唁", "花圈"),
        (
            team[5],
            CondolenceOccasion.HOSPITAL,
            dt.date(2020, 6, 2),
            500,
            "阑尾炎住院手术，到病房看望",
            "水果",
        ),
    )
    made = []
    for member, occasion, day, amount, content, gifts in payments:
        with _on(day + dt.timedelta(days=2), 15):
            made.append(
                condolence_pay(
                    actor=ctx.admin,
                    org=ctx.root,
                    member=member,
                    occasion=occasion,
                    event_date=day,
                    amount=Decimal(amount),
                    budget_line=line,
                    visit=VisitInput(
                        visited_on=day + dt.timedelta(days=2), visitors=visitors, content=content, gifts=gifts
                    ),
                )
            )
    wrong_date = made[-1]
    with _on(dt.date(2020, 6, 8), 10):
        condolence_reverse(
            payment=wrong_date,
            actor=ctx.admin,
            reason="住院日期登记错误（应为6月3日），冲销后按正确日期重新登记",
        )
        condolence_pay(
            actor=ctx.admin,
            org=ctx.root,
            member=wrong_date.member,
            occasion=CondolenceOccasion.HOSPITAL,
            event_date=dt.date(2020, 6, 3),
            amount=Decimal(500),
            budget_line=line,
            note="更正住院日期后重新登记",
        )
    ctx.made.append(f"慰问标准 {len(STANDARDS)} 条、慰问登记 {len(payments) + 1} 笔")


def _future(
    batch: tuple[str, str, dt.date, dt.date, int], today: dt.date
) -> tuple[str, str, dt.date, dt.date, int]:
    """The batch moved on by whole years until it starts after `today` (the member confirms it on the phone)."""
    name, resort, starts, ends, capacity = batch
    while starts <= today:
        starts, ends = add_years(starts, 1), add_years(ends, 1)
    return name, resort, starts, ends, capacity


def _programme(ctx: _Care) -> None:
    if RecuperationProgramme.objects.filter(org=ctx.root, name=PROGRAMME_NAME).exists():
        return
    codes = {*PLACES_CITY, *NOMINATIONS}
    orgs = {o.code: o for o in Org.objects.filter(code__in=codes)}
    admins = {code: _cadre(code) for code in codes}
    if len(orgs) < len(codes) or None in admins.values():
        return
    _front_line_tag()
    with _on(dt.date(CARE_YEAR, 6, 15), 9):
        programme = programme_create(
            org=ctx.root,
            name=PROGRAMME_NAME,
            year=CARE_YEAR,
            issuer="焦作市总工会",
            received_reference="焦工〔2020〕21号",
            places_received=PROGRAMME_PLACES,
            actor=ctx.admin,
            priority_tag=FRONT_LINE_TAG,
            no_repeat_years=3,
            health_requirements="身体健康，无传染性疾病，能适应爬山等户外活动和长途乘车；孕期人员不宜参加",
        )
        batches = [
            batch_save(
                programme=programme,
                name=name,
                resort=resort,
                starts_on=starts,
                ends_on=ends,
                capacity=capacity,
                assembly="焦作市工人文化宫广场 7:30 集合乘车",
                actor=ctx.admin,
            )
            for name, resort, starts, ends, capacity in (FIRST_BATCH, _future(SECOND_BATCH, ctx.today))
        ]
        allocations = {
            a.org.code: a
            for a in programme_allocate(
                programme=programme, shares={orgs[c].pk: n for c, n in PLACES_CITY.items()}, actor=ctx.admin
            )
        }
        for county, shares in PLACES_COUNTY.items():
            allocations |= {
                a.org.code: a
                for a in programme_allocate(
                    programme=programme,
                    shares={orgs[c].pk: n for c, n in shares.items()},
                    actor=admins[county],
                    parent=allocations[county],
                )
            }
        programme = programme_advance(programme=programme, actor=ctx.admin)
    first, second = batches
    demo_member = (
        _holding(("SS06",)).filter(user__phone=DEMO_MEMBER_PHONE).select_related("user", "org").first()
    )
    places: list[tuple[RecuperationPlace, Member]] = []
    later: list[tuple[RecuperationPlace, Member]] = []
    for code, (in_first, in_second) in NOMINATIONS.items():
        front = list(
            _holding((code,)).filter(tags__name=FRONT_LINE_TAG).select_related("user", "org").order_by("pk")
        )
        others = list(
            _holding((code,))
            .exclude(tags__name=FRONT_LINE_TAG)
            .exclude(user__phone=DEMO_MEMBER_PHONE)
            .select_related("user", "org")
            .order_by("pk")[:4]
        )
        candidates = front + others
        if code == "SS06" and demo_member is not None:
            candidates.insert(0, demo_member)
        for n in range(in_first + in_second):
            batch = first if n < in_first else second
            member = candidates[n]
            day = dt.date(CARE_YEAR, 6, 22) if batch == first else ctx.today - dt.timedelta(days=4)
            with _on(day + dt.timedelta(days=n % 3), 10):
                place = place_nominate(
                    programme=programme,
                    allocation=allocations[code],
                    member=member,
                    batch=batch,
                    actor=admins[code],
                    reason="" if member in front else "学校疫情防控值守骨干，本会无一线医护候选人",
                )
            (places if batch == first else later).append((place, member))
    # first batch: one declines and is replaced by the next front-line colleague; the others confirm, then check in
    declined, declined_member = places[1]
    with _on(dt.date(CARE_YEAR, 6, 28), 20):
        place_decline(
            place=declined, member=declined_member, actor=declined_member.user, reason="家中老人住院需要照顾"
        )
    taken = {m.pk for _p, m in places + later}
    substitute_member = (
        _holding((declined_member.org.code,))
        .filter(tags__name=FRONT_LINE_TAG)
        .exclude(pk__in=taken)
        .select_related("user", "org")
        .order_by("pk")
        .first()
    )
    if substitute_member is not None:
        with _on(dt.date(CARE_YEAR, 6, 29), 9):
            substitute = place_substitute(
                place=declined, member=substitute_member, actor=admins[declined_member.org.code]
            )
        places.append((substitute, substitute_member))
    for place, member in places:
        if place.pk == declined.pk:
            continue
        with _on(dt.date(CARE_YEAR, 7, 1) + dt.timedelta(days=place.pk % 5), 20):
            place_confirm(place=place, member=member, actor=member.user, health_confirmed=True)
    for place, member in places:
        if place.pk == declined.pk:
            continue
        with _on(FIRST_BATCH[2], 8):
            checkin_manual(target=first, member=member, actor=ctx.admin)
    # second batch (2027): most confirmed; the demo member's and one other place wait for the member
    for n, (place, member) in enumerate(later):
        if member.pk == getattr(demo_member, "pk", None) or n == len(later) - 1:
            continue
        with _on(ctx.today - dt.timedelta(days=1), 20):
            place_confirm(place=place, member=member, actor=member.user, health_confirmed=True)
    ctx.made.append(f"{PROGRAMME_NAME} {len(places) + len(later)} 个名额")


def _offers(ctx: _Care) -> None:
    if Offer.objects.filter(org=ctx.root, title=CINEMA_OFFER).exists():
        return
    school = Org.objects.filter(code="SS06").first()
    school_admin = _cadre("SS06")
    demo_member = _holding(("SS06",)).filter(user__phone=DEMO_MEMBER_PHONE).select_related("org").first()
    if school is None or school_admin is None or demo_member is None:
        return
    start = ctx.today - dt.timedelta(days=40)
    with _on(start, 10):
        cinema = offer_save(
            actor=ctx.admin,
            org=ctx.root,
            title=CINEMA_OFFER,
            kind=OfferKind.CINEMA,
            merchant_name="焦作星光国际影城",
            address="焦作市解放区民主南路368号万达广场4楼",
            summary="会员凭动态会员码购票，2D/3D影片每张25元",
            terms="每次限本人一张；节假日及特殊场次除外；不与影城其他优惠同享",
            valid_from=start,
            valid_until=dt.date(ctx.today.year + 1, 12, 31),
            per_member_limit=None,
            coupons=False,
        )
        fitness = offer_save(
            actor=ctx.admin,
            org=ctx.root,
            title=FITNESS_OFFER,
            kind=OfferKind.FITNESS,
            merchant_name="焦作市体育中心全民健身馆",
            address="焦作市山阳区人民路与塔南路交叉口体育中心",
            summary="每月8日全民健身日，会员领券后免费使用游泳馆、羽毛球馆各一场",
            terms="每人限领用3次；券码当日有效，入场时出示",
            valid_from=start,
            valid_until=dt.date(ctx.today.year + 1, 12, 31),
            per_member_limit=3,
            coupons=True,
        )
        offer_publish(offer=cinema, actor=ctx.admin)
        offer_publish(offer=fitness, actor=ctx.admin)
        insurance = offer_save(
            actor=school_admin,
            org=school,
            title=INSURANCE_OFFER,
            kind=OfferKind.INSURANCE,
            merchant_name="河南省职工保险互助会焦作办事处",
            address="焦作市解放区丰收中路1388号",
            summary="工会会员住院医疗互助保障，每人每年30元由校工会全额承担，住院按比例补助",
            terms="每人限参保1份；到校工会办公室出示会员码登记",
            valid_from=start,
            valid_until=dt.date(ctx.today.year, 12, 31),
            per_member_limit=1,
            coupons=False,
        )
        offer_publish(offer=insurance, actor=school_admin)
        merchant = _merchant(ctx, cinema)
    viewers = list(_holding(("SS01", "SS05", "SS06", "JFQ01")).exclude(pk=demo_member.pk).order_by("pk")[:8])
    for n, member in enumerate([demo_member, *viewers]):
        with _on(ctx.today - dt.timedelta(days=20 - n), 19):
            offer_redeem(offer=cinema, actor=merchant if n % 2 else ctx.admin, member=member)
    for n, member in enumerate([demo_member, *viewers[:4]]):
        with _on(ctx.today - dt.timedelta(days=12 - n), 9):
            coupon = offer_coupon_take(offer=fitness, member=member)
            offer_redeem(offer=fitness, actor=ctx.admin, coupon_code=coupon.code)
    with _on(ctx.today - dt.timedelta(days=2), 8):
        offer_coupon_take(offer=fitness, member=demo_member)  # unused: shown in 我的普惠
    teachers = list(_holding(("SS06",)).exclude(pk=demo_member.pk).order_by("pk")[:5])
    for n, member in enumerate([demo_member, *teachers]):
        with _on(ctx.today - dt.timedelta(days=30 - n), 10):
            offer_redeem(offer=insurance, actor=school_admin, member=member)
    ctx.made.append("普惠优惠 3 项")


def _merchant(ctx: _Care, offer: Offer) -> User:
    """The cinema's cashier: an outside account (username = phone, the demo password) holding `offer_merchant`
    on the cinema offer only."""
    grant, _temporary = outside_account_grant(
        kind=grantable_kinds.get(OFFER_GRANT_KIND),
        obj=offer,
        name=MERCHANT_NAME,
        phone=MERCHANT_PHONE,
        role=MERCHANT_ROLE,
        expires_at=timezone.now() + dt.timedelta(days=MERCHANT_DAYS),
        actor=ctx.admin,
    )
    user = grant.user
    user.set_password(DEMO_PASSWORD)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    forget_grants(user)
    return User.objects.get(pk=user.pk)


def _care(root: Org) -> list[str]:
    """The issue-20 blocks; what was made this run."""
    admin = User.objects.filter(username=CITY_ADMIN).first()
    staff = User.objects.filter(username=CITY_STAFF).first()
    if admin is None or staff is None:
        return []
    ctx = _Care(root=root, admin=admin, staff=staff, today=timezone.localdate(), made=[])
    lines = _care_lines(ctx)
    team = _medical_team()
    _warmth(ctx, lines["送温暖慰问"])
    _team_campaign(ctx, lines["援鄂医疗队慰问"], team)
    _subsidy(ctx, lines["基层工会补助"])
    _condolences(ctx, lines["会员慰问金"], team)
    _programme(ctx)
    _offers(ctx)
    return ctx.made


def _care_summary(root: Org) -> str:
    tree = root.path
    campaigns = ReliefCampaign.objects.filter(org__path__startswith=tree).count()
    subsidies = Subsidy.objects.filter(org__path__startswith=tree).count()
    payments = CondolencePayment.objects.filter(org__path__startswith=tree).count()
    places = RecuperationPlace.objects.filter(programme__org__path__startswith=tree).count()
    offers = Offer.objects.filter(org__path__startswith=tree).count()
    return (
        f"关爱服务：送温暖慰问活动 {campaigns} 项、基层工会补助 {subsidies} 项、慰问登记 {payments} 笔、"
        f"疗休养名额 {places} 个、普惠优惠 {offers} 项（合作商户账号 {MERCHANT_PHONE}）"
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
    made += _care(root)
    states = dict.fromkeys(S.values, 0)
    for status in tree.values_list("status", flat=True):
        states[status] += 1
    aid = AidRecord.objects.filter(file__org__path__startswith=root.path)
    return (
        f"困难职工档案 {tree.count()} 户（已建档 {states[S.FILED]} 户、公示中 {states[S.PUBLICISED]} 户、"
        f"办理中 {sum(states[s] for s in (S.APPLIED, S.RETURNED, S.UNIT_CHECKED, S.SURVEYED, S.REVIEWED))} 户、"
        f"已脱困 {states[S.LIFTED]} 户、已注销 {states[S.CLOSED]} 户、不予建档 {states[S.REJECTED]} 户），"
        f"帮扶救助 {aid.count()} 笔（经资金台账从两项经费支付），帮扶干事 {CITY_OFFICER}、{COUNTY_OFFICER}；"
        f"{_care_summary(root)}；" + (f"本次新建：{'、'.join(made)}" if made else "本次无新增")
    )


def demo_homes(state: str) -> Sequence[Home]:
    """The demo households that end in `state` (for the demo tests)."""
    return [h for h in HOUSEHOLDS if h.state == state]
