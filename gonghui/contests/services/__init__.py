"""Writes of 竞赛, one module per part: `contests` (contest, groups, rounds, quotas, outside accounts), `entries`
(报名, 换人, 退赛, 本人确认), `judging` (the reviews round, results, promotion, awards), `publication` (公示,
certificates, the announcement 公文), `library` (竞赛成果 and its read counts). Keyword-only, actor explicit, one
transaction each with its timeline row."""
