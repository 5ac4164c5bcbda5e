"""Reads of 竞赛, one module per part: `contests` (contests, groups, rounds), `entries` (报名 and the member's own
entries), `results` (rankings, promotion and award previews), `library` (竞赛成果). Scoped through `visible_to` /
`get_visible_or_404`; children are read through a parent the user sees."""
