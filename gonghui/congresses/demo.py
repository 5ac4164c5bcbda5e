"""Demo data of 民主管理, seeded through the parts' services, each step of a past day under `demo_clock` (so every
timeline reads as it happened); running it again adds nothing, and an interrupted run resumes where it stopped.

- 焦作职业技术学院 (SS06): its 第三届教职工代表大会 (44 正式代表 in six 代表团 — fewer when fewer members are seeded —, 主席团, 提案工作委员会, 列席 and 特邀; the
  README member 13900000001 is a 正式代表); 第一次会议 (2025), 第二次会议 about five months ago (closed: attendance by
  check-in, three motions decided — one by 无记名投票 — and the resolutions published), 第三次会议 coming up with its
  提案征集 open now. 30 提案 in every state (征集附议, 待审查, 不予立案, 已立案待交办, 办理中, 已答复待评价, 重新办理中,
  已办结, 意见建议, one overdue and 督办) with 附议, 承办部门, replies and ratings; the last session's handled ones
  published, one 优秀提案 and one 承办先进单位 through a review round. The member has proposals to second (待我附议) and
  a reply to rate. The university's own rules ask every 院系 (whatever its size) to hold a 二级教代会: 机电工程系 and 医学院
  hold 二级教代会, 经济管理系 and 信息工程系 二级教职工大会, 建筑工程系 none yet (the coverage board's gap); the three
  last colleges are created here as 分工会 after the members (see `_colleges`). 校务公开: this year's checklist with
  five items published (read receipts from most staff; the member has read two, three are unread) and the rest still a gap.
- 焦作市人民医院 (SS01): 第五届职工代表大会 in 代表团 by 内科/外科/护理部/医技/行政后勤, a session held and its
  resolutions published.
- 解放区育才双语学校 (JFQ06, 民办, 18 staff): a 教职工大会 (大会 mode) that approved its 集体合同 and 女职工专项集体合同
  (both 已生效 after the objection period), negotiated in two rounds; 马村区英才学校's 集体合同 filed and in its
  objection period, 山阳区育才双语学校's signed and due for filing, 博爱县育才双语学校 negotiating.
- 换届: 解放区人民医院工会 (term ended) has its 换届 approved by 解放区教科文卫体工会 and is preparing the election;
  市疾病预防控制中心工会 completed one. (Several other demo unions' terms have passed too: the committees' terms are
  fixed dates.)

Uses the demo accounts (the unions' `<code>_admin`, jfq_admin, shi_admin, shi_pingwei as the 优秀提案 judge) and
the members' own portal accounts (every delegate acts as themselves); creates no account."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.members.demo import demo_member
from gonghui.members.models import Member
from gonghui.orgs.choices import Industry, OrgLevel
from gonghui.orgs.models import Org
from gonghui.orgs.services.tree import org_create
from gonghui.reviews.choices import RoundStatus
from gonghui.reviews.models import Criterion, ScoreSheet, ScoreSheetTemplate
from gonghui.reviews.selectors import entries_for_judge
from gonghui.reviews.services import (
    CriterionInput,
    ScoreInput,
    judge_add,
    round_close,
    round_open,
    sheet_save,
    sheet_submit,
    template_create,
)

from . import demo_texts as t
from .choices import (
    CongressKind,
    DelegateRole,
    DisclosureStatus,
    ProposalKind,
    ProposalStatus,
    ReplyType,
    Satisfaction,
    SessionStatus,
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
from .demo_units import PAST_DAYS, seed_contracts, seed_elections, seed_hospital
from .models import (
    CollectiveContract,
    CollectiveNegotiation,
    Congress,
    CongressHonour,
    CongressRules,
    CongressSession,
    Delegate,
    Delegation,
    Disclosure,
    DisclosureChecklistItem,
    DisclosureRead,
    HandlingDepartment,
    Motion,
    Proposal,
    ProposalReply,
    ProposalSecond,
    UnionElection,
)
from .services.congress import congress_create, rules_save
from .services.disclosures import (
    DisclosureInput,
    checklist_default,
    disclosure_create,
    disclosure_publish,
    disclosure_read,
)
from .services.proposals import (
    department_save,
    proposal_assign,
    proposal_convert_unseconded,
    proposal_escalate,
    proposal_rate,
    proposal_reply,
    proposal_review,
    proposal_second,
    proposal_submit,
)
from .services.report import honours_record, honours_review_start, session_publish_replied
from .services.sessions import (
    session_close,
    session_open,
)

UNIVERSITY, HOSPITAL = "SS06", "SS01"
# the university's colleges (二级单位, 分工会): code, name, staff (the congress's 职工总数), the kind of congress it
# holds (None: not yet)
COLLEGES: list[tuple[str, str, int, str | None]] = [
    ("SS06-F1", "机电工程系", 30, CongressKind.TEACHERS),
    ("SS06-F2", "医学院", 28, CongressKind.TEACHERS),
    ("SS06-F3", "经济管理系", 24, CongressKind.TEACHERS_ASSEMBLY),
    ("SS06-F4", "信息工程系", 22, CongressKind.TEACHERS_ASSEMBLY),
    ("SS06-F5", "建筑工程系", 21, None),
]
SECONDARY_MIN_STAFF = 0  # the university's 二级教代会实施办法: every 院系 holds one, whatever its size
UNIVERSITY_DELEGATES, UNIVERSITY_TEACHERS = 44, 30
REVIEW_TEMPLATE = "优秀提案和承办先进单位评分表"
REVIEW_CRITERIA = (("选题价值", 30), ("论证充分", 30), ("措施可行", 20), ("办理成效", 20))
# (group, plan) for each of demo_texts.PROPOSALS, in order: `past` in the last session's window, `between` between
# sessions, `open` in the coming session's window open now. The README member proposes #0 and #16.
PLAN: list[tuple[str, str]] = [
    *[("past", "closed")] * 8,
    ("past", "rehandled"),
    *[("past", "closed")] * 3,
    ("past", "rejected"),
    ("past", "converted"),
    ("past", "unseconded"),
    ("between", "accepted"),
    ("between", "replied"),
    ("between", "accepted"),
    ("between", "handling"),
    ("between", "handling"),
    ("between", "overdue"),
    ("between", "replied"),
    ("between", "rehandling"),
    ("between", "rehandling"),
    *[("open", "seconding0"), ("open", "seconding1")] * 2,
    ("open", "submitted"),
    ("open", "submitted"),
]
MEMBER_PROPOSALS = (0, 16)
EXCELLENT = 0  # the 优秀提案 (the README member's)
REPLY_TYPES = (ReplyType.SOLVED, ReplyType.PLANNED, ReplyType.EXPLAINED)


def _counts() -> int:
    return sum(
        model.objects.count()
        for model in (
            Congress,
            Delegate,
            CongressSession,
            Motion,
            Proposal,
            ProposalSecond,
            ProposalReply,
            CongressHonour,
            Disclosure,
            DisclosureRead,
            DisclosureChecklistItem,
            CollectiveNegotiation,
            CollectiveContract,
            UnionElection,
            Org,
        )
    )


# --- the university: its colleges, 教代会 and delegates -----------------------------------------------------------
def _colleges(university: Org, actor: User) -> list[Org]:
    """The university's five colleges (分工会): the demo tree has 机电工程系 and 医学院; the other three are created
    here, after the members are placed (adding them to the org tree's seed would re-draw every member's unit). Their
    headcounts stay 0 like the tree's other 分工会: the dashboards sum a subtree's headcounts, so a college's own
    would count the university's staff twice (hence the university's rules below: every 院系, whatever its size)."""
    colleges = []
    for code, name, _staff, _kind in COLLEGES:
        org = Org.objects.filter(code=code).first()
        if org is None:
            with on_day(dt.date(2024, 7, 1), 9):
                org = org_create(
                    parent=university,
                    actor=actor,
                    data={
                        "code": code,
                        "name": f"{university.unit_name}{name}分工会",
                        "short_name": f"{name}分工会",
                        "unit_name": university.unit_name,
                        "level": OrgLevel.BRANCH,
                        "industry": Industry.EDUCATION,
                        "unit_category": university.unit_category,
                    },
                )
        colleges.append(org)
    return colleges


def _departments(org: Org, actor: User) -> dict[str, HandlingDepartment]:
    have = {d.name: d for d in HandlingDepartment.objects.filter(org=org)}
    for order, (name, contact, phone) in enumerate(t.DEPARTMENTS, start=1):
        if name not in have:
            have[name] = department_save(
                org=org, actor=actor, name=name, contact_name=contact, contact_phone=phone, sort_order=order
            )
    return have


def _university_congress(
    university: Org, actor: User, colleges: list[Org]
) -> tuple[Congress, list[Delegate]]:
    congress = Congress.objects.filter(org=university, is_current=True).first()
    if congress is None:
        with on_day(dt.date(2024, 9, 2), 9):
            congress = congress_create(
                actor=actor,
                org=university,
                kind=CongressKind.TEACHERS,
                term_number=3,
                term_started_on=dt.date(2024, 9, 1),
                term_ends_on=dt.date(2029, 8, 31),
                women_min_percent=40,
                young_min_percent=20,
                proposals_between_sessions=True,
            )
    names = [f"{name}代表团" for _c, name, *_rest in COLLEGES] + ["机关代表团"]
    delegations = delegations_of(congress, actor, names)
    by_org = {college.pk: delegations[i] for i, college in enumerate(colleges)}
    member = demo_member()
    staff = list(holding(university).select_related("org").order_by("pk"))
    teachers = [m for m in staff if m.job_category == "teacher"]
    others = [m for m in staff if m.job_category != "teacher"]
    full = teachers[:UNIVERSITY_TEACHERS] + others[: UNIVERSITY_DELEGATES - UNIVERSITY_TEACHERS]
    if member is not None and member not in full:
        full = [member, *full[:-1]]
    full.sort(key=lambda m: (m != member, m.pk))
    rest = [m for m in staff if m not in full]
    chosen: list[tuple[Member, Delegation | None, str, bool, bool]] = []
    for index, person in enumerate(full):
        delegation = by_org.get(person.org_id, delegations[index % len(delegations)])
        chosen.append((person, delegation, DelegateRole.FULL, 1 <= index <= 7, 8 <= index <= 12))
    chosen += [(person, delegations[-1], DelegateRole.OBSERVER, False, False) for person in rest[:2]]
    chosen += [(person, None, DelegateRole.INVITED, False, False) for person in rest[2:3]]
    seats = seat_all(congress, actor, chosen)
    return congress, [s for s in seats if s.role == DelegateRole.FULL]


# --- the proposals ------------------------------------------------------------------------------------------------
class _Proposals:
    """Drives each of the 30 proposals to its planned state, step by step (each step skipped once done)."""

    def __init__(
        self,
        congress: Congress,
        actor: User,
        full: list[Delegate],
        departments: dict[str, HandlingDepartment],
        past: CongressSession,
    ) -> None:
        self.congress, self.actor, self.full, self.departments, self.past = (
            congress,
            actor,
            full,
            departments,
            past,
        )
        self.today = timezone.localdate()
        self.members = {d.pk: d.member for d in full}

    def _people(self, index: int) -> tuple[Member, list[Member]]:
        """The proposer and two seconders: the README member (the first seat) proposes his two; the others in
        turn. The README member seconds some of the last session's, none of those collecting now."""
        others = self.full[1:]
        proposer = self.full[0] if index in MEMBER_PROPOSALS else others[(index * 3) % len(others)]
        pool = [d for d in others if d != proposer]
        seconders = [pool[(index * 5 + 1) % len(pool)], pool[(index * 5 + 2) % len(pool)]]
        if PLAN[index][0] == "past" and index % 3 == 1 and proposer != self.full[0]:
            seconders[0] = self.full[0]
        return proposer.member, [d.member for d in seconders]

    def _days(self, index: int, group: str) -> dict[str, dt.date]:
        today = self.today
        if group == "past":
            start = timezone.localdate(self.past.starts_at)
            submit = start - dt.timedelta(days=28 - index % 14)
            return {
                "submit": submit,
                "second": submit + dt.timedelta(days=1),
                "convert": start - dt.timedelta(days=9),
                "review": start - dt.timedelta(days=3),
                "assign": start + dt.timedelta(days=5),
                "reply": start + dt.timedelta(days=16 + index % 8),
                "rate": start + dt.timedelta(days=21 + index % 8),
                "reply2": start + dt.timedelta(days=45),
                "rate2": start + dt.timedelta(days=49),
            }
        if group == "between":
            submit = today - dt.timedelta(days=50 - index % 5)
            late_review = index in (15, 17)
            return {
                "submit": submit,
                "second": submit + dt.timedelta(days=1),
                "review": today - dt.timedelta(days=4) if late_review else submit + dt.timedelta(days=7),
                "assign": {
                    "handling": today - dt.timedelta(days=9),
                    "replied": today - dt.timedelta(days=25),
                }.get(PLAN[index][1], submit + dt.timedelta(days=8)),
                "reply": today - dt.timedelta(days=3)
                if PLAN[index][1] == "replied"
                else submit + dt.timedelta(days=25),
                "rate": today - dt.timedelta(days=20),
                "escalate": today - dt.timedelta(days=10),
            }
        submit = today - dt.timedelta(days=9 - index % 6)
        return {"submit": submit, "second": submit + dt.timedelta(days=1)}

    def drive(self, index: int) -> Proposal:
        title, category, reasons, measures = t.PROPOSALS[index]
        group, plan = PLAN[index]
        days = self._days(index, group)
        proposer, seconders = self._people(index)
        proposal = Proposal.objects.filter(congress=self.congress, title=title).first()
        if proposal is None:
            with on_day(days["submit"], 9 + index % 8, index % 60):
                proposal = proposal_submit(
                    member=proposer,
                    congress=self.congress,
                    title=title,
                    reasons=reasons,
                    measures=measures,
                    category=category,
                )
        wanted = {"unseconded": 1, "seconding0": 0, "seconding1": 1}.get(plan, 2)
        have = set(
            ProposalSecond.objects.filter(proposal=proposal).values_list("delegate__member_id", flat=True)
        )
        for offset, member in enumerate(seconders[:wanted]):
            if member.pk not in have and proposal.status == ProposalStatus.SECONDING:
                with on_day(days["second"], 12 + offset, 10 * offset + index % 10):
                    proposal_second(proposal=proposal, member=member)
                proposal.refresh_from_db()
        if plan in ("seconding0", "seconding1", "submitted"):
            return proposal
        if plan == "unseconded" and proposal.status == ProposalStatus.SECONDING:
            with on_day(days["convert"], 0, 10):
                proposal_convert_unseconded(proposal=proposal)
            proposal.refresh_from_db()
        if proposal.status == ProposalStatus.SUBMITTED:
            decision = {"rejected": "reject", "converted": "convert"}.get(plan, "accept")
            note = {"reject": t.REJECT_NOTE, "convert": t.CONVERT_NOTE}.get(decision, "")
            with on_day(days["review"], 15, index):
                proposal = proposal_review(proposal=proposal, actor=self.actor, decision=decision, note=note)
        if plan in ("rejected", "accepted"):
            return proposal
        lead_name, assists = t.HANDLERS[category]
        if proposal.status == ProposalStatus.ACCEPTED:
            with on_day(days["assign"], 10, index):
                proposal = proposal_assign(
                    proposal=proposal,
                    actor=self.actor,
                    lead=self.departments[lead_name],
                    assists=[self.departments[name] for name in assists],
                )
        if plan == "handling":
            return proposal
        if plan == "overdue":
            if proposal.escalated_at is None and proposal.status == ProposalStatus.HANDLING:
                with on_day(days["escalate"], 1):
                    proposal_escalate(proposal=proposal, today=timezone.localdate())
            return proposal
        reply_type = REPLY_TYPES[index % 3]
        if plan in ("rehandled", "rehandling"):
            reply_type = ReplyType.EXPLAINED
        if proposal.status == ProposalStatus.HANDLING:
            text = t.REPLIES[reply_type].format(lead=lead_name, title=title, measures=measures)
            with on_day(days["reply"], 16, index):
                proposal_reply(proposal=proposal, actor=self.actor, reply_type=reply_type, content=text)
            proposal.refresh_from_db()
        if plan == "replied":
            return proposal
        if proposal.status == ProposalStatus.REPLIED and not proposal.replies.filter(round=2).exists():
            unsatisfied = plan in ("rehandled", "rehandling")
            satisfaction = (
                Satisfaction.UNSATISFIED
                if unsatisfied
                else Satisfaction.SATISFIED
                if reply_type == ReplyType.SOLVED
                else Satisfaction.BASIC
            )
            with on_day(days["rate"], 20, index):
                proposal_rate(
                    proposal=proposal,
                    member=proposer,
                    satisfaction=satisfaction,
                    note=t.UNSATISFIED_NOTE if unsatisfied else "",
                )
            proposal.refresh_from_db()
        if plan == "rehandling":
            return proposal
        if proposal.status == ProposalStatus.REHANDLING:
            with on_day(days["reply2"], 16):
                proposal_reply(
                    proposal=proposal,
                    actor=self.actor,
                    reply_type=ReplyType.PLANNED,
                    content=t.REPLY_AGAIN.format(lead=lead_name),
                )
            proposal.refresh_from_db()
        if proposal.status == ProposalStatus.REPLIED:
            with on_day(days["rate2"], 20):
                proposal_rate(proposal=proposal, member=proposer, satisfaction=Satisfaction.BASIC)
            proposal.refresh_from_db()
        return proposal


def _honours(session: CongressSession, actor: User, judge_user: User | None, excellent: Proposal) -> None:
    """The 优秀提案 and 承办先进单位 of the last session, scored by the city's 评委 shi_pingwei (a judge of the
    university itself would be in conflict with its entries)."""
    if judge_user is None or CongressHonour.objects.filter(session=session).exists():
        return
    day = timezone.localdate(session.starts_at) + dt.timedelta(days=75)
    review_round = session.review_round
    if review_round is None:
        template = ScoreSheetTemplate.objects.filter(org=session.congress.org, name=REVIEW_TEMPLATE).first()
        with on_day(day, 9):
            if template is None:
                inputs = [CriterionInput(name=n, max_points=Decimal(p)) for n, p in REVIEW_CRITERIA]
                template = template_create(
                    org=session.congress.org, name=REVIEW_TEMPLATE, criteria=inputs, actor=actor
                )
            review_round = honours_review_start(session=session, template=template, actor=actor)
    judge = review_round.judges.filter(user=judge_user).first()
    if review_round.status == RoundStatus.DRAFT:
        with on_day(day, 9, 10):
            judge = judge or judge_add(review_round=review_round, user=judge_user, actor=actor)
            review_round = round_open(review_round=review_round, actor=actor)
    if review_round.status == RoundStatus.OPEN and judge is not None:
        criteria = list(Criterion.objects.filter(template_id=review_round.template_id).order_by("order"))
        done = set(
            ScoreSheet.objects.filter(judge=judge, submitted_at__isnull=False).values_list(
                "entry_id", flat=True
            )
        )
        with on_day(day + dt.timedelta(days=3), 14):
            for entry in (
                entries_for_judge(judge).filter(round=review_round).exclude(pk__in=done).order_by("pk")
            ):
                best = entry.owner_id == excellent.pk or entry.title.endswith(t.HANDLERS["logistics"][0])
                share = Decimal("0.95") if best else Decimal("0.8")
                scores = {
                    c.pk: ScoreInput(points=(c.max_points * share).quantize(Decimal(1))) for c in criteria
                }
                sheet = sheet_save(judge=judge, entry=entry, scores=scores, actor=judge_user)
                sheet_submit(sheet=sheet, actor=judge_user)
        with on_day(day + dt.timedelta(days=5), 10):
            review_round = round_close(review_round=review_round, actor=actor)
    if review_round.status != RoundStatus.CLOSED:
        return
    session.refresh_from_db()
    logistics = HandlingDepartment.objects.get(org=session.congress.org, name=t.HANDLERS["logistics"][0])
    with on_day(day + dt.timedelta(days=6), 10):
        honours_record(session=session, proposals=[excellent], departments=[logistics], actor=actor)


def _sessions(congress: Congress, actor: User, members: list[Member]) -> CongressSession:
    """第一次会议 (held in 2025), 第二次 (about five months ago; held once its proposals are in) and 第三次 (coming,
    its proposal window open now); returns the second."""
    today = timezone.localdate()
    first = session_of(
        congress,
        actor,
        number=1,
        title="第三届教职工代表大会第一次会议",
        starts=at(dt.date(2025, 3, 14), 8, 30),
        agenda=t.UNIVERSITY_AGENDA,
        created=dt.date(2025, 2, 20),
    )
    hold(first, actor, members[:-4], t.UNIVERSITY_MOTIONS[:2])
    past_day = today - dt.timedelta(days=PAST_DAYS)
    past = session_of(
        congress,
        actor,
        number=2,
        title="第三届教职工代表大会第二次会议",
        starts=at(past_day, 8, 30),
        agenda=t.UNIVERSITY_AGENDA,
        window=(past_day - dt.timedelta(days=30), past_day - dt.timedelta(days=10)),
        created=past_day - dt.timedelta(days=35),
    )
    session_of(
        congress,
        actor,
        number=3,
        title="第三届教职工代表大会第三次会议",
        starts=at(today + dt.timedelta(days=25), 8, 30),
        agenda=t.UNIVERSITY_AGENDA,
        window=(today - dt.timedelta(days=10), today + dt.timedelta(days=15)),
        created=today - dt.timedelta(days=12),
    )
    return past


def _university(university: Org, actor: User) -> tuple[Congress, int]:
    """In two transactions around the last session (its secret ballot stores each vote in transactions of its own,
    never inside another: see responses.services.response_submit)."""
    with transaction.atomic():
        colleges = _colleges(university, actor)
        if not CongressRules.objects.filter(org=university).exists():
            with on_day(dt.date(2024, 6, 20), 9):
                rules_save(
                    actor=actor, org=university, secondary_min_staff=SECONDARY_MIN_STAFF, proposal_workdays=20
                )
        congress, full = _university_congress(university, actor, colleges)
        members = [d.member for d in full]
        past = _sessions(congress, actor, members)
        driver = _Proposals(congress, actor, full, _departments(university, actor), past)
        proposals = [driver.drive(index) for index, (group, _plan) in enumerate(PLAN) if group == "past"]
    present = members[:-3]
    summary = t.UNIVERSITY_SUMMARY.format(electorate=len(members), present=len(present))
    past = hold(past, actor, present, t.UNIVERSITY_MOTIONS, summary)
    with transaction.atomic():
        proposals += [driver.drive(index) for index in range(len(proposals), len(PLAN))]
        if not past.proposals.filter(published_at__isnull=False).exists():
            with on_day(timezone.localdate(past.starts_at) + dt.timedelta(days=70), 9):
                session_publish_replied(session=past, actor=actor)
        _honours(past, actor, user_named("shi_pingwei"), proposals[EXCELLENT])
        _disclosures(university, actor)
        return congress, _secondary(colleges, actor)


def _secondary(colleges: list[Org], actor: User) -> int:
    """The 二级教代会 / 二级教职工大会 of four colleges, each with a session held last spring."""
    held = 0
    for org, (_code, name, staff_count, kind) in zip(colleges, COLLEGES, strict=True):
        if kind is None:
            continue
        congress = Congress.objects.filter(org=org, is_current=True).first()
        if congress is None:
            with on_day(dt.date(2024, 10, 8), 9):
                congress = congress_create(
                    actor=actor,
                    org=org,
                    kind=kind,
                    term_number=1,
                    term_started_on=dt.date(2024, 10, 1),
                    term_ends_on=dt.date(2029, 9, 30),
                    staff_count=staff_count,
                )
        staff = list(holding(org).order_by("pk"))
        if not congress.is_assembly:
            seat_all(congress, actor, [(m, None, DelegateRole.FULL, False, False) for m in staff])
        day = dt.date(2025, 4, 10 + held * 2)
        session = session_of(
            congress,
            actor,
            number=1,
            title=f"{name}第一届{congress.get_kind_display()}第一次会议",
            starts=at(day, 14, 30),
            created=day - dt.timedelta(days=14),
        )
        if session.status == SessionStatus.PLANNED:
            with on_day(day, 14, 30):
                session = session_open(session=session, actor=actor)
            with on_day(day, 17, 30):
                session_close(session=session, actor=actor, summary="审议通过本系绩效工资二次分配办法。")
        held += 1
    return held


# --- 校务公开 ----------------------------------------------------------------------------------------------------
def _disclosures(org: Org, actor: User) -> None:
    today = timezone.localdate()
    year = today.year
    if not DisclosureChecklistItem.objects.filter(org=org, year=year).exists():
        with on_day(dt.date(year, 1, 6), 9):
            checklist_default(org=org, year=year, actor=actor)
    items = list(DisclosureChecklistItem.objects.filter(org=org, year=year).order_by("sort_order"))
    staff = list(holding(org).order_by("pk"))
    member = demo_member()
    start = max(dt.date(year, 1, 10), today - dt.timedelta(days=150))
    for index, (category, title, content) in enumerate([*t.DISCLOSURES, t.DISCLOSURE_DRAFT]):
        disclosure = Disclosure.objects.filter(org=org, title=title).first()
        day = start + dt.timedelta(days=index * 25)
        if disclosure is None:
            item = next((i for i in items if i.category == category), None)
            with on_day(day, 9):
                disclosure = disclosure_create(
                    org=org,
                    data=DisclosureInput(
                        category=category,
                        title=title,
                        content=content,
                        starts_on=min(day, today),
                        ends_on=min(day, today) + dt.timedelta(days=365),
                        checklist_item=item,
                    ),
                    actor=actor,
                )
        if (category, title, content) == t.DISCLOSURE_DRAFT:
            continue
        if disclosure.status == DisclosureStatus.DRAFT:
            with on_day(day, 10):
                disclosure = disclosure_publish(disclosure=disclosure, actor=actor)
        if not disclosure.reads.exists():
            # most staff opened it in the first days (rows: a first read writes nothing else); the README member
            # opened the first two on the portal and has the rest still unread
            readers = [m for n, m in enumerate(staff) if (n + index) % 5 != 0 and m != member]
            first = timezone.make_aware(at(min(day, today), 8))
            DisclosureRead.objects.bulk_create(
                DisclosureRead(disclosure=disclosure, member=m, read_at=first + dt.timedelta(minutes=7 * n))
                for n, m in enumerate(readers)
            )
            if member is not None and index < 2:
                with on_day(day + dt.timedelta(days=1), 12):
                    disclosure_read(disclosure=disclosure, member=member)


def seed_congresses() -> str:
    university = Org.objects.filter(code=UNIVERSITY).first()
    hospital = Org.objects.filter(code=HOSPITAL).first()
    actor = admin_of(university) if university else None
    hospital_actor = admin_of(hospital) if hospital else None
    if (
        university is None
        or hospital is None
        or actor is None
        or hospital_actor is None
        or demo_member() is None
    ):
        return "民主管理：缺少组织、管理员账号或会员，跳过演示数据"
    before = _counts()
    congress, branches = _university(university, actor)
    with transaction.atomic():
        seed_hospital(hospital, hospital_actor)
        contracts = seed_contracts()
        seed_elections()
    made = _counts() - before
    states = len(set(Proposal.objects.filter(congress=congress).values_list("status", flat=True)))
    summary = (
        f"民主管理：代表大会 {Congress.objects.count()} 个（其中二级教代会 {branches} 个），"
        f"提案 {Proposal.objects.filter(congress=congress).count()} 件（{states} 种状态，"
        f"意见建议 {Proposal.objects.filter(kind=ProposalKind.SUGGESTION).count()} 件），"
        f"校务公开 {Disclosure.objects.filter(status=DisclosureStatus.PUBLISHED).count()} 条，"
        f"集体合同 {contracts} 份，换届 {UnionElection.objects.count()} 个"
    )
    return f"{summary}（本次新建 {made} 条）" if made else f"{summary}；本次无新增"
