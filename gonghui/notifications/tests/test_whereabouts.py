"""Opening a notification whose case has left the reader's union: a page that says where it went (已转办至…),
not a 404; the union it went to still follows the link; nobody else opens the message at all."""

import re

import pytest
from django.urls import reverse

from conftest import make_cadre
from gonghui.appeals.models import AppealCategory
from gonghui.appeals.services import appeal_escalate, appeal_transfer
from gonghui.appeals.tests.factories import at, make_appeal
from gonghui.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def _open(client, user, notification):
    client.force_login(user)
    return client.get(reverse("notifications:notification_open", args=[notification.pk]))


@pytest.fixture
def handlers(world):
    return {
        "a": make_cadre("handler_a", world.org_a, role="appeals_handler"),
        "b": make_cadre("handler_b", world.org_b, role="appeals_handler"),
        "city": make_cadre("supervisor", world.city, role="appeals_supervisor"),
    }


@pytest.fixture
def case(world, handlers):
    with at(2026, 3, 2, 9):
        return make_appeal(world.member_a, title="拖欠课时费")


def _note(user, case):
    return Notification.objects.filter(recipient=user, url__contains=str(case.public_id)).latest("id")


def test_a_transferred_case_says_where_it_went_and_the_new_union_follows_the_link(
    client, world, handlers, case
):
    # given: org A's handler was told of the new case; the city's supervisor transfers it to org B
    told_a = _note(handlers["a"], case)
    with at(2026, 3, 3, 10):
        appeal_transfer(appeal=case, actor=handlers["city"], to_org=world.org_b, reason="属地管辖")
    told_b = _note(handlers["b"], case)
    detail = reverse("appeals:appeal_detail", args=[case.public_id])
    # when / then: org A's handler reads where it went, on a page of its own
    response = _open(client, handlers["a"], told_a)
    assert response.status_code == 200
    assert (
        f"诉求 {case.number}「拖欠课时费」已于2026年3月3日转办至乙县人民医院工会办理，该事项已不在您的办理范围。"
        in _text(response)
    )
    assert "返回消息列表" in _text(response)
    told_a.refresh_from_db()
    assert told_a.is_read is True
    # org B's handler is led to the case
    response = _open(client, handlers["b"], told_b)
    assert (response.status_code, response["Location"]) == (302, detail)
    # and org B's handler cannot open org A's message
    assert _open(client, handlers["b"], told_a).status_code == 404


def test_an_escalated_case_says_it_went_up(client, world, handlers, case):
    told_a = _note(handlers["a"], case)
    with at(2026, 3, 4, 10):
        appeal_escalate(appeal=case, actor=handlers["a"], reason="涉及全县代课教师")
    response = _open(client, handlers["a"], told_a)
    assert f"已于2026年3月4日上报至{world.county_x.name}办理" in _text(response)


def test_a_case_still_in_scope_is_followed_as_before(client, handlers, case):
    told_a = _note(handlers["a"], case)
    response = _open(client, handlers["a"], told_a)
    assert (response.status_code, response["Location"]) == (
        302,
        reverse("appeals:appeal_detail", args=[case.public_id]),
    )


def test_a_case_out_of_reach_without_a_move_gets_the_general_sentence(client, handlers, case):
    # given: the category became restricted, and org A's handler is not designated for it
    told_a = _note(handlers["a"], case)
    AppealCategory.objects.filter(pk=case.category_id).update(is_restricted=True)
    response = _open(client, handlers["a"], told_a)
    assert response.status_code == 200
    assert "该事项已不在您的办理范围" in _text(response)
    assert "转办至" not in _text(response)
