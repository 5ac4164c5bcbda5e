"""慰问登记 as xlsx: one row per payment (names of members, so the caller audits the export and its view answers
no-store). Reversed payments stay in the sheet, marked 已冲销, so the sheet matches the list."""

from collections.abc import Iterable

from gonghui.core.excel import SheetSpec, workbook_bytes

from ..models import CondolencePayment

HEADERS = (
    "事由发生日期",
    "姓名",
    "会员编号",
    "所在工会",
    "慰问事由",
    "慰问金（元）",
    "状态",
    "适用标准",
    "资金来源",
    "慰问工会",
    "走访",
    "备注",
    "登记人",
    "登记时间",
)


def _standard(payment: CondolencePayment) -> str:
    standard = payment.standard
    if standard is None:
        return "无标准（其他）"
    basis = f"，{standard.basis}" if standard.basis else ""
    return f"{standard.org.name} 上限 {standard.max_amount} 元{basis}"


def condolence_workbook(payments: Iterable[CondolencePayment]) -> tuple[bytes, int]:
    """The workbook and its number of rows (payments need `is_reversed` annotated and their relations loaded)."""
    rows = [
        [
            payment.event_date,
            payment.member.name,
            payment.member.member_number or "",
            payment.member.org.name,
            payment.get_occasion_display(),
            payment.amount,
            "已冲销" if getattr(payment, "is_reversed", False) else "已发放",
            _standard(payment),
            f"{payment.budget_line.fund.org.name} · {payment.budget_line}",
            payment.org.name,
            f"{payment.visit.visited_on:%Y-%m-%d} {payment.visit.visitors}" if payment.visit else "",
            payment.note,
            payment.recorded_by.name or payment.recorded_by.get_username(),
            payment.created_at.strftime("%Y-%m-%d %H:%M"),
        ]
        for payment in payments
    ]
    content = workbook_bytes(
        [
            SheetSpec(
                name="慰问登记",
                headers=HEADERS,
                rows=rows,
                widths=(12, 10, 14, 24, 12, 12, 8, 30, 30, 24, 24, 24, 10, 16),
            )
        ]
    )
    return content, len(rows)
