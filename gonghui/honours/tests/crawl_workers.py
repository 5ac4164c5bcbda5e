"""Crawler declarations of 评选表彰 — part `workers`. Org A's admin registers org A's plain member (甲会员) as a
劳模 with a 慰问 visit and a 技术扶贫 action, and a 先进集体 action of org A: the worker's page and its 修改, 关爱,
走访 and 行动 forms are org A's (org B's admin: 404). For the lookup check org B's admin posts org A's member on the
registration form: the answer names nobody."""

import datetime as dt

from gonghui.core.crawler import CrawlLookup, CrawlRoute, build_world, declare, declare_lookup
from gonghui.honours.choices import PovertyActionKind, WorkerKind, WorkerLevel
from gonghui.honours.services.workers import poverty_action_record, worker_create, worker_visit_record
from gonghui.visits.choices import VisitOccasion


@build_world("honours_workers")
def _workers_world(world):
    admin = world.org_admin
    worker = worker_create(
        org=world.org_a,
        member=world.member_a,
        kind=WorkerKind.MODEL_WORKER,
        level=WorkerLevel.CITY,
        title="甲市劳动模范称号",
        year=2019,
        actor=admin,
    )
    worker_visit_record(
        worker=worker,
        actor=admin,
        visited_on=dt.date(2026, 1, 20),
        occasion=VisitOccasion.FESTIVAL,
        visitors="甲校王主席",
    )
    poverty_action_record(
        org=world.org_a,
        worker=worker,
        kind=PovertyActionKind.TECHNOLOGY,
        title="甲劳模技术帮扶大棚种植",
        place="甲村",
        started_on=dt.date(2020, 3, 1),
        actor=admin,
    )
    poverty_action_record(
        org=world.org_a,
        collective_name="甲校先进集体教研组",
        kind=PovertyActionKind.COLLECTIVE,
        title="甲校送教下乡专项行动",
        place="甲村小学",
        started_on=dt.date(2020, 4, 1),
        actor=admin,
    )
    world.extra["honours_worker_a"] = worker
    world.extra.setdefault("markers", []).extend(
        ["甲市劳动模范称号", "甲劳模技术帮扶大棚种植", "甲校送教下乡专项行动"]
    )


def _worker(w):
    return {"worker_id": w.extra["honours_worker_a"].pk}


for name in (
    "honours:worker_detail",
    "honours:worker_edit",
    "honours:care_add",
    "honours:visit_add",
    "honours:action_add",
):
    declare(CrawlRoute(name, params=_worker))

declare_lookup(
    CrawlLookup(
        url_name="honours:worker_create",
        field="member",
        value=lambda w: str(w.member_a.pk),
        secrets=lambda w: [w.member_a.name, w.member_a.id_number_masked],
        data=lambda w: {
            "kind": WorkerKind.MODEL_WORKER,
            "level": WorkerLevel.CITY,
            "title": "乙县劳动模范",
            "year": "2020",
        },
        world=("honours_workers",),
    )
)
