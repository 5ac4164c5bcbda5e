"""Crawler declarations of part guidance (its parameterised routes). Org A's admin asked 甲县教育工会 (the county
above org A) a question that stays open: its own page and the answer, close, share and unshare routes are org A's
(org B's admin, in the other county: 404). A second question of org A was answered and shared to the 业务知识库:
its knowledge page is read by every cadre of the tree (org B's admin: 200), while the first, not shared, is not
(404 for org B; org A's admin is sent to the question's own page). Sharing is the answering union's: a 分工会 below
org A asked org A, whose admin answered; its share and unshare pages are org A's (unshared: org B gets 404)."""

from conftest import make_cadre
from gonghui.core.crawler import CrawlRoute, build_world, declare
from gonghui.learning.choices import QuestionTopic
from gonghui.learning.services.guidance import question_answer, question_ask, question_share
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.tests.factories import OrgFactory


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
    branch = OrgFactory.create(
        parent=world.org_a, code="ORGA-GUIDE1", name="甲校数学组分工会", level=OrgLevel.BRANCH
    )
    to_org_a = question_ask(
        asker_org=branch,
        org=world.org_a,
        actor=make_cadre("guidance_branch_admin", branch),
        topic=QuestionTopic.MEMBERS,
        title="分工会如何办理会员转出",
        body="教师调往外校，会员关系怎么转出？",
    )
    question_answer(question=to_org_a, actor=world.org_admin, answer="在会员管理中办理转会，由转入单位接收。")
    world.extra["guidance_answered_by_a"] = to_org_a


def _question(world):
    return {"public_id": world.extra["guidance_question"].public_id}


def _answered_by_a(world):
    return {"public_id": world.extra["guidance_answered_by_a"].public_id}


for name in (
    "learning:question_detail",
    "learning:question_answer",
    "learning:question_close",
):
    declare(CrawlRoute(name, params=_question))
for name in ("learning:question_share", "learning:question_unshare"):
    declare(CrawlRoute(name, params=_answered_by_a))
declare(
    CrawlRoute(
        "learning:knowledge_detail",
        kind="shared",
        params=_question,
        shared_params=lambda w: {"public_id": w.extra["guidance_shared"].public_id},
    )
)
