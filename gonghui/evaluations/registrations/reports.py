"""What part reports registers: the 评分卡, 排名 and 排名与趋势 workbooks (spreadsheets exporters)."""

from gonghui.core.spreadsheets import exporters


def register() -> None:
    from ..spreadsheets import (
        LEAGUE_EXPORT,
        SCORECARD_EXPORT,
        TRENDS_EXPORT,
        LeagueExporter,
        ScorecardExporter,
        TrendsExporter,
    )

    exporters.register(SCORECARD_EXPORT, ScorecardExporter())
    exporters.register(LEAGUE_EXPORT, LeagueExporter())
    exporters.register(TRENDS_EXPORT, TrendsExporter())
