"""Registrations of 竞赛 — part `publication`: the 公示 owner kind "contests" (the results 公示, owned by the contest;
an upheld objection withdraws that entry's award), the certificate kind "contests.award" (竞赛获奖证书, 批量发证 to
every person of every awarded entry of the results round) and the 公文 record template
"contests.results_announcement" (the results 通报, issued jointly with the co-organisers)."""

from typing import Any

from gonghui.certificates.kinds import Candidate, CertificateKind, certificate_kinds
from gonghui.documents.record_templates import RecordTemplate, record_templates
from gonghui.notices.choices import WindowUnit
from gonghui.notices.owners import NoticeOwnerKind, notice_owner_kinds

from ..models import Contest
from ..permissions import can_organise
from ..selectors.publication import (
    ANNOUNCEMENT_TEMPLATE,
    AWARD_CERTIFICATE_KIND,
    NOTICE_KIND,
    announcement_text,
    book_title,
    holders_of,
)
from ..services.publication import notice_closed, notice_entry_withdrawn, notice_step_record

CERTIFICATE_SERIES = "竞赛证"  # numbers read 竞赛证〔2026〕12号, counted per issuing union and year


def _can_organise(user: Any, owner: Any) -> bool:
    return isinstance(owner, Contest) and can_organise(user, owner)


def _audience_of(contest: Any) -> Any:
    return contest.org


def _issuer_of(contest: Any) -> Any:
    return contest.org


def award_candidates(contest: Any) -> list[Candidate]:
    """Every person of every awarded entry of the contest's results round (a team's members each get one); the
    holder is the member, the holder's union the entrant union."""
    if not isinstance(contest, Contest):
        return []
    return [
        Candidate(
            holder=person.member,
            holder_name=person.member.name,
            holder_org=entry.entrant_org,
            data={
                "contest": contest.title,
                "group": entry.group.name,
                "award": entry.award,
                "entry_title": entry.title,
                "entry_book_title": book_title(entry.title),
            },
        )
        for entry, person in holders_of(contest)
    ]


def register() -> None:
    if NOTICE_KIND not in notice_owner_kinds:
        notice_owner_kinds.register(
            NOTICE_KIND,
            NoticeOwnerKind(
                key=NOTICE_KIND,
                label="竞赛",
                default_window=5,
                window_unit=WindowUnit.WORKDAYS,
                can_manage=_can_organise,
                audience_of=_audience_of,
                on_entry_withdrawn=notice_entry_withdrawn,
                on_closed=notice_closed,
                timeline=notice_step_record,
                order=60,
            ),
        )
    if AWARD_CERTIFICATE_KIND not in certificate_kinds:
        certificate_kinds.register(
            AWARD_CERTIFICATE_KIND,
            CertificateKind(
                key=AWARD_CERTIFICATE_KIND,
                label="竞赛获奖证书",
                series_default=CERTIFICATE_SERIES,
                pdf_template="contests/pdf/certificate.html",
                fields=("contest", "group", "award"),
                field_labels={"contest": "竞赛", "group": "组别", "award": "奖项"},
                can_manage=_can_organise,
                candidates=award_candidates,
                owner_model="contests.contest",
                issuer_of=_issuer_of,
                order=50,
            ),
        )
    if ANNOUNCEMENT_TEMPLATE not in record_templates:
        record_templates.register(
            ANNOUNCEMENT_TEMPLATE,
            RecordTemplate(
                key=ANNOUNCEMENT_TEMPLATE,
                label="竞赛结果通报",
                owner_model="contests.contest",
                kind="通报",
                draft=announcement_text,
                can_use=_can_organise,
                order=50,
            ),
        )
