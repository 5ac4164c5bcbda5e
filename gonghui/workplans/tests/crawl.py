"""Crawler declarations for the 工作要点 pages: a plan of org A with an item, an activity and a report."""

import datetime as dt

from gonghui.accounts.tests.factories import RoleGrantFactory
from gonghui.contests.models import Contest
from gonghui.core.crawler import (
    CrawlLookup,
    CrawlRoute,
    CrawlShared,
    build_world,
    declare,
    declare_lookup,
    declare_shared,
)
from gonghui.orgs.models import Department
from gonghui.workplans.apps import WORKPLAN_OFFICER
from gonghui.workplans.choices import ProgressStatus
from gonghui.workplans.models import PlanActivity, PlanItem, PlanItemLink
from gonghui.workplans.services import progress_report_submit
from gonghui.workplans.tests.factories import import_plan, make_officer


@build_world("workplans")
def _workplans_world(world):
    # org A's admin and the outsider (org B) hold the workplans actions on their own unions
    RoleGrantFactory.create(user=world.org_admin, role=WORKPLAN_OFFICER, org=world.org_a)
    RoleGrantFactory.create(user=world.outsider, role=WORKPLAN_OFFICER, org=world.org_b)
    plan = import_plan(world.org_a, title="甲中工作要点（爬虫）", doc_number="甲中工〔2020〕9号")
    item = PlanItem.objects.filter(section__plan=plan).order_by("section__order", "order")[1]
    progress_report_submit(
        item=item, org=world.org_a, actor=None, status=ProgressStatus.IN_PROGRESS, text="甲中进展"
    )
    world.extra["workplan"] = plan
    world.extra["workplan_section"] = plan.sections.order_by("order").first()
    world.extra["workplan_item"] = item
    world.extra["workplan_activity"] = PlanActivity.objects.filter(item=item).first()
    # a 落实记录 whose record is gone: the item keeps its title
    world.extra["workplan_link"] = PlanItemLink.objects.create(
        item=item, kind="contests.contest", object_id=987654321, title="甲中技能竞赛（爬虫）"
    )
    world.extra.setdefault("markers", []).append("甲中工作要点（爬虫）")


def _plan(w):
    return {"public_id": w.extra["workplan"].public_id}


def _section(w):
    return {"pk": w.extra["workplan_section"].pk}


def _item(w):
    return {"pk": w.extra["workplan_item"].pk}


def _activity(w):
    return {"pk": w.extra["workplan_activity"].pk}


def _link(w):
    return {"pk": w.extra["workplan_link"].pk}


for name in (
    "plan_detail",
    "plan_edit",
    "plan_board",
    "plan_export_pdf",
    "plan_summary_draft",
    "participants_preview",
):
    declare(CrawlRoute(f"workplans:{name}", params=_plan))
for name in ("section_edit", "section_renumber", "item_create"):
    declare(CrawlRoute(f"workplans:{name}", params=_section))
for name in (
    "item_detail",
    "item_edit",
    "item_assign",
    "item_merge",
    "item_split",
    "item_move",
    "item_delete",
    "activity_create",
    "report_create",
    "item_link",
):
    declare(CrawlRoute(f"workplans:{name}", params=_item))
declare(CrawlRoute("workplans:item_unlink", params=_link))
for name in ("activity_edit", "activity_assign", "activity_move", "activity_delete"):
    declare(CrawlRoute(f"workplans:{name}", params=_activity))


# ---- shared objects: a city plan whose item both org A and org B report on ------------------------------------

A_REPORT = "甲中报告：已组织青年教师赛课"
B_REPORT = "乙院报告：已组织护理技能比武"


@build_world("workplans_shared", kinds=("shared_object",))
def _workplans_shared_world(world):
    plan = import_plan(world.city, title="市工作要点（爬虫共享）", doc_number="市工〔2020〕9号")
    item = PlanItem.objects.filter(section__plan=plan).order_by("section__order", "order")[1]
    for org, actor, text in (
        (world.org_a, world.org_admin, A_REPORT),
        (world.org_b, world.outsider, B_REPORT),
    ):
        progress_report_submit(item=item, org=org, actor=actor, status=ProgressStatus.IN_PROGRESS, text=text)
    world.extra["workplan_city"] = plan
    world.extra["workplan_city_officer"] = make_officer("crawl_city_wp", world.city)
    world.extra["workplan_city_item"] = item


def _siblings(w):
    """Each union's own data: its progress report and the name of the cadre who wrote it."""
    return [(w.org_admin, [A_REPORT, w.org_admin.name]), (w.outsider, [B_REPORT, w.outsider.name])]


declare_shared(
    CrawlShared(
        "workplans:item_detail",
        params=lambda w: {"pk": w.extra["workplan_city_item"].pk},
        viewers=_siblings,
        owner=lambda w: w.extra["workplan_city_officer"],
        world=("workplans", "workplans_shared"),
    )
)
for name in ("plan_detail", "plan_board"):
    declare_shared(
        CrawlShared(
            f"workplans:{name}",
            params=lambda w: {"public_id": w.extra["workplan_city"].public_id},
            viewers=_siblings,
            world=("workplans", "workplans_shared"),
        )
    )


# ---- lookup by POST body: org B's officer makes org A's department the lead of an item of org B's plan ------------


@build_world("workplans_lookups", kinds=("lookup",))
def _workplans_lookup_world(world):
    plan = import_plan(world.org_b, title="乙院工作要点（爬虫）", doc_number="乙院工〔2020〕3号")
    world.extra["workplan_b_item"] = PlanItem.objects.filter(section__plan=plan).order_by("pk").first()
    world.extra["department_a_named"] = Department.objects.create(
        org=world.org_a, name="甲中工会宣传部（爬虫）"
    )
    world.extra["contest_a_named"] = Contest.objects.create(
        org=world.org_a,
        title="甲中青年教师赛课（爬虫）",
        year=2020,
        status="running",
        closes_on=dt.date(2020, 12, 31),
        created_by=world.org_admin,
    )


declare_lookup(
    CrawlLookup(
        "workplans:item_assign",
        field="lead_department",
        value=lambda w: str(w.extra["department_a_named"].pk),
        data=lambda w: {"due_month": "6"},
        params=lambda w: {"pk": w.extra["workplan_b_item"].pk},
        secrets=lambda w: ["甲中工会宣传部（爬虫）"],
        world=("workplans", "workplans_lookups"),
    )
)

# the item pickers of org B's merge and move forms, given org A's item and part (org A's plan is named by its title)
for name, field, value in (
    ("item_merge", "other", lambda w: str(w.extra["workplan_item"].pk)),
    ("item_move", "section", lambda w: str(w.extra["workplan_section"].pk)),
):
    declare_lookup(
        CrawlLookup(
            f"workplans:{name}",
            field=field,
            value=value,
            data=lambda w: {"position": "1"},
            params=lambda w: {"pk": w.extra["workplan_b_item"].pk},
            secrets=lambda w: ["甲中工作要点（爬虫）", "甲中进展"],
            world=("workplans", "workplans_lookups"),
        )
    )

# 关联记录 on org B's item, given org A's competition: refused, and its title never shown
declare_lookup(
    CrawlLookup(
        "workplans:item_link",
        field="object_id",
        value=lambda w: str(w.extra["contest_a_named"].pk),
        data=lambda w: {"kind": "contests.contest"},
        params=lambda w: {"pk": w.extra["workplan_b_item"].pk},
        secrets=lambda w: ["甲中青年教师赛课（爬虫）"],
        world=("workplans", "workplans_lookups"),
    )
)
