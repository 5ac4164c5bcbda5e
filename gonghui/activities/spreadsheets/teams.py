"""The roster of a team as the provincial organiser asks for it: 姓名, 性别, 单位, 角色, 项目, 联系电话 — no ID numbers.
Names and phones, so the caller audits the export and its view answers no-store."""

from collections.abc import Sequence

from gonghui.core.excel import SheetSpec, workbook_bytes

from ..choices import DelegationRole
from ..models import Delegation, DelegationMember

HEADERS = ("序号", "姓名", "性别", "单位", "角色", "项目", "联系电话", "个人成绩")


def roster_workbook(delegation: Delegation, entries: Sequence[DelegationMember]) -> bytes:
    """One row per roster entry (members and their org loaded), and the coach named on the team when not a member."""
    rows: list[list[object]] = []
    for entry in entries:
        member = entry.member
        rows.append(
            [
                len(rows) + 1,
                member.name,
                member.get_gender_display(),
                member.org.unit_name or member.org.name,
                entry.get_role_display(),
                entry.item or delegation.event_item,
                member.phone,
                entry.result,
            ]
        )
    if delegation.coach_name:
        unit = delegation.org.unit_name or delegation.org.name
        rows.append([len(rows) + 1, delegation.coach_name, "", unit, DelegationRole.COACH.label, "", "", ""])
    dates = f"{delegation.event_starts_on:%Y-%m-%d} 至 {delegation.event_ends_on:%Y-%m-%d}"
    return workbook_bytes(
        [
            SheetSpec(
                name="参赛名单",
                headers=HEADERS,
                rows=rows,
                widths=(6, 12, 6, 28, 10, 16, 14, 20),
                notes=(
                    f"{delegation.event_name}（{delegation.event_organiser}） {dates}",
                    f"参赛队：{delegation.name}　报送单位：{delegation.org.name}",
                ),
            )
        ]
    )
