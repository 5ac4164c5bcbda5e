"""The 证书管理 list as an xlsx export through the `core.spreadsheets` Exporter registry (served, audited and
answered no-store by `spreadsheets:export_start`). The list page's filters (q, kind, status) travel as params."""

from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from gonghui.accounts.actors import Actor
from gonghui.core.spreadsheets import Exporter, exporters

from .choices import CertificateStatus
from .kinds import kind_label
from .models import Certificate
from .permissions import VIEW
from .selectors import certificate_list_for_user

EXPORT_KEY = "certificates"
CHUNK = 2000


class CertificateExporter(Exporter):
    key = EXPORT_KEY
    label = "证书"
    action = VIEW
    headers = (
        "证书编号",
        "证书类别",
        "持证人",
        "持证人单位",
        "事由",
        "发证单位",
        "颁发日期",
        "验证码",
        "状态",
        "撤销日期",
        "撤销原因",
    )
    widths = (24, 14, 10, 24, 36, 24, 14, 16, 8, 14, 30)

    def _queryset(self, user: Actor, params: dict[str, str]) -> QuerySet[Certificate]:
        return certificate_list_for_user(
            user,
            query=params.get("q", "")[:50],
            kind=params.get("kind", "")[:64],
            status=params.get("status", "")[:16],
        )

    def count(self, *, user: Actor, params: dict[str, str]) -> int:
        return self._queryset(user, params).count()

    def rows(self, *, user: Actor, params: dict[str, str]) -> Iterable[Sequence[Any]]:
        statuses = {code: str(label) for code, label in CertificateStatus.choices}  # forced once, not per row
        for c in self._queryset(user, params).iterator(chunk_size=CHUNK):
            yield [
                c.number,
                kind_label(c.kind),
                c.holder_name,
                c.holder_org.name if c.holder_org else "",
                c.title,
                c.issuer.name,
                c.awarded_on,
                c.code,
                statuses.get(c.status, c.status),
                timezone.localdate(c.revoked_at) if c.revoked_at else "",
                c.revoked_reason,
            ]

    def file_name(self, params: dict[str, str]) -> str:
        return f"{self.label}-{timezone.localdate():%Y%m%d}.xlsx"


def register() -> None:
    exporters.register(EXPORT_KEY, CertificateExporter())
