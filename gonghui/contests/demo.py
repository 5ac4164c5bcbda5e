"""Demo 竞赛 (being written)."""


def seed_contests() -> str:
    return "竞赛：（尚未提供演示数据）"
