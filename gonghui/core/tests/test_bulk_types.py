"""`core.bulk` on both backends: values round-trip the way the ORM writes them (COPY on PostgreSQL, multi-row
INSERT on SQLite), per-row defaults, keys returned in row order, and a failure leaves nothing half-written."""

import datetime as dt
import uuid
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction

from gonghui.accounts.models import User
from gonghui.certificates.models import Certificate
from gonghui.core.bulk import _prep, ids_by, rows_insert, rows_insert_keys
from gonghui.orgs.tests.factories import OrgFactory

pytestmark = pytest.mark.django_db

AWKWARD = "制表\t换行\n回车\r反斜杠\\ \\N 引号'\" 逗号, 张三·阿不都 😀"
CHINA = dt.timezone(dt.timedelta(hours=8))


def _certificates(issuer_id: int, count: int, start: int = 0, **extra: Any) -> list[dict[str, Any]]:
    ct = ContentType.objects.get_for_model(User).pk
    return [
        {
            "issuer_id": issuer_id,
            "kind": "k",
            "series": "证",
            "year": 2026,
            "serial": n,
            "number": f"证-{n}",
            "code": f"C{n:05d}",
            "holder_type_id": ct,
            "holder_id": n,
            "holder_name": AWKWARD if n == 0 else f"持证人{n}",
            "owner_type_id": ct,
            "owner_id": 1,
            "title": AWKWARD,
            "awarded_on": dt.date(2026, 2, 29 - 1 - n % 3),
            **extra,
        }
        for n in range(start, start + count)
    ]


def test_values_round_trip_as_the_orm_reads_them():
    issuer = OrgFactory.create()
    revoked = dt.datetime(2026, 3, 1, 23, 30, 15, 123456, tzinfo=CHINA)  # the previous day in UTC
    fixed = uuid.UUID("12345678-1234-5678-1234-567812345678")
    data = {"名称": AWKWARD, "n": [1, 2.5, None, True], "nested": {"空": ""}}
    rows = _certificates(issuer.pk, 2, data=data, revoked_at=revoked, revoked_reason=AWKWARD, public_id=None)
    rows[0]["public_id"] = uuid.uuid4()
    rows[1].update(public_id=fixed, revoked_at=None, data={})
    assert rows_insert(Certificate, rows) == 2
    # columns left out: the callable default is called per row, the constant default used as is
    assert rows_insert(Certificate, _certificates(issuer.pk, 2, start=2)) == 2
    first, second, third, fourth = Certificate.objects.order_by("serial")
    assert (first.title, first.holder_name, first.revoked_reason) == (AWKWARD, AWKWARD, AWKWARD)
    assert first.data == data
    assert first.awarded_on == dt.date(2026, 2, 28)
    assert first.revoked_at == revoked
    assert second.public_id == fixed
    assert (second.revoked_at, second.data, second.revoked_by_id) == (None, {}, None)
    assert isinstance(third.public_id, uuid.UUID)
    assert len({first.public_id, second.public_id, third.public_id, fourth.public_id}) == 4
    assert (third.status, third.data, third.revoked_at, third.revoked_reason) == ("valid", {}, None, "")


def test_booleans_and_nulls_and_keys_in_row_order():
    rows = [
        {"username": f"b{n}", "name": AWKWARD, "password": "!", "is_active": n % 2 == 0, "last_login": None}
        for n in range(7)
    ]
    keys = rows_insert_keys(User, rows, batch_size=3)  # several statements on SQLite
    assert len(set(keys)) == 7
    got = dict(User.objects.filter(pk__in=keys).values_list("pk", "username"))
    assert [got[k] for k in keys] == [f"b{n}" for n in range(7)]
    users = {u.username: u for u in User.objects.filter(pk__in=keys)}
    assert [users[f"b{n}"].is_active for n in range(7)] == [n % 2 == 0 for n in range(7)]
    assert users["b0"].name == AWKWARD
    assert users["b0"].last_login is None
    assert ids_by(User, "username", ["b3", "nobody"]) == {"b3": keys[3]}
    # the keys come from the table's own sequence: the ORM's next row follows them
    assert User.objects.create(username="after", name="后").pk > max(keys)
    assert rows_insert_keys(User, []) == []


def test_a_failing_row_rolls_back_the_whole_write():
    issuer = OrgFactory.create()
    rows = _certificates(issuer.pk, 5)
    rows[3]["code"] = rows[1]["code"]  # unique
    with pytest.raises(IntegrityError), transaction.atomic():
        rows_insert(Certificate, rows)
    assert not Certificate.objects.exists()
    users = [{"username": f"r{n}", "name": "回滚", "password": "!"} for n in range(4)]
    users.append({"username": "r0", "name": "重复", "password": "!"})
    with pytest.raises(IntegrityError), transaction.atomic():
        rows_insert_keys(User, users)
    assert not User.objects.filter(username__startswith="r").exists()


@pytest.mark.postgres
def test_postgresql_writes_through_copy(django_assert_max_num_queries):
    assert connection.vendor == "postgresql"
    issuer = OrgFactory.create()
    with django_assert_max_num_queries(2):  # content types are cached; COPY is not logged as a query
        rows_insert(Certificate, _certificates(issuer.pk, 50))
    assert Certificate.objects.count() == 50


def test_a_plain_date_is_sent_as_the_orm_sends_it():
    # the shortcut for dates, compared with the ORM's own conversion
    field = Certificate._meta.get_field("awarded_on")
    prep = _prep(field)
    assert prep is not None
    for value in (dt.date(2026, 2, 28), dt.date(1, 1, 1), None, "2026-02-28"):
        assert prep(value) == field.get_db_prep_save(value, connection=connection)


def test_a_uuid_is_sent_as_the_orm_sends_it_and_now_defaults_are_one_timestamp():
    field = Certificate._meta.get_field("public_id")
    prep = _prep(field)
    assert prep is not None
    for value in (uuid.uuid4(), None, "12345678-1234-5678-1234-567812345678"):
        assert prep(value) == field.get_db_prep_save(value, connection=connection)
    rows_insert(User, [{"username": f"t{i}", "name": "时", "password": "!"} for i in range(3)])
    assert User.objects.filter(username__startswith="t").values("date_joined").distinct().count() == 1
