"""JSON API of part stats (read-only): the 婚恋交友统计 of a union's subtree.

`GET /api/v1/matchmaking/stats?org=CODE` answers the page's table: one row for the union itself, one per direct
child union with its subtree rolled up, and the total; every count is a string as a cadre may see it ("<10" for
1–9, never the number). A bearer token needs the scope `matchmaking:stats` and its user `matchmaking.stats` over
the union (404 outside their subtrees); without `org`, the user's top union."""

from typing import Any

from django.core.exceptions import PermissionDenied
from ninja import Field, Router, Schema

from gonghui.accounts.api_tokens import require_scope
from gonghui.accounts.decorators import AuthedRequest, api_console_check
from gonghui.accounts.scoping import has_action_anywhere

from .permissions import STATS
from .selectors.stats import AGE_LABELS, StatsRow, match_stats, stats_root_for

router = Router(tags=["婚恋交友"])
STATS_SCOPE = "matchmaking:stats"


class AgeBandOut(Schema):
    band: str = Field(description="年龄段")
    count: str = Field(description="人数（1–9 显示为 “<10”）")


class StatsRowOut(Schema):
    org_code: str = Field(description="工会编码；合计行为空")
    org_name: str = Field(description="工会名称（本级行注明“本级”；合计行为“合计”）")
    joined: str = Field(description="已加入会员（展示中资料的在籍会员）")
    women: str = Field(description="女")
    men: str = Field(description="男")
    age_bands: list[AgeBandOut] = Field(description="按年龄段")
    new_this_month: str = Field(description="本月新加入")
    mutual_pairs: str = Field(description="互相心动（对数）")
    withdrawn_this_year: str = Field(description="本年已退出")


class StatsOut(Schema):
    org_code: str = Field(description="统计的工会编码")
    org_name: str = Field(description="统计的工会名称")
    date: str = Field(description="统计日期（YYYY-MM-DD）")
    note: str = Field(description="统计口径与最小单元格规则")
    rows: list[StatsRowOut] = Field(description="本级及各直属下级工会（含其下级）")
    total: StatsRowOut = Field(description="合计")


def _row(row: StatsRow) -> dict[str, Any]:
    cells = row.cells
    bands = len(AGE_LABELS)
    return {
        "org_code": row.code,
        "org_name": row.label,
        "joined": cells[0],
        "women": cells[1],
        "men": cells[2],
        "age_bands": [{"band": label, "count": cells[3 + i]} for i, label in enumerate(AGE_LABELS)],
        "new_this_month": cells[3 + bands],
        "mutual_pairs": cells[4 + bands],
        "withdrawn_this_year": cells[5 + bands],
    }


@router.get(
    "/stats",
    response=StatsOut,
    operation_id="matchmaking_stats",
    url_name="matchmaking_stats",
    summary="婚恋交友统计（只含人数，不足10显示为 <10）",
)
def matchmaking_stats(request: AuthedRequest, org: str = "") -> Any:
    require_scope(request, STATS_SCOPE)
    api_console_check(request)
    if not has_action_anywhere(request.user, STATS):
        raise PermissionDenied
    root = stats_root_for(request.user, org)
    stats = match_stats(root)
    return {
        "org_code": root.code,
        "org_name": root.name,
        "date": stats.today.isoformat(),
        "note": stats.note,
        "rows": [_row(row) for row in stats.rows],
        "total": _row(stats.total),
    }
