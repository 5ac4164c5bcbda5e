"""Permission-crawler routes of part design (see tests/test_permission_crawler.py). Org A's admin has a draft survey
of org A with five questions (the builder's pages name it and its first question) and an open one (closing needs an
open survey); org B's admin gets 404 on both."""

from gonghui.core.crawler import CrawlRoute, build_world, declare
from gonghui.surveys.choices import SurveyStatus
from gonghui.surveys.tests.factories import make_questions, make_survey


@build_world("surveys_design")
def _design_world(world):
    draft = make_survey(org=world.org_a, actor=world.org_admin, title="甲校教职工思想状况调查（草稿）")
    make_questions(draft)
    world.extra["surveys_design_draft"] = draft
    world.extra["surveys_design_open"] = make_survey(
        org=world.org_a, actor=world.org_admin, title="甲校食堂满意度调查", status=SurveyStatus.OPEN
    )
    world.extra.setdefault("markers", []).append("甲校教职工思想状况调查（草稿）")


def _draft(world):
    return {"public_id": world.extra["surveys_design_draft"].public_id}


def _open(world):
    return {"public_id": world.extra["surveys_design_open"].public_id}


def _question(world):
    return {"public_id": world.extra["surveys_design_draft"].public_id, "key": "q1"}


for name in (
    "surveys:survey_detail",
    "surveys:survey_edit",
    "surveys:survey_preview",
    "surveys:survey_publish",
    "surveys:survey_copy",
    "surveys:question_create",
):
    declare(CrawlRoute(name, params=_draft))
for name in ("surveys:survey_close", "surveys:survey_remind"):
    declare(CrawlRoute(name, params=_open))
for name in ("surveys:question_edit", "surveys:question_move", "surveys:question_delete"):
    declare(CrawlRoute(name, params=_question))
