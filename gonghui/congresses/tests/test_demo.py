"""The demo 民主管理 on the demo tree, accounts, members and committees (seeded once for this module, rolled back
after): the university's 教代会 with 30 提案 in every state, its sessions, 二级教代会 coverage with one gap, 校务公开,
the hospital's 职代会, the 民办 schools' 集体合同 and two 换届; a second run adds nothing."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.demo import seed_accounts
from gonghui.accounts.models import RoleGrant, User
from gonghui.congresses.choices import (
    BallotKind,
    CongressKind,
    ContractKind,
    ContractStatus,
    DelegateRole,
    DisclosureStatus,
    ElectionStatus,
    HonourKind,
    MotionStatus,
    ProposalKind,
    ProposalStatus,
    SessionStatus,
)
from gonghui.congresses.demo import COLLEGES, PLAN, seed_congresses
from gonghui.congresses.models import (
    CollectiveContract,
    CollectiveNegotiation,
    Congress,
    CongressHonour,
    CongressSession,
    Delegate,
    Disclosure,
    DisclosureChecklistItem,
    DisclosureRead,
    Motion,
    Proposal,
    ProposalReply,
    ProposalSecond,
    UnionElection,
)
from gonghui.congresses.selectors.congress import rules_for
from gonghui.members.demo import demo_member, seed_committees, seed_members
from gonghui.orgs.demo import seed_orgs
from gonghui.orgs.models import Org
from tests.demo_seeding import Seeded, seeded_twice

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "grants": RoleGrant.objects.count(),
        "orgs": Org.objects.count(),
        "congresses": Congress.objects.count(),
        "delegates": Delegate.objects.count(),
        "sessions": CongressSession.objects.count(),
        "motions": Motion.objects.count(),
        "proposals": Proposal.objects.count(),
        "seconds": ProposalSecond.objects.count(),
        "replies": ProposalReply.objects.count(),
        "disclosures": Disclosure.objects.count(),
        "reads": DisclosureRead.objects.count(),
        "contracts": CollectiveContract.objects.count(),
        "elections": UnionElection.objects.count(),
    }


@pytest.fixture(scope="module")
def seeded(django_db_setup: Any, django_db_blocker: Any) -> Any:
    with (
        django_db_blocker.unblock(),
        seeded_twice(
            seed_congresses,
            before=(seed_orgs, seed_accounts, seed_members, seed_committees),
            counts=_counts,
        ) as seeded,
    ):
        yield seeded


def _university() -> Congress:
    return Congress.objects.get(org__code="SS06", is_current=True)


def test_a_second_run_adds_nothing_and_no_account(seeded: Seeded) -> None:
    assert "本次新建" in seeded.first
    assert seeded.second.endswith("本次无新增")
    assert seeded.after_second == seeded.after_first
    assert seeded.after_first["users"] == seeded.before["users"]
    assert seeded.after_first["grants"] == seeded.before["grants"]
    assert seeded.after_first["orgs"] == seeded.before["orgs"] + 3  # the university's three more colleges


def test_thirty_proposals_in_every_state(seeded: Seeded) -> None:
    proposals = Proposal.objects.filter(congress=_university())
    assert proposals.count() == len(PLAN) == 30
    states = set(proposals.values_list("status", flat=True))
    assert states == set(ProposalStatus.values) - {ProposalStatus.WITHDRAWN}
    assert proposals.filter(kind=ProposalKind.SUGGESTION).count() == 2
    assert proposals.filter(status=ProposalStatus.HANDLING, escalated_at__isnull=False).count() == 1
    assert proposals.filter(replies__round=2).exists()  # one re-handled after an unsatisfied rating
    assert proposals.filter(published_at__isnull=False).count() >= 10
    for proposal in proposals.filter(status=ProposalStatus.SUBMITTED, kind=ProposalKind.PROPOSAL):
        assert proposal.seconds.count() >= 2
    honours = CongressHonour.objects.filter(session__congress=_university())
    assert set(honours.values_list("kind", flat=True)) == set(HonourKind.values)


def test_the_university_sessions_past_and_upcoming(seeded: Seeded) -> None:
    today = timezone.localdate()
    sessions = {s.number: s for s in _university().sessions.all()}
    past, upcoming = sessions[2], sessions[3]
    assert past.status == SessionStatus.CLOSED
    assert timezone.localdate(past.starts_at) < today
    motions = list(past.motions.all())
    assert all(m.status == MotionStatus.DECIDED and m.passed and m.published_at for m in motions)
    assert any(m.ballot_kind == BallotKind.SECRET for m in motions)
    assert upcoming.status == SessionStatus.PLANNED
    window = (upcoming.proposals_open_on, upcoming.proposals_close_on)
    assert window[0] is not None
    assert window[1] is not None
    assert window[0] <= today <= window[1]


def test_the_readme_member_has_a_proposal_to_second_and_a_reply_to_rate(seeded: Seeded) -> None:
    member = demo_member()
    assert member is not None
    assert member.user is not None
    seat = Delegate.objects.get(congress=_university(), member=member)
    assert seat.role == DelegateRole.FULL
    assert Proposal.objects.filter(proposer=seat, status=ProposalStatus.REPLIED).count() == 1
    to_second = (
        Proposal.objects.filter(congress=_university(), status=ProposalStatus.SECONDING)
        .exclude(proposer=seat)
        .exclude(seconds__delegate=seat)
    )
    assert to_second.count() >= 2
    client = Client()
    client.force_login(member.user)
    replied = Proposal.objects.get(proposer=seat, status=ProposalStatus.REPLIED)
    for url in (
        reverse("congresses_portal:home"),
        reverse("congresses_portal:proposal_list"),
        reverse("congresses_portal:proposal_detail", args=[replied.public_id]),
        reverse("congresses_portal:proposal_detail", args=[to_second.first().public_id]),  # type: ignore[union-attr]
    ):
        assert client.get(url).status_code == 200, url


def test_four_colleges_hold_a_secondary_congress_and_one_is_a_gap(seeded: Seeded) -> None:
    colleges = {o.code: o for o in Org.objects.filter(code__in=[c[0] for c in COLLEGES])}
    assert len(colleges) == 5
    held = Congress.objects.filter(org__in=colleges.values(), is_current=True)
    assert held.count() == 4
    assert all(c.sessions.filter(status=SessionStatus.CLOSED).exists() for c in held)
    gap = colleges["SS06-F5"]
    assert not held.filter(org=gap).exists()
    assert gap.headcount_total >= rules_for(gap).secondary_min_staff


def test_the_hospital_congress_and_the_small_school_assembly(seeded: Seeded) -> None:
    hospital = Congress.objects.get(org__code="SS01", is_current=True)
    assert hospital.kind == CongressKind.WORKERS
    assert hospital.delegations.count() == 5
    assert hospital.sessions.filter(status=SessionStatus.CLOSED).exists()
    assembly = Congress.objects.get(org__code="JFQ06", is_current=True)
    assert assembly.is_assembly
    assert not assembly.delegates.exists()


def test_collective_contracts_of_the_private_schools(seeded: Seeded) -> None:
    today = timezone.localdate()
    contracts = CollectiveContract.objects.select_related("org")
    assert all(c.org.is_private for c in contracts)
    effective = contracts.filter(status=ContractStatus.EFFECTIVE)
    assert set(effective.values_list("kind", flat=True)) == {ContractKind.COMPREHENSIVE, ContractKind.WOMEN}
    assert all(c.motion is not None and c.motion.passed for c in effective)
    filed = contracts.get(status=ContractStatus.FILED)
    assert filed.objection_ends_on is not None
    assert filed.objection_ends_on >= today
    signed = contracts.get(status=ContractStatus.SIGNED)
    assert signed.filing_due_on is not None
    assert signed.filing_due_on >= today
    assert CollectiveNegotiation.objects.filter(meetings__isnull=False).distinct().count() >= 3


def test_disclosures_with_receipts_and_checklist_gaps(seeded: Seeded) -> None:
    member = demo_member()
    published = Disclosure.objects.filter(org__code="SS06", status=DisclosureStatus.PUBLISHED)
    assert published.count() == 5
    assert all(d.reads.count() > 10 for d in published)
    assert DisclosureRead.objects.filter(member=member).count() == 2
    items = DisclosureChecklistItem.objects.filter(org__code="SS06", year=timezone.localdate().year)
    assert items.filter(disclosures__status=DisclosureStatus.PUBLISHED).exists()
    assert items.exclude(disclosures__status=DisclosureStatus.PUBLISHED).exists()


def test_elections_one_in_progress_one_completed_and_terms_past(seeded: Seeded) -> None:
    today = timezone.localdate()
    statuses = dict(UnionElection.objects.values_list("org__code", "status"))
    assert statuses == {"JFQ03": ElectionStatus.PLAN_APPROVED, "SS04": ElectionStatus.COMPLETED}
    assert Org.objects.get(code="SS04").term_ends_on > today  # type: ignore[operator]
    assert Org.objects.filter(term_ends_on__lt=today).count() >= 2
