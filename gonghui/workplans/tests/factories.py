"""Builders for work-plan tests: parsed plans written by hand (the parser is tested on its own) and imported
through the service, and cadres holding the workplans actions."""

import datetime as dt

from conftest import make_cadre
from gonghui.accounts.tests.factories import RoleGrantFactory
from gonghui.workplans.apps import WORKPLAN_OFFICER
from gonghui.workplans.models import WorkPlan
from gonghui.workplans.parsing import ParsedItem, ParsedPlan, ParsedSection
from gonghui.workplans.services import workplan_import


def parsed_plan(title="甲县第一中学工会2020年工作要点", doc_number="甲中工〔2020〕1号"):
    """Two parts: the first with three items (the second with two activities), the second with one item."""
    return ParsedPlan(
        title=title,
        doc_number=doc_number,
        issuer="甲县第一中学工会",
        date=dt.date(2020, 4, 17),
        sections=[
            ParsedSection(
                title="加强思想引领",
                items=[
                    ParsedItem(number="（一）", text="坚持理论武装，组织教职工学习。", activities=[]),
                    ParsedItem(
                        number="（二）",
                        text="开展劳动和技能竞赛",
                        activities=["与教育局联合开展教学技能竞赛。", "开展班主任基本功竞赛。"],
                    ),
                    ParsedItem(number="（三）", text="开展职工文体活动。", activities=["推广工间操。"]),
                ],
            ),
            ParsedSection(
                title="维权服务",
                items=[ParsedItem(number="（四）", text="做好送温暖工作。", activities=[])],
            ),
        ],
    )


def import_plan(org, *, actor=None, **kwargs) -> WorkPlan:
    return workplan_import(org=org, plan=parsed_plan(**kwargs), actor=actor, source_name="plan.txt")


def grant_officer(user, org):
    """The workplans actions (until the built-in roles carry them)."""
    RoleGrantFactory.create(user=user, role=WORKPLAN_OFFICER, org=org)
    return user


def make_officer(username, org):
    return grant_officer(make_cadre(username, org), org)
