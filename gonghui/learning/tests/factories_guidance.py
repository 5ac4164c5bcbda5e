"""业务指导 rows for tests, made through the part's services: a question of a grassroots union to the county above,
answered, shared to the 业务知识库."""

from typing import Any

from gonghui.learning.choices import QuestionTopic
from gonghui.learning.models import GuidanceQuestion
from gonghui.learning.services.guidance import question_answer, question_ask, question_share


def ask(
    *, asker: Any, asker_org: Any, org: Any, title: str = "会费按什么基数计缴？", **extra: Any
) -> GuidanceQuestion:
    return question_ask(
        asker_org=asker_org,
        org=org,
        actor=asker,
        topic=extra.pop("topic", QuestionTopic.DUES),
        title=title,
        body=extra.pop("body", "我校新进教师较多，工会会费按应发工资还是基本工资计缴？"),
    )


def answered(
    *, question: GuidanceQuestion, answerer: Any, answer: str = "按职工本人每月工资收入的0.5%计缴。"
) -> GuidanceQuestion:
    return question_answer(question=question, actor=answerer, answer=answer)


def shared(
    *,
    question: GuidanceQuestion,
    answerer: Any,
    title: str = "会费的计缴基数",
    body: str = "会员会费按什么基数计缴？",
) -> GuidanceQuestion:
    return question_share(question=question, actor=answerer, shared_title=title, shared_body=body)
