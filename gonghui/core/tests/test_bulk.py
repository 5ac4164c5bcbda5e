import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType

from gonghui.accounts.models import User
from gonghui.core.bulk import filter_in, ids_by, rows_insert
from gonghui.core.models import TimelineEntry

pytestmark = pytest.mark.django_db


def test_rows_get_the_same_defaults_the_orm_would_give():
    orm_user = User.objects.create(username="orm", name="对照")
    assert (
        rows_insert(User, [{"username": f"u{i}", "name": f"批量{i}", "password": "!"} for i in range(3)]) == 3
    )
    users = list(User.objects.filter(username__startswith="u").order_by("username"))
    assert [u.name for u in users] == ["批量0", "批量1", "批量2"]
    for user in users:
        assert (user.is_active, user.is_staff, user.last_login) == (
            orm_user.is_active,
            orm_user.is_staff,
            None,
        )
        assert user.date_joined is not None
        assert user.has_usable_password() is False


def test_auto_now_fields_get_one_timestamp_and_keys_can_be_read_back():
    ct = ContentType.objects.get_for_model(User)
    before = dt.datetime.now(dt.UTC)
    rows_insert(
        TimelineEntry,
        [
            {"content_type_id": ct.pk, "object_id": str(n), "action": "a", "action_label": "甲"}
            for n in range(5)
        ],
        batch_size=2,  # several batches
    )
    entries = list(TimelineEntry.objects.order_by("object_id"))
    assert [e.object_id for e in entries] == ["0", "1", "2", "3", "4"]
    assert len({e.created_at for e in entries}) == 1
    assert entries[0].created_at >= before.replace(microsecond=0)
    assert (entries[0].actor, entries[0].note, entries[0].from_state) == (None, "", "")
    keys = ids_by(TimelineEntry, "object_id", ["1", "3", "9"])
    assert keys == {"1": entries[1].pk, "3": entries[3].pk}


def test_a_required_column_left_out_is_a_programming_error_and_nothing_is_written():
    with pytest.raises(ValueError, match="TimelineEntry.content_type_id has no default"):
        rows_insert(TimelineEntry, [{"object_id": "1"}])
    assert rows_insert(TimelineEntry, []) == 0
    assert not TimelineEntry.objects.exists()


def test_filter_in_selects_exactly_the_rows_with_those_values(django_assert_num_queries):
    rows_insert(User, [{"username": f"f{i}", "name": f"查{i}", "password": "!"} for i in range(7)])
    wanted = ["f1", "f2", "f4", "f6", "f9"]  # f4 excluded by the queryset, f9 missing
    parts = list(filter_in(User.objects.exclude(name="查4"), "username", wanted, chunk=2))
    # one statement with one parameter (an array on PostgreSQL, JSON on SQLite)
    assert len(parts) == 1
    with django_assert_num_queries(1):
        found = sorted(name for part in parts for name in part.values_list("username", flat=True))
    assert found == ["f1", "f2", "f6"]
    assert list(filter_in(User.objects.all(), "username", [])) == []


def test_filter_in_takes_integers_and_awkward_text():
    rows_insert(
        User, [{"username": name, "name": "甲", "password": "!"} for name in ("a'b", 'c"d', "张三", "x")]
    )
    users = {u.username: u.pk for u in User.objects.all()}
    wanted = ["a'b", 'c"d', "张三", "none"]
    (part,) = filter_in(User.objects.all(), "username", wanted)
    assert sorted(part.values_list("username", flat=True)) == sorted(["a'b", 'c"d', "张三"])
    (part,) = filter_in(User.objects.all(), "pk", [users["x"], users["张三"], -1])
    assert sorted(part.values_list("username", flat=True)) == ["x", "张三"]
