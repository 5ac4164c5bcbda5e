"""Part report: the congress report's figures, publication to the unit's staff, the PDF and xlsx, the honours
through the reviews block, and the three-actor matrix."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from gonghui.accounts.roles import JUDGE
from gonghui.accounts.tests.factories import RoleGrantFactory, UserFactory
from gonghui.congresses.choices import HonourKind, ProposalAction
from gonghui.congresses.models import CongressHonour, Proposal
from gonghui.congresses.selectors.report import published_for_member, session_report
from gonghui.congresses.services import report as svc
from gonghui.core.choices import AuditAction
from gonghui.core.models import AuditLog
from gonghui.core.timeline import timeline_for
from gonghui.members.tests.factories import MemberFactory
from gonghui.notifications.models import Notification
from gonghui.reviews.services import (
    CriterionInput,
    ScoreInput,
    judge_add,
    round_close,
    round_open,
    sheet_save,
    sheet_submit,
)
from gonghui.reviews.tests.factories import make_template

from .factories_report import report_session

pytestmark = pytest.mark.django_db


def test_report_counts_and_rates(world):
    # given a session with two closed proposals (one on time and satisfied, one late and unsatisfied after
    # re-handling), one 待审查, one 不予立案 and one 意见建议 being handled
    rows = report_session(org=world.org_a, actor=world.org_admin)
    # when
    report = session_report(rows["session"])
    # then: received excludes nothing here (none seconding or withdrawn): 5; 立案 2 of 5
    assert (report.total, report.received, report.accepted, report.rejected, report.suggestions) == (
        5,
        5,
        2,
        1,
        1,
    )
    assert report.accept_rate == Decimal("40.0")
    assert (report.replied, report.on_time, report.on_time_rate) == (2, 1, Decimal("50.0"))
    assert (report.rated, report.satisfied, report.satisfied_rate, report.rehandled) == (
        2,
        1,
        Decimal("50.0"),
        1,
    )
    departments = {row.name: row for row in report.departments}
    assert (departments["后勤处"].lead, departments["后勤处"].assist) == (2, 0)
    assert (departments["教务处"].lead, departments["教务处"].assist) == (1, 1)
    assert departments["教务处"].on_time_rate == Decimal("0.0")
    assert departments["后勤处"].satisfied_rate == Decimal("100.0")
    assert report.publishable == 3  # two closed, one 不予立案


def test_session_publish_publishes_replied_and_rejected_only(world):
    rows = report_session(org=world.org_a, actor=world.org_admin)
    # when
    count = svc.session_publish_replied(session=rows["session"], actor=world.org_admin)
    # then
    assert count == 3
    published = set(Proposal.objects.filter(published_at__isnull=False).values_list("pk", flat=True))
    assert published == {rows["on_time"].pk, rows["late"].pk, rows["rejected"].pk}
    assert [e.action for e in timeline_for(rows["late"])] == [ProposalAction.PUBLISHED]
    assert AuditLog.objects.filter(action=AuditAction.ADMIN_EDIT, org_id=world.org_a.pk).count() == 1
    # and a second time there is nothing left
    with pytest.raises(Exception, match="没有待公开"):
        svc.session_publish_replied(session=rows["session"], actor=world.org_admin)


def test_proposal_publish_refuses_unreplied(world):
    rows = report_session(org=world.org_a, actor=world.org_admin)
    with pytest.raises(Exception, match="答复后"):
        svc.proposal_publish(proposal=rows["waiting"], actor=world.org_admin)
    rows["waiting"].refresh_from_db()
    assert rows["waiting"].published_at is None


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("outsider sees nothing", "outsider", 404),
        ("plain member may not publish", "org_member", 403),
        ("org admin publishes", "org_admin", 302),
    ],
)
def test_proposal_publish_view_access(request, client, world, _case, actor, status):
    # given
    rows = report_session(org=world.org_a, actor=world.org_admin)
    client.force_login(getattr(world, actor))
    # when
    r = client.post(reverse("congresses:proposal_publish", args=[rows["on_time"].public_id]))
    # then
    assert r.status_code == status
    rows["on_time"].refresh_from_db()
    assert (rows["on_time"].published_at is not None) is (status == 302)


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("outsider sees nothing", "outsider", 404),
        ("plain member is no cadre", "org_member", 403),
        ("org admin reads the report", "org_admin", 200),
    ],
)
def test_session_report_access(client, world, _case, actor, status, django_assert_max_num_queries):
    rows = report_session(org=world.org_a, actor=world.org_admin)
    client.force_login(getattr(world, actor))
    with django_assert_max_num_queries(40):
        r = client.get(reverse("congresses:session_report", args=[rows["session"].public_id]))
    assert r.status_code == status
    if status == 200:
        body = r.content.decode()
        assert "40.0%" in body
        assert "50.0%" in body
        assert "公开已答复提案（3）" in body


def test_report_exports(client, world):
    rows = report_session(org=world.org_a, actor=world.org_admin)
    client.force_login(world.org_admin)
    r = client.post(reverse("congresses:session_report_export", args=[rows["session"].public_id]))
    assert r.status_code == 200
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditLog.objects.filter(action=AuditAction.EXPORT, org_id=world.org_a.pk).count() == 1
    book = CalamineWorkbook.from_filelike(io.BytesIO(r.content))
    assert book.sheet_names == ["总体情况", "提案明细", "承办部门"]
    overview = {row[0]: row[1] for row in book.get_sheet_by_name("总体情况").to_python()[1:]}
    assert (overview["立案率"], overview["按期答复率"], overview["满意率"]) == ("40.0%", "50.0%", "50.0%")
    assert len(book.get_sheet_by_name("提案明细").to_python()) == 6  # header and five proposals
    pdf = client.get(reverse("congresses:session_report_pdf", args=[rows["session"].public_id]))
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content if pdf.streaming else [pdf.content]).startswith(b"%PDF")


def test_published_list_shows_own_unit_only(client, world):
    # given org A's proposals published, and org B's member
    rows = report_session(org=world.org_a, actor=world.org_admin)
    svc.session_publish_replied(session=rows["session"], actor=world.org_admin)
    client.force_login(world.org_member)
    # when the member of org A opens 提案公开 and searches
    r = client.get(reverse("congresses_portal:published_list"))
    found = client.get(reverse("congresses_portal:published_list"), {"q": "青年教师"})
    # then
    body = r.content.decode()
    assert "关于减轻青年教师非教学负担的提案" in body
    assert "关于调整作息时间的提案" in body
    assert "关于增加体检项目的提案" not in body  # not published
    assert found.content.decode().count('class="list-group-item list-group-item-action') == 1
    assert reverse("congresses_portal:proposal_detail", args=[rows["late"].public_id]) in body
    other = MemberFactory.create(org=world.org_b)
    assert list(published_for_member(other)) == []
    assert published_for_member(world.member_a).count() == 3


def test_published_list_has_no_n_plus_one(client, world, django_assert_max_num_queries):
    rows = report_session(org=world.org_a, actor=world.org_admin)
    svc.session_publish_replied(session=rows["session"], actor=world.org_admin)
    client.force_login(world.org_member)
    with django_assert_max_num_queries(25):
        r = client.get(reverse("congresses_portal:published_list"))
    assert r.status_code == 200


def _scored_round(world, rows):
    template = make_template(
        org=world.org_a,
        actor=world.org_admin,
        criteria=[CriterionInput(name="质量", max_points=Decimal(100))],
    )
    review_round = svc.honours_review_start(session=rows["session"], template=template, actor=world.org_admin)
    judge_user = UserFactory.create(username="report_judge")
    RoleGrantFactory.create(user=judge_user, role=JUDGE, org=world.city)
    judge = judge_add(review_round=review_round, user=judge_user, actor=world.org_admin)
    round_open(review_round=review_round, actor=world.org_admin)
    criterion = template.criteria.get()
    for points, entry in zip((90, 60, 80, 70), review_round.entries.order_by("pk"), strict=True):
        sheet = sheet_save(
            judge=judge, entry=entry, scores={criterion.pk: ScoreInput(points=points)}, actor=judge_user
        )
        sheet_submit(sheet=sheet, actor=judge_user)
    return review_round


def test_honours_through_the_review_round(world):
    # given a session with two replied 立案 proposals led by two departments
    rows = report_session(org=world.org_a, actor=world.org_admin)
    review_round = _scored_round(world, rows)
    rows["session"].refresh_from_db()
    # then the round is the session's with one entry per proposal and per lead department
    assert rows["session"].review_round_id == review_round.pk
    owners = sorted((e.owner_type.model, e.owner_id) for e in review_round.entries.all())
    assert owners == sorted(
        [
            ("proposal", rows["on_time"].pk),
            ("proposal", rows["late"].pk),
            ("handlingdepartment", rows["logistics"].pk),
            ("handlingdepartment", rows["teaching"].pk),
        ]
    )
    # and no winners while the round is open
    with pytest.raises(Exception, match="评审结束后"):
        svc.honours_record(
            session=rows["session"], proposals=[rows["on_time"]], departments=[], actor=world.org_admin
        )
    round_close(review_round=review_round, actor=world.org_admin)
    # when the cadre records the winners
    svc.honours_record(
        session=rows["session"],
        proposals=[rows["on_time"]],
        departments=[rows["logistics"]],
        actor=world.org_admin,
    )
    # then
    assert sorted(CongressHonour.objects.values_list("kind", flat=True)) == sorted(
        [HonourKind.EXCELLENT_PROPOSAL, HonourKind.ADVANCED_HANDLER]
    )
    assert [e.action for e in timeline_for(rows["on_time"])] == [ProposalAction.HONOURED]
    proposer_user = rows["on_time"].proposer.member.user
    assert Notification.objects.filter(recipient=proposer_user, title__contains="优秀提案").count() == 1


def test_honours_select_page_ranks_and_records(client, world):
    rows = report_session(org=world.org_a, actor=world.org_admin)
    review_round = _scored_round(world, rows)
    round_close(review_round=review_round, actor=world.org_admin)
    client.force_login(world.org_admin)
    url = reverse("congresses:honours_select", args=[rows["session"].public_id])
    page = client.get(url).content.decode()
    assert page.index(rows["on_time"].title) < page.index(rows["late"].title)  # 90 before 60
    r = client.post(url, {"proposals": [rows["late"].pk], "departments": [rows["teaching"].pk]})
    assert r.status_code == 302
    honour = CongressHonour.objects.get(kind=HonourKind.EXCELLENT_PROPOSAL)
    assert honour.proposal_id == rows["late"].pk
    report_page = client.get(reverse("congresses:session_report", args=[rows["session"].public_id]))
    assert "提案承办先进单位" in report_page.content.decode()


def test_honours_review_view_creates_the_sessions_round(client, world):
    rows = report_session(org=world.org_a, actor=world.org_admin)
    template = make_template(org=world.org_a, actor=world.org_admin)
    client.force_login(world.org_admin)
    r = client.post(
        reverse("congresses:honours_review", args=[rows["session"].public_id]),
        {"template": template.pk, "blind_mode": "open"},
    )
    rows["session"].refresh_from_db()
    assert r.status_code == 302
    assert r["Location"] == reverse("reviews:round_detail", args=[rows["session"].review_round_id])
    assert rows["session"].review_round.owner == rows["session"]
    # a second time is refused
    again = client.post(
        reverse("congresses:honours_review", args=[rows["session"].public_id]),
        {"template": template.pk, "blind_mode": "open"},
    )
    assert "本次会议的评选已组织" in again.content.decode()


def test_proposal_unpublish_needs_a_reason_and_hides_it(client, world):
    rows = report_session(org=world.org_a, actor=world.org_admin)
    svc.proposal_publish(proposal=rows["late"], actor=world.org_admin)
    client.force_login(world.org_admin)
    url = reverse("congresses:proposal_unpublish", args=[rows["late"].public_id])
    # without a reason nothing changes
    refused = client.post(url, {"reason": " "})
    assert "请填写撤回公开的原因" in refused.content.decode()
    assert published_for_member(world.member_a).count() == 1
    # with one the staff no longer see it
    r = client.post(url, {"reason": "含有个人隐私信息"})
    assert r.status_code == 302
    assert published_for_member(world.member_a).count() == 0
    assert [e.action for e in timeline_for(rows["late"])] == [
        ProposalAction.PUBLISHED,
        ProposalAction.UNPUBLISHED,
    ]
