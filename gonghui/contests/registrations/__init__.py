"""What 竞赛 registers in other apps' registries, one module per part (as services): `setup` (menu, grantable
kind), `entries` (portal tile, home card, 我的办理), `results` (home counters), `publication` (certificate kind,
公示 owner kind, 公文 record template), `library` (portal tile, read-count job, API). `ContestsConfig.ready()` calls each `register()`."""
