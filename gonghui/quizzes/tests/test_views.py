"""Pages over HTTP: the three-actor matrix, the console pages, the import preview, and the member's answering
flow (start → save answers → reload → submit) including the lean answer-save endpoint."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.certificates.selectors import certificates_of_owner
from gonghui.quizzes.choices import ActivityStatus, AttemptStatus
from gonghui.quizzes.models import Answer, Attempt, Question, QuestionBank, QuizActivity
from gonghui.quizzes.parsing import ParsedQuestion, ParseProblem, ParseResult

from .factories import make_activity, right

pytestmark = pytest.mark.django_db


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("actor", "expected"),
    [("org_admin", 200), ("org_member", 403), ("outsider", 404)],
)
@pytest.mark.parametrize(
    "name",
    [
        "activity_detail",
        "activity_ranking",
        "activity_board",
        "activity_absent",
        "activity_questions",
        "activity_attempts",
    ],
)
def test_console_pages_of_an_activity(quiz, actor, expected, name):
    url = reverse(f"quizzes:{name}", args=[quiz.activity.public_id])
    assert _client(getattr(quiz.world, actor)).get(url).status_code == expected


@pytest.mark.parametrize(("actor", "expected"), [("org_admin", 200), ("org_member", 403), ("outsider", 404)])
def test_bank_page(quiz, actor, expected):
    url = reverse("quizzes:bank_detail", args=[quiz.bank.pk])
    assert _client(getattr(quiz.world, actor)).get(url).status_code == expected


@pytest.mark.parametrize(("actor", "expected"), [("org_admin", 403), ("outsider", 403), ("org_member", 200)])
def test_portal_activity_page(quiz, actor, expected):
    url = reverse("quizzes:portal_activity", args=[quiz.activity.public_id])
    assert _client(getattr(quiz.world, actor)).get(url).status_code == expected


def test_a_bank_shared_down_the_tree_is_visible_read_only_below(world, organisers):
    from .factories import make_bank, make_organiser

    county = make_organiser("cx_quiz", world.county_x)
    shared = make_bank(world.county_x, name="县共享题库", shared=True)
    private = make_bank(world.county_x, name="县内部题库")
    visible = set(
        QuestionBank.objects.filter(QuestionBank.visible_q(world.org_admin)).values_list("name", flat=True)
    )
    assert "县共享题库" in visible
    assert "县内部题库" not in visible
    assert not QuestionBank.objects.filter(QuestionBank.visible_q(world.outsider), pk=shared.pk).exists()
    admin = _client(world.org_admin)
    assert admin.get(reverse("quizzes:bank_detail", args=[shared.pk])).status_code == 200
    assert admin.get(reverse("quizzes:bank_edit", args=[shared.pk])).status_code == 403
    assert admin.get(reverse("quizzes:bank_detail", args=[private.pk])).status_code == 404
    assert _client(county).get(reverse("quizzes:bank_edit", args=[shared.pk])).status_code == 200


def test_an_organiser_creates_a_question_and_gets_field_errors(quiz):
    admin = _client(quiz.world.org_admin)
    url = reverse("quizzes:question_create", args=[quiz.bank.pk])
    response = admin.post(
        url, {"type": "single", "stem": "新题？", "option_a": "甲", "option_b": "乙", "answer": "C"}
    )
    assert response.status_code == 200
    assert "答案须是选项字母 A–B 中的字母" in response.content.decode()
    response = admin.post(
        url,
        {"type": "judge", "stem": "工会是职工自愿结合的群众组织。", "answer": "正确", "category": "工会知识"},
    )
    assert response.status_code == 302
    question = Question.objects.get(bank=quiz.bank, stem="工会是职工自愿结合的群众组织。")
    assert (question.type, question.answer, question.options) == ("judge", "true", [])


def test_the_import_previews_then_saves_and_skips_duplicates(quiz, monkeypatch):
    existing = quiz.bank.questions.first()
    result = ParseResult(
        questions=[
            ParsedQuestion(
                type="single", stem="新的单选题？", options=["甲", "乙", "丙"], answer="B", category="工会法"
            ),
            ParsedQuestion(type="judge", stem=existing.stem.replace("：", ":"), options=[], answer="true"),
        ],
        problems=[ParseProblem(index=3, message="未找到答案", line=12)],
    )
    monkeypatch.setattr("gonghui.quizzes.views.questions_parse_bytes", lambda data, filename: result)
    from django.core.files.uploadedfile import SimpleUploadedFile

    admin = _client(quiz.world.org_admin)
    url = reverse("quizzes:bank_import", args=[quiz.bank.pk])
    before = quiz.bank.questions.count()
    preview = admin.post(url, {"file": SimpleUploadedFile("题.txt", "1. 题".encode())})
    body = preview.content.decode()
    assert "第 3 题（第 12 行）：未找到答案" in body
    assert "题库已有，跳过" in body
    assert "确认导入 1 道题" in body
    assert quiz.bank.questions.count() == before  # nothing saved by the preview
    payload = preview.context["payload"]
    saved = admin.post(url, {"payload": payload})
    assert saved.status_code == 302
    assert quiz.bank.questions.count() == before + 1
    assert admin.post(url, {"payload": payload + "x"}).status_code == 302  # a tampered preview is refused
    assert quiz.bank.questions.count() == before + 1


def test_the_organiser_creates_and_publishes_an_activity(quiz):
    admin = _client(quiz.world.org_admin)
    data = {
        "org": quiz.world.org_a.pk,
        "title": "表单建的活动",
        "starts_at": "2026-01-01T08:00",
        "ends_at": "2036-01-01T08:00",
        "target_kind": "subtree",
        "banks": [quiz.bank.pk],
        "draw_rules": "劳动法 3\n工会法：2",
        "shuffle_questions": "on",
        "time_limit_minutes": 10,
        "attempts_per_day": 3,
        "attempts_total": 0,
        "score_rule": "best",
        "points_per_question": 10,
        "pass_mark": 30,  # of 5 questions × 10 points
        "excellent_mark": 40,
        "levels": 0,
        "focus_budget": 0,
    }
    bad = admin.post(reverse("quizzes:activity_create"), {**data, "draw_rules": "劳动法 3\n工会法两题"})
    assert "第 2 行“工会法两题”应为“分类 题数”" in bad.content.decode()
    response = admin.post(reverse("quizzes:activity_create"), data)
    assert response.status_code == 302
    activity = QuizActivity.objects.get(title="表单建的活动")
    assert activity.draw_rules == [{"category": "劳动法", "count": 3}, {"category": "工会法", "count": 2}]
    assert (
        _client(quiz.world.outsider)
        .post(reverse("quizzes:activity_publish", args=[activity.public_id]))
        .status_code
        == 404
    )
    admin.post(reverse("quizzes:activity_publish", args=[activity.public_id]))
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.PUBLISHED
    assert list(activity.units.values_list("org_id", flat=True)) == [quiz.world.org_a.pk]


def test_a_member_answers_reloads_and_submits(quiz):
    member = _client(quiz.world.org_member)
    start = member.post(reverse("quizzes:portal_attempt_start", args=[quiz.activity.public_id]))
    attempt = Attempt.objects.get(member=quiz.world.member_a)
    assert start["Location"] == reverse("quizzes:portal_attempt", args=[attempt.public_id])
    page = member.get(start["Location"])
    assert "第 1/5 题" in page.content.decode()
    questions = {q.pk: q for q in Question.objects.filter(id__in=attempt.question_ids)}
    save = reverse("quizzes:portal_answer_save", args=[attempt.public_id])
    for qid in attempt.question_ids[:3]:
        response = member.post(
            save, {"question": qid, "choice": right(questions[qid])}, HTTP_HX_REQUEST="true"
        )
        assert response.status_code == 200
        assert "已保存" in response.content.decode()
    # a reload resumes at the first unanswered question, with the same paper
    again = member.get(reverse("quizzes:portal_attempt", args=[attempt.public_id]))
    assert "第 4/5 题" in again.content.decode()
    assert member.post(save, {"question": attempt.question_ids[3], "choice": "Z"}).status_code == 422
    submit = member.post(reverse("quizzes:portal_attempt_submit", args=[attempt.public_id]))
    assert submit.status_code == 302
    attempt.refresh_from_db()
    assert (attempt.status, attempt.score) == (AttemptStatus.SUBMITTED, 30)
    result = member.get(submit["Location"])
    assert "30 分" in result.content.decode()
    # saving after the submit does not write and sends the member to the result
    late = member.post(save, {"question": attempt.question_ids[4], "choice": "A"}, HTTP_HX_REQUEST="true")
    assert late["HX-Redirect"] == reverse("quizzes:portal_attempt_result", args=[attempt.public_id])
    assert Answer.objects.filter(attempt=attempt).count() == 3


def test_the_answer_save_is_one_read_and_one_upsert(quiz):
    member = _client(quiz.world.org_member)
    member.post(reverse("quizzes:portal_attempt_start", args=[quiz.activity.public_id]))
    attempt = Attempt.objects.get(member=quiz.world.member_a)
    save = reverse("quizzes:portal_answer_save", args=[attempt.public_id])
    member.post(save, {"question": attempt.question_ids[0], "choice": "A"})  # warm the session
    with CaptureQueriesContext(connection) as ctx:
        response = member.post(save, {"question": attempt.question_ids[0], "choice": "B"})
    assert response.status_code == 200
    ours = [q["sql"] for q in ctx.captured_queries if "quizzes_" in q["sql"]]
    assert len(ours) == 2, ours
    assert "quizzes_attempt" in ours[0]
    assert ours[1].startswith("INSERT INTO")
    assert "ON CONFLICT" in ours[1]
    assert Answer.objects.get(attempt=attempt, question_id=attempt.question_ids[0]).chosen == "B"


def test_another_members_attempt_is_not_found(quiz):
    from .factories import another_member

    other_user, _ = another_member(quiz.world.org_a, "13700009999", "另一会员")
    _client(quiz.world.org_member).post(
        reverse("quizzes:portal_attempt_start", args=[quiz.activity.public_id])
    )
    attempt = Attempt.objects.get(member=quiz.world.member_a)
    other = _client(other_user)
    assert other.get(reverse("quizzes:portal_attempt", args=[attempt.public_id])).status_code == 404
    assert (
        other.post(
            reverse("quizzes:portal_answer_save", args=[attempt.public_id]),
            {"question": attempt.question_ids[0], "choice": "A"},
        ).status_code
        == 404
    )


def test_the_certificate_pdf_and_the_old_public_check_address(quiz):
    from gonghui.quizzes.choices import SubmitReason
    from gonghui.quizzes.services import attempt_start, attempt_submit

    activity = make_activity(
        quiz.world.org_a, quiz.bank, title="发证活动", certificate_enabled=True, pass_mark=0, excellent_mark=0
    )
    attempt_submit(
        attempt=attempt_start(activity=activity, member=quiz.world.member_a), reason=SubmitReason.MANUAL
    )
    certificate = certificates_of_owner(activity).get()
    member = _client(quiz.world.org_member)
    # the old download address leads to the certificate on the portal's 我的证书, which serves the PDF
    old_pdf = member.get(reverse("quizzes:portal_certificate", args=[activity.public_id]) + "?format=pdf")
    assert old_pdf["Location"] == reverse("portal:certificate", args=[certificate.public_id]) + "?format=pdf"
    pdf = member.get(old_pdf["Location"])
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    assert (
        member.get(reverse("quizzes:portal_certificate", args=[quiz.activity.public_id])).status_code == 404
    )
    # the old check address (printed on the first certificates) moved for good to the block's limited check page
    old = _client().get(reverse("quizzes:certificate_verify"), {"code": certificate.code.lower()})
    assert old.status_code == 301
    assert old["Location"] == reverse("certificates:verify", args=[certificate.code])
    check = _client().get(old["Location"])
    assert check.status_code == 200
    assert "证书有效" in check.content.decode()
    assert "发证活动" in check.content.decode()


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_list_pages_do_not_grow_with_rows(quiz):
    from gonghui.quizzes.choices import SubmitReason
    from gonghui.quizzes.services import attempt_start, attempt_submit

    from .factories import another_member, make_bank

    admin = _client(quiz.world.org_admin)
    ranking = reverse("quizzes:activity_ranking", args=[quiz.activity.public_id])
    attempts = reverse("quizzes:activity_attempts", args=[quiz.activity.public_id])
    attempt_submit(
        attempt=attempt_start(activity=quiz.activity, member=quiz.world.member_a), reason=SubmitReason.MANUAL
    )
    _queries(admin, ranking)  # the first request of a session writes to it
    before = (
        _queries(admin, ranking),
        _queries(admin, attempts),
        _queries(admin, reverse("quizzes:bank_list")),
    )
    for i in range(4):
        _user, member = another_member(quiz.world.org_a, f"1370000700{i}", f"多人{i}")
        attempt_submit(
            attempt=attempt_start(activity=quiz.activity, member=member), reason=SubmitReason.MANUAL
        )
        make_bank(quiz.world.org_a, name=f"多题库{i}", per_category={"工会法": 1})
    after = (
        _queries(admin, ranking),
        _queries(admin, attempts),
        _queries(admin, reverse("quizzes:bank_list")),
    )
    assert after == before
