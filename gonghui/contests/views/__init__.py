"""Pages of 竞赛, one module per part: `contests` (organiser: list, create, groups, rounds), `entries` (unions
enter members; the member's confirmation on the portal), `results` (judging, rankings, promotion, awards),
`publication` (公示, certificates, the announcement), `library` (console and portal). `urls.py` lists them all."""
