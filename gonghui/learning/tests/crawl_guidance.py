"""Crawler declarations of part guidance (its parameterised routes). Org A's admin asked 甲县教育工会 (the county
above org A) a question that stays open: its own page and the answer, close, share and unshare routes are org A's
(org B's admin, in the other county: 404). A second question of org A was answered and shared to the 业务知识库:
its knowledge page is read by every cadre of the tree (org B's admin: 200), while the first, not shared, is not
(404 for org B; org A's admin is sent to the question's own page)."""

from conftest import make_cadre
from gonghui.core.crawler import CrawlRoute, build_world, declare
from gonghui.learning.choices import QuestionTopic
from gonghui.learning.services.guidance import question_answer, question_ask, question_share


@build_world("learning_guidance")
def _guidance_world(world):
    county_admin = make_cadre("guidance_county_x", world.county_x)
    asked = question_ask(
        asker_org=world.org_a,
        org=world.county_x,
        actor=world.org_admin,
        topic=QuestionTopic.CONGRESS,
        title="职代会代表如何产生",
        body="学校职代会代表的名额和产生办法有什么规定？",
    )
    entry = question_ask(
        asker_org=world.org_a,
        org=world.county_x,
        actor=world.org_admin,
        topic=QuestionTopic.DUES,
        title="会费按什么基数计缴",
        body="新进教师的会费按什么基数计缴？",
    )
    question_answer(question=entry, actor=county_admin, answer="按本人每月工资收入的0.5%计缴。")
    question_share(
        question=entry,
        actor=county_admin,
        shared_title="会费的计缴基数",
        shared_body="会员会费按什么基数计缴？",
    )
    world.extra["guidance_question"] = asked
    world.extra["guidance_shared"] = entry


def _question(world):
    return {"public_id": world.extra["guidance_question"].public_id}


for name in (
    "learning:question_detail",
    "learning:question_answer",
    "learning:question_close",
    "learning:question_share",
    "learning:question_unshare",
):
    declare(CrawlRoute(name, params=_question))
declare(
    CrawlRoute(
        "learning:knowledge_detail",
        kind="shared",
        params=_question,
        shared_params=lambda w: {"public_id": w.extra["guidance_shared"].public_id},
    )
)
