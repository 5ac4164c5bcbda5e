"""Demo certificates of this block's own kind, 工会工作荣誉证书: the city union names a few grassroots unions
模范职工之家 (holder: the union; owner: the city union). Quiz certificates come from quizzes' own seed. Made through
the service as the platform administrator; idempotent (the service returns what exists), and one is revoked with a
reason so the check page shows both states."""

import datetime as dt

from django.db import transaction

from gonghui.accounts.models import User
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.models import Org

from .choices import CertificateStatus
from .kinds import CertificateKind, certificate_kinds
from .services import certificate_issue, certificate_revoke

ROOT_CODE = "JZJKWT"
DEMO_KIND = "union_honour"
DEMO_TITLE = "2025年度模范职工之家"
AWARDED_ON = dt.date(2026, 1, 16)


def register_demo_kind() -> None:
    """工会工作荣誉证书: awarded by a union to the unions below it (the first module issue that awards honours
    replaces it with its own kind)."""
    if DEMO_KIND not in certificate_kinds:
        certificate_kinds.register(
            DEMO_KIND,
            CertificateKind(
                key=DEMO_KIND,
                label="工会工作荣誉证书",
                series_default="焦教工荣",
                holder_is_person=False,
                order=90,
            ),
        )


@transaction.atomic
def seed_certificates() -> str:
    root = Org.objects.filter(code=ROOT_CODE).first()
    actor = User.objects.filter(username="admin").first()
    if root is None or actor is None:
        return "没有市级工会或系统管理员，跳过证书"
    units = list(
        Org.objects.filter(path__startswith=root.path, level=OrgLevel.GRASSROOTS, status="active").order_by(
            "path"
        )[:5]
    )
    certificates = [
        certificate_issue(
            kind=DEMO_KIND,
            issuer=root,
            owner=root,
            holder=unit,
            holder_name=unit.name,
            holder_org=unit,
            title=DEMO_TITLE,
            awarded_on=AWARDED_ON,
            actor=actor,
        )
        for unit in units
    ]
    if len(certificates) >= 2 and certificates[-1].status == CertificateStatus.VALID:
        certificate_revoke(
            certificate=certificates[-1], reason="该单位申报材料不实，经复核撤销（演示）", actor=actor
        )
    return f"工会工作荣誉证书 {len(certificates)} 张"
