"""民主管理. A unit's `Congress` (教代会 / 职代会 for one 届, or a 教职工大会 / 职工大会 of all staff in 大会 mode) has
`Delegate`s (grouped in `Delegation`s, 主席团, 列席 and 特邀) and `CongressSession`s (次) where check-ins make the quorum
and `Motion`s are voted on (open counts or a secret ballot on the anonymous-response store); delegates may petition
for an extraordinary session (`SessionPetition`). A 二级单位 is a child org holding its own congress on the same
model; `CongressRules` of a union say which units must (and which may use 大会 mode). `Proposal`s (提案, or 意见建议)
are seconded (`ProposalSecond`), reviewed, assigned to `HandlingDepartment`s (`ProposalAssignment`, 主办/协办),
replied to and rated (`ProposalReply`, once more when unsatisfied); `CongressHonour` records 优秀提案 and 承办先进单位.
`Disclosure`s (校务公开) carry read receipts (`DisclosureRead`) against a yearly checklist (`DisclosureChecklistItem`).
`CollectiveNegotiation`s (with `NegotiationMeeting`s) lead to `CollectiveContract`s, filed and in effect by the
labour-law dates; `UnionElection` is a union's 换届 record."""

from .congress import (
    Congress,
    CongressRules,
    CongressSession,
    Delegate,
    Delegation,
    Motion,
    PetitionSignature,
    SessionPetition,
)
from .contracts import CollectiveContract, CollectiveNegotiation, NegotiationMeeting
from .disclosures import Disclosure, DisclosureChecklistItem, DisclosureRead
from .elections import UnionElection
from .proposals import (
    CongressHonour,
    HandlingDepartment,
    Proposal,
    ProposalAssignment,
    ProposalReply,
    ProposalSecond,
)

__all__ = [
    "CollectiveContract",
    "CollectiveNegotiation",
    "Congress",
    "CongressHonour",
    "CongressRules",
    "CongressSession",
    "Delegate",
    "Delegation",
    "Disclosure",
    "DisclosureChecklistItem",
    "DisclosureRead",
    "HandlingDepartment",
    "Motion",
    "NegotiationMeeting",
    "PetitionSignature",
    "Proposal",
    "ProposalAssignment",
    "ProposalReply",
    "ProposalSecond",
    "SessionPetition",
    "UnionElection",
]
