"""The anonymity proof of the issue, run through this app's answer page: after 12 members of org A answer an
anonymous survey from their own browsers (a session, an address and a browser name each), in a known order, each
with a text naming their place in that order, nothing kept — the store's rows, this app's tables, the timeline, the
audit log, the Django caches, the log records of every logger — puts a member beside an answer, and the stored
answers do not follow the submission order. The store's shuffle is seeded, so the orders compared are fixed."""

import logging
import pickle
import random
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from conftest import make_member_user
from gonghui.core.models import AuditLog, TimelineEntry
from gonghui.responses import services as store
from gonghui.responses.models import AnonymousAnswer, Collection, Participation, PendingAnswer
from gonghui.responses.services import responses_close
from gonghui.surveys.choices import SurveyStatus
from gonghui.surveys.models import SurveyResponse
from gonghui.surveys.tests.factories_answering import full_answer, make_open_survey

pytestmark = pytest.mark.django_db
ANSWERED = 12


def _remark(n: int) -> str:
    return f"第{n:02d}号原因"


def _rows(model):
    return list(model.objects.values())


def _cache_dump() -> str:
    """Everything in every configured cache, as text (locmem, file-based or Redis)."""
    parts = []
    for alias in settings.CACHES:
        cache = caches[alias]
        store_ = getattr(cache, "_cache", None)
        if isinstance(store_, dict):
            for key, value in store_.items():
                parts.append(key)
                try:
                    parts.append(repr(pickle.loads(value)))  # noqa: S301 (our own test cache)
                except (pickle.UnpicklingError, TypeError, EOFError, AttributeError):
                    parts.append(repr(value))
        elif hasattr(cache, "_dir"):
            parts += [p.read_bytes().decode("latin-1") for p in Path(cache._dir).glob("**/*") if p.is_file()]
        elif hasattr(cache, "_cache") and hasattr(cache._cache, "get_client"):
            client = cache._cache.get_client()
            for key in client.keys("*"):
                parts.extend([repr(key), repr(client.get(key))])
    return "\n".join(parts)


@pytest.fixture
def every_log(caplog):
    """caplog at DEBUG for every logger, those that do not pass their records up to the root too."""
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


def test_an_answer_given_on_the_page_cannot_be_linked_to_its_member(world, monkeypatch, every_log):
    monkeypatch.setattr(store, "_shuffler", random.Random(24))
    survey = make_open_survey(
        org=world.org_a, actor=world.org_admin, attributes=["gender"], title="教职工思想状况匿名问卷"
    )
    members = [world.member_a] + [
        make_member_user(f"1390000{n:04d}", world.org_a, name=f"答卷人{n}")[1] for n in range(ANSWERED - 1)
    ]
    identities = []
    for n, member in enumerate(members):
        client = Client(REMOTE_ADDR=f"10.24.0.{n + 1}", HTTP_USER_AGENT=f"PhoneBrowser/{n}.24")
        client.force_login(member.user)
        answer = full_answer(q1="不满意", q4=_remark(n), q3=str(1 + n % 5))
        response = client.post(reverse("surveys_portal:answer", args=[survey.public_id]), answer)
        assert response.status_code == 302, response.content.decode()[:500]
        identities.append(
            {
                str(member.public_id),
                member.user.username,
                member.name,
                member.phone,
                client.session.session_key,
                f"10.24.0.{n + 1}",
                f"PhoneBrowser/{n}.24",
            }
        )
    # ten written in one shuffled batch, two waiting in the buffer; then design's 结束收集 writes the rest
    assert (AnonymousAnswer.objects.count(), PendingAnswer.objects.count()) == (10, 2)
    survey.status = SurveyStatus.CLOSED
    survey.save(update_fields=["status"])
    responses_close(owner=survey, actor=world.org_admin)
    rows = _rows(AnonymousAnswer)
    assert len(rows) == ANSWERED
    assert PendingAnswer.objects.count() == 0

    # ---- the stored answers: what was answered and the declared coarse attribute, nothing of the member ---------
    texts = {_remark(n) for n in range(ANSWERED)}
    assert {row["answers"]["q4"] for row in rows} == texts
    for row in rows:
        assert set(row["attributes"]) == {"gender"}
        stored = repr(row)
        for identity in identities:
            assert not {value for value in identity if value in stored}, row
    # an anonymous survey never writes the named table
    assert SurveyResponse.objects.count() == 0

    # ---- the order: neither the random key nor the physical order follows the submission order -----------------
    by_key = [
        int(a["q4"][1:3]) for a in AnonymousAnswer.objects.order_by("id").values_list("answers", flat=True)
    ]
    assert sorted(by_key) == list(range(ANSWERED))
    assert by_key != list(range(ANSWERED))
    assert by_key[:10] != sorted(by_key[:10])

    # ---- participations name members and hold no answer; the answer keys appear nowhere else ----------------------
    answer_keys = {str(row["id"]) for row in rows} | {str(row["id"]).replace("-", "") for row in rows}
    assert Participation.objects.filter(member__in=members).count() == ANSWERED
    for row in _rows(Participation) + _rows(Collection):
        assert not any(text in repr(row) for text in texts)
        assert not any(key in repr(row) for key in answer_keys)

    # ---- timeline and audit: no row by a member, none naming a member, none holding an answer --------------------
    member_users = [member.user for member in members]
    assert not TimelineEntry.objects.filter(actor__in=member_users).exists()
    assert not AuditLog.objects.filter(actor__in=member_users).exists()
    for row in _rows(TimelineEntry) + _rows(AuditLog):
        written = repr(row)
        assert not any(text in written for text in texts)
        assert not any(key in written for key in answer_keys)
        for member in members:
            assert member.name not in written
            assert member.phone not in written

    # ---- caches and logs: no answer and no answer key, so nothing to put beside a member ----------------------
    dump = _cache_dump()
    assert every_log.records  # the capture works: the logins and requests were logged along the way
    logged = "\n".join(f"{r.name} {r.getMessage()} {r.__dict__!r}" for r in every_log.records)
    for haystack in (dump, logged):
        assert not any(text in haystack for text in texts)
        assert not any(key in haystack for key in answer_keys)

    # ---- the member's own pages show the receipt, never the answer ------------------------------------------------
    client = Client()
    client.force_login(world.org_member)
    page = client.get(reverse("surveys_portal:answer", args=[survey.public_id])).content.decode()
    mine = Participation.objects.get(member=world.member_a)
    assert mine.receipt_code in page
    assert _remark(0) not in page
    home = client.get(reverse("surveys_portal:home")).content.decode()
    assert mine.receipt_code in home
    assert _remark(0) not in home
