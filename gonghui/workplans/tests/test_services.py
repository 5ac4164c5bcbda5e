"""Services of the 工作要点 module: import, the hand edits of the tree, assignment and progress reports — each
with its timeline row, its permission check and nothing half-written on refusal."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.attachments.models import Attachment
from gonghui.core.models import TimelineEntry
from gonghui.notifications.models import Notification
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.models import Department
from gonghui.orgs.targeting import OrgTarget, TargetKind
from gonghui.orgs.tests.factories import OrgFactory
from gonghui.workplans.choices import NumberStyle, PlanAction, ProgressStatus
from gonghui.workplans.models import PlanActivity, PlanItem, PlanSection, ProgressReport, WorkPlan
from gonghui.workplans.numerals import int_to_cn
from gonghui.workplans.parsing import ParsedItem, ParsedPlan, ParsedSection, parsed_plan_from_dict
from gonghui.workplans.services import (
    activity_create,
    activity_delete,
    activity_move,
    activity_update,
    assignment_set,
    item_create,
    item_delete,
    item_merge,
    item_move,
    item_split,
    item_update,
    progress_report_submit,
    section_renumber,
    section_update,
    workplan_import,
    workplan_update,
)

from .factories import import_plan, parsed_plan

pytestmark = pytest.mark.django_db


def _items(plan):
    return list(PlanItem.objects.filter(section__plan=plan).order_by("section__order", "order"))


def _tree(plan):
    """[(section title, [(number, text, [activity texts])])] in order."""
    return [
        (
            s.title,
            [
                (i.number, i.text, [a.text for a in i.activities.order_by("order")])
                for i in s.items.order_by("order")
            ],
        )
        for s in plan.sections.order_by("order")
    ]


def _timeline(subject):
    return list(
        TimelineEntry.objects.filter(object_id=str(subject.pk), content_type__model=subject._meta.model_name)
        .order_by("id")
        .values_list("action", flat=True)
    )


# ---- import ----------------------------------------------------------------------------------------------


def test_import_builds_the_tree_with_orders_and_a_timeline_row(officers):
    # when
    plan = workplan_import(
        org=officers.org_a, plan=parsed_plan(), actor=officers.org_admin, source_name="甲中工作要点.txt"
    )
    # then
    plan = WorkPlan.objects.get(pk=plan.pk)
    assert (plan.org, plan.title, plan.doc_number, plan.issuer, plan.date, plan.year, plan.source_name) == (
        officers.org_a,
        "甲县第一中学工会2020年工作要点",
        "甲中工〔2020〕1号",
        "甲县第一中学工会",
        dt.date(2020, 4, 17),
        2020,
        "甲中工作要点.txt",
    )
    assert plan.created_by == officers.org_admin
    assert _tree(plan) == [
        (
            "加强思想引领",
            [
                ("（一）", "坚持理论武装，组织教职工学习。", []),
                (
                    "（二）",
                    "开展劳动和技能竞赛",
                    ["与教育局联合开展教学技能竞赛。", "开展班主任基本功竞赛。"],
                ),
                ("（三）", "开展职工文体活动。", ["推广工间操。"]),
            ],
        ),
        ("维权服务", [("（四）", "做好送温暖工作。", [])]),
    ]
    assert [s.order for s in plan.sections.order_by("order")] == [1, 2]
    assert [i.order for i in _items(plan)] == [1, 2, 3, 1]
    entry = TimelineEntry.objects.get(object_id=str(plan.pk), action=PlanAction.IMPORT)
    assert entry.note == "从 甲中工作要点.txt 导入：2 个部分、4 个条目、3 项具体工作"


def test_import_takes_the_year_from_the_title_when_the_date_is_missing(officers):
    # given
    parsed = parsed_plan(title="甲中2023年工作要点")
    parsed.date = None
    # when
    plan = workplan_import(org=officers.org_a, plan=parsed, source_name="x.txt")
    # then
    assert (plan.year, plan.date, plan.created_by) == (2023, None, None)


def test_import_refuses_the_same_doc_number_twice_for_one_union(plan_a, officers):
    # when / then
    with pytest.raises(ValidationError) as exc:
        import_plan(officers.org_a)
    assert exc.value.message_dict == {"file": ["甲县第一中学工会 已导入文号为 甲中工〔2020〕1号 的工作要点"]}
    assert WorkPlan.objects.count() == 1
    # the same number in another union is another plan
    import_plan(officers.org_b)
    assert WorkPlan.objects.count() == 2


def test_import_refuses_a_plan_without_items_and_writes_nothing(officers):
    # given
    empty = ParsedPlan(
        title="空要点", doc_number=None, issuer="", date=None, sections=[ParsedSection("一部分", [])]
    )
    # when / then
    with pytest.raises(ValidationError) as exc:
        workplan_import(org=officers.org_a, plan=empty, source_name="x.txt")
    assert exc.value.message_dict == {"file": ["文件中没有识别出任何编号条目"]}
    assert (WorkPlan.objects.count(), PlanSection.objects.count()) == (0, 0)


def test_import_needs_manage_on_the_issuing_union(officers):
    # when / then: org B's officer cannot import for org A, org A's plain member nowhere
    for actor in (officers.outsider, officers.org_member):
        with pytest.raises(PermissionDenied):
            import_plan(officers.org_a, actor=actor)
    assert WorkPlan.objects.count() == 0


def test_parsed_plan_round_trips_through_its_json():
    # given
    plan = parsed_plan()
    # when
    again = parsed_plan_from_dict(plan.as_json())
    # then
    assert again == plan
    assert again.sections[0].items[1] == ParsedItem(
        "（二）", "开展劳动和技能竞赛", ["与教育局联合开展教学技能竞赛。", "开展班主任基本功竞赛。"]
    )


# ---- editing ---------------------------------------------------------------------------------------------


def test_merge_appends_text_and_moves_activities_reports_and_participants(plan_a, officers):
    # given
    first, second, third, _fourth = _items(plan_a)
    assignment_set(
        target=third,
        actor=officers.org_admin,
        participants=[OrgTarget(kind=TargetKind.ORG, org_id=officers.org_a.pk)],
        due_month=6,
    )
    progress_report_submit(
        item=third, org=officers.org_a, actor=officers.org_admin, status=ProgressStatus.DONE, text="已完成"
    )
    # when
    item_merge(item=second, other=third, actor=officers.org_admin)
    # then
    second.refresh_from_db()
    assert second.text == "开展劳动和技能竞赛。开展职工文体活动。"
    assert [a.text for a in second.activities.order_by("order")] == [
        "与教育局联合开展教学技能竞赛。",
        "开展班主任基本功竞赛。",
        "推广工间操。",
    ]
    assert [a.order for a in second.activities.order_by("order")] == [1, 2, 3]
    assert list(second.participants.all()) == [officers.org_a]
    assert second.participant_targets == [{"kind": "org", "org": officers.org_a.pk, "level": ""}]
    assert second.due_month == 6
    assert ProgressReport.objects.get().item == second
    assert not PlanItem.objects.filter(pk=third.pk).exists()
    assert [(i.number, i.order) for i in _items(plan_a)] == [("（一）", 1), ("（二）", 2), ("（四）", 1)]
    assert _timeline(plan_a)[-1] == PlanAction.MERGE_ITEMS


def test_merge_refuses_itself_and_items_of_another_plan(plan_a, officers):
    # given
    other_plan = import_plan(officers.org_a, doc_number="甲中工〔2020〕2号")
    first = _items(plan_a)[0]
    # when / then
    with pytest.raises(ValidationError) as exc:
        item_merge(item=first, other=first, actor=officers.org_admin)
    assert exc.value.message_dict == {"other": ["不能与条目自身合并"]}
    with pytest.raises(ValidationError) as exc:
        item_merge(item=first, other=_items(other_plan)[0], actor=officers.org_admin)
    assert exc.value.message_dict == {"other": ["只能合并同一工作要点中的条目"]}
    assert PlanItem.objects.count() == 8


def test_split_puts_the_second_part_right_after_with_the_chosen_activities(plan_a, officers):
    # given
    _first, second, _third, _fourth = _items(plan_a)
    moving = second.activities.order_by("order").last()
    # when
    new = item_split(
        item=second,
        actor=officers.org_admin,
        first_text="开展劳动竞赛。",
        second_text="开展技能竞赛。",
        second_number="（二之二）",
        activity_ids=[moving.pk],
    )
    # then
    assert [(i.number, i.text, i.order) for i in _items(plan_a)][:4] == [
        ("（一）", "坚持理论武装，组织教职工学习。", 1),
        ("（二）", "开展劳动竞赛。", 2),
        ("（二之二）", "开展技能竞赛。", 3),
        ("（三）", "开展职工文体活动。", 4),
    ]
    assert [a.text for a in new.activities.all()] == ["开展班主任基本功竞赛。"]
    assert [(a.text, a.order) for a in second.activities.order_by("order")] == [
        ("与教育局联合开展教学技能竞赛。", 1)
    ]
    assert _timeline(plan_a)[-1] == PlanAction.SPLIT_ITEM


def test_split_refuses_an_empty_part_and_foreign_activities(plan_a, officers):
    # given
    first, second, _third, _fourth = _items(plan_a)
    # when / then
    with pytest.raises(ValidationError) as exc:
        item_split(item=first, actor=officers.org_admin, first_text="前一段", second_text="  ")
    assert exc.value.message_dict == {"second_text": ["请填写后一条的内容"]}
    with pytest.raises(ValidationError) as exc:
        item_split(
            item=first,
            actor=officers.org_admin,
            first_text="前",
            second_text="后",
            activity_ids=[second.activities.first().pk],
        )
    assert exc.value.message_dict == {"activity_ids": ["所选具体工作不属于该条目"]}
    assert PlanItem.objects.count() == 4
    first.refresh_from_db()
    assert first.text == "坚持理论武装，组织教职工学习。"


def test_move_within_a_section_and_to_another_section(plan_a, officers):
    # given
    first, second, third, fourth = _items(plan_a)
    sections = list(plan_a.sections.order_by("order"))
    # when: the third item goes to the top of its part
    item_move(item=third, actor=officers.org_admin, section=sections[0], position=1)
    # then
    assert [i.number for i in sections[0].items.order_by("order")] == ["（三）", "（一）", "（二）"]
    # when: the first item goes to the second part, after （四）
    item_move(item=first, actor=officers.org_admin, section=sections[1], position=5)
    # then
    assert [(i.number, i.order) for i in sections[0].items.order_by("order")] == [
        ("（三）", 1),
        ("（二）", 2),
    ]
    assert [(i.number, i.order) for i in sections[1].items.order_by("order")] == [
        ("（四）", 1),
        ("（一）", 2),
    ]
    assert _timeline(plan_a)[-2:] == [PlanAction.MOVE_ITEM, PlanAction.MOVE_ITEM]


def test_renumber_continues_the_chinese_numbers(plan_a, officers):
    # given: the items of the first part were renumbered wrongly by hand
    section = plan_a.sections.order_by("order").first()
    # when
    section_renumber(section=section, actor=officers.org_admin, style=NumberStyle.PAREN_CHINESE, start=9)
    # then
    assert [i.number for i in section.items.order_by("order")] == ["（九）", "（十）", "（十一）"]
    # when
    section_renumber(section=section, actor=officers.org_admin, style=NumberStyle.CHINESE_SHI, start=1)
    assert [i.number for i in section.items.order_by("order")] == ["一是", "二是", "三是"]
    section_renumber(section=section, actor=officers.org_admin, style=NumberStyle.ARABIC, start=20)
    assert [i.number for i in section.items.order_by("order")] == ["20", "21", "22"]
    entry = TimelineEntry.objects.filter(action=PlanAction.RENUMBER).latest("id")
    assert entry.note == "加强思想引领：20—22"


@pytest.mark.parametrize(
    ("n", "text"),
    [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"), (22, "二十二"), (99, "九十九")],
)
def test_chinese_numerals(n, text):
    assert int_to_cn(n) == text


def test_texts_sections_and_activities_are_edited_created_moved_and_deleted(plan_a, officers):
    # given
    admin = officers.org_admin
    section = plan_a.sections.order_by("order").first()
    first, second, third, fourth = _items(plan_a)
    # when
    section_update(section=section, actor=admin, title="思想引领")
    item_update(item=first, actor=admin, number="（1）", text="新的内容")
    added = item_create(section=section, actor=admin, number="（五）", text="新增条目")
    activity = activity_create(item=first, actor=admin, text="新增具体工作")
    activity_update(activity=activity, actor=admin, text="改过的具体工作")
    moved = second.activities.order_by("order").first()
    activity_move(activity=moved, actor=admin, item=third, position=1)
    activity_delete(activity=third.activities.order_by("order").last(), actor=admin)
    item_delete(item=added, actor=admin)
    # then
    assert _tree(plan_a) == [
        (
            "思想引领",
            [
                ("（1）", "新的内容", ["改过的具体工作"]),
                ("（二）", "开展劳动和技能竞赛", ["开展班主任基本功竞赛。"]),
                ("（三）", "开展职工文体活动。", ["与教育局联合开展教学技能竞赛。"]),
            ],
        ),
        ("维权服务", [("（四）", "做好送温暖工作。", [])]),
    ]
    assert [a.order for a in PlanActivity.objects.filter(item=second)] == [1]
    assert _timeline(plan_a)[1:] == [
        PlanAction.EDIT_SECTION,
        PlanAction.EDIT_ITEM,
        PlanAction.ADD_ITEM,
        PlanAction.ADD_ACTIVITY,
        PlanAction.EDIT_ACTIVITY,
        PlanAction.MOVE_ACTIVITY,
        PlanAction.DELETE_ACTIVITY,
        PlanAction.DELETE_ITEM,
    ]


def test_an_item_with_reports_cannot_be_deleted(plan_a, officers):
    # given
    first = _items(plan_a)[0]
    progress_report_submit(
        item=first, org=officers.org_a, actor=officers.org_admin, status="in_progress", text="进行中"
    )
    # when / then
    with pytest.raises(ValidationError) as exc:
        item_delete(item=first, actor=officers.org_admin)
    assert exc.value.messages == ["已有单位报告进展的条目不能删除，可将其合并到其他条目"]
    assert PlanItem.objects.filter(pk=first.pk).exists()


def test_editing_needs_manage_on_the_issuing_union(city_plan, officers, county_x_officer):
    # given: the county below the city sees the city's plan but does not manage it
    first = _items(city_plan)[0]
    # when / then
    for actor in (county_x_officer, officers.org_admin, officers.outsider):
        with pytest.raises(PermissionDenied):
            item_update(item=first, actor=actor, number="x", text="改")
    first.refresh_from_db()
    assert first.number == "（一）"


def test_plan_update_checks_the_doc_number(plan_a, officers):
    # given
    import_plan(officers.org_a, doc_number="甲中工〔2020〕2号")
    # when / then
    with pytest.raises(ValidationError) as exc:
        workplan_update(
            plan=plan_a,
            actor=officers.org_admin,
            title="新标题",
            doc_number="甲中工〔2020〕2号",
            issuer="",
            date=None,
            year=2020,
        )
    assert exc.value.message_dict == {"doc_number": ["该工会已有相同文号的工作要点"]}
    # when
    workplan_update(
        plan=plan_a,
        actor=officers.org_admin,
        title="新标题",
        doc_number="",
        issuer="甲中",
        date=None,
        year=2021,
    )
    # then
    plan_a.refresh_from_db()
    assert (plan_a.title, plan_a.doc_number, plan_a.year) == ("新标题", "", 2021)


# ---- assignment ------------------------------------------------------------------------------------------


def test_assignment_expands_participants_within_the_issuing_union(city_plan, city_officer, world):
    # given
    department = Department.objects.create(org=world.city, name="组织部")
    item = _items(city_plan)[0]
    # when: lead by the 组织部, every county union takes part, due in June
    assignment_set(
        target=item,
        actor=city_officer,
        lead_department=department,
        participants=[OrgTarget(kind=TargetKind.LEVEL, org_id=world.city.pk, level=OrgLevel.COUNTY)],
        due_month=6,
    )
    # then
    item.refresh_from_db()
    assert (item.lead_department, item.lead_org, item.due_month) == (department, None, 6)
    assert list(item.participants.order_by("path")) == [world.county_x, world.county_y]
    assert item.participant_targets == [{"kind": "level", "org": world.city.pk, "level": "county"}]
    assert item.due_date(2020) == dt.date(2020, 6, 30)
    entry = TimelineEntry.objects.filter(action=PlanAction.ASSIGN).get()
    assert entry.note == "（一）坚持理论武装，组织教职工学习。：牵头 组织部；参与单位 2 个；完成时限 6月"


def test_assignment_of_an_activity_with_a_lead_org(city_plan, city_officer, world):
    # given
    activity = PlanActivity.objects.filter(item__section__plan=city_plan).earliest("id")
    # when
    assignment_set(
        target=activity,
        actor=city_officer,
        lead_org=world.county_x,
        participants=[OrgTarget(kind=TargetKind.SUBTREE, org_id=world.county_x.pk)],
        due_month=12,
    )
    # then
    activity.refresh_from_db()
    assert activity.lead_org == world.county_x
    assert set(activity.participants.all()) == {world.county_x, world.org_a}
    assert activity.due_date(2020) == dt.date(2020, 12, 31)


def test_assignment_refuses_what_lies_outside_the_issuing_union(plan_a, officers, world):
    # given
    item = _items(plan_a)[0]
    city_department = Department.objects.create(org=world.city, name="组织部")
    cases = [
        ({"lead_department": city_department}, {"lead_department": ["牵头部门必须是甲县第一中学工会的部门"]}),
        ({"lead_org": world.org_b}, {"lead_org": ["牵头单位必须是甲县第一中学工会或其下级的正常组织"]}),
        (
            {"participants": [OrgTarget(kind=TargetKind.ORG, org_id=world.org_b.pk)]},
            {"participants": ["所选范围超出本组织的管辖范围"]},
        ),
        ({"due_month": 13}, {"due_month": ["完成月份须在 1 到 12 月之间"]}),
    ]
    for kwargs, message in cases:
        # when / then
        with pytest.raises(ValidationError) as exc:
            assignment_set(target=item, actor=officers.org_admin, **kwargs)
        assert exc.value.message_dict == message
    item.refresh_from_db()
    assert not item.is_assigned


# ---- progress reports ------------------------------------------------------------------------------------


def test_a_union_below_reports_with_attachments(city_plan, county_x_officer, world):
    # given
    item = _items(city_plan)[1]
    upload = SimpleUploadedFile(
        "进展.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", "application/pdf"
    )
    # when
    report = progress_report_submit(
        item=item,
        org=world.county_x,
        actor=county_x_officer,
        status=ProgressStatus.IN_PROGRESS,
        text="已完成初赛",
        uploads=[upload],
    )
    progress_report_submit(
        item=item, org=world.county_x, actor=county_x_officer, status=ProgressStatus.DONE, text="决赛结束"
    )
    # then
    assert report.reported_by == county_x_officer
    assert Attachment.objects.get().original_name == "进展.pdf"
    entries = list(TimelineEntry.objects.filter(action=PlanAction.REPORT).order_by("id"))
    assert [(e.from_state, e.to_state, e.note) for e in entries] == [
        ("", "进行中", "甲县教育工会：已完成初赛"),
        ("进行中", "已完成", "甲县教育工会：决赛结束"),
    ]


def test_a_refused_attachment_stores_no_report(city_plan, county_x_officer, world):
    # given
    item = _items(city_plan)[0]
    upload = SimpleUploadedFile("进展.exe", b"MZ\x90\x00", "application/octet-stream")
    # when / then
    with pytest.raises(ValidationError) as exc:
        progress_report_submit(
            item=item,
            org=world.county_x,
            actor=county_x_officer,
            status="done",
            text="完成",
            uploads=[upload],
        )
    assert list(exc.value.message_dict) == ["attachments"]
    assert exc.value.message_dict["attachments"][0].startswith("进展.exe：不支持该文件类型")
    assert (ProgressReport.objects.count(), Attachment.objects.count()) == (0, 0)


def test_reports_need_a_union_inside_the_plan_and_the_report_action_there(
    city_plan, county_x_officer, plan_a, world
):
    # given
    item = _items(plan_a)[0]
    outside = OrgFactory.create(code="OUT1", name="外市工会", unit_name="外市", level=OrgLevel.CITY)
    # when / then: a union outside org A's plan
    with pytest.raises(ValidationError) as exc:
        progress_report_submit(item=item, org=world.county_x, actor=county_x_officer, status="done", text="x")
    assert exc.value.message_dict == {"org": ["甲县教育工会 不在本工作要点的范围内"]}
    with pytest.raises(ValidationError):
        progress_report_submit(item=_items(city_plan)[0], org=outside, actor=None, status="done", text="x")
    # a union inside the plan, but the actor may not report for it
    with pytest.raises(PermissionDenied):
        progress_report_submit(
            item=_items(city_plan)[0], org=world.county_y, actor=county_x_officer, status="done", text="x"
        )
    # empty text, unknown status
    with pytest.raises(ValidationError) as exc:
        progress_report_submit(
            item=_items(city_plan)[0], org=world.county_x, actor=county_x_officer, status="done", text=" "
        )
    assert exc.value.message_dict == {"text": ["请填写进展情况"]}
    with pytest.raises(ValidationError) as exc:
        progress_report_submit(
            item=_items(city_plan)[0], org=world.county_x, actor=county_x_officer, status="late", text="x"
        )
    assert exc.value.message_dict == {"status": ["请选择进展状态"]}
    assert ProgressReport.objects.count() == 0


def test_the_lead_union_and_the_issuer_hear_about_assignments_and_blocked_items(
    city_plan, city_officer, county_x_officer, world
):
    # given
    item = _items(city_plan)[0]
    # when
    assignment_set(target=item, actor=city_officer, lead_org=world.county_x, due_month=5)
    progress_report_submit(
        item=item, org=world.county_x, actor=county_x_officer, status="in_progress", text="进行"
    )
    progress_report_submit(
        item=item, org=world.county_x, actor=county_x_officer, status="blocked", text="经费未到位"
    )
    # then
    assert list(Notification.objects.filter(recipient=county_x_officer).values_list("title", "url")) == [
        ("甲县教育工会牵头：测试市教科文卫体工会2020年工作要点 （一）", f"/workplans/items/{item.pk}/")
    ]
    assert list(Notification.objects.filter(recipient=city_officer).values_list("title", "body")) == [
        ("工作要点条目受阻：（一）", "甲县教育工会：经费未到位")
    ]
