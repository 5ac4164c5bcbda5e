"""报名 services: quota enforcement, eligibility, team sizes, the deadline, one live entry per person per round,
换人 and 退赛 rules, 本人确认 by the person only, with timeline rows and messages."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conftest import make_cadre
from gonghui.contests.choices import ContestStatus, EntryAction, EntryStatus, RoundStatus
from gonghui.contests.models import ContestRound, Entry, EntryMember
from gonghui.contests.selectors.entries import receipt_number
from gonghui.contests.services.entries import entry_confirm, entry_create, entry_replace, entry_withdraw
from gonghui.core.models import TimelineEntry
from gonghui.members.choices import JobCategory, MemberStatus
from gonghui.notifications.models import Notification
from gonghui.quotas.selectors import allocation_of, allocation_remaining

from .factories import make_contest_round
from .test_entries_factories import contest_setup, teacher, teacher_user

TEACHERS_ONLY = {"job_categories": [JobCategory.TEACHER.value]}


@pytest.fixture
def setup(world):
    return contest_setup(world, eligibility=TEACHERS_ONLY)


def _enter(setup, world, members, *, group=None, org=None, actor=None, **extra):
    return entry_create(
        contest_round=setup.round1,
        group=group or setup.solo,
        entrant_org=org or world.org_a,
        members=members,
        actor=actor or world.org_admin,
        **extra,
    )


def _errors(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


def _remaining(setup, org) -> int:
    allocation = allocation_of(setup.round1.quota_set, org)
    assert allocation is not None
    return allocation_remaining(allocation)


def test_entering_takes_a_place_tells_the_person_and_records_the_timeline(setup, world):
    # given a teacher of org A with a portal account
    user, member = teacher_user("13700002222", world.org_a, "张老师")
    # when org A's admin enters them
    entry = _enter(setup, world, [member], title="小学语文《秋天》")
    # then
    assert entry.status == EntryStatus.ENTERED
    person = EntryMember.objects.get(entry=entry)
    assert (person.member, person.is_leader, person.active, person.round) == (
        member,
        True,
        True,
        setup.round1,
    )
    assert _remaining(setup, world.org_a) == 1
    row = TimelineEntry.objects.get(object_id=str(entry.pk), action=EntryAction.ENTER)
    assert (row.actor, row.note, row.to_state) == (world.org_admin, "张老师", EntryStatus.ENTERED)
    message = Notification.objects.get(recipient=user)
    assert message.title == "竞赛报名待您确认"
    assert message.body.startswith("您已被报名参加《2026年全市教育系统教学技能竞赛》基层初赛·小学语文，请于")
    assert message.body.endswith("前在“我的竞赛”确认")
    assert message.url == f"/portal/contests/entries/{entry.public_id}/"


def test_quota_is_enforced_up_to_the_allocation_and_withdrawal_frees_a_place(setup, world):
    # given org A holds 2 places
    first = _enter(setup, world, [teacher(world.org_a, "甲一")])
    _enter(setup, world, [teacher(world.org_a, "甲二")])
    assert _remaining(setup, world.org_a) == 0
    # when a third is entered, then the quota error names the union field, and nothing is written
    with pytest.raises(ValidationError) as exc:
        _enter(setup, world, [teacher(world.org_a, "甲三")])
    assert _errors(exc) == {"entrant_org": ["甲县第一中学工会：名额已用完"]}
    assert Entry.objects.filter(round=setup.round1).count() == 2
    assert not EntryMember.objects.filter(member__name="甲三").exists()
    # when one entry is withdrawn, its place is free again
    entry_withdraw(entry=first, actor=world.org_admin, reason="身体原因")
    assert _remaining(setup, world.org_a) == 1
    _enter(setup, world, [teacher(world.org_a, "甲三")])
    assert _remaining(setup, world.org_a) == 0


def test_a_union_without_an_allocation_is_refused(setup, world):
    # given a union under 甲县 holding no share of the round's quota
    from gonghui.orgs.tests.factories import OrgFactory

    school = OrgFactory.create(parent=world.county_x, code="ORGA2", name="甲县第二中学工会")
    admin = make_cadre("admin_a2", school)
    # when / then
    with pytest.raises(ValidationError) as exc:
        _enter(setup, world, [teacher(school, "乙老师")], org=school, actor=admin)
    assert _errors(exc) == {"entrant_org": ["本单位没有本赛段的报名名额"]}


def test_without_a_quota_set_any_union_in_the_subtree_may_enter(world):
    setup = contest_setup(world, quota=False)
    entries = [_enter(setup, world, [teacher(world.org_a, f"甲{i}")]) for i in range(4)]
    assert len(entries) == 4


def test_only_a_cadre_of_the_entrant_union_may_enter(setup, world):
    with pytest.raises(PermissionDenied):
        _enter(setup, world, [teacher(world.org_a, "甲一")], actor=world.outsider)
    with pytest.raises(PermissionDenied):
        _enter(setup, world, [teacher(world.org_a, "甲一")], actor=world.org_member)
    assert not Entry.objects.exists()


def test_a_union_outside_the_contest_is_refused(world):
    setup = contest_setup(world, quota=False)
    county = make_cadre("county_y_admin", world.county_y)
    other = contest_setup.__globals__["make_contest"](
        org=world.county_x, actor=setup.organiser, title="甲县竞赛"
    )
    group = contest_setup.__globals__["make_group"](contest=other)
    contest_round = make_contest_round(contest=other)
    with pytest.raises(ValidationError) as exc:
        entry_create(
            contest_round=contest_round,
            group=group,
            entrant_org=world.org_b,
            members=[teacher(world.org_b, "乙一")],
            actor=county,
        )
    assert _errors(exc) == {"entrant_org": ["报名单位不在甲县教育工会范围内"]}


def test_eligibility_names_the_person_and_the_criterion(setup, world):
    nurse = teacher(world.org_a, "张三")
    nurse.job_category = JobCategory.NURSE
    nurse.save(update_fields=["job_category"])
    with pytest.raises(ValidationError) as exc:
        _enter(setup, world, [nurse])
    assert _errors(exc) == {"members": ["张三不符合参赛条件：岗位类别须为专业技术人员（教师）"]}
    assert not Entry.objects.exists()


@pytest.mark.parametrize(
    ("_case", "change", "message"),
    [
        ("left the union", {"status": MemberStatus.LEFT}, "李四不是在籍会员，不能报名"),
        ("another union's member", {"org": "org_b"}, "李四不是甲县第一中学工会（含下级工会）的会员"),
    ],
)
def test_people_must_hold_membership_in_the_entrant_subtree(setup, world, _case, change, message):
    member = teacher(world.org_a, "李四")
    for field, value in change.items():
        setattr(member, field, getattr(world, value) if value == "org_b" else value)
    member.save()
    with pytest.raises(ValidationError) as exc:
        _enter(setup, world, [member])
    assert _errors(exc) == {"members": [message]}


def test_team_sizes(setup, world):
    people = [teacher(world.org_a, f"队员{i}") for i in range(4)]
    with pytest.raises(ValidationError) as exc:
        _enter(setup, world, people, group=setup.team)
    assert _errors(exc) == {"members": ["团体赛每队 1 至 3 人，已选 4 人"]}
    with pytest.raises(ValidationError) as exc:
        _enter(setup, world, people[:2], group=setup.solo)
    assert _errors(exc) == {"members": ["个人赛每项报名只能有一名参赛人员"]}
    with pytest.raises(ValidationError) as exc:
        _enter(setup, world, [], group=setup.team)
    assert _errors(exc) == {"members": ["请选择参赛人员"]}
    # three are fine, the first leads
    entry = _enter(setup, world, people[:3], group=setup.team)
    leaders = list(
        EntryMember.objects.filter(entry=entry, is_leader=True).values_list("member__name", flat=True)
    )
    assert leaders == ["队员0"]
    assert EntryMember.objects.filter(entry=entry).count() == 3


def test_one_live_entry_per_person_per_round(setup, world):
    member = teacher(world.org_a, "王五")
    _enter(setup, world, [member])
    with pytest.raises(ValidationError) as exc:
        _enter(setup, world, [member], group=setup.team)
    assert _errors(exc) == {
        "members": ["王五已报名本赛段（甲县第一中学工会·小学语文），同一赛段每人只能参加一项"]
    }
    assert EntryMember.objects.filter(member=member).count() == 1


@pytest.mark.parametrize(
    ("_case", "change", "message"),
    [
        ("after the deadline", {"entry_deadline": "past"}, "报名已于"),
        ("while judging", {"status": RoundStatus.JUDGING}, "评审中，不能报名或变更"),
    ],
)
def test_entries_close_with_the_round(setup, world, _case, change, message):
    values = {k: timezone.now() - dt.timedelta(minutes=1) if v == "past" else v for k, v in change.items()}
    ContestRound.objects.filter(pk=setup.round1.pk).update(**values)
    with pytest.raises(ValidationError) as exc:
        _enter(setup, world, [teacher(world.org_a, "赵六")])
    assert message in exc.value.messages[0]


def test_a_contest_not_running_and_a_later_round_take_no_entries(setup, world):
    round2 = make_contest_round(contest=setup.contest, level=2)
    with pytest.raises(ValidationError) as exc:
        entry_create(
            contest_round=round2,
            group=setup.solo,
            entrant_org=world.org_a,
            members=[teacher(world.org_a, "赵六")],
            actor=world.org_admin,
        )
    assert exc.value.messages == [
        "本赛段的参赛名单由上一赛段晋级产生，不能直接报名（设置报名名额后可按名额推荐）"
    ]
    setup.contest.status = ContestStatus.DRAFT
    setup.contest.save(update_fields=["status"])
    with pytest.raises(ValidationError) as exc:
        _enter(setup, world, [teacher(world.org_a, "钱七")])
    assert exc.value.messages == ["竞赛不在进行中，不能报名或变更"]


# ---- 换人 and 退赛 --------------------------------------------------------------------------------------------------


def test_replace_swaps_the_person_and_waits_for_confirmation_again(setup, world):
    # given a confirmed team entry
    user_a, lead = teacher_user("13700003333", world.org_a, "队长甲")
    second = teacher(world.org_a, "队员乙")
    entry = _enter(setup, world, [lead, second], group=setup.team)
    EntryMember.objects.filter(entry=entry, member=second).update(confirmed_at=timezone.now())
    entry_confirm(entry=entry, user=user_a)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.CONFIRMED
    user_c, newcomer = teacher_user("13700004444", world.org_a, "新队长")
    # when the leader is replaced
    entry_replace(entry=entry, old_member=lead, new_member=newcomer, actor=world.org_admin, reason="外出培训")
    # then
    entry.refresh_from_db()
    assert entry.status == EntryStatus.ENTERED
    old = EntryMember.objects.get(entry=entry, member=lead)
    new = EntryMember.objects.get(entry=entry, member=newcomer)
    assert (old.active, new.active, new.is_leader, new.confirmed_at) == (False, True, True, None)
    row = TimelineEntry.objects.get(object_id=str(entry.pk), action=EntryAction.REPLACE)
    assert (row.note, row.from_state, row.to_state) == ("队长甲 → 新队长：外出培训", "confirmed", "entered")
    assert Notification.objects.filter(recipient=user_c, title="竞赛报名待您确认").count() == 1
    assert Notification.objects.filter(recipient=user_a, title="竞赛报名已换人").count() == 1
    # and the replaced person may be entered elsewhere in the round again
    _enter(setup, world, [lead])


def test_replace_checks_the_new_person_and_the_reason(setup, world):
    member, other = teacher(world.org_a, "甲一"), teacher(world.org_a, "甲二")
    entry = _enter(setup, world, [member])
    _enter(setup, world, [other])
    nurse = teacher(world.org_a, "护士丙", job_category=JobCategory.NURSE)
    cases = [
        (nurse, "原因", {"new_member": ["护士丙不符合参赛条件：岗位类别须为专业技术人员（教师）"]}),
        (
            other,
            "原因",
            {"new_member": ["甲二已报名本赛段（甲县第一中学工会·小学语文），同一赛段每人只能参加一项"]},
        ),
        (teacher(world.org_a, "甲三"), " ", {"reason": ["请填写换人原因"]}),
    ]
    for new, reason, errors in cases:
        with pytest.raises(ValidationError) as exc:
            entry_replace(
                entry=entry, old_member=member, new_member=new, actor=world.org_admin, reason=reason
            )
        assert _errors(exc) == errors
    assert list(
        EntryMember.objects.filter(entry=entry, active=True).values_list("member__name", flat=True)
    ) == ["甲一"]
    with pytest.raises(PermissionDenied):
        entry_replace(entry=entry, old_member=member, new_member=nurse, actor=world.outsider, reason="原因")


def test_withdraw_releases_people_and_is_final(setup, world):
    user, member = teacher_user("13700005555", world.org_a, "孙八")
    entry = _enter(setup, world, [member])
    with pytest.raises(ValidationError) as exc:
        entry_withdraw(entry=entry, actor=world.org_admin, reason="")
    assert _errors(exc) == {"reason": ["请填写退赛原因"]}
    with pytest.raises(PermissionDenied):
        entry_withdraw(entry=entry, actor=world.outsider, reason="原因")
    entry_withdraw(entry=entry, actor=world.org_admin, reason="工作调动")
    entry.refresh_from_db()
    assert entry.status == EntryStatus.WITHDRAWN
    assert not EntryMember.objects.filter(entry=entry, active=True).exists()
    assert Notification.objects.filter(recipient=user, title="竞赛报名已退赛").count() == 1
    row = TimelineEntry.objects.get(object_id=str(entry.pk), action=EntryAction.WITHDRAW)
    assert (row.note, row.to_state) == ("工作调动", "withdrawn")
    with pytest.raises(ValidationError):
        entry_withdraw(entry=entry, actor=world.org_admin, reason="再次")
    with pytest.raises(ValidationError):
        entry_replace(
            entry=entry,
            old_member=member,
            new_member=teacher(world.org_a, "周九"),
            actor=world.org_admin,
            reason="x",
        )


def test_replace_and_withdraw_close_at_the_deadline(setup, world):
    member = teacher(world.org_a, "吴十")
    entry = _enter(setup, world, [member])
    ContestRound.objects.filter(pk=setup.round1.pk).update(
        entry_deadline=timezone.now() - dt.timedelta(seconds=1)
    )
    entry.refresh_from_db()
    with pytest.raises(ValidationError):
        entry_withdraw(entry=entry, actor=world.org_admin, reason="原因")
    with pytest.raises(ValidationError):
        entry_replace(
            entry=entry,
            old_member=member,
            new_member=teacher(world.org_a, "郑一"),
            actor=world.org_admin,
            reason="x",
        )
    assert Entry.objects.get(pk=entry.pk).status == EntryStatus.ENTERED


# ---- 本人确认 -----------------------------------------------------------------------------------------------------


def test_confirm_by_each_person_then_the_entry_is_confirmed_with_a_receipt(setup, world):
    user_a, lead = teacher_user("13700006666", world.org_a, "队长丁")
    user_b, mate = teacher_user("13700007777", world.org_a, "队员戊")
    entry = _enter(setup, world, [lead, mate], group=setup.team)
    # when the first confirms
    entry_confirm(entry=entry, user=user_a)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.ENTERED
    person = EntryMember.objects.get(entry=entry, member=lead)
    assert person.confirmed_at is not None
    number = receipt_number(person)
    receipt = Notification.objects.get(recipient=user_a, title="已确认参赛")
    assert (
        receipt.body == f"已确认参加《2026年全市教育系统教学技能竞赛》基层初赛·护理团体（回执编号 {number}）"
    )
    # confirming twice changes nothing
    entry_confirm(entry=entry, user=user_a)
    assert Notification.objects.filter(recipient=user_a, title="已确认参赛").count() == 1
    # when the second confirms, the entry is confirmed
    entry_confirm(entry=entry, user=user_b)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.CONFIRMED
    rows = TimelineEntry.objects.filter(object_id=str(entry.pk), action=EntryAction.CONFIRM).order_by("pk")
    assert [(r.actor, r.to_state) for r in rows] == [(user_a, "entered"), (user_b, "confirmed")]
    assert rows[0].note == f"队长丁本人确认（回执编号 {number}）"


def test_only_the_person_confirms_and_only_before_the_deadline(setup, world):
    user, member = teacher_user("13700008888", world.org_a, "本人")
    entry = _enter(setup, world, [member])
    with pytest.raises(PermissionDenied):
        entry_confirm(entry=entry, user=world.org_member)
    with pytest.raises(PermissionDenied):
        entry_confirm(entry=entry, user=world.org_admin)
    ContestRound.objects.filter(pk=setup.round1.pk).update(
        entry_deadline=timezone.now() - dt.timedelta(seconds=1)
    )
    with pytest.raises(ValidationError) as exc:
        entry_confirm(entry=Entry.objects.get(pk=entry.pk), user=user)
    assert "确认截止时间" in exc.value.messages[0]
    assert EntryMember.objects.get(entry=entry).confirmed_at is None
