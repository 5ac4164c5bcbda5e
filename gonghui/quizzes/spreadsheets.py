"""The boards' exports through the `spreadsheets` Exporter registry: an activity's individual ranking (个人排名) and
its unit board (单位参与率). Small exports download at once, large ones (more than `DIRECT_EXPORT_MAX_ROWS`) run as a
background job with progress and a download link; the spreadsheets export writes the EXPORT audit row.

The params are the board's query string plus the activity: `?activity=<public id>&org=<org id>`. The export may run
in a worker, so access is evaluated here for the requesting user, exactly as on the boards: the organiser side sees
the whole activity, a participating union its own subtree only (`activity_access_for_user`, 404 otherwise), and
`org` must lie inside what the user sees (`activity_within`, 404 otherwise)."""

from collections.abc import Iterable, Sequence
from typing import Any

from gonghui.accounts.actors import Actor
from gonghui.core.spreadsheets import Exporter, exporters
from gonghui.orgs.models import Org

from .models import VIEW, ActivityResult, QuizActivity
from .selectors import (
    BoardRow,
    activity_access_for_user,
    activity_title,
    activity_within,
    ranked,
    ranking,
    unit_board,
)

RANKING = "quiz_ranking"
BOARD = "quiz_board"
RANKING_MAX_ROWS = 20000  # the ranking export's cap, as before it went through the registry
RANKING_HEADERS = ("名次", "姓名", "单位", "成绩", "用时", "答题次数", "及格")
BOARD_HEADERS = ("名次", "单位", "应参与人数", "参与人数", "参与率", "高分人数", "人均答题次数")


def minutes(seconds: int) -> str:
    return f"{seconds // 60}分{seconds % 60:02d}秒"


def _scope(user: Actor, params: dict[str, str]) -> tuple[QuizActivity, Org | None]:
    """The activity of the params and the subtree the rows come from (None: the whole activity)."""
    access = activity_access_for_user(user=user, public_id=params.get("activity", ""))
    return access.activity, activity_within(access, params.get("org", ""))


class RankingExporter(Exporter):
    """个人排名: the ranking page's rows (counted score, then time), places shared by equal score and time."""

    key = RANKING
    label = "个人排名"
    action = VIEW
    headers = RANKING_HEADERS

    def _results(self, user: Actor, params: dict[str, str]) -> list[ActivityResult]:
        activity, within = _scope(user, params)
        return list(ranking(activity, within=within)[:RANKING_MAX_ROWS])

    def count(self, *, user: Actor, params: dict[str, str]) -> int:
        activity, within = _scope(user, params)
        return min(ranking(activity, within=within).count(), RANKING_MAX_ROWS)

    def rows(self, *, user: Actor, params: dict[str, str]) -> Iterable[Sequence[Any]]:
        for place, r in ranked(self._results(user, params)):
            yield [
                place,
                r.member.name,
                r.org.name,
                r.score,
                minutes(r.seconds_used),
                r.attempts,
                "是" if r.passed else "否",
            ]

    def file_name(self, params: dict[str, str]) -> str:
        return f"{self.label}-{activity_title(params.get('activity', ''))}.xlsx"


class BoardExporter(Exporter):
    """单位参与率: the unit board's rows for the children of the chosen subtree."""

    key = BOARD
    label = "单位参与率"
    action = VIEW
    headers = BOARD_HEADERS

    def _rows(self, user: Actor, params: dict[str, str]) -> list[BoardRow]:
        activity, within = _scope(user, params)
        return unit_board(activity, within=within)

    def count(self, *, user: Actor, params: dict[str, str]) -> int:
        return len(self._rows(user, params))

    def rows(self, *, user: Actor, params: dict[str, str]) -> Iterable[Sequence[Any]]:
        for place, r in enumerate(self._rows(user, params), start=1):
            yield [
                place,
                r.org.name,
                r.members,
                r.participants,
                r.rate_percent,
                r.high_scores,
                round(r.attempts_per_member, 2),
            ]

    def file_name(self, params: dict[str, str]) -> str:
        return f"{self.label}-{activity_title(params.get('activity', ''))}.xlsx"


def register() -> None:
    """Called from QuizzesConfig.ready()."""
    exporters.register(RANKING, RankingExporter())
    exporters.register(BOARD, BoardExporter())
