"""Demo data of 问卷调查与课题研究: the 2020 思想状况 survey answered by a sample with its report, a named survey,
two 课题 (one 结项). Seeded idempotently through the services."""


def seed_surveys() -> str:
    return "问卷调查与课题研究：尚无演示数据"
