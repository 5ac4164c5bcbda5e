"""The proof the issue asks for: after a batch of responses from distinct members, nothing the store keeps — its
rows, the buffer, the Django caches, the log records of every logger — links an answer to the member who gave it.

25 members of a 30-member ballot answer through the real page (a session, an address and a browser name each),
in a known order, each with a remark naming their place in that order, so the test can read the submission order
back out of the stored answers. The shuffle is seeded (`services._shuffler`), so the orders compared are fixed."""

import datetime as dt
import logging
import pickle
import random
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection, models
from django.test import Client
from django.urls import reverse

from gonghui.responses import services
from gonghui.responses.choices import Attribute
from gonghui.responses.models import AnonymousAnswer, Collection, Participation, PendingAnswer
from gonghui.responses.services import responses_close

from .conftest import CANDIDATES

pytestmark = pytest.mark.django_db
BATCH = 25
MY_TABLES = (AnonymousAnswer, PendingAnswer, Participation, Collection)


def _remark(n: int) -> str:
    return f"第{n:02d}号意见"


def _submit_all(ballot, voters, start=0):
    """Each voter answers from their own browser; returns what identifies each of them."""
    identities = []
    url = reverse("responses:answer", args=["test_ballot", ballot.pk])
    for n, member in enumerate(voters, start=start):
        client = Client(REMOTE_ADDR=f"10.9.8.{n + 1}", HTTP_USER_AGENT=f"TestBrowser/{n}.77")
        client.force_login(member.user)
        response = client.post(
            url,
            {"vote": ("同意", "不同意", "弃权")[n % 3], "elect": [CANDIDATES[n % 3]], "remark": _remark(n)},
        )
        assert response.status_code == 302, response.content.decode()[:500]
        identities.append(
            {
                str(member.pk),
                str(member.public_id),
                str(member.user_id),
                member.user.username,
                member.name,
                member.phone,
                member.id_number_masked,
                client.session.session_key,
                f"10.9.8.{n + 1}",
                f"TestBrowser/{n}.77",
            }
        )
    return identities


def _scalars(value):
    if isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _scalars(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _scalars(item)
    else:
        yield value


def _order(queryset) -> list[int]:
    """The submission numbers of the stored answers, in the queryset's order (read from the remarks)."""
    return [int(answers["remark"][1:3]) for answers in queryset.values_list("answers", flat=True)]


def _physical_order(ballot) -> list[int]:
    """The order the database keeps the rows in (SQLite's rowid, PostgreSQL's ctid): the insertion order."""
    column = "rowid" if connection.vendor == "sqlite" else "ctid"
    table = AnonymousAnswer._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "id" FROM "{table}" ORDER BY {column}')  # noqa: S608 (names of our own table)
        ids = [row[0] for row in cursor.fetchall()]
    by_id = {
        str(pk).replace("-", ""): answers
        for pk, answers in AnonymousAnswer.objects.values_list("pk", "answers")
    }
    return [int(by_id[str(pk).replace("-", "")]["remark"][1:3]) for pk in ids]


def _cache_dump() -> str:
    """Everything in every configured cache, as text (locmem, file-based or Redis)."""
    parts = []
    for alias in settings.CACHES:
        cache = caches[alias]
        store = getattr(cache, "_cache", None)
        if isinstance(store, dict):  # locmem: key -> pickled value
            for key, value in store.items():
                parts.append(key)
                try:
                    parts.append(repr(pickle.loads(value)))  # noqa: S301 (our own test cache)
                except Exception:  # noqa: BLE001
                    parts.append(repr(value))
        elif hasattr(cache, "_dir"):
            for path in Path(cache._dir).glob("**/*"):
                if path.is_file():
                    parts.append(path.read_bytes().decode("latin-1"))
        elif hasattr(cache, "_cache") and hasattr(cache._cache, "get_client"):
            client = cache._cache.get_client()
            for key in client.keys("*"):
                parts.extend([repr(key), repr(client.get(key))])
    return "\n".join(parts)


def _rows(model) -> list[dict[str, Any]]:
    return list(model.objects.values())


@pytest.fixture
def every_log(caplog):
    """caplog at DEBUG for every logger, those that do not pass their records up to the root (django.server) too."""
    caplog.set_level(logging.DEBUG)
    apart = [
        logger
        for logger in logging.root.manager.loggerDict.values()
        if isinstance(logger, logging.Logger) and not logger.propagate
    ]
    for logger in apart:
        logger.addHandler(caplog.handler)
    yield caplog
    for logger in apart:
        logger.removeHandler(caplog.handler)


def test_no_stored_answer_can_be_linked_to_its_member(world, ballot, monkeypatch, every_log):
    caplog = every_log
    monkeypatch.setattr(services, "_shuffler", random.Random(15))
    voters = list(ballot.members.select_related("user").order_by("pk"))[:BATCH]
    assert len({m.pk for m in voters}) == BATCH

    # ---- the buffer half-way (13 answered: one batch of 10 written, 3 waiting) ----------------------------------
    identities = _submit_all(ballot, voters[:13])
    pending = _rows(PendingAnswer)
    assert len(pending) == 3
    assert {f.name for f in PendingAnswer._meta.concrete_fields} == {
        "id",
        "kind",
        "content_type",
        "object_id",
        "answers",
        "attributes",
    }
    identities += _submit_all(ballot, voters[13:], start=13)
    assert AnonymousAnswer.objects.count() == 20
    responses_close(owner=ballot, actor=world.org_admin)
    answers = _rows(AnonymousAnswer)
    assert len(answers) == BATCH
    assert PendingAnswer.objects.count() == 0  # the flush deleted the buffer

    # ---- what an answer row holds: a random key, the owner, a date, the answers, declared coarse attributes ----
    assert {f.name for f in AnonymousAnswer._meta.concrete_fields} == {
        "id",
        "kind",
        "content_type",
        "object_id",
        "recorded_on",
        "answers",
        "attributes",
    }
    for model in MY_TABLES:
        assert not [
            f for f in model._meta.concrete_fields if isinstance(f, models.DateTimeField | models.TimeField)
        ]
        assert not [
            f for f in model._meta.concrete_fields if isinstance(f, models.AutoField | models.BigAutoField)
        ]
    declared = {str(a) for a in (Attribute.GENDER, Attribute.EMPLOYMENT, Attribute.UNIT)}
    options = {"同意", "不同意", "弃权", *CANDIDATES}
    assert all(type(row["recorded_on"]) is dt.date for row in answers)
    for row in answers + pending:
        assert set(row["attributes"]) <= declared
        assert set(row["answers"]) <= {"vote", "elect", "remark"}
        values = set(_scalars(row["answers"])) | set(_scalars(row["attributes"]))
        assert all(isinstance(v, str) for v in values)
        assert values - {"vote", "elect", "remark", *declared} <= options | {
            _remark(n) for n in range(BATCH)
        } | {"男", "在编", "甲县教育工会", "其他"}
        text = repr(row)
        for identity in identities:
            # member / user ids are only compared as whole values (short numbers appear inside any UUID)
            assert not {i for i in identity if not i.isdigit() and i in text}, row

    # ---- the order: neither the key nor any column nor the physical order follows the submission order ---------
    submitted = list(range(BATCH))
    orders = {
        "by key": _order(AnonymousAnswer.objects.order_by("id")),
        "by date, then key": _order(AnonymousAnswer.objects.order_by("recorded_on", "id")),
        "by owner": _order(AnonymousAnswer.objects.order_by("kind", "content_type", "object_id")),
        "physical": _physical_order(ballot),
    }
    for name, order in orders.items():
        assert sorted(order) == submitted, name
        assert order != submitted, f"answers {name} follow the submission order"
    # the first written batch, physically first, is not in its submission order either
    assert orders["physical"][:10] != sorted(orders["physical"][:10])

    # ---- participation rows hold no answer data, and the receipt is no answer's key -------------------------------
    assert {f.name for f in Participation._meta.concrete_fields} == {
        "id",
        "kind",
        "content_type",
        "object_id",
        "member",
        "taken_on",
        "receipt_code",
    }
    answer_keys = {str(row["id"]) for row in answers}
    answer_texts = {_remark(n) for n in range(BATCH)}
    for row in _rows(Participation) + _rows(Collection):
        text = repr(row)
        assert not any(key in text or key.replace("-", "") in text for key in answer_keys)
        assert not any(t in text for t in answer_texts)
        assert "同意" not in text
        assert "张三" not in text

    # ---- the caches and the logs: no answer, no answer key ---------------------------------------------------------
    dump = _cache_dump()
    assert caplog.records  # the capture works: logins and requests were logged along the way
    logged = "\n".join(f"{r.name} {r.getMessage()} {r.__dict__!r}" for r in caplog.records)
    for haystack in (dump, logged):
        assert not any(key in haystack or key.replace("-", "") in haystack for key in answer_keys)
        assert not any(t in haystack for t in answer_texts)
