"""Read-only JSON API of 竞赛 (token scope `contests:read`, or the console's own session):

- `GET /api/v1/contests/open`: the running contests the signed-in member may enter — organised by the member's
  union or a union above it, with a round taking entries, whose eligibility (a member filter) the member matches —
  with their groups and rounds (deadlines). 404 for an account without a member record.
- `GET /api/v1/contests/{public_id}/results`: the final results of a contest the user sees in the console (its last
  round with final results) as one document — a final round holds a bounded number of entries, so it is not
  paged: per entry the group, rank, award, the entering union and the entrants' names masked (张*明). 404 when the
  contest is not visible; 403 for an account without the console.
The list of open contests is paged (`page`, `page_size`)."""

import datetime as dt
from typing import Any
from uuid import UUID

from django.http import Http404
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from gonghui.accounts.api_tokens import require_scope
from gonghui.accounts.decorators import AuthedRequest, api_console_check
from gonghui.accounts.identity import mask_name
from gonghui.core.api import ApiPagination

from .selectors.library import contest_results_for_user, contests_open_for_member

router = Router(tags=["劳动和技能竞赛"])
SCOPE = "contests:read"


class GroupOut(Schema):
    name: str = Field(description="组别")
    entry_kind: str = Field(description="参赛形式：individual 个人赛 / team 团体赛")
    team_size_max: int = Field(description="每队人数上限")


class RoundOut(Schema):
    level: int = Field(description="轮次，1 为第一轮")
    name: str = Field(description="赛段名称")
    status: str = Field(description="状态：entering 报名中 / judging 评审中 / final 已出结果")
    status_label: str = Field(description="状态（中文）")
    entry_deadline: dt.datetime = Field(description="报名截止时间")

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return str(obj.get_status_display())


class OpenContestOut(Schema):
    public_id: UUID
    title: str = Field(description="竞赛名称")
    year: int = Field(description="年度")
    organiser: str = Field(description="主办工会")
    co_organisers: list[str] = Field(description="联合主办单位")
    description: str = Field(description="竞赛说明")
    closes_on: dt.date = Field(description="结束日期")
    groups: list[GroupOut] = Field(description="组别")
    rounds: list[RoundOut] = Field(description="赛段，第一轮在前")

    @staticmethod
    def resolve_organiser(obj: Any) -> str:
        return str(obj.org.name)

    @staticmethod
    def resolve_co_organisers(obj: Any) -> list[str]:
        return [str(name) for name in obj.co_organisers or []]

    @staticmethod
    def resolve_groups(obj: Any) -> list[Any]:
        return list(obj.groups.all())

    @staticmethod
    def resolve_rounds(obj: Any) -> list[Any]:
        return list(obj.rounds.all())


class ResultOut(Schema):
    round: str = Field(description="赛段名称")
    group: str = Field(description="组别")
    rank: int | None = Field(description="组内名次")
    award: str = Field(description="奖项，未获奖为空")
    title: str = Field(description="参赛项目")
    union: str = Field(description="报名单位")
    names: list[str] = Field(description="参赛人员姓名（脱敏），队长在前")

    @staticmethod
    def resolve_round(obj: Any) -> str:
        return str(obj.round.name)

    @staticmethod
    def resolve_group(obj: Any) -> str:
        return str(obj.group.name)

    @staticmethod
    def resolve_union(obj: Any) -> str:
        return str(obj.entrant_org.name)

    @staticmethod
    def resolve_names(obj: Any) -> list[str]:
        return [mask_name(person.member.name) for person in obj.live_people]


class ContestResultsOut(Schema):
    public_id: UUID
    title: str = Field(description="竞赛名称")
    organiser: str = Field(description="主办工会")
    status: str = Field(description="竞赛状态：draft 筹备中 / running 进行中 / finished 已结束")
    round: str | None = Field(description="结果所属赛段（已出结果的最后一轮），尚无结果时为 null")
    results: list[ResultOut] = Field(description="各组获奖及名次，组内按名次排列")


@router.get(
    "/open",
    response=list[OpenContestOut],
    operation_id="contests_open",
    url_name="contests_open",
    summary="本人可报名的竞赛",
)
@paginate(ApiPagination)
def contests_open(request: AuthedRequest) -> Any:
    require_scope(request, SCOPE)
    contests = contests_open_for_member(request.user)
    if contests is None:
        raise Http404
    return contests


@router.get(
    "/{public_id}/results",
    response=ContestResultsOut,
    operation_id="contests_results",
    url_name="contests_results",
    summary="竞赛最终结果（姓名脱敏）",
)
def contests_results(request: AuthedRequest, public_id: UUID) -> Any:
    require_scope(request, SCOPE)
    api_console_check(request)
    contest, final_round, entries = contest_results_for_user(request.user, public_id)
    return {
        "public_id": contest.public_id,
        "title": contest.title,
        "organiser": contest.org.name,
        "status": contest.status,
        "round": final_round.name if final_round is not None else None,
        "results": list(entries),
    }
