"""What part schemes registers: the xlsx exporter of one scheme (`evaluation_scheme`, params `?scheme=<public id>`,
one row per indicator, written at once), resolved for the requesting user like the scheme's page (404 unseen)."""

from typing import Any

from gonghui.core.excel import SheetSpec
from gonghui.core.spreadsheets import Exporter, exporters

from ..permissions import VIEW
from ..selectors.schemes import EXPORT_HEADERS, EXPORT_WIDTHS, scheme_export_rows, scheme_get_visible_or_404

SCHEME_EXPORT = "evaluation_scheme"


class SchemeExporter(Exporter):
    """评价方案: the scheme's indicators, one row each, with dimension, points, source, rule and its parameters."""

    key = SCHEME_EXPORT
    label = "评价方案"
    action = VIEW
    headers = EXPORT_HEADERS
    widths = EXPORT_WIDTHS

    def count(self, *, user: Any, params: dict[str, str]) -> int:
        return 0  # one scheme: always written at once

    def sheets(self, *, user: Any, params: dict[str, str]) -> list[SheetSpec]:
        scheme = scheme_get_visible_or_404(user, params.get("scheme", ""))
        note = f"{scheme}（{scheme.year}年度，{scheme.org.name}，{scheme.get_status_display()}）"
        return [
            SheetSpec(
                name="考核指标",
                headers=self.headers,
                rows=scheme_export_rows(scheme),
                widths=self.widths,
                notes=[note],
            )
        ]

    def file_name(self, params: dict[str, str]) -> str:
        return "评价方案.xlsx"


def register() -> None:
    if SCHEME_EXPORT not in exporters:
        exporters.register(SCHEME_EXPORT, SchemeExporter())
