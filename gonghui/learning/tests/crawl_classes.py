"""Crawler declarations of part classes. Org A's admin runs a training class of org A (推荐报名中, one session,
甲会员 admitted as a trainee): the console pages name that class, its session or its trainee (org B's admin: 404);
我的培训班 is 甲会员's own page. The scanner's member-number lookup is declared: org B's admin, on org B's own
class, types org A's member number and must learn nothing."""

import datetime as dt

from django.utils import timezone

from gonghui.core.crawler import CrawlLookup, CrawlRoute, build_world, declare, declare_lookup
from gonghui.learning.choices import ClassStatus, TraineeStatus
from gonghui.learning.models import Trainee, TrainingClass
from gonghui.learning.services.classes import class_create

from .factories import make_session


def _class_of(world, org, actor, title):
    start = timezone.localdate() + dt.timedelta(days=7)
    training_class = class_create(
        org=org,
        actor=actor,
        title=title,
        year=start.year,
        starts_on=start,
        ends_on=start + dt.timedelta(days=1),
        place="培训中心",
        programme="",
        audience_note="",
        seats=5,
        nominate_until=start - dt.timedelta(days=1),
        certificate=True,
    )
    TrainingClass.objects.filter(pk=training_class.pk).update(status=ClassStatus.NOMINATING)
    training_class.refresh_from_db()
    return training_class


@build_world("learning_classes")
def _classes_world(world):
    training_class = _class_of(world, world.org_a, world.org_admin, "甲校工会干部培训班")
    session = make_session(training_class=training_class, topic="甲校课次专题")
    trainee = Trainee.objects.create(
        training_class=training_class,
        org=world.org_a,
        member=world.member_a,
        post="工会委员",
        status=TraineeStatus.ADMITTED,
        nominated_by=world.org_admin,
    )
    world.extra["learning_class"] = training_class
    world.extra["learning_session"] = session
    world.extra["learning_trainee"] = trainee
    world.extra.setdefault("markers", []).append("甲校工会干部培训班")


@build_world("learning_classes_lookup", kinds=("lookup",))
def _classes_lookup_world(world):
    member = world.member_a
    if not member.member_number:
        member.member_number = "4108000099031"
        member.save(update_fields=["member_number"])
    training_class = _class_of(world, world.org_b, world.outsider, "乙院工会干部培训班")
    world.extra["learning_session_b"] = make_session(training_class=training_class)


def _class(world):
    return {"public_id": world.extra["learning_class"].public_id}


def _session(world):
    return {"public_id": world.extra["learning_session"].public_id}


def _trainee(world):
    return {"trainee_id": world.extra["learning_trainee"].pk}


for name in (
    "learning:class_detail",
    "learning:class_edit",
    "learning:class_publish",
    "learning:class_close",
    "learning:class_finish",
    "learning:class_cancel",
    "learning:trainee_nominate",
    "learning:trainee_export",
    "learning:class_attendance",
    "learning:session_create",
):
    declare(CrawlRoute(name, params=_class))
for name in ("learning:session_edit", "learning:session_delete", "learning:session_scan"):
    declare(CrawlRoute(name, params=_session))
for name in (
    "learning:trainee_admit",
    "learning:trainee_decline",
    "learning:trainee_withdraw",
    "learning:trainee_assess",
):
    declare(CrawlRoute(name, params=_trainee))
declare(CrawlRoute("learning_portal:my_classes", kind="portal"))
declare(CrawlRoute("learning_portal:my_class", kind="portal", params=_class))


declare_lookup(
    CrawlLookup(
        "learning:session_scan",
        field="number",
        value=lambda w: w.member_a.member_number,
        data=lambda w: {"step": "find"},
        params=lambda w: {"public_id": w.extra["learning_session_b"].public_id},
        secrets=lambda w: [w.member_a.name, "甲*员", w.org_a.name],
        world=("learning_classes_lookup",),
        note="member of org A on org B's class session",
    )
)
