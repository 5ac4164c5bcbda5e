"""The store on the member portal: 待填写 on the home for the open collections a member may still answer, and the
member's participations in 我的办理 — read from who may answer and who took part, never from an answer."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_member_user
from gonghui.orgs.tests.factories import OrgFactory
from gonghui.responses.demo import DEMO_KIND
from gonghui.responses.models import Collection, Participation
from gonghui.responses.selectors import response_requests_for_user, response_todo_items
from gonghui.responses.services import response_submit, responses_close, responses_open

pytestmark = pytest.mark.django_db
ANSWER = {"satisfaction": "满意", "wishes": ["文体活动"], "advice": ""}
TODO = "待填写：甲县第一中学工会职工满意度调查"


def _home(user) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    return response.content.decode()


def _answer_url(owner) -> str:
    return reverse("responses:answer", args=[DEMO_KIND, owner.pk])


def test_an_open_collection_shows_on_the_home_of_a_member_who_may_answer_until_they_answer(world):
    responses_open(owner=world.org_a)
    page = _home(world.org_member)
    assert TODO in page
    assert f'href="{_answer_url(world.org_a)}"' in page

    response_submit(owner=world.org_a, member=world.member_a, answers=ANSWER)
    assert TODO not in _home(world.org_member)
    assert response_todo_items(world.org_member) == []


def test_the_card_concerns_only_the_population_and_open_collections(world):
    responses_open(owner=world.org_a)
    outside_user, _ = make_member_user("13700002222", world.org_b, name="乙会员")
    assert TODO not in _home(outside_user)
    assert response_todo_items(outside_user) == []
    assert response_todo_items(world.org_admin) == []  # a cadre without a member record

    responses_close(owner=world.org_a, actor=None)
    assert TODO not in _home(world.org_member)


def test_an_owner_never_opened_nor_answered_is_not_listed_and_opening_is_idempotent(world):
    assert response_todo_items(world.org_member) == []
    first = responses_open(owner=world.org_a)
    assert responses_open(owner=world.org_a) == first
    assert Collection.objects.count() == 1
    # a member of the county union's subtree may answer the county's survey too
    responses_open(owner=world.county_x)
    titles = [item.title for item in response_todo_items(world.org_member)]
    assert sorted(titles) == sorted([TODO, "待填写：甲县教育工会职工满意度调查"])


def test_the_card_costs_the_same_queries_for_one_or_many_open_collections_and_reads_no_answer(world):
    responses_open(owner=world.org_a)
    response_submit(owner=world.org_a, member=world.member_a, answers=ANSWER)  # an answer in the buffer
    responses_open(owner=world.county_x)
    with CaptureQueriesContext(connection) as one:
        assert len(response_todo_items(world.org_member)) == 1
    for n in range(6):
        responses_open(owner=OrgFactory.create(parent=world.city, code=f"RQ{n}", name=f"丙{n}工会"))
    responses_open(owner=world.city)
    with CaptureQueriesContext(connection) as many:
        assert len(response_todo_items(world.org_member)) == 2
    # member, collections, owners (one kind), populations
    assert len(one) == len(many) == 4
    sql = " ".join(query["sql"] for query in many.captured_queries).lower()
    assert "responses_pendinganswer" not in sql
    assert "responses_anonymousanswer" not in sql


def test_the_portal_home_stays_within_a_bounded_number_of_queries(world, django_assert_max_num_queries):
    for n in range(8):
        responses_open(owner=OrgFactory.create(parent=world.county_x, code=f"RH{n}", name=f"丁{n}工会"))
    responses_open(owner=world.org_a)
    client = Client()
    client.force_login(world.org_member)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("portal:home"))
    responses_open(owner=world.county_x)
    responses_open(owner=world.city)
    with django_assert_max_num_queries(len(few)):
        assert TODO in client.get(reverse("portal:home")).content.decode()


def test_my_requests_list_the_members_participations_with_the_receipt(world):
    assert response_requests_for_user(world.org_member) == []
    participation = response_submit(owner=world.org_a, member=world.member_a, answers=ANSWER)
    [row] = response_requests_for_user(world.org_member)
    assert row.kind == "职工满意度调查"
    assert row.status == "已提交"
    assert participation.receipt_code in row.title
    assert row.url == _answer_url(world.org_a)
    assert row.submitted_at.date() == participation.taken_on
    assert response_requests_for_user(world.org_admin) == []

    client = Client()
    client.force_login(world.org_member)
    page = client.get(reverse("portal:requests")).content.decode()
    assert participation.receipt_code in page
    answer_page = client.get(row.url).content.decode()
    assert "您已于" in answer_page
    assert participation.receipt_code in answer_page
    assert Participation.objects.count() == 1
