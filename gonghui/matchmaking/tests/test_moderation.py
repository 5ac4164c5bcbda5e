"""Part moderation through its services and selectors: who may report whom, one pending report at a time, the
moderator's scope (the reported member's union), the audited reveal carrying no profile data, the outcomes
(suspension hides at once; the reporter and the warned member are told without naming anyone) and restoring."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import make_cadre
from gonghui.core.audit import AuditContext
from gonghui.core.choices import AuditAction
from gonghui.core.models import AuditLog, TimelineEntry
from gonghui.core.registry import home_counters
from gonghui.matchmaking.choices import (
    ProfileAction,
    ProfileStatus,
    ReportAction,
    ReportOutcome,
    ReportReason,
    ReportStatus,
)
from gonghui.matchmaking.models import Block, Report
from gonghui.matchmaking.permissions import MODERATOR_ROLE
from gonghui.matchmaking.selectors.browse import visible_profiles
from gonghui.matchmaking.selectors.moderation import pending_report_count, report_list_for_user
from gonghui.matchmaking.services.moderation import (
    HANDLED_TITLE,
    WARNING_TITLE,
    ReportData,
    profile_restore,
    report_handle,
    report_reveal,
    report_submit,
)
from gonghui.notifications.models import Notification

from .factories_moderation import own_profile, report, single

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(world):
    """甲会员 (org A's member, active profile) and 小林 (another single member of org A, with an account)."""
    return own_profile(world.member_a), single(world.org_a, nickname="小林", gender="M")


@pytest.fixture
def moderator(world):
    return make_cadre("mod_a", world.org_a, role=MODERATOR_ROLE)


def _texts(user) -> str:
    return " ".join(f"{n.title} {n.body}" for n in Notification.objects.filter(recipient=user))


# --- submitting ---------------------------------------------------------------------------------------------
def test_submit_records_a_pending_report_with_its_timeline_and_tells_the_moderator(world, pair, moderator):
    reporter, reported = pair
    # when
    made = report(reporter, reported, reason=ReportReason.FALSE_INFO, detail="照片不是本人")
    # then
    row = Report.objects.get()
    assert row.pk == made.pk
    assert (row.reporter, row.reported, row.status) == (reporter, reported, ReportStatus.PENDING)
    assert (row.reason, row.detail) == (ReportReason.FALSE_INFO, "照片不是本人")
    entry = TimelineEntry.objects.get(object_id=str(row.pk), action=ReportAction.SUBMITTED)
    assert entry.actor is None  # the moderator reads this timeline: the reporter is not named on it
    # the moderator is told the report's number only, never the reported nickname
    told = Notification.objects.get(recipient=moderator)
    assert told.title == "婚恋交友收到新的举报"
    assert "小林" not in f"{told.title}{told.body}"
    assert pending_report_count(moderator) == 1


def test_a_second_report_while_the_first_is_pending_is_refused(pair):
    reporter, reported = pair
    report(reporter, reported)
    with pytest.raises(ValidationError, match="正在处理中"):
        report(reporter, reported, reason=ReportReason.OTHER, detail="又来了")
    assert Report.objects.count() == 1


def test_after_handling_the_member_may_report_again(pair, moderator):
    reporter, reported = pair
    first = report(reporter, reported)
    report_handle(report=first, actor=moderator, outcome=ReportOutcome.NO_ACTION)
    report(reporter, reported)
    assert Report.objects.filter(status=ReportStatus.PENDING).count() == 1


def test_a_profile_the_reporter_may_not_see_cannot_be_reported(world, pair):
    # given 小林 blocked 甲会员
    reporter, reported = pair
    Block.objects.create(from_profile=reported, to_profile=reporter)
    # when / then
    with pytest.raises(PermissionDenied):
        report(reporter, reported)
    assert not Report.objects.exists()


def test_a_withdrawn_reporter_cannot_report(pair):
    reporter, reported = pair
    reporter.status = ProfileStatus.WITHDRAWN
    reporter.save(update_fields=["status"])
    with pytest.raises(PermissionDenied):
        report(reporter, reported)


def test_other_needs_the_detail(pair):
    reporter, reported = pair
    with pytest.raises(ValidationError) as caught:
        report(reporter, reported, reason=ReportReason.OTHER, detail="  ")
    assert "请填写具体情况" in str(caught.value)


def test_also_block_hides_the_reported_member_from_the_reporter(pair):
    reporter, reported = pair
    report(reporter, reported, also_block=True)
    assert Block.objects.filter(from_profile=reporter, to_profile=reported).exists()
    assert not visible_profiles(reporter).filter(pk=reported.pk).exists()


def test_only_the_reporters_own_account_may_submit(world, pair):
    reporter, reported = pair
    with pytest.raises(PermissionDenied):
        report_submit(
            reporter=reporter,
            reported=reported,
            actor=reported.member.user,
            data=ReportData(reason=ReportReason.HARASSMENT),
        )


# --- scope --------------------------------------------------------------------------------------------------
def test_the_moderator_sees_reports_about_members_of_its_union_only(world, pair, moderator):
    # given a report about 小林 (org A) and one about a member of org B
    reporter, reported = pair
    mine = report(reporter, reported)
    other = single(world.org_b, nickname="小乙")
    report(single(world.org_b, nickname="乙的举报人"), other)
    moderator_b = make_cadre("mod_b", world.org_b, role=MODERATOR_ROLE)
    # then
    assert list(report_list_for_user(moderator)) == [mine]
    assert [r.reported for r in report_list_for_user(moderator_b)] == [other]
    assert list(report_list_for_user(world.org_admin)) == []  # the union admin holds statistics only


def test_a_county_moderator_sees_the_reports_below(world, pair):
    reporter, reported = pair
    mine = report(reporter, reported)
    county = make_cadre("mod_county", world.county_x, role=MODERATOR_ROLE)
    assert list(report_list_for_user(county)) == [mine]


def test_home_counter_counts_pending_reports_in_scope(world, pair, moderator):
    reporter, reported = pair
    first = report(reporter, reported)
    counter = home_counters.get("matchmaking.reports_pending")
    assert counter.count(moderator, world.org_a) == 1
    report_handle(report=first, actor=moderator, outcome=ReportOutcome.NO_ACTION)
    assert counter.count(moderator, world.org_a) == 0


# --- the audited reveal -------------------------------------------------------------------------------------
def test_each_reveal_writes_one_audit_row_and_one_timeline_row_without_profile_data(world, pair, moderator):
    reporter, reported = pair
    reported.about = "喜欢爬山和摄影"
    reported.save(update_fields=["about"])
    made = report(reporter, reported)
    # when the moderator looks twice
    for _ in range(2):
        shown = report_reveal(report=made, actor=moderator, context=AuditContext(ip="10.0.0.8"))
    # then the profile is shown, with the union to contact and nothing from the registry
    assert (shown.nickname, shown.about, shown.union_name) == ("小林", "喜欢爬山和摄影", world.org_a.name)
    assert reported.member.name not in str(shown)
    assert reported.member.phone not in str(shown)
    rows = AuditLog.objects.filter(action=AuditAction.REVEAL)
    assert rows.count() == 2
    assert TimelineEntry.objects.filter(object_id=str(made.pk), action=ReportAction.VIEWED).count() == 2
    for row in rows:
        assert (row.actor, row.ip_address, row.org_id) == (moderator, "10.0.0.8", world.org_a.pk)
        logged = f"{row.summary}{row.detail}"
        assert "小林" not in logged
        assert "爬山" not in logged


def test_a_moderator_of_another_union_may_not_reveal(world, pair):
    reporter, reported = pair
    made = report(reporter, reported)
    moderator_b = make_cadre("mod_b", world.org_b, role=MODERATOR_ROLE)
    with pytest.raises(PermissionDenied):
        report_reveal(report=made, actor=moderator_b, context=AuditContext())
    assert not AuditLog.objects.filter(action=AuditAction.REVEAL).exists()


# --- handling -----------------------------------------------------------------------------------------------
def test_suspension_hides_the_profile_at_once_and_tells_the_reporter(world, pair, moderator):
    reporter, reported = pair
    made = report(reporter, reported)
    watcher = single(world.org_a, nickname="旁观者")
    assert visible_profiles(watcher).filter(pk=reported.pk).exists()
    # when
    report_handle(report=made, actor=moderator, outcome=ReportOutcome.SUSPENDED, note="核实后资料不实")
    # then
    reported.refresh_from_db()
    made.refresh_from_db()
    assert reported.status == ProfileStatus.SUSPENDED
    assert not visible_profiles(watcher).filter(pk=reported.pk).exists()
    assert (made.status, made.outcome, made.handled_by) == (
        ReportStatus.HANDLED,
        ReportOutcome.SUSPENDED,
        moderator,
    )
    assert (
        TimelineEntry.objects.filter(object_id=str(reported.pk), action=ProfileAction.SUSPENDED).count() == 1
    )
    handled = TimelineEntry.objects.get(object_id=str(made.pk), action=ReportAction.HANDLED)
    assert handled.note == "处理结果：暂停其资料展示"
    told = Notification.objects.get(recipient=world.org_member)
    assert told.title == HANDLED_TITLE
    assert "暂停其资料展示" in told.body
    assert "mod_a" not in _texts(world.org_member)


def test_warning_tells_the_reported_member_without_naming_the_reporter(world, pair, moderator):
    reporter, reported = pair
    made = report(reporter, reported)
    report_handle(report=made, actor=moderator, outcome=ReportOutcome.WARNED, note="已提醒")
    reported.refresh_from_db()
    assert reported.status == ProfileStatus.ACTIVE
    texts = _texts(reported.member.user)
    assert WARNING_TITLE in texts
    assert reporter.nickname not in texts
    assert "举报" not in texts
    assert "提醒改正" in _texts(world.org_member)


def test_warned_and_suspended_need_a_note_and_a_handled_report_stays_handled(pair, moderator):
    reporter, reported = pair
    made = report(reporter, reported)
    with pytest.raises(ValidationError, match="请填写处理说明"):
        report_handle(report=made, actor=moderator, outcome=ReportOutcome.SUSPENDED, note=" ")
    made.refresh_from_db()
    assert made.status == ReportStatus.PENDING
    report_handle(report=made, actor=moderator, outcome=ReportOutcome.NO_ACTION)
    with pytest.raises(ValidationError, match="已经处理过"):
        report_handle(report=made, actor=moderator, outcome=ReportOutcome.SUSPENDED, note="再处理")
    reported.refresh_from_db()
    assert reported.status == ProfileStatus.ACTIVE


def test_restore_shows_the_profile_again(world, pair, moderator):
    reporter, reported = pair
    made = report(reporter, reported)
    report_handle(report=made, actor=moderator, outcome=ReportOutcome.SUSPENDED, note="核实中")
    with pytest.raises(ValidationError, match="至少4个字"):
        profile_restore(report=made, actor=moderator, reason="好")
    # when
    profile_restore(report=made, actor=moderator, reason="经核实属误会，恢复展示")
    # then
    reported.refresh_from_db()
    assert reported.status == ProfileStatus.ACTIVE
    assert visible_profiles(reporter).filter(pk=reported.pk).exists()
    assert (
        TimelineEntry.objects.filter(object_id=str(reported.pk), action=ProfileAction.RESTORED).count() == 1
    )
    with pytest.raises(ValidationError, match="无需恢复"):
        profile_restore(report=made, actor=moderator, reason="再恢复一次")
