"""量化评价 demo: the 2020 scheme, a finished round for all grassroots unions (filled in by the demo part)."""


def seed_evaluations() -> str:
    return "量化评价：待生成"
