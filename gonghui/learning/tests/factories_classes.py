"""Training classes built through the services of part classes: a class of the city union with its quota set,
seats allocated to the county unions, a session today, and helpers to nominate and admit."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from conftest import make_cadre
from gonghui.learning.models import Trainee, TrainingClass, TrainingSession
from gonghui.learning.services.classes import (
    class_create,
    class_publish,
    session_create,
    trainee_admit,
    trainee_nominate,
)
from gonghui.quotas.models import QuotaAllocation
from gonghui.quotas.selectors import allocation_of
from gonghui.quotas.services import quota_allocate


def city_class(
    world: Any, *, seats: int = 10, shares: dict[str, int] | None = None, **extra: Any
) -> TrainingClass:
    """A class of the city union open for nominations, seats allocated to the counties (default 2 to 甲县)."""
    admin = world.extra.get("city_admin") or make_cadre("admin_city", world.city)
    world.extra["city_admin"] = admin
    county_admin = world.extra.get("county_admin") or make_cadre("admin_cx", world.county_x)
    world.extra["county_admin"] = county_admin
    starts_on = extra.pop("starts_on", timezone.localdate() + dt.timedelta(days=10))
    training_class = class_create(
        org=world.city,
        actor=admin,
        title=extra.pop("title", "2020年基层工会主席培训班"),
        year=starts_on.year,
        starts_on=starts_on,
        ends_on=extra.pop("ends_on", starts_on + dt.timedelta(days=2)),
        place="市总工会职工培训中心",
        programme="工会法解读；经费审查",
        audience_note="基层工会主席",
        seats=seats,
        nominate_until=extra.pop(
            "nominate_until", min(starts_on, timezone.localdate() + dt.timedelta(days=5))
        ),
        certificate=extra.pop("certificate", True),
    )
    shares = shares if shares is not None else {"county_x": 2}
    assert training_class.quota_set is not None
    quota_allocate(
        quota_set=training_class.quota_set,
        shares={getattr(world, key).pk: places for key, places in shares.items()},
        actor=admin,
    )
    class_publish(training_class=training_class, actor=admin)
    training_class.refresh_from_db()
    return training_class


def allocation(training_class: TrainingClass, org: Any) -> QuotaAllocation:
    assert training_class.quota_set is not None
    found = allocation_of(training_class.quota_set, org)
    assert found is not None
    return found


def nominate(world: Any, training_class: TrainingClass, member: Any, *, post: str = "工会主席") -> Trainee:
    return trainee_nominate(
        training_class=training_class,
        allocation=allocation(training_class, world.county_x),
        member=member,
        post=post,
        actor=world.extra["county_admin"],
    )


def admitted(world: Any, training_class: TrainingClass, member: Any) -> Trainee:
    return trainee_admit(trainee=nominate(world, training_class, member), actor=world.extra["city_admin"])


def session_now(
    world: Any, training_class: TrainingClass, *, hours: str = "2.5", topic: str = "工会法解读"
) -> TrainingSession:
    """A session running now (the class's dates moved to today when needed, straight in the table)."""
    today = timezone.localdate()
    if not training_class.starts_on <= today <= training_class.ends_on:
        TrainingClass.objects.filter(pk=training_class.pk).update(
            starts_on=today, ends_on=today + dt.timedelta(days=2)
        )
        training_class.refresh_from_db()
    now = timezone.now()
    return session_create(
        training_class=training_class,
        actor=world.extra["city_admin"],
        topic=topic,
        teacher="张老师",
        starts_at=now - dt.timedelta(minutes=10),
        ends_at=now + dt.timedelta(hours=2),
        hours=Decimal(hours),
    )
