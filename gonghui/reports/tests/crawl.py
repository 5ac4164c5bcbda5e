"""Crawler declarations for 报送. Org A (with a branch below it) sends a task to its branch; the city sends
another task to org B only — the delivery through which org B's admin reaches a task and its submission."""

import datetime as dt

from django.utils import timezone

from gonghui.core.crawler import CrawlRoute, CrawlShared, build_world, declare, declare_shared
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.targeting import OrgTarget, TargetKind
from gonghui.orgs.tests.factories import OrgFactory
from gonghui.reports.services import (
    TaskInput,
    report_submission_submit,
    report_task_create,
    report_task_publish,
)
from gonghui.reports.tests.factories import grant_reports, make_task, report_cadre

TASK_A_TITLE = "甲校分会报送任务"


@build_world("reports")
def _reports_world(world):
    grant_reports(world.org_admin, world.org_a)
    grant_reports(world.outsider, world.org_b)
    branch = OrgFactory.create(
        parent=world.org_a, code="ORGA1", name="甲县第一中学工会第一分会", level=OrgLevel.BRANCH
    )
    task_a = make_task(
        org=world.org_a,
        actor=world.org_admin,
        title=TASK_A_TITLE,
        targets=[OrgTarget(kind=TargetKind.ORG, org_id=branch.pk)],
    )
    city_admin = report_cadre("crawl_city_rep", world.city)
    task_to_b = make_task(
        org=world.city,
        actor=city_admin,
        title="市工会致乙院报送任务",
        targets=[OrgTarget(kind=TargetKind.ORG, org_id=world.org_b.pk)],
    )
    world.extra["report_task_a"] = task_a
    world.extra["report_submission_a"] = task_a.submissions.get()
    world.extra["report_task_to_b"] = task_to_b
    world.extra["report_submission_to_b"] = task_to_b.submissions.get()
    world.extra.setdefault("markers", []).append(TASK_A_TITLE)
    # 逐级审核汇总: org A sends to a unit below its branch, so the branch consolidates (an object of org A's tree)
    below = OrgFactory.create(
        parent=branch, code="ORGA1A", name="甲县第一中学工会第一分会小组", level=OrgLevel.BRANCH
    )
    consolidated = report_task_create(
        org=world.org_a,
        actor=world.org_admin,
        data=TaskInput(
            title="甲校逐级汇总任务",
            instructions="",
            kind="form",
            deadline=timezone.localdate() + dt.timedelta(days=10),
            targets=[OrgTarget(kind=TargetKind.ORG, org_id=below.pk)],
            fields=[{"key": "f1", "label": "人数", "type": "number", "required": True, "choices": []}],
            consolidate=True,
        ),
    )
    report_task_publish(task=consolidated, actor=world.org_admin)
    world.extra["report_consolidation_a"] = consolidated.consolidations.get()


def _task(w):
    return {"public_id": w.extra["report_task_a"].public_id}


def _submission(w):
    return {"public_id": w.extra["report_submission_a"].public_id}


declare(
    CrawlRoute(
        "reports:task_detail",
        kind="shared",
        params=_task,
        shared_params=lambda w: {"public_id": w.extra["report_task_to_b"].public_id},
    )
)
declare(
    CrawlRoute(
        "reports:submission_detail",
        kind="shared",
        params=_submission,
        shared_params=lambda w: {"public_id": w.extra["report_submission_to_b"].public_id},
    )
)
for name in [
    "reports:task_edit",
    "reports:task_delete",
    "reports:task_publish",
    "reports:task_close",
    "reports:task_remind",
]:
    declare(CrawlRoute(name, params=_task))
for name in ["reports:submission_return", "reports:submission_accept"]:
    declare(CrawlRoute(name, params=_submission))
for name in ["reports:consolidation_pass_up", "reports:consolidation_return"]:
    declare(CrawlRoute(name, params=lambda w: {"public_id": w.extra["report_consolidation_a"].public_id}))


# ---- shared objects: a city task delivered to the two county unions (siblings), both answered -------------------

NOTE_X = "甲县填报说明：含外聘教师"
NOTE_Y = "乙县填报说明：含规培医师"


@build_world("reports_shared", kinds=("shared_object",))
def _reports_shared_world(world):
    city_admin = report_cadre("crawl_city_rep_shared", world.city)
    task = make_task(
        org=world.city,
        actor=city_admin,
        title="市工会致两县报送任务",
        targets=[
            OrgTarget(kind=TargetKind.ORG, org_id=world.county_x.pk),
            OrgTarget(kind=TargetKind.ORG, org_id=world.county_y.pk),
        ],
    )
    for org, name, note in (
        (world.county_x, "crawl_cx_rep", NOTE_X),
        (world.county_y, "crawl_cy_rep", NOTE_Y),
    ):
        admin = report_cadre(name, org)
        world.extra[name] = admin
        report_submission_submit(
            submission=task.submissions.get(org=org),
            actor=admin,
            values={"f1": "120", "f2": "线下", "f3": note},
        )
    world.extra["report_task_xy"] = task
    world.extra["report_task_xy_issuer"] = city_admin


def _answering_unions(w):
    """Each county's own data: its answers, the cadre who sent them and the link to its submission."""
    task = w.extra["report_task_xy"]
    return [
        (w.extra[name], [note, w.extra[name].name, str(task.submissions.get(org=org).public_id)])
        for name, org, note in (("crawl_cx_rep", w.county_x, NOTE_X), ("crawl_cy_rep", w.county_y, NOTE_Y))
    ]


declare_shared(
    CrawlShared(
        "reports:task_detail",
        params=lambda w: {"public_id": w.extra["report_task_xy"].public_id},
        viewers=_answering_unions,
        owner=lambda w: w.extra["report_task_xy_issuer"],
        world=("reports", "reports_shared"),
    )
)
