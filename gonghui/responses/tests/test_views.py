import pytest
from django.test import Client
from django.urls import reverse

from gonghui.core.models import AuditLog
from gonghui.responses.models import AnonymousAnswer, Participation, PendingAnswer
from gonghui.responses.services import response_submit

from .conftest import make_voters

pytestmark = pytest.mark.django_db
VOTE = {"vote": "同意", "elect": ["张三"], "remark": ""}


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _url(name, ballot):
    return reverse(f"responses:{name}", args=["test_ballot", ballot.pk])


def test_the_answer_page_shows_the_form_with_its_device_only_draft(world, ballot):
    response = _client(world.org_member).get(_url("answer", ballot))
    assert response.status_code == 200
    page = response.content.decode()
    assert f'data-response-draft="gonghui.responses.draft.test_ballot.{ballot.pk}"' in page
    assert "data-response-draft-restore" in page
    assert "/static/responses/draft.js" in page
    assert "<script>" not in page
    assert " style=" not in page
    assert 'name="vote"' in page
    assert 'name="elect"' in page
    assert 'name="remark"' in page


def test_a_member_answers_and_gets_a_receipt_that_is_no_answer_key(world, ballot):
    client = _client(world.org_member)
    response = client.post(
        _url("answer", ballot), {"vote": "不同意", "elect": ["李四", "王五"], "remark": "无"}
    )
    assert response.status_code == 302
    participation = Participation.objects.get()
    assert participation.member == world.member_a
    page = client.get(_url("answer", ballot)).content.decode()
    assert participation.receipt_code in page
    assert f'data-response-draft-clear="gonghui.responses.draft.test_ballot.{ballot.pk}"' in page
    assert 'name="vote"' not in page  # no second form
    assert PendingAnswer.objects.get().answers == {
        "vote": "不同意",
        "elect": ["李四", "王五"],
        "remark": "无",
    }
    assert str(PendingAnswer.objects.get().pk) not in page


def test_a_missing_answer_is_named_on_the_form(world, ballot):
    response = _client(world.org_member).post(_url("answer", ballot), {"elect": ["张三"]})
    assert response.status_code == 200
    assert "请回答“您同意本方案吗？”" in response.content.decode()
    assert Participation.objects.count() == 0


def test_the_answer_page_three_actors(world, ballot):
    # a member outside the population (org B) gets 404; cadres without a member record 403
    (stranger,) = make_voters(world, 1, org=world.org_b)
    assert _client(stranger.user).get(_url("answer", ballot)).status_code == 404
    assert _client(world.org_admin).get(_url("answer", ballot)).status_code == 403
    assert _client(world.outsider).get(_url("answer", ballot)).status_code == 403
    assert _client(world.org_member).get(_url("answer", ballot)).status_code == 200
    assert _client().get(_url("answer", ballot)).status_code == 302


def test_the_results_page_three_actors(world, ballot):
    assert _client(world.org_admin).get(_url("results", ballot)).status_code == 200
    assert _client(world.org_member).get(_url("results", ballot)).status_code == 403
    assert _client(world.outsider).get(_url("results", ballot)).status_code == 404


def test_unknown_kinds_and_owners_are_404(world, ballot):
    admin = _client(world.org_admin)
    assert admin.get(reverse("responses:results", args=["nothing", ballot.pk])).status_code == 404
    assert admin.get(reverse("responses:results", args=["test_ballot", 999999])).status_code == 404
    assert admin.get(reverse("responses:results", args=["test_ballot", "abc"])).status_code == 404


def test_close_three_actors_and_the_results_after_it(world, ballot):
    for member in ballot.members.order_by("pk")[:12]:
        response_submit(owner=ballot, member=member, answers=VOTE)
    page = _client(world.org_admin).get(_url("results", ballot)).content.decode()
    assert "收集结束后才显示结果" in page
    assert "data-tally" not in page
    assert 'data-confirm="结束后不能再提交' in page
    assert _client(world.org_member).post(_url("close", ballot)).status_code == 403
    assert _client(world.outsider).post(_url("close", ballot)).status_code == 404
    assert _client(world.org_admin).get(_url("close", ballot)).status_code == 405
    assert PendingAnswer.objects.count() == 2
    response = _client(world.org_admin).post(_url("close", ballot))
    assert response.status_code == 302
    assert (PendingAnswer.objects.count(), AnonymousAnswer.objects.count()) == (0, 12)
    assert AuditLog.objects.filter(actor=world.org_admin, summary__contains="结束匿名答卷收集").exists()
    page = _client(world.org_admin).get(_url("results", ballot)).content.decode()
    assert page.count("data-tally") == 3
    assert "12人作答" in page
    assert "data-breakdown" in page
    closed = _client(world.org_member).get(_url("answer", ballot)).content.decode()
    assert "本次收集已结束" in closed or "回执码" in closed
