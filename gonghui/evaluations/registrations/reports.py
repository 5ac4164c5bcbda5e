"""What part reports registers: the 评分卡 and 排名 workbooks (spreadsheets exporters)."""

from gonghui.core.spreadsheets import exporters


def register() -> None:
    from ..spreadsheets import LEAGUE_EXPORT, SCORECARD_EXPORT, LeagueExporter, ScorecardExporter

    exporters.register(SCORECARD_EXPORT, ScorecardExporter())
    exporters.register(LEAGUE_EXPORT, LeagueExporter())
