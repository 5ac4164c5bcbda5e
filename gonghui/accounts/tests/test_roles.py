"""The built-in roles as practised: 签发 (documents.sign) is the union leader's act — only 工会管理员 holds it —
and 工会干事 does the daily work: drafts and signs for 公文, handles 诉求 and runs 答题 in its own subtree."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from conftest import make_cadre
from gonghui.accounts.roles import UNION_ADMIN, UNION_STAFF
from gonghui.appeals.choices import AppealStatus
from gonghui.appeals.services import appeal_accept
from gonghui.appeals.tests.factories import make_appeal
from gonghui.core.registry import roles
from gonghui.quizzes.models import QuestionBank

pytestmark = pytest.mark.django_db

STAFF_PAGES = (
    "documents:inbox",
    "documents:document_list",
    "documents:incoming_list",
    "appeals:appeal_list",
    "quizzes:activity_list",
    "quizzes:bank_list",
)


def test_only_the_union_admin_holds_documents_sign():
    # sysadmin reaches it through `*`; no app role (公文管理员 included) names it
    assert [r.code for r in roles if "documents.sign" in r.actions] == [UNION_ADMIN]
    assert not any(a.endswith(".sign_off") for r in roles for a in r.actions)


def test_union_staff_holds_the_daily_work_of_documents_appeals_and_quizzes():
    staff = roles.get(UNION_STAFF).actions
    assert {
        "documents.view",
        "documents.manage",
        "documents.receive",
        "appeals.view",
        "appeals.handle",
        "quizzes.view",
        "quizzes.manage",
    } <= staff
    assert not staff & {"documents.sign", "documents.review", "appeals.supervise", "appeals.reveal"}


def test_a_union_staff_member_opens_the_inbox_the_case_desk_and_quizzes(client, world):
    # given a 工会干事 of org A, a plain member of org A
    staff = make_cadre("a_staff", world.org_a, role=UNION_STAFF)
    # then the 干事 opens each page, the member gets 403
    client.force_login(staff)
    for name in STAFF_PAGES:
        assert client.get(reverse(name)).status_code == 200, name
    client.force_login(world.org_member)
    for name in STAFF_PAGES:
        assert client.get(reverse(name)).status_code == 403, name


def test_a_union_staff_member_handles_appeals_of_their_own_union_only(world):
    # given an appeal of a member of org A, and 干事 of org A and of org B
    appeal = make_appeal(world.member_a)
    staff_b = make_cadre("b_staff", world.org_b, role=UNION_STAFF)
    staff_a = make_cadre("a_staff", world.org_a, role=UNION_STAFF)
    # when org B's 干事 tries, then refused; org A's accepts it
    with pytest.raises(PermissionDenied):
        appeal_accept(appeal=appeal, actor=staff_b)
    accepted = appeal_accept(appeal=appeal, actor=staff_a)
    assert accepted.status == AppealStatus.ACCEPTED


def test_a_union_staff_member_creates_a_question_bank_for_their_union_only(client, world):
    # given a 工会干事 of org A
    staff_a = make_cadre("a_staff", world.org_a, role=UNION_STAFF)
    client.force_login(staff_a)
    url = reverse("quizzes:bank_create")
    # when they create a bank for org A, then it is made; org B is not among the unions they may choose
    client.post(url, {"org": world.org_a.pk, "name": "安全生产题库"})
    client.post(url, {"org": world.org_b.pk, "name": "越权题库"})
    assert list(QuestionBank.objects.values_list("org__code", "name")) == [(world.org_a.code, "安全生产题库")]
    # and a member may not open the page
    client.force_login(world.org_member)
    assert client.get(url).status_code == 403
