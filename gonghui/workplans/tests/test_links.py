"""落实记录: linking the records that carry out an item (three actors), what is offered, the progress and the
summaries read from them, the 年终总结 draft, the due-month reminder and the workplans.items_late source."""

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from python_calamine import CalamineWorkbook

from gonghui.contests.choices import ContestStatus
from gonghui.contests.tests.factories import make_contest
from gonghui.core.excel import read_rows
from gonghui.core.models import TimelineEntry
from gonghui.core.registry import Period, indicator_sources, plan_record_kinds
from gonghui.documents.models import Document, IssuerSettings
from gonghui.notifications.models import Notification
from gonghui.workplans.choices import ProgressStatus
from gonghui.workplans.jobs import DUE_CATEGORY, due_month_reminders
from gonghui.workplans.models import PlanItem, PlanItemLink
from gonghui.workplans.selectors import plan_board
from gonghui.workplans.services import item_link_add, progress_report_submit

from .factories import make_officer

pytestmark = pytest.mark.django_db

KIND = "contests.contest"


def _items(plan):
    return list(PlanItem.objects.filter(section__plan=plan).order_by("section__order", "order"))


@pytest.fixture
def contests(world):
    mine = make_contest(
        org=world.org_a, actor=world.org_admin, title="甲中青年教师赛课", status=ContestStatus.FINISHED
    )
    running = make_contest(org=world.org_a, actor=world.org_admin, title="甲中班主任基本功竞赛")
    other = make_contest(org=world.org_b, actor=world.outsider, title="乙院护理技能比武")
    return mine, running, other


def test_link_and_unlink_by_three_actors(client, plan_a, contests, world):
    mine, _running, other = contests
    item = _items(plan_a)[1]
    url = reverse("workplans:item_link", args=[item.pk])
    # the plain member and the other union's admin may not link
    client.force_login(world.org_member)
    assert client.post(url, {"kind": KIND, "object_id": mine.pk}).status_code in (302, 403)
    client.force_login(world.outsider)
    assert client.post(url, {"kind": KIND, "object_id": mine.pk}).status_code == 404
    assert not PlanItemLink.objects.exists()
    # the union's admin searches, sees only its own union's competitions, and links one
    client.force_login(world.org_admin)
    page = client.get(url, {"kind": KIND, "q": ""}).content.decode()
    assert "甲中青年教师赛课" in page
    assert "乙院护理技能比武" not in page
    refused = client.post(url, {"kind": KIND, "object_id": other.pk})
    assert "不存在或无权关联" in refused.content.decode()
    assert "乙院护理技能比武" not in refused.content.decode()
    assert client.post(url, {"kind": KIND, "object_id": mine.pk}).status_code == 302
    link = PlanItemLink.objects.get()
    assert (link.kind, link.object_id, link.title) == (KIND, mine.pk, "甲中青年教师赛课")
    detail = client.get(reverse("workplans:item_detail", args=[item.pk])).content.decode()
    assert "落实记录" in detail
    assert "1 项落实记录：1 项已完成" in detail
    assert "已结束" in detail
    # 取消关联: the outsider cannot, the admin confirms first
    unlink = reverse("workplans:item_unlink", args=[link.pk])
    client.force_login(world.outsider)
    assert client.post(unlink).status_code == 404
    client.force_login(world.org_admin)
    page = client.get(unlink).content.decode()
    assert "确定取消关联吗" in page
    assert ">返回条目</a>" in page
    assert client.post(unlink).status_code == 302
    assert not PlanItemLink.objects.exists()
    steps = list(TimelineEntry.objects.filter(object_id=str(item.pk)).values_list("action", flat=True))
    assert "link" in steps
    assert "unlink" in steps


def test_the_lead_union_links_on_the_city_plan(city_plan, city_officer, contests, world):
    item = _items(city_plan)[1]
    PlanItem.objects.filter(pk=item.pk).update(lead_org=world.org_a)
    item.refresh_from_db()
    mine, _running, other = contests
    link = item_link_add(item=item, actor=world.org_admin, kind=KIND, object_id=mine.pk)
    assert link.linked_by == world.org_admin
    with pytest.raises(ValidationError, match="不存在或无权关联"):
        item_link_add(item=item, actor=city_officer, kind=KIND, object_id=99999999)
    county_y = make_officer("cy_wp", world.county_y)
    with pytest.raises(PermissionDenied):  # neither the issuer nor the lead
        item_link_add(item=item, actor=county_y, kind=KIND, object_id=other.pk)


def test_every_kind_offers_only_what_the_user_sees(world, contests):
    for kind in plan_record_kinds:
        offered = kind.candidates(world.org_admin, "")
        assert len(offered) <= 20
        assert kind.records([]) == {} or not kind.records([])
    titles = [r.title for r in plan_record_kinds.get(KIND).candidates(world.org_admin, "甲中")]
    assert titles == ["甲中班主任基本功竞赛", "甲中青年教师赛课"]  # newest first, another union's left out
    assert plan_record_kinds.get(KIND).candidates(world.org_admin, "乙院") == []


def test_board_progress_in_constant_queries(plan_a, contests, world, django_assert_max_num_queries):
    mine, running, _other = contests
    items = _items(plan_a)
    for contest in (mine, running):
        item_link_add(item=items[1], actor=world.org_admin, kind=KIND, object_id=contest.pk)
    with django_assert_max_num_queries(12) as one:
        plan_board(plan=plan_a, user=world.org_admin)
    for item in items:
        item_link_add(item=item, actor=None, kind=KIND, object_id=running.pk) if item != items[1] else None
    with django_assert_max_num_queries(len(one.captured_queries)):
        board = plan_board(plan=plan_a, user=world.org_admin)
    row = next(r for r in board.rows if r.item.pk == items[1].pk)
    assert row.links is not None
    assert row.links.label == "2 项落实记录：1 项已完成"
    assert [link.state for link in row.links.rows] == ["已结束", "进行中"]


def test_summary_sheets_pdf_and_document_draft(client, plan_a, contests, world):
    mine, _running, _other = contests
    item = _items(plan_a)[1]
    item_link_add(item=item, actor=world.org_admin, kind=KIND, object_id=mine.pk)
    progress_report_submit(
        item=item, org=world.org_a, actor=world.org_admin, status=ProgressStatus.DONE, text="赛课圆满结束"
    )
    client.force_login(world.org_admin)
    xlsx = client.post(
        f"{reverse('spreadsheets:export_start', args=['workplan_summary'])}?plan={plan_a.public_id}"
    )
    assert "落实记录" in CalamineWorkbook.from_filelike(io.BytesIO(xlsx.content)).sheet_names
    links = read_rows(xlsx.content, sheet="落实记录")
    assert links[1][3:7] == ["竞赛", "甲中青年教师赛课", "已结束", "是"]
    assert client.post(reverse("workplans:plan_export_pdf", args=[plan_a.public_id])).status_code == 200


def test_draft_summary_document(client, city_plan, city_officer, world):
    contest = make_contest(
        org=world.city, actor=city_officer, title="全市教学技能竞赛", status=ContestStatus.FINISHED
    )
    item = _items(city_plan)[1]
    item_link_add(item=item, actor=city_officer, kind=KIND, object_id=contest.pk)
    progress_report_submit(
        item=item, org=world.county_x, actor=None, status=ProgressStatus.DONE, text="甲县赛课圆满结束"
    )
    draft = reverse("workplans:plan_summary_draft", args=[city_plan.public_id])
    # the member may not; without a 发文机关代字 the cadre is told so and nothing is drafted
    client.force_login(world.org_member)
    client.post(draft)
    client.force_login(city_officer)
    client.post(draft)
    assert not Document.objects.exists()
    IssuerSettings.objects.create(org=world.city, series="测教工", separate_duties=False)
    response = client.post(draft)
    document = Document.objects.get()
    assert response.url == reverse("documents:document_detail", args=[document.public_id])
    assert document.title == "关于2020年度工作总结的报告"
    assert document.main_to == "甲县教育工会、乙县教育工会"
    for text in (
        "开展劳动和技能竞赛",
        "竞赛“全市教学技能竞赛”（已结束",
        "甲县赛课圆满结束",
        "1 项落实记录：1 项已完成",
    ):
        assert text in document.body


def test_due_month_reminder_once_per_item_and_month(plan_a, world):
    first, second, third, _fourth = _items(plan_a)
    PlanItem.objects.filter(pk__in=[first.pk, second.pk]).update(lead_org=world.org_a, due_month=3)
    PlanItem.objects.filter(pk=third.pk).update(lead_org=world.org_a, due_month=4)
    progress_report_submit(
        item=second, org=world.org_a, actor=None, status=ProgressStatus.DONE, text="已完成"
    )
    with time_machine.travel(dt.datetime(2020, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False):
        assert due_month_reminders() == 1  # the first item; the second is done, the third due in April
        assert due_month_reminders() == 0  # a repeated run sends nothing twice
    reminders = Notification.objects.filter(category=DUE_CATEGORY)
    assert {n.recipient for n in reminders} == {world.org_admin}
    assert all(n.url.startswith(reverse("workplans:item_detail", args=[first.pk])) for n in reminders)
    with time_machine.travel(dt.datetime(2020, 4, 1, 9, 0, tzinfo=dt.UTC), tick=False):
        assert due_month_reminders() == 1


def test_items_late_source(city_plan, world):
    first, second, third, _fourth = _items(city_plan)
    PlanItem.objects.filter(pk=first.pk).update(lead_org=world.org_a, due_month=3)
    PlanItem.objects.filter(pk=second.pk).update(lead_org=world.org_b, due_month=5)
    PlanItem.objects.filter(pk=third.pk).update(lead_org=world.org_a, due_month=6)
    with time_machine.travel(dt.datetime(2020, 4, 10, 2, 0, tzinfo=dt.UTC), tick=False):
        progress_report_submit(
            item=first, org=world.org_a, actor=None, status=ProgressStatus.DONE, text="完成"
        )
    source = indicator_sources.get("workplans.items_late")
    assert source.section == "网上办公"
    assert source.higher_is_better is False
    orgs = [world.city, world.county_x, world.county_y, world.org_a, world.org_b]
    values = source.values_for(orgs, Period.year(2020))
    assert {o.code: values[o.pk].value for o in orgs} == {
        "CITY": Decimal(2),
        "CX": Decimal(1),
        "CY": Decimal(1),
        "ORGA": Decimal(1),
        "ORGB": Decimal(1),
    }
    # as of 31 March only the first item's month has passed, and it was not yet reported done
    march = source.values_for(orgs, Period(dt.date(2020, 1, 1), dt.date(2020, 4, 1)))
    assert march[world.org_a.pk].value == Decimal(1)
    assert march[world.org_b.pk].value == Decimal(0)
