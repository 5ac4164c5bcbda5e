"""The round life cycle through its services and pages: create for all grassroots unions below a county (peer groups,
Chinese errors), open 自评 (the reviews round with one entry per target, targets told), 考核, 复核 (window in working
days, submit by the target union, 维持 / 调整 by the running union), 定档 (values kept, recompute refused), 公示 and
the results 公文 template; three actors on the pages; the reminder job once."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from conftest import World, make_cadre
from gonghui.calendars.workdays import add_workdays
from gonghui.evaluations.choices import RecheckStatus, RoundStatus
from gonghui.evaluations.computing import round_compute
from gonghui.evaluations.models import RoundTarget, Score
from gonghui.evaluations.selectors.rounds import results_announcement_text
from gonghui.evaluations.services import rounds as svc
from gonghui.evaluations.tests.factories import make_scheme
from gonghui.evaluations.tests.factories_rounds import make_hand_scheme, registered_source
from gonghui.notifications.models import Notification
from gonghui.orgs.choices import Industry, OrgLevel
from gonghui.reviews.choices import RoundStatus as ReviewStatus
from gonghui.reviews.models import ReviewEntry

D = Decimal


class Setup:
    def __init__(self, world: World) -> None:
        self.world = world
        self.admin = make_cadre("county_x_admin", world.county_x)
        self.assessor = make_cadre("county_x_staff2", world.county_x)
        self.scheme = make_hand_scheme(org=world.city, actor=self.admin)

    def round(self, **extra: Any) -> Any:
        fields: dict[str, Any] = {
            "org": self.world.county_x,
            "scheme": self.scheme,
            "title": "甲县2020年度基层工会考核",
            "level": OrgLevel.GRASSROOTS,
            "actor": self.admin,
            "self_ends_on": dt.date(2021, 3, 31),
        }
        return svc.round_create(**(fields | extra))


@pytest.fixture
def s(world: World) -> Setup:
    return Setup(world)


def _to_recheck(s: Setup) -> Any:
    round_ = s.round()
    svc.round_assessors_add(round_=round_, users=[s.assessor], actor=s.admin)
    with registered_source(default=D(92)):
        svc.round_open_self(round_=round_, actor=s.admin)
        svc.round_open_assessment(round_=round_, actor=s.admin)
        svc.round_open_recheck(round_=round_, actor=s.admin)
    round_.refresh_from_db()
    return round_


def test_create_targets_and_peer_groups(s: Setup) -> None:
    s.world.org_a.industry = Industry.EDUCATION
    s.world.org_a.save()
    round_ = s.round()
    target = RoundTarget.objects.get(round=round_)
    assert (target.org, target.peer_group) == (s.world.org_a, "基层工会 · 教育")
    assert (round_.period_start, round_.period_end) == (dt.date(2020, 1, 1), dt.date(2020, 12, 31))
    with pytest.raises(ValidationError) as exc:
        s.round(industry=Industry.HEALTH)
    assert "没有符合条件" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        s.round(title=" ")
    assert "请填写考核名称" in str(exc.value)
    with pytest.raises(PermissionDenied):
        svc.round_create(
            org=s.world.county_x,
            scheme=s.scheme,
            title="x",
            level=OrgLevel.GRASSROOTS,
            actor=s.world.outsider,
        )


def test_open_self_needs_assessors_then_makes_entries_and_tells(s: Setup) -> None:
    round_ = s.round()
    with pytest.raises(ValidationError) as exc:
        svc.round_open_self(round_=round_, actor=s.admin)
    assert "考核人" in str(exc.value)
    svc.round_assessors_add(round_=round_, users=[s.assessor], actor=s.admin)
    svc.round_open_self(round_=round_, actor=s.admin)
    round_.refresh_from_db()
    assert round_.status == RoundStatus.SELF_ASSESSMENT
    assert round_.review_round.status == ReviewStatus.OPEN
    entry = ReviewEntry.objects.get(round=round_.review_round)
    assert (entry.entrant_org, entry.owner_id) == (s.world.org_a, RoundTarget.objects.get(round=round_).pk)
    assert [c.name for c in round_.review_round.template.criteria.order_by("order")] == [
        "2 建家",
        "3 创新",
        "4 宣传",
    ]
    assert Notification.objects.filter(recipient=s.world.org_admin, title__contains="自评").exists()
    # 开始考核 warns that the targets yet to submit can no longer do so
    client = Client()
    client.force_login(s.admin)
    page = client.get(f"/evaluations/rounds/{round_.public_id}/").content.decode()
    assert "1 个单位中已提交自评 0 个，其余按未自评考核" in page


def test_recheck_window_submit_adjust_and_keep(s: Setup) -> None:
    round_ = _to_recheck(s)
    assert round_.recheck_ends_on == add_workdays(timezone.localdate(), 5)
    target = RoundTarget.objects.get(round=round_)
    first = Score.objects.get(target=target, indicator__number="1")
    with pytest.raises(ValidationError):
        svc.recheck_submit(target=target, score=first, reason=" ", actor=s.world.org_admin)
    late = round_.recheck_ends_on + dt.timedelta(days=1)
    with pytest.raises(ValidationError):
        svc.recheck_submit(target=target, score=first, reason="有误", actor=s.world.org_admin, today=late)
    with pytest.raises(PermissionDenied):
        svc.recheck_submit(target=target, score=first, reason="有误", actor=s.world.outsider)
    recheck = svc.recheck_submit(target=target, score=first, reason="入会率口径有误", actor=s.world.org_admin)
    assert Notification.objects.filter(recipient=s.admin, title__contains="复核申请").exists()
    with pytest.raises(PermissionDenied):
        svc.recheck_decide(recheck=recheck, adjust=True, points="50", reply="x", actor=s.world.org_admin)
    with pytest.raises(ValidationError):
        svc.recheck_decide(recheck=recheck, adjust=True, points="61", reply="核减", actor=s.admin)
    svc.recheck_decide(recheck=recheck, adjust=True, points="50", reply="核实后调整", actor=s.admin)
    recheck.refresh_from_db()
    first.refresh_from_db()
    target.refresh_from_db()
    assert (recheck.status, recheck.points_before, recheck.points_after) == (
        RecheckStatus.ADJUSTED,
        D(60),
        D(50),
    )
    assert (first.final_points, first.adjusted, target.total) == (D(50), True, D(50))
    total = svc.recheck_submit(target=target, reason="总分偏低", actor=s.world.org_admin)
    svc.recheck_decide(recheck=total, adjust=False, reply="维持", actor=s.admin)
    total.refresh_from_db()
    assert total.status == RecheckStatus.KEPT
    assert Notification.objects.filter(recipient=s.world.org_admin, title__contains="复核答复").count() == 2


def test_freeze_keeps_values_publish_and_document_text(s: Setup) -> None:
    round_ = _to_recheck(s)
    target = RoundTarget.objects.get(round=round_)
    pending = svc.recheck_submit(target=target, reason="总分偏低", actor=s.world.org_admin)
    with pytest.raises(ValidationError) as exc:
        svc.round_freeze(round_=round_, actor=s.admin)
    assert "未答复" in str(exc.value)
    svc.recheck_decide(recheck=pending, adjust=False, reply="维持", actor=s.admin)
    svc.round_freeze(round_=round_, actor=s.admin)
    round_.refresh_from_db()
    assert (round_.is_frozen, round_.frozen_by) == (True, s.admin)
    with registered_source(default=D(10)):
        with pytest.raises(ValidationError):
            svc.round_recompute(round_=round_, actor=s.admin)
        with pytest.raises(ValidationError):
            round_compute(round_, actor=s.admin)
    target.refresh_from_db()
    assert (target.total, target.rank) == (D(60), 1)
    svc.round_publish(round_=round_, actor=s.admin)
    with pytest.raises(ValidationError):
        svc.round_publish(round_=round_, actor=s.admin)
    text = results_announcement_text(round_)
    assert "甲县第一中学工会" in text.body
    assert f"\n1. {target.grade}（1个）：甲县第一中学工会" in text.body  # numbered over the grades awarded
    assert text.title.endswith("通报")


def test_pages_three_actors(s: Setup, client: Client) -> None:
    round_ = s.round()
    target = RoundTarget.objects.get(round=round_)
    client.force_login(s.admin)
    assert client.get(f"/evaluations/rounds/{round_.public_id}/").status_code == 200
    assert client.get("/evaluations/rounds/?status=draft").status_code == 200
    assert client.get(f"/evaluations/targets/{target.public_id}/").status_code == 200
    assert client.get("/evaluations/rounds/new/").status_code == 200
    response = client.post(f"/evaluations/rounds/{round_.public_id}/compute/")
    assert response.status_code == 302
    client.force_login(s.world.org_admin)  # the target union: its own target page only
    assert client.get(f"/evaluations/targets/{target.public_id}/").status_code == 200
    assert client.get(f"/evaluations/rounds/{round_.public_id}/").status_code == 404
    client.force_login(s.world.org_member)
    assert client.get(f"/evaluations/targets/{target.public_id}/").status_code in (302, 403, 404)
    client.force_login(s.world.outsider)
    assert client.get(f"/evaluations/targets/{target.public_id}/").status_code == 404
    assert client.post(f"/evaluations/rounds/{round_.public_id}/freeze/").status_code == 404


def test_reminder_job_once(s: Setup) -> None:
    round_ = s.round()
    svc.round_assessors_add(round_=round_, users=[s.assessor], actor=s.admin)
    svc.round_open_self(round_=round_, actor=s.admin)
    today = dt.date(2021, 3, 28)
    assert svc.self_reminders_send(today) == "提醒 1 个单位"
    assert svc.self_reminders_send(today) == "提醒 0 个单位"
    assert Notification.objects.filter(title=svc.REMINDER_TITLE).count() == 1


def test_make_scheme_round_without_manual_assessors(world: World) -> None:
    """A scheme of make_scheme has a manual item: the demo adds an assessor; here the city runs it."""
    scheme = make_scheme(org=world.city, actor=world.org_admin)
    admin = make_cadre("city_admin", world.city)
    round_ = svc.round_create(
        org=world.city, scheme=scheme, title="市级考核", level=OrgLevel.GRASSROOTS, actor=admin
    )
    assert RoundTarget.objects.filter(round=round_).count() == 2


def test_points_print_as_the_sheets_print_them(s: Setup, client: Client) -> None:
    """A summed automatic score on SQLite is a long decimal ("26.4900000000000"); the pages print "26.49"."""
    round_ = s.round()
    target = RoundTarget.objects.get(round=round_)
    client.force_login(s.admin)
    with registered_source(default=D(92)):
        client.post(f"/evaluations/rounds/{round_.public_id}/compute/")
    Score.objects.filter(target=target, indicator__number="1").update(computed_points=D("26.49"))
    for url in (f"/evaluations/rounds/{round_.public_id}/", f"/evaluations/targets/{target.public_id}/"):
        page = client.get(url).content.decode()
        assert "26.49" in page
        assert "26.490" not in page
