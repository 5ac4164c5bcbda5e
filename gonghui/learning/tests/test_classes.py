"""干部培训班: seat quotas (nominate until full, the refusal, decline and withdrawal give the place back),
admission, check-in of admitted trainees only, hours from check-ins, assessment and certificates, the hours report,
the three actors, and the member's 我的培训班."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from conftest import make_cadre
from gonghui.checkins.services import checkin_manual
from gonghui.core.timeline import timeline_for
from gonghui.learning.choices import AssessmentResult, ClassStatus, TraineeStatus
from gonghui.learning.models import CourseCompletion, StudyRecord, TrainingClass
from gonghui.learning.selectors.classes import hours_by_cadre, hours_by_union, my_classes_figure
from gonghui.learning.services.classes import (
    class_cancel,
    class_close,
    class_create,
    class_finish,
    classes_close_due_job,
    trainee_admit,
    trainee_assess,
    trainee_decline,
    trainee_withdraw,
)
from gonghui.learning.tests.factories import make_course, make_lesson
from gonghui.members.tests.factories import MemberFactory
from gonghui.notifications.models import Notification
from gonghui.quotas.selectors import allocation_remaining

from .factories_classes import admitted, allocation, city_class, nominate, session_now

pytestmark = pytest.mark.django_db


def _members(world, count):
    return [MemberFactory.create(org=world.org_a, name=f"学员{i}") for i in range(count)]


def _client(client, user):
    client.force_login(user)
    return client


# --- seats --------------------------------------------------------------------------------------------------
def test_nominate_until_the_union_places_are_used_up(world):
    training_class = city_class(world)
    first, second, third = _members(world, 3)
    nominate(world, training_class, first)
    nominate(world, training_class, second)
    assert allocation_remaining(allocation(training_class, world.county_x)) == 0
    with pytest.raises(ValidationError) as refused:
        nominate(world, training_class, third)
    assert "“甲县教育工会”的培训名额已用完（分配 2 个，剩余 0 个），不能再推荐" in refused.value.messages
    assert training_class.trainees.filter(member=third).count() == 0  # the refused row rolled back


def test_withdraw_and_decline_give_the_place_back(world):
    training_class = city_class(world)
    first, second, third, fourth = _members(world, 4)
    withdrawn = nominate(world, training_class, first)
    declined = nominate(world, training_class, second)
    trainee_withdraw(trainee=withdrawn, actor=world.extra["county_admin"])
    nominate(world, training_class, third)
    trainee_decline(trainee=declined, actor=world.extra["city_admin"], note="不符合培训对象")
    nominate(world, training_class, fourth)
    statuses = dict(training_class.trainees.values_list("member_id", "status"))
    assert statuses[first.pk] == TraineeStatus.WITHDRAWN
    assert statuses[second.pk] == TraineeStatus.DECLINED
    assert allocation_remaining(allocation(training_class, world.county_x)) == 0
    told = Notification.objects.filter(recipient=world.extra["county_admin"], title="培训班学员未录取").get()
    assert "不符合培训对象" in told.body
    assert "名额已退回" in told.body


def test_nomination_rules(world):
    training_class = city_class(world)
    (member,) = _members(world, 1)
    outsider_member = MemberFactory.create(org=world.org_b, name="乙员")
    with pytest.raises(ValidationError, match="甲县教育工会及下级工会"):
        nominate(world, training_class, outsider_member)
    with pytest.raises(ValidationError, match="工会职务"):
        nominate(world, training_class, member, post=" ")
    nominate(world, training_class, member)
    with pytest.raises(ValidationError, match="已被推荐"):
        nominate(world, training_class, member)
    # another county's admin may not use 甲县's places
    other = make_cadre("admin_cy", world.county_y)
    from gonghui.learning.services.classes import trainee_nominate

    with pytest.raises(PermissionDenied):
        trainee_nominate(
            training_class=training_class,
            allocation=allocation(training_class, world.county_x),
            member=world.member_a,
            post="委员",
            actor=other,
        )


def test_only_the_organiser_admits_and_the_nominating_union_is_told(world):
    training_class = city_class(world)
    trainee = nominate(world, training_class, world.member_a)
    with pytest.raises(PermissionDenied):
        trainee_admit(trainee=trainee, actor=world.extra["county_admin"])
    trainee_admit(trainee=trainee, actor=world.extra["city_admin"])
    trainee.refresh_from_db()
    assert trainee.status == TraineeStatus.ADMITTED
    assert Notification.objects.filter(
        recipient=world.extra["county_admin"], title="培训班学员已录取"
    ).exists()
    with pytest.raises(ValidationError, match="不能再录取"):
        trainee_decline(trainee=trainee, actor=world.extra["city_admin"])


def test_cancel_releases_every_place(world):
    training_class = city_class(world)
    nominate(world, training_class, world.member_a)
    with pytest.raises(ValidationError, match="取消原因"):
        class_cancel(training_class=training_class, reason="", actor=world.extra["city_admin"])
    class_cancel(training_class=training_class, reason="疫情防控要求延期", actor=world.extra["city_admin"])
    assert allocation_remaining(allocation(training_class, world.county_x)) == 2
    assert TrainingClass.objects.get(pk=training_class.pk).status == ClassStatus.CANCELLED
    assert [e.action for e in timeline_for(training_class)][-1] == "cancelled"


def test_publish_needs_a_deadline_and_the_job_closes_past_ones(world):
    admin = make_cadre("admin_city", world.city)
    start = timezone.localdate() + dt.timedelta(days=3)
    training_class = class_create(
        org=world.city,
        actor=admin,
        title="换届工作培训班",
        year=start.year,
        starts_on=start,
        ends_on=start,
        place="市总",
        programme="",
        audience_note="",
        seats=5,
        nominate_until=None,
        certificate=False,
    )
    from gonghui.learning.services.classes import class_publish

    with pytest.raises(ValidationError, match="推荐截止日期"):
        class_publish(training_class=training_class, actor=admin)
    TrainingClass.objects.filter(pk=training_class.pk).update(
        status=ClassStatus.NOMINATING, nominate_until=timezone.localdate() - dt.timedelta(days=1)
    )
    assert classes_close_due_job() == "截止报名的培训班 1 个"
    assert TrainingClass.objects.get(pk=training_class.pk).status == ClassStatus.CLOSED
    assert classes_close_due_job() == "截止报名的培训班 0 个"


def test_class_seats_cannot_drop_below_the_allocation(world):
    training_class = city_class(world, seats=4, shares={"county_x": 3})
    from gonghui.learning.services.classes import CLASS_FIELDS, class_update

    data = {key: getattr(training_class, key) for key in CLASS_FIELDS}
    data["seats"] = 2
    with pytest.raises(ValidationError) as refused:
        class_update(training_class=training_class, actor=world.extra["city_admin"], **data)
    assert "seats" in refused.value.message_dict


# --- check-in and hours -------------------------------------------------------------------------------------
def test_checkin_admits_only_admitted_trainees_and_counts_hours(world):
    training_class = city_class(world)
    nominated_only = _members(world, 1)[0]
    nominate(world, training_class, nominated_only)
    trainee = admitted(world, training_class, world.member_a)
    session = session_now(world, training_class, hours="2.5")
    admin = world.extra["city_admin"]
    with pytest.raises(ValidationError, match="不在本次签到范围"):
        checkin_manual(target=session, member=nominated_only, actor=admin)
    with pytest.raises(ValidationError, match="不在本次签到范围"):
        checkin_manual(target=session, member=MemberFactory.create(org=world.org_b), actor=admin)
    with pytest.raises(PermissionDenied):  # the county admin is no scanner of the city's class
        checkin_manual(target=session, member=world.member_a, actor=world.extra["county_admin"])
    checkin_manual(target=session, member=world.member_a, actor=admin)
    trainee.refresh_from_db()
    assert trainee.hours == Decimal("2.5")
    with pytest.raises(ValidationError, match="已签到"):
        checkin_manual(target=session, member=world.member_a, actor=admin)


def test_hours_are_the_sum_of_the_sessions_attended(world):
    training_class = city_class(world)
    trainee = admitted(world, training_class, world.member_a)
    first = session_now(world, training_class, hours="2.5", topic="工会法")
    session_now(world, training_class, hours="3.0", topic="经审")
    third = session_now(world, training_class, hours="1.5", topic="劳动竞赛")
    admin = world.extra["city_admin"]
    checkin_manual(target=first, member=world.member_a, actor=admin)
    checkin_manual(target=third, member=world.member_a, actor=admin)
    trainee.refresh_from_db()
    assert trainee.hours == Decimal("4.0")


def test_assessment_then_finish_issues_certificates_to_passed_trainees(world):
    training_class = city_class(world)
    good = admitted(world, training_class, world.member_a)
    (weak_member,) = _members(world, 1)
    weak = admitted(world, training_class, weak_member)
    session = session_now(world, training_class)
    admin = world.extra["city_admin"]
    checkin_manual(target=session, member=world.member_a, actor=admin)
    with pytest.raises(ValidationError, match="开班后、结业前"):  # still 推荐报名中
        trainee_assess(trainee=good, result=AssessmentResult.EXCELLENT, note="", actor=admin)
    class_close(training_class=training_class, actor=admin)
    trainee_assess(trainee=good, result=AssessmentResult.EXCELLENT, note="结业论文优秀", actor=admin)
    trainee_assess(trainee=weak, result=AssessmentResult.FAILED, note="缺课", actor=admin)
    class_finish(training_class=training_class, actor=admin)
    good.refresh_from_db()
    weak.refresh_from_db()
    assert good.certificate is not None
    assert good.certificate.kind == "learning.class"
    assert good.certificate.holder_name == world.member_a.name
    assert weak.certificate is None
    assert good.hours == Decimal("2.5")
    assert weak.hours == Decimal("0")
    last = list(timeline_for(training_class))[-1]
    assert last.action == "finished"
    assert "发放结业证书 1 份" in last.note


# --- the hours report ---------------------------------------------------------------------------------------
def test_hours_report_sums_lessons_courses_and_classes(world, django_assert_max_num_queries):
    year = timezone.localdate().year
    course = make_course(org=world.county_x, actor=make_cadre("writer", world.county_x))
    lesson = make_lesson(course=course, hours=Decimal("0.5"))
    StudyRecord.objects.create(
        member=world.member_a,
        org=world.org_a,
        lesson=lesson,
        credited_at=timezone.now(),
        hours=Decimal("0.5"),
    )
    other = MemberFactory.create(org=world.org_a, name="乙学员")
    StudyRecord.objects.create(
        member=other, org=world.org_a, lesson=lesson, credited_at=timezone.now(), hours=Decimal("0.5")
    )
    last_year = timezone.now() - dt.timedelta(days=400)
    CourseCompletion.objects.create(
        member=other, org=world.org_a, course=course, completed_at=last_year, hours=Decimal("9")
    )
    CourseCompletion.objects.create(
        member=world.member_a, org=world.org_a, course=course, completed_at=timezone.now(), hours=Decimal("2")
    )
    training_class = city_class(world)
    trainee = admitted(world, training_class, world.member_a)
    checkin_manual(
        target=session_now(world, training_class), member=world.member_a, actor=world.extra["city_admin"]
    )
    county_admin = world.extra["county_admin"]
    with django_assert_max_num_queries(6):
        rows = hours_by_cadre(county_admin, year=year)
    by_name = {r.name: r for r in rows}
    mine = by_name[world.member_a.name]
    assert (mine.lessons, mine.courses, mine.classes, mine.total) == (
        Decimal("0.5"),
        Decimal("2"),
        Decimal("2.5"),
        Decimal("5.0"),
    )
    assert by_name["乙学员"].total == Decimal("0.5")  # last year's completion is not this year's
    unions = {r.name: r for r in hours_by_union(county_admin, year=year)}
    # class hours count for the nominating union (甲县), study hours for the member's union
    assert unions[world.org_a.name].total == Decimal("3.0")
    assert unions[world.org_a.name].people_shown == "<10"
    assert unions[world.county_x.name].classes == trainee.training_class.trainees.get().hours
    assert hours_by_cadre(world.outsider, year=year) == []


# --- pages and actors ---------------------------------------------------------------------------------------
def test_three_actors_on_a_class_of_org_a(client, world):
    start = timezone.localdate() + dt.timedelta(days=20)
    response = _client(client, world.org_admin).post(
        reverse("learning:class_create"),
        {
            "org": world.org_a.pk,
            "title": "甲校工会委员培训班",
            "year": start.year,
            "starts_on": start.isoformat(),
            "ends_on": start.isoformat(),
            "place": "甲校会议室",
            "seats": 8,
            "nominate_until": (start - dt.timedelta(days=5)).isoformat(),
            "certificate": "on",
        },
    )
    assert response.status_code == 302
    training_class = TrainingClass.objects.get(title="甲校工会委员培训班")
    assert training_class.quota_set is not None
    assert training_class.quota_set.total == 8
    url = reverse("learning:class_detail", args=[training_class.public_id])
    assert client.get(url).status_code == 200
    assert "甲校工会委员培训班" in client.get(reverse("learning:class_list")).content.decode()
    client.force_login(world.org_member)
    assert client.get(url).status_code == 403
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404
    assert "甲校工会委员培训班" not in client.get(reverse("learning:class_list")).content.decode()
    assert client.post(reverse("learning:class_publish", args=[training_class.public_id])).status_code == 404


def test_a_union_given_seats_sees_the_class_above_and_nominates_on_its_page(client, world):
    training_class = city_class(world, shares={"county_x": 1})
    (second,) = _members(world, 1)
    county = _client(client, world.extra["county_admin"])
    assert training_class.title in county.get(reverse("learning:class_list")).content.decode()
    url = reverse("learning:trainee_nominate", args=[training_class.public_id])
    page = county.get(url)
    assert page.status_code == 200
    assert world.member_a.name in page.content.decode()
    done = county.post(url, {"member": str(world.member_a.public_id), "post": "工会主席"})
    assert done.status_code == 302
    refused = county.post(url, {"member": str(second.public_id), "post": "工会委员"})
    assert refused.status_code == 422
    assert "培训名额已用完" in refused.content.decode()
    assert (
        f'value="{world.member_a.public_id}"' not in county.get(url).content.decode()
    )  # nominated: off the list
    # the organiser can not nominate (no seats of its own); another county sees nothing
    client.force_login(make_cadre("admin_cy", world.county_y))
    assert client.get(reverse("learning:class_detail", args=[training_class.public_id])).status_code == 404


def test_session_scanner_finds_admitted_trainees_only(client, world):
    training_class = city_class(world)
    admitted(world, training_class, world.member_a)
    (nominated_only,) = _members(world, 1)
    nominate(world, training_class, nominated_only)
    nominated_only.member_number = "4108000000777"
    nominated_only.save(update_fields=["member_number"])
    world.member_a.member_number = "4108000000778"
    world.member_a.save(update_fields=["member_number"])
    session = session_now(world, training_class)
    url = reverse("learning:session_scan", args=[session.public_id])
    scanner = _client(client, world.extra["city_admin"])
    missed = scanner.post(url, {"step": "find", "number": "4108000000777"})
    assert missed.status_code == 422
    assert "不是本班录取学员" in missed.content.decode()
    found = scanner.post(url, {"step": "find", "number": "4108000000778"})
    assert found.status_code == 200
    confirmed = scanner.post(url, {"step": "confirm", "member": str(world.member_a.public_id)})
    assert confirmed.status_code == 200
    assert "签到成功" in confirmed.content.decode()
    table = scanner.get(reverse("learning:class_attendance", args=[training_class.public_id]))
    assert "✓" in table.content.decode()


def test_trainee_export_and_hours_export_are_audited(client, world):
    from gonghui.core.models import AuditLog

    training_class = city_class(world)
    admitted(world, training_class, world.member_a)
    admin = _client(client, world.extra["city_admin"])
    exported = admin.post(reverse("learning:trainee_export", args=[training_class.public_id]))
    assert exported.status_code == 200
    assert exported["Content-Type"].startswith("application/vnd.openxmlformats")
    report = admin.post(reverse("learning:hours_export"), {"year": training_class.year, "view": "union"})
    assert report.status_code == 200
    assert AuditLog.objects.filter(action="export").count() == 2
    assert admin.get(reverse("learning:hours_report")).status_code == 200


def test_my_classes_on_the_portal(client, world):
    training_class = city_class(world)
    admitted(world, training_class, world.member_a)
    session = session_now(world, training_class, hours="2.0")
    checkin_manual(target=session, member=world.member_a, actor=world.extra["city_admin"])
    member = _client(client, world.org_member)
    listing = member.get(reverse("learning_portal:my_classes"))
    assert listing.status_code == 200
    assert training_class.title in listing.content.decode()
    page = member.get(reverse("learning_portal:my_class", args=[training_class.public_id]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "已计学时 2.0" in body
    assert "已签到" in body
    assert session.topic in body
    # someone else's class is not found
    other_class = city_class(world, title="另一个培训班")
    assert member.get(reverse("learning_portal:my_class", args=[other_class.public_id])).status_code == 404
    # 我的's line counts what 我的培训班 lists: a nomination not yet admitted too (the page's only way in)
    assert my_classes_figure(world.org_member) == "1 个培训班"
    nominate(world, other_class, world.member_a)
    assert my_classes_figure(world.org_member) == "2 个培训班"
