"""Demo data of 活动与志愿服务: a 事迹报告会 of front-line medical staff, a 送教下乡 project with hours and 证明, a
工间操 programme in two units, a team sent to a provincial event."""


def seed_activities() -> str:
    """Filled in by the demo part."""
    return "活动与志愿服务：暂无演示数据"
