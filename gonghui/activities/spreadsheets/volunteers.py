"""The xlsx export of part volunteers: the year's counted service hours per volunteer and per team (the journey
never included), with the filters of the totals page; audited."""

from typing import Any

from django.db import transaction

from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.choices import AuditAction
from gonghui.core.excel import SheetSpec, workbook_bytes

from ..selectors.volunteers import HoursFilters, hours_by_member, hours_by_team

MEMBER_HEADERS = ("姓名", "所属工会", "服务时长（小时）", "服务记录数", "服务天数")
TEAM_HEADERS = ("服务队", "所属工会", "服务时长（小时）", "服务记录数", "志愿者人数")


@transaction.atomic
def hours_export(*, user: Any, filters: HoursFilters, context: AuditContext | None = None) -> bytes:
    members = list(hours_by_member(user, filters))
    teams = list(hours_by_team(user, filters))
    content = workbook_bytes(
        [
            SheetSpec(
                f"{filters.year}年志愿者",
                MEMBER_HEADERS,
                [
                    (r["member__name"], r["member__org__name"], float(r["hours"]), r["records"], r["days"])
                    for r in members
                ],
                (12, 30, 16, 12, 12),
                ("仅统计公示期满计入的记录；服务时长不含往返交通时间",),
            ),
            SheetSpec(
                f"{filters.year}年服务队",
                TEAM_HEADERS,
                [
                    (
                        r["project__team__name"],
                        r["project__team__org__name"],
                        float(r["hours"]),
                        r["records"],
                        r["volunteers"],
                    )
                    for r in teams
                ],
                (24, 30, 16, 12, 12),
            ),
        ]
    )
    audit_log(
        action=AuditAction.EXPORT,
        summary=f"导出{filters.year}年志愿服务时长：{len(members)}名志愿者，{len(teams)}支服务队",
        actor=user,
        context=context,
        detail={"year": filters.year, "team": filters.team, "org": filters.org},
    )
    return content
