"""我的成绩 and 我的证书, the member's own pages reached from 我的: every activity the member took part in with the
counted score against the full mark and the pass mark; the old 我的证书 address leads to the portal's 我的证书, where
the quiz certificates (the certificates block's kind `quiz`) are listed with their download and their public check;
only the member's own rows, cadres without a member record refused, a constant number of queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gonghui.certificates.selectors import certificates_of_owner
from gonghui.quizzes.choices import SubmitReason
from gonghui.quizzes.models import ActivityResult, Question
from gonghui.quizzes.services import attempt_answer_save, attempt_start, attempt_submit

from .factories import another_member, make_activity, right, wrong

pytestmark = pytest.mark.django_db

RESULTS = reverse("quizzes:portal_results")
CERTIFICATES = reverse("quizzes:portal_certificates")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _take(activity, member, *, correct: int):
    """One submitted attempt: the first `correct` questions right, the rest wrong."""
    attempt = attempt_start(activity=activity, member=member)
    questions = {q.pk: q for q in Question.objects.filter(id__in=attempt.question_ids)}
    for index, qid in enumerate(attempt.question_ids):
        chosen = right(questions[qid]) if index < correct else wrong(questions[qid])
        attempt_answer_save(attempt=attempt, question_id=qid, chosen=chosen)
    return attempt_submit(attempt=attempt, reason=SubmitReason.MANUAL)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_my_results_list_my_activities_newest_first_and_nobody_elses(quiz):
    # given member A passed one activity and failed a newer one; another member of the same union took a third
    world = quiz.world
    older = make_activity(
        world.org_a, quiz.bank, title="劳动法答题", starts_at=timezone.now() - dt.timedelta(days=2)
    )
    newer = make_activity(world.org_a, quiz.bank, title="工会法答题")
    theirs = make_activity(world.org_a, quiz.bank, title="别人参加的答题")
    _take(older, world.member_a, correct=4)
    _take(older, world.member_a, correct=3)
    _take(newer, world.member_a, correct=1)
    _user, other = another_member(world.org_a, "13700005555", "乙会员")
    _take(theirs, other, correct=5)
    # when
    response = _client(world.org_member).get(RESULTS)
    # then
    assert response.status_code == 200
    assert response.context["portal_section"] == "me"
    rows = list(response.context["page"])
    assert [r.activity.title for r in rows] == ["工会法答题", "劳动法答题"]
    html = response.content.decode()
    assert "别人参加的答题" not in html
    assert "<strong>10</strong> / 50 分" in html
    assert "不及格" in html
    assert "<strong>40</strong> / 50 分" in html
    assert "及格分 30" in html
    assert "答题 2 次" in html
    assert reverse("quizzes:portal_activity", args=[older.public_id]) in html
    assert f'href="{reverse("portal:me")}"' in html  # the back arrow leads to 我的


def test_my_quiz_certificates_are_on_the_portals_my_certificates_with_their_download_and_check(quiz):
    # given member A holds a certificate, another member of the same union holds one of another activity
    world = quiz.world
    mine = make_activity(world.org_a, quiz.bank, title="发证书的答题", certificate_enabled=True)
    theirs = make_activity(world.org_a, quiz.bank, title="别人的证书答题", certificate_enabled=True)
    _take(mine, world.member_a, correct=5)
    _user, other = another_member(world.org_a, "13700005555", "乙会员")
    _take(theirs, other, correct=5)
    certificate = certificates_of_owner(mine).get()
    other_certificate = certificates_of_owner(theirs).get()
    # when member A opens the old 我的证书 address
    member = _client(world.org_member)
    response = member.get(CERTIFICATES)
    # then it leads to the portal's 我的证书, which lists the quiz certificate (block row of kind quiz)
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:certificates")
    page = member.get(response["Location"])
    html = page.content.decode()
    assert [c.code for c in page.context["page"]] == [certificate.code]
    assert "发证书的答题" in html
    assert "答题证书" in html  # the kind's label
    assert certificate.number in html
    assert "别人的证书答题" not in html
    assert other_certificate.code not in html
    download = reverse("portal:certificate", args=[certificate.public_id]) + "?format=pdf"
    assert download in html
    verify = reverse("certificates:verify", args=[certificate.code])
    assert verify in html
    # and both links answer: the PDF for the member, the check for anyone
    assert member.get(download).content.startswith(b"%PDF")
    assert "证书有效" in Client().get(verify).content.decode()
    # the quiz home lists it too, leading to the same page
    home = member.get(reverse("quizzes:portal_home")).content.decode()
    assert reverse("portal:certificate", args=[certificate.public_id]) in home
    assert "发证书的答题 · 50 分" in home


def test_the_empty_results_lead_to_the_quiz_home(world):
    results = _client(world.org_member).get(RESULTS).content.decode()
    assert "还没有参加过答题" in results
    assert reverse("quizzes:portal_home") in results


@pytest.mark.parametrize("url", [RESULTS, CERTIFICATES])
@pytest.mark.parametrize("actor", ["org_admin", "outsider"])
def test_a_cadre_without_a_member_record_is_refused(world, url, actor):
    assert _client(getattr(world, actor)).get(url).status_code == 403


def test_results_are_paginated_at_twenty(quiz):
    world = quiz.world
    start = timezone.now() - dt.timedelta(hours=1)
    activities = [
        make_activity(world.org_a, quiz.bank, title=f"第{n}期答题", starts_at=start - dt.timedelta(hours=n))
        for n in range(21)
    ]
    ActivityResult.objects.bulk_create(
        ActivityResult(activity=a, member=world.member_a, org=world.org_a, score=30, attempts=1)
        for a in activities
    )
    member = _client(world.org_member)
    first = member.get(RESULTS)
    assert len(first.context["page"]) == 20
    assert "共 21 条" in first.content.decode()
    second = member.get(RESULTS, {"page": 2})
    assert [r.activity.title for r in second.context["page"]] == ["第20期答题"]


def test_my_results_and_the_quiz_home_read_in_a_constant_number_of_queries(quiz):
    world = quiz.world
    member = _client(world.org_member)
    first = make_activity(world.org_a, quiz.bank, title="第一期", certificate_enabled=True)
    _take(first, world.member_a, correct=5)
    home = reverse("quizzes:portal_home")
    one = (_queries(member, RESULTS), _queries(member, home))
    for n in range(3):
        _take(
            make_activity(world.org_a, quiz.bank, title=f"第{n + 2}期", certificate_enabled=True),
            world.member_a,
            correct=5,
        )
    assert (_queries(member, RESULTS), _queries(member, home)) == one
