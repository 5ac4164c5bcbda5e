"""答题证书 on the certificates block: the kind `quiz` (label, series, PDF sentence), issued once on a passing grade
(owner the activity, holder the member, issuer the activity's union, the score in `data`), who may revoke one (the
activity's organisers; not the holder, not another union), 批量发证's candidates, and the old addresses."""

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.certificates.kinds import certificate_kinds
from gonghui.certificates.permissions import can_manage_certificate
from gonghui.certificates.selectors import certificates_of_owner
from gonghui.quizzes.certificates import QUIZ_KIND
from gonghui.quizzes.choices import SubmitReason
from gonghui.quizzes.models import Question
from gonghui.quizzes.services import attempt_answer_save, attempt_start, attempt_submit

from .factories import another_member, make_activity, right, wrong

pytestmark = pytest.mark.django_db


def _take(activity, member, *, correct: int):
    attempt = attempt_start(activity=activity, member=member)
    questions = {q.pk: q for q in Question.objects.filter(id__in=attempt.question_ids)}
    for index, qid in enumerate(attempt.question_ids):
        chosen = right(questions[qid]) if index < correct else wrong(questions[qid])
        attempt_answer_save(attempt=attempt, question_id=qid, chosen=chosen)
    return attempt_submit(attempt=attempt, reason=SubmitReason.MANUAL)


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_the_quiz_kind_is_registered():
    kind = certificate_kinds.get(QUIZ_KIND)
    assert (kind.label, kind.series_default, kind.pdf_template) == (
        "答题证书",
        "答题证",
        "quizzes/pdf/certificate.html",
    )
    assert kind.fields == ("score",)


def test_a_pass_issues_one_certificate_a_fail_none_and_a_better_pass_keeps_it(quiz):
    world = quiz.world
    activity = make_activity(world.org_a, quiz.bank, title="发证书的答题", certificate_enabled=True)
    _take(activity, world.member_a, correct=1)  # 10 < 30: no certificate
    assert not certificates_of_owner(activity).exists()
    _take(activity, world.member_a, correct=3)
    _take(activity, world.member_a, correct=5)
    certificate = certificates_of_owner(activity).get()
    assert (certificate.kind, certificate.holder, certificate.issuer, certificate.holder_name) == (
        "quiz",
        world.member_a,
        world.org_a,
        "甲会员",
    )
    # issued once, by the platform, with the score of the first passing grade
    assert (certificate.data, certificate.issued_by, certificate.awarded_on) == (
        {"score": 30},
        None,
        timezone.localdate(),
    )


def test_no_certificate_when_the_activity_issues_none(quiz):
    _take(quiz.activity, quiz.world.member_a, correct=5)
    assert not certificates_of_owner(quiz.activity).exists()


def test_numbers_run_per_issuing_union(quiz):
    world = quiz.world
    first = make_activity(world.org_a, quiz.bank, title="第一期", certificate_enabled=True)
    second = make_activity(world.org_a, quiz.bank, title="第二期", certificate_enabled=True)
    _user, other = another_member(world.org_a, "13700007777", "乙会员")
    _take(first, world.member_a, correct=5)
    _take(second, other, correct=5)
    _take(second, world.member_a, correct=5)
    year = timezone.localdate().year
    numbers = [
        c.number for c in (*certificates_of_owner(first), *certificates_of_owner(second).order_by("serial"))
    ]
    assert numbers == [f"答题证〔{year}〕1号", f"答题证〔{year}〕2号", f"答题证〔{year}〕3号"]


def test_the_pdf_sentence_names_the_member_the_union_the_activity_and_the_score(quiz):
    activity = make_activity(quiz.world.org_a, quiz.bank, title="工会法答题", certificate_enabled=True)
    _take(activity, quiz.world.member_a, correct=4)
    certificate = certificates_of_owner(activity).get()
    html = render_to_string(
        "quizzes/pdf/certificate.html",
        {"certificate": certificate, "fields": [], "verify_url": "https://example.org/v", "qr": ""},
    )
    assert f"<strong>甲会员</strong>同志：在{quiz.world.org_a.name}举办的“工会法答题”中，成绩 40 分" in html
    assert certificate.number in html
    assert certificate.code in html


def test_the_activitys_organisers_may_revoke_its_certificates_nobody_else(quiz):
    # org A's admin holds the quiz organiser role on org A (fixture), the outsider on org B
    world = quiz.world
    activity = make_activity(world.org_a, quiz.bank, title="发证书的答题", certificate_enabled=True)
    _take(activity, world.member_a, correct=5)
    certificate = certificates_of_owner(activity).get()
    assert can_manage_certificate(world.org_admin, certificate)
    assert not can_manage_certificate(world.org_member, certificate)
    assert not can_manage_certificate(world.outsider, certificate)


def test_batch_candidates_are_the_members_who_passed(quiz):
    world = quiz.world
    activity = make_activity(world.org_a, quiz.bank, title="补发证书", certificate_enabled=True)
    _user, other = another_member(world.org_a, "13700008888", "乙会员")
    _take(activity, world.member_a, correct=5)
    _take(activity, other, correct=1)
    candidates_of = certificate_kinds.get(QUIZ_KIND).candidates
    assert candidates_of is not None
    candidates = list(candidates_of(activity))
    assert [(c.holder, c.holder_name, c.holder_org, c.data) for c in candidates] == [
        (world.member_a, "甲会员", world.org_a, {"score": 50})
    ]
    assert list(candidates_of(quiz.activity)) == []  # the activity issues no certificates


@pytest.mark.parametrize(
    ("query", "location"),
    [
        ({"code": " abcd-efgh 23 "}, reverse("certificates:verify", args=["ABCDEFGH23"])),
        ({"code": ""}, reverse("certificates:verify_form")),
        ({"code": "AB/CD"}, reverse("certificates:verify", args=["ABCD"])),
        ({"code": "//"}, reverse("certificates:verify_form")),
    ],
)
def test_the_old_check_address_moved_for_good_to_the_limited_check_page(world, query, location):
    response = _client().get(reverse("quizzes:certificate_verify"), query)
    assert response.status_code == 301
    assert response["Location"] == location


def test_the_old_check_address_without_a_code_shows_the_blocks_form(world):
    response = _client().get(reverse("quizzes:certificate_verify"))
    html = response.content.decode()
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert f'action="{reverse("certificates:verify_form")}"' in html


def test_the_old_my_certificates_address_leads_to_the_portals(world):
    response = _client(world.org_member).get(reverse("quizzes:portal_certificates"))
    assert (response.status_code, response["Location"]) == (302, reverse("portal:certificates"))


def test_the_old_download_address_is_the_members_own_certificate_only(quiz):
    world = quiz.world
    activity = make_activity(world.org_a, quiz.bank, title="发证书的答题", certificate_enabled=True)
    _user, other = another_member(world.org_a, "13700009999", "乙会员")
    _take(activity, other, correct=5)
    old = reverse("quizzes:portal_certificate", args=[activity.public_id])
    # member A has no certificate of it: 404, whoever else holds one
    assert _client(world.org_member).get(old).status_code == 404
    _take(activity, world.member_a, correct=5)
    mine = certificates_of_owner(activity).get(holder_id=world.member_a.pk)
    assert _client(world.org_member).get(old)["Location"] == reverse(
        "portal:certificate", args=[mine.public_id]
    )


def test_the_activity_page_counts_the_certificates_for_its_organisers_only(quiz):
    world = quiz.world
    activity = make_activity(world.org_a, quiz.bank, title="发证书的答题", certificate_enabled=True)
    _take(activity, world.member_a, correct=5)
    url = reverse("quizzes:activity_detail", args=[activity.public_id])
    organiser = _client(world.org_admin).get(url)
    assert organiser.status_code == 200
    assert "及格自动颁发答题证书，已发 1 张" in organiser.content.decode()
    outsider = _client(world.outsider).get(url)
    assert "已发 1 张" not in outsider.content.decode()


def test_the_result_page_leads_to_the_certificate_once_issued(quiz):
    world = quiz.world
    activity = make_activity(world.org_a, quiz.bank, title="发证书的答题", certificate_enabled=True)
    failed = _take(activity, world.member_a, correct=1)
    member = _client(world.org_member)
    page = member.get(reverse("quizzes:portal_attempt_result", args=[failed.public_id])).content.decode()
    assert 'id="attempt-certificate"' not in page
    passed = _take(activity, world.member_a, correct=4)
    page = member.get(reverse("quizzes:portal_attempt_result", args=[passed.public_id])).content.decode()
    certificate = certificates_of_owner(activity).get()
    assert reverse("portal:certificate", args=[certificate.public_id]) in page
    assert "查看我的答题证书" in page
