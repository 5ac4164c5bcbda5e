"""Registrations of 评选表彰 — part `naming`: the 公示 owner kind "honours" (a campaign's 拟命名对象公示, owned by the
campaign; an upheld objection withdraws that nomination), the certificate kind "honours.honour" (荣誉证书, 批量发证
to the holders of the campaign's honours) and the 公文 record template "honours.naming_decision"
(关于命名表彰……的决定)."""

from typing import Any

from gonghui.certificates.kinds import Candidate, CertificateKind, certificate_kinds
from gonghui.documents.record_templates import RecordTemplate, record_templates
from gonghui.notices.choices import WindowUnit
from gonghui.notices.owners import NoticeOwnerKind, notice_owner_kinds

from ..models import HonourCampaign
from ..permissions import can_run_campaign
from ..selectors.naming import (
    CERTIFICATE_KIND,
    NAMING_TEMPLATE,
    NOTICE_KIND,
    honour_holders,
    naming_decision_text,
)
from ..services.naming import notice_closed, notice_entry_withdrawn, notice_step_record

CERTIFICATE_SERIES = "荣誉证"  # numbers read 荣誉证〔2026〕12号, counted per issuing union and year


def _can_run(user: Any, owner: Any) -> bool:
    return isinstance(owner, HonourCampaign) and can_run_campaign(user, owner)


def _org_of(campaign: Any) -> Any:
    return campaign.org


def honour_candidates(campaign: Any) -> list[Candidate]:
    """The holder of every honour of the campaign not revoked: the member, or the honoured union."""
    if not isinstance(campaign, HonourCampaign):
        return []
    return [
        Candidate(
            holder=honour.member if honour.member is not None else (honour.holder_org or honour.org),
            holder_name=honour.holder_name,
            holder_org=honour.org,
            data={"campaign": campaign.title, "title": honour.title, "unit": honour.holder_unit},
        )
        for honour in honour_holders(campaign)
    ]


def register() -> None:
    if NOTICE_KIND not in notice_owner_kinds:
        notice_owner_kinds.register(
            NOTICE_KIND,
            NoticeOwnerKind(
                key=NOTICE_KIND,
                label="评选表彰",
                default_window=5,
                window_unit=WindowUnit.WORKDAYS,
                can_manage=_can_run,
                audience_of=_org_of,
                on_entry_withdrawn=notice_entry_withdrawn,
                on_closed=notice_closed,
                timeline=notice_step_record,
                order=65,
            ),
        )
    if CERTIFICATE_KIND not in certificate_kinds:
        certificate_kinds.register(
            CERTIFICATE_KIND,
            CertificateKind(
                key=CERTIFICATE_KIND,
                label="荣誉证书",
                series_default=CERTIFICATE_SERIES,
                pdf_template="honours/pdf/certificate.html",
                fields=("campaign", "title"),
                field_labels={"campaign": "评选", "title": "荣誉称号"},
                can_manage=_can_run,
                candidates=honour_candidates,
                owner_model="honours.honourcampaign",
                issuer_of=_org_of,
                order=55,
            ),
        )
    if NAMING_TEMPLATE not in record_templates:
        record_templates.register(
            NAMING_TEMPLATE,
            RecordTemplate(
                key=NAMING_TEMPLATE,
                label="命名表彰决定",
                owner_model="honours.honourcampaign",
                kind="决定",
                draft=naming_decision_text,
                can_use=_can_run,
                order=55,
            ),
        )
