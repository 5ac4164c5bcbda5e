"""民主管理 rows for tests, written straight to the tables so each part's tests stand alone; parts whose services
exist build on them in their own factories (tests/factories_<part>.py)."""

import datetime as dt
from typing import Any

from django.utils import timezone

from gonghui.accounts.roles import MEMBER
from gonghui.accounts.tests.factories import RoleGrantFactory, UserFactory
from gonghui.congresses.choices import (
    CongressKind,
    ContractKind,
    DelegateRole,
    DisclosureCategory,
    ProposalStatus,
)
from gonghui.congresses.models import (
    CollectiveContract,
    Congress,
    CongressSession,
    Delegate,
    Disclosure,
    HandlingDepartment,
    Proposal,
    ProposalSecond,
    UnionElection,
)
from gonghui.members.models import Member
from gonghui.members.tests.factories import MemberFactory


def make_congress(*, org: Any, actor: Any, **extra: Any) -> Congress:
    """The current 教代会 of `org`, 第1届 from 2024-09-01 to 2029-08-31, 300 staff (delegates ≈ 33 %: about 99)."""
    return Congress.objects.create(
        org=org,
        kind=extra.pop("kind", CongressKind.TEACHERS),
        term_number=extra.pop("term_number", 1),
        term_started_on=extra.pop("term_started_on", dt.date(2024, 9, 1)),
        term_ends_on=extra.pop("term_ends_on", dt.date(2029, 8, 31)),
        staff_count=extra.pop("staff_count", 300),
        created_by=actor,
        **extra,
    )


def make_delegate_member(*, org: Any, index: int, with_user: bool = True, **extra: Any) -> Member:
    """A member of `org` (with a portal account when `with_user`), phone 1390000xxxx from `index`."""
    phone = f"139{org.pk % 100:02d}{index:06d}"
    user = None
    if with_user:
        user = UserFactory.create(username=f"d{phone}", name=f"代表{index}", phone=phone)
        RoleGrantFactory.create(user=user, role=MEMBER, org=org)
    return MemberFactory.create(org=org, user=user, name=f"代表{index}", phone=phone, **extra)


def make_delegates(
    congress: Congress, count: int, *, teachers: int | None = None, start: int = 1, with_users: bool = False
) -> list[Delegate]:
    """`count` full delegates of `congress`, members of its org; the first `teachers` (all by default) have 岗位类别
    教师, the rest 管理人员."""
    teachers = count if teachers is None else teachers
    rows = []
    for offset in range(count):
        member = make_delegate_member(
            org=congress.org,
            index=start + offset,
            with_user=with_users,
            job_category="teacher" if offset < teachers else "management",
        )
        rows.append(Delegate.objects.create(congress=congress, member=member, role=DelegateRole.FULL))
    return rows


def make_session(*, congress: Congress, actor: Any, number: int = 1, **extra: Any) -> CongressSession:
    """第`number`次会议 starting in 30 days, its proposal window open from today for 20 days."""
    starts = extra.pop("starts_at", timezone.now() + dt.timedelta(days=30))
    today = timezone.localdate()
    return CongressSession.objects.create(
        congress=congress,
        number=number,
        title=extra.pop("title", f"第{congress.term_number}届第{number}次会议"),
        starts_at=starts,
        ends_at=extra.pop("ends_at", starts + dt.timedelta(hours=4)),
        proposals_open_on=extra.pop("proposals_open_on", today),
        proposals_close_on=extra.pop("proposals_close_on", today + dt.timedelta(days=20)),
        created_by=actor,
        **extra,
    )


def make_department(*, org: Any, name: str = "后勤处", **extra: Any) -> HandlingDepartment:
    return HandlingDepartment.objects.create(org=org, name=name, **extra)


def make_proposal(
    *,
    congress: Congress,
    proposer: Delegate,
    session: CongressSession | None = None,
    seconders: tuple[Delegate, ...] | list[Delegate] = (),
    **extra: Any,
) -> Proposal:
    """A proposal of `proposer`, seconded by `seconders` (status 待审查 once two have, else 征集附议 unless given)."""
    status = extra.pop(
        "status", ProposalStatus.SUBMITTED if len(seconders) >= 2 else ProposalStatus.SECONDING
    )
    proposal = Proposal.objects.create(
        congress=congress,
        session=session,
        proposer=proposer,
        title=extra.pop("title", "关于改善教职工食堂就餐条件的提案"),
        reasons=extra.pop("reasons", "食堂座位不足，午餐排队时间长。"),
        measures=extra.pop("measures", "增设就餐座位，错峰就餐。"),
        status=status,
        submitted_at=extra.pop("submitted_at", timezone.now()),
        **extra,
    )
    for delegate in seconders:
        ProposalSecond.objects.create(proposal=proposal, delegate=delegate)
    return proposal


def make_disclosure(*, org: Any, actor: Any, **extra: Any) -> Disclosure:
    return Disclosure.objects.create(
        org=org,
        category=extra.pop("category", DisclosureCategory.FINANCE),
        title=extra.pop("title", "2026年度预算执行情况"),
        content=extra.pop("content", "本年度预算执行情况如下。"),
        created_by=actor,
        **extra,
    )


def make_contract(*, org: Any, actor: Any, **extra: Any) -> CollectiveContract:
    return CollectiveContract.objects.create(
        org=org,
        kind=extra.pop("kind", ContractKind.COMPREHENSIVE),
        title=extra.pop("title", "2026—2028年集体合同"),
        created_by=actor,
        **extra,
    )


def make_election(*, org: Any, actor: Any, **extra: Any) -> UnionElection:
    return UnionElection.objects.create(org=org, old_term_ends_on=org.term_ends_on, created_by=actor, **extra)
