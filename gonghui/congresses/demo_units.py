"""The demo's hospital 职代会, the 民办 schools' 教职工大会 and 集体合同, and the 换届 (see demo.py)."""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.models import Org

from . import demo_texts as t
from .choices import (
    CongressKind,
    ContractKind,
    ContractStatus,
    DelegateRole,
    ElectionStatus,
    NegotiationParty,
    NegotiationStatus,
)
from .demo_meetings import (
    admin_of,
    at,
    delegations_of,
    hold,
    holding,
    on_day,
    seat_all,
    session_of,
    user_named,
)
from .models import (
    CollectiveContract,
    CollectiveNegotiation,
    Congress,
    Motion,
    UnionElection,
)
from .services.congress import congress_create
from .services.contracts import (
    contract_approve,
    contract_create,
    contract_file,
    contract_sign,
    contract_take_effect,
    negotiation_conclude,
    negotiation_create,
    negotiation_meeting_add,
)
from .services.elections import (
    election_approve_plan,
    election_approve_result,
    election_record_result,
    election_request,
    election_start,
)

ASSEMBLY_SCHOOL = "JFQ06"
HOSPITAL_DELEGATES = 51
HOSPITAL_DELEGATIONS = ("内科", "外科", "护理部", "医技", "行政后勤")
PAST_DAYS = 160  # the hospital's session was held this many days (plus 20) ago, as the university's


# --- the hospital's 职代会 ---------------------------------------------------------------------------------------
def seed_hospital(hospital: Org, actor: User) -> Congress:
    congress = Congress.objects.filter(org=hospital, is_current=True).first()
    if congress is None:
        with on_day(dt.date(2023, 3, 6), 9):
            congress = congress_create(
                actor=actor,
                org=hospital,
                kind=CongressKind.WORKERS,
                term_number=5,
                term_started_on=dt.date(2023, 3, 1),
                term_ends_on=dt.date(2028, 2, 29),
                delegate_share_percent=15,
                women_min_percent=50,
            )
    delegations = delegations_of(congress, actor, [f"{name}代表团" for name in HOSPITAL_DELEGATIONS])
    branches = {
        o.pk: i
        for i, o in enumerate(
            Org.objects.filter(path__startswith=hospital.path, level=OrgLevel.BRANCH).order_by("path")
        )
    }
    staff = list(holding(hospital).order_by("pk"))[:HOSPITAL_DELEGATES]
    chosen = [
        (m, delegations[branches.get(m.org_id, n % len(delegations))], DelegateRole.FULL, n < 7, 7 <= n < 11)
        for n, m in enumerate(staff)
    ]
    seats = seat_all(congress, actor, chosen)
    day = timezone.localdate() - dt.timedelta(days=PAST_DAYS + 20)
    session = session_of(
        congress,
        actor,
        number=1,
        title="第五届职工代表大会第一次会议",
        starts=at(day, 14, 0),
        agenda=t.HOSPITAL_AGENDA,
        created=day - dt.timedelta(days=20),
    )
    hold(session, actor, [s.member for s in seats][:-4], t.HOSPITAL_MOTIONS)
    return congress


# --- the 民办 schools: 教职工大会 and 集体合同 --------------------------------------------------------------------------
def _contract(org: Org, actor: User, kind: str, title: str, content: str, **extra: Any) -> CollectiveContract:
    contract = CollectiveContract.objects.filter(org=org, title=title).first()
    if contract is None:
        with on_day(extra.pop("drafted"), 10):
            contract = contract_create(
                org=org,
                actor=actor,
                data={
                    "kind": kind,
                    "title": title,
                    "content": content,
                    "negotiation": extra.pop("negotiation", None),
                    "term_starts_on": extra["term"][0],
                    "term_ends_on": extra["term"][1],
                },
            )
    return contract


def _through(
    contract: CollectiveContract,
    actor: User,
    *,
    approved: dt.date,
    motion: Motion | None,
    signed: dt.date | None,
    filed: dt.date | None,
    term: tuple[dt.date, dt.date],
) -> CollectiveContract:
    """Approve, sign, file and (after the objection period) take effect, as far as the dates given reach."""
    if contract.status == ContractStatus.DRAFT:
        with on_day(approved, 17):
            contract = contract_approve(contract=contract, actor=actor, motion=motion, approved_on=approved)
    if signed is not None and contract.status == ContractStatus.APPROVED:
        with on_day(signed, 10):
            contract = contract_sign(
                contract=contract, signed_on=signed, actor=actor, term_starts_on=term[0], term_ends_on=term[1]
            )
    if filed is not None and contract.status == ContractStatus.SIGNED:
        with on_day(filed, 10):
            contract = contract_file(
                contract=contract, filed_on=filed, filed_with="焦作市人力资源和社会保障局", actor=actor
            )
    if contract.status == ContractStatus.FILED:
        contract_take_effect(contract=contract, today=timezone.localdate())
        contract.refresh_from_db()
    return contract


def _negotiation(
    org: Org, actor: User, kind: str, title: str, requested: dt.date, meetings: int, agreed: bool
) -> CollectiveNegotiation:
    negotiation = CollectiveNegotiation.objects.filter(org=org, title=title).first()
    if negotiation is None:
        with on_day(requested, 9):
            negotiation = negotiation_create(
                org=org,
                actor=actor,
                data={
                    "contract_kind": kind,
                    "title": title,
                    "requested_by": NegotiationParty.UNION,
                    "requested_on": requested,
                    "union_representatives": "首席代表：工会主席；代表：教师代表2名、女职工代表1名",
                    "employer_representatives": "首席代表：校长；代表：办公室主任、财务负责人",
                },
            )
    for number in range(negotiation.meetings.count(), meetings):
        held = requested + dt.timedelta(days=12 * (number + 1))
        with on_day(held, 15):
            negotiation_meeting_add(
                negotiation=negotiation,
                held_on=held,
                minutes=t.NEGOTIATION_MINUTES[number % 2],
                venue="学校会议室",
                attendees="双方协商代表",
                actor=actor,
            )
    negotiation.refresh_from_db()  # a meeting moves it from 要约 to 协商中 in the database
    if agreed and negotiation.status == NegotiationStatus.NEGOTIATING:
        with on_day(requested + dt.timedelta(days=12 * meetings + 1), 10):
            negotiation = negotiation_conclude(negotiation=negotiation, agreed=True, actor=actor)
    return negotiation


def _assembly_school(school: Org, actor: User) -> list[Motion]:
    """The small 民办 school's 教职工大会 (all staff vote), which approved its two collective contracts."""
    congress = Congress.objects.filter(org=school, is_current=True).first()
    if congress is None:
        with on_day(dt.date(2024, 9, 10), 9):
            congress = congress_create(
                actor=actor,
                org=school,
                kind=CongressKind.TEACHERS_ASSEMBLY,
                term_number=1,
                term_started_on=dt.date(2024, 9, 1),
                term_ends_on=dt.date(2027, 8, 31),
            )
    day = timezone.localdate() - dt.timedelta(days=200)
    session = session_of(
        congress,
        actor,
        number=1,
        title="第一届教职工大会第一次会议",
        starts=at(day, 15, 0),
        agenda="审议《集体合同（草案）》\n审议《女职工权益保护专项集体合同（草案）》",
        created=day - dt.timedelta(days=10),
    )
    hold(session, actor, list(holding(school).order_by("pk")), t.ASSEMBLY_MOTIONS)
    return list(session.motions.order_by("sort_order"))


def seed_contracts() -> int:
    today = timezone.localdate()
    plans: list[Callable[[], None]] = []
    school = Org.objects.filter(code=ASSEMBLY_SCHOOL).first()
    actor = admin_of(school) if school else None
    if school is not None and actor is not None:

        def assembly() -> None:
            motions = _assembly_school(school, actor)
            day = timezone.localdate(motions[0].decided_at) if motions and motions[0].decided_at else None
            requested = today - dt.timedelta(days=240)
            negotiation = _negotiation(
                school, actor, ContractKind.COMPREHENSIVE, "2026年度集体协商", requested, 2, True
            )
            term = (
                today - dt.timedelta(days=170),
                today - dt.timedelta(days=170) + dt.timedelta(days=3 * 365),
            )
            for motion, (kind, title, content) in zip(
                motions,
                (
                    (
                        ContractKind.COMPREHENSIVE,
                        "解放区育才双语学校集体合同（2026—2029年）",
                        t.CONTRACT_CONTENT,
                    ),
                    (ContractKind.WOMEN, "解放区育才双语学校女职工权益保护专项集体合同", t.WOMEN_CONTENT),
                ),
                strict=False,
            ):
                contract = _contract(
                    school,
                    actor,
                    kind,
                    title,
                    content,
                    drafted=requested + dt.timedelta(days=26),
                    negotiation=negotiation if kind == ContractKind.COMPREHENSIVE else None,
                    term=term,
                )
                if day is not None and motion.passed:
                    _through(
                        contract,
                        actor,
                        approved=day,
                        motion=motion,
                        signed=day + dt.timedelta(days=4),
                        filed=day + dt.timedelta(days=9),
                        term=term,
                    )

        plans.append(assembly)
    for code, title, kind, content, signed_ago, filed_ago in (
        (
            "MCQ07",
            "马村区英才学校集体合同（2027—2029年）",
            ContractKind.COMPREHENSIVE,
            t.CONTRACT_CONTENT,
            12,
            6,
        ),
        ("SYQ06", "山阳区育才双语学校工资专项集体合同", ContractKind.WAGE, t.WAGE_CONTENT, 4, None),
    ):
        org = Org.objects.filter(code=code).first()
        admin = admin_of(org) if org else None
        if org is None or admin is None:
            continue

        def step(
            org: Org = org,
            admin: User = admin,
            title: str = title,
            kind: str = kind,
            content: str = content,
            signed_ago: int = signed_ago,
            filed_ago: int | None = filed_ago,
        ) -> None:
            signed = today - dt.timedelta(days=signed_ago)
            negotiation = _negotiation(
                org, admin, kind, f"{today.year}年度集体协商", signed - dt.timedelta(days=60), 2, True
            )
            term = (dt.date(today.year + 1, 1, 1), dt.date(today.year + 3, 12, 31))
            contract = _contract(
                org,
                admin,
                kind,
                title,
                content,
                drafted=signed - dt.timedelta(days=30),
                negotiation=negotiation,
                term=term,
            )
            _through(
                contract,
                admin,
                approved=signed - dt.timedelta(days=8),
                motion=None,
                signed=signed,
                filed=today - dt.timedelta(days=filed_ago) if filed_ago is not None else None,
                term=term,
            )

        plans.append(step)
    for plan in plans:
        plan()
    negotiating = Org.objects.filter(code="BAX06").first()
    admin = admin_of(negotiating) if negotiating else None
    if negotiating is not None and admin is not None:  # talks under way: one meeting so far
        _negotiation(
            negotiating,
            admin,
            ContractKind.COMPREHENSIVE,
            f"{today.year}年度集体协商",
            today - dt.timedelta(days=20),
            1,
            False,
        )
    return CollectiveContract.objects.count()


# --- 换届 ------------------------------------------------------------------------------------------------------------
def seed_elections() -> None:
    today = timezone.localdate()
    # (union, its upper union's account, the upper union's 发文机关代字, completed)
    for code, upper, prefix, complete in (
        ("JFQ03", "jfq_admin", "解教科文卫工", False),
        ("SS04", "shi_admin", "焦教工", True),
    ):
        org = Org.objects.filter(code=code).first()
        actor, approver = (admin_of(org) if org else None), user_named(upper)
        if org is None or actor is None or approver is None or org.term_ends_on is None:
            continue
        ends = org.term_ends_on
        election = UnionElection.objects.filter(org=org).order_by("-pk").first()
        if election is None:
            if ends > today + dt.timedelta(days=150) or (complete and ends + dt.timedelta(days=10) > today):
                continue
            with on_day(ends - dt.timedelta(days=45), 9):
                election = election_start(org=org, actor=actor, note="本届任期即将届满，启动换届工作。")
        if election.status == ElectionStatus.PLANNING:
            with on_day(ends - dt.timedelta(days=40), 10):
                election = election_request(election=election, actor=actor, requested_on=timezone.localdate())
        if election.status == ElectionStatus.REQUESTED:
            with on_day(ends - dt.timedelta(days=30), 15):
                election = election_approve_plan(
                    election=election,
                    actor=approver,
                    approved_on=timezone.localdate(),
                    reference=f"{prefix}〔{timezone.localdate().year}〕{31 if complete else 42}号",
                )
        if not complete:
            continue
        if election.status == ElectionStatus.PLAN_APPROVED:
            with on_day(ends - dt.timedelta(days=4), 16):
                election = election_record_result(
                    election=election,
                    actor=actor,
                    elected_on=timezone.localdate(),
                    term_started_on=ends + dt.timedelta(days=1),
                    term_ends_on=ends.replace(year=ends.year + 5),
                )
        if election.status == ElectionStatus.ELECTED:
            with on_day(ends + dt.timedelta(days=8), 10):
                election_approve_result(
                    election=election,
                    actor=approver,
                    approved_on=timezone.localdate(),
                    reference=f"{prefix}〔{timezone.localdate().year}〕38号",
                )
