"""Demo data of 评选表彰与劳模工匠 (the demo part fills it in)."""


def seed_honours() -> str:
    return "评选表彰：尚无示例数据"
