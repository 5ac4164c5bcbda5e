"""The sender's board (签收情况) as xlsx through the `spreadsheets` Exporter registry: the board page's 导出 button posts
to `spreadsheets:export_start` with `?document=<public_id>` (and `&forward=<public_id>` for one forward's board).
Small boards download at once, larger ones (more than `DIRECT_EXPORT_MAX_ROWS` orgs) run as a background job; the
spreadsheets export writes the EXPORT audit row ("导出公文签收情况 N 行").

The export may run in a worker, without a request: the document, the forward and the board are read for the
requesting user here, with the board page's rules (`board_for_user`: the issuer's cadres, or the forwarding union's)."""

from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from gonghui.accounts.actors import Actor
from gonghui.core.spreadsheets import Exporter, exporters

from .choices import RecipientRole
from .models import Receipt
from .permissions import VIEW
from .selectors import board_for_user, document_file_label, document_get_for_user, forward_get_for_user

BOARD = "documents_board"
CHUNK = 2000
BOARD_HEADERS = (
    "收文单位",
    "送达方式",
    "送达时间",
    "阅读时间",
    "阅读人",
    "签收时间",
    "签收人",
    "转发时间",
    "催办次数",
)


def _when(value: Any) -> Any:
    return timezone.localtime(value).replace(tzinfo=None) if value is not None else ""


def board_row(receipt: Receipt, roles: dict[str, str]) -> list[Any]:
    """One row of the board; `roles`: {code: label} of the recipient roles, built once per export."""
    return [
        receipt.org.name,
        roles.get(receipt.role, receipt.role),
        _when(receipt.delivered_at),
        _when(receipt.read_at),
        receipt.read_by.name if receipt.read_by else "",
        _when(receipt.signed_at),
        receipt.signed_by.name if receipt.signed_by else "",
        _when(receipt.forwarded_at),
        receipt.reminded_count,
    ]


class BoardExporter(Exporter):
    """公文签收情况: one row per recipient org of the issuer's deliveries, or of one forward (`forward`)."""

    key = BOARD
    label = "公文签收情况"
    action = VIEW
    headers = BOARD_HEADERS
    widths = (30, 10, 18, 18, 12, 18, 12, 18, 10)

    def _queryset(self, user: Actor, params: dict[str, str]) -> QuerySet[Receipt]:
        document = document_get_for_user(user=user, public_id=params.get("document", ""))
        forward_id = params.get("forward", "")
        forward = (
            forward_get_for_user(user=user, document=document, public_id=forward_id) if forward_id else None
        )
        return board_for_user(user=user, document=document, forward=forward)

    def count(self, *, user: Actor, params: dict[str, str]) -> int:
        return self._queryset(user, params).count()

    def rows(self, *, user: Actor, params: dict[str, str]) -> Iterable[Sequence[Any]]:
        roles = {code: str(label) for code, label in RecipientRole.choices}
        for receipt in self._queryset(user, params).iterator(chunk_size=CHUNK):
            yield board_row(receipt, roles)

    def file_name(self, params: dict[str, str]) -> str:
        """签收情况-<文号, or the title of an unnumbered document>.xlsx (called once `count` has read the board)."""
        return f"签收情况-{document_file_label(public_id=params.get('document', ''))}.xlsx"


def register() -> None:
    """Called from DocumentsConfig.ready()."""
    exporters.register(BOARD, BoardExporter())
