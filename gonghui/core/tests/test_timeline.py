"""The handling timeline: one subject's rows, oldest first, actors loaded in the same query."""

import datetime as dt

import time_machine
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string

from gonghui.accounts.models import User
from gonghui.core.models import TimelineEntry
from gonghui.core.timeline import timeline_for, timeline_record

T0 = dt.datetime(2026, 5, 1, 8, 0, tzinfo=dt.UTC)


def test_timeline_record_writes_one_row(world):
    # when
    entry = timeline_record(
        subject=world.org_a,
        actor=world.org_admin,
        action="edit",
        action_label="修改",
        from_state="a",
        to_state="b",
        note="更正名称",
    )
    # then
    stored = TimelineEntry.objects.get()
    assert stored == entry
    assert stored.subject == world.org_a
    assert stored.object_id == str(world.org_a.pk)
    assert (stored.actor, stored.action, stored.action_label) == (world.org_admin, "edit", "修改")
    assert (stored.from_state, stored.to_state, stored.note) == ("a", "b", "更正名称")


def test_timeline_record_for_anonymous_actor(world):
    # when
    timeline_record(subject=world.org_a, actor=AnonymousUser(), action="auto", action_label="系统处理")
    # then
    entry = TimelineEntry.objects.get()
    assert entry.actor is None
    assert (entry.from_state, entry.to_state, entry.note) == ("", "", "")


def test_timeline_is_oldest_first_by_time_not_by_insertion(world):
    # given a row written "later" first, then one written earlier (e.g. an import back-filling history)
    with time_machine.travel(T0 + dt.timedelta(hours=2), tick=False):
        timeline_record(subject=world.org_a, actor=world.org_admin, action="second", action_label="二")
    with time_machine.travel(T0, tick=False):
        timeline_record(subject=world.org_a, actor=world.org_admin, action="first", action_label="一")
    with time_machine.travel(T0 + dt.timedelta(days=1), tick=False):
        timeline_record(subject=world.org_a, actor=world.org_admin, action="third", action_label="三")
    # when
    actions = [e.action for e in timeline_for(world.org_a)]
    # then
    assert actions == ["first", "second", "third"]


def test_same_instant_is_ordered_by_insertion(world):
    # given
    with time_machine.travel(T0, tick=False):
        for action in ["a", "b", "c"]:
            timeline_record(subject=world.org_a, actor=world.org_admin, action=action, action_label=action)
    # then
    assert [e.action for e in timeline_for(world.org_a)] == ["a", "b", "c"]


def test_timeline_holds_only_its_subject(world):
    # given rows for org A, org B, and a user whose row carries org A's id under another content type
    timeline_record(subject=world.org_a, actor=world.org_admin, action="mine", action_label="甲")
    timeline_record(subject=world.org_b, actor=world.outsider, action="theirs", action_label="乙")
    TimelineEntry.objects.create(
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(world.org_a.pk),
        action="user",
        action_label="账号",
    )
    # then
    assert [e.action for e in timeline_for(world.org_a)] == ["mine"]
    assert [e.action for e in timeline_for(world.org_b)] == ["theirs"]


def test_timeline_loads_actors_in_one_query(world, django_assert_num_queries):
    # given
    for i in range(3):
        timeline_record(subject=world.org_a, actor=world.org_admin, action=f"a{i}", action_label="修改")
    ContentType.objects.get_for_model(world.org_a)  # warm the content-type cache
    # when / then
    with django_assert_num_queries(1):
        names = [getattr(e.actor, "username", None) for e in timeline_for(world.org_a)]
    assert names == ["admin_a", "admin_a", "admin_a"]


def test_timeline_component_renders(world):
    # given
    with time_machine.travel(T0, tick=False):
        timeline_record(
            subject=world.org_a,
            actor=world.org_admin,
            action="deactivate",
            action_label="停用",
            from_state="正常",
            to_state="已停用",
            note="学校撤并",
        )
    # when
    html = render_to_string("components/timeline.html", {"timeline": timeline_for(world.org_a)})
    empty = render_to_string("components/timeline.html", {"timeline": timeline_for(world.org_b)})
    # then
    assert "停用" in html
    assert "admin_a · 正常 → 已停用" in html
    assert "学校撤并" in html
    assert "2026年5月1日 16:00" in html
    assert "暂无记录" in empty


def test_the_timeline_card_shows_states_in_chinese_without_a_label_map(world):
    # given a row whose states are the subject's stored values
    timeline_record(
        subject=world.org_a,
        actor=world.org_admin,
        action="close",
        action_label="停用",
        from_state="active",
        to_state="inactive",
    )
    timeline_record(
        subject=world.org_a, actor=world.org_admin, action="x", action_label="核对", to_state="odd"
    )
    # when the card is rendered without state_labels
    html = render_to_string("core/_timeline.html", {"timeline": timeline_for(world.org_a)})
    # then the labels of Org.status are shown, and a value no choice knows is shown as stored
    assert "正常 → 已停用" in html
    assert "active" not in html
    assert "inactive" not in html
    assert "odd" in html
