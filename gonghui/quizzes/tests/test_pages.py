"""What a new organiser and a member see (issue 13, item 4): the import page's accepted layouts and its paste box
(read by the same parser entry point as a file), a new bank's questions numbered from 1, the activity form's
check-box lists as real check boxes and its error summary, and 及格 / 不及格 on the member's result page."""

import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gonghui.quizzes.choices import SubmitReason
from gonghui.quizzes.models import Question
from gonghui.quizzes.services import attempt_answer_save, attempt_start, attempt_submit

from .factories import make_bank, right, wrong

pytestmark = pytest.mark.django_db

EXAMPLE = re.compile(r'<pre class="import-example text-pre-line">(.*?)</pre>', re.S)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _examples(page: str) -> list[str]:
    return [html.unescape(block) for block in EXAMPLE.findall(page)]


def test_the_import_page_shows_layouts_that_the_paste_box_reads_as_shown(organisers):
    # given a new, empty bank of org A
    bank = make_bank(organisers.org_a, name="新题库", per_category={})
    admin = _client(organisers.org_admin)
    url = reverse("quizzes:bank_import", args=[bank.pk])
    page = admin.get(url).content.decode()
    assert 'name="text"' in page
    assert "可识别的格式" in page
    examples = _examples(page)
    assert len(examples) == 4
    # when each example is pasted, then it previews its questions with no problem
    counts = []
    for example in examples:
        preview = admin.post(url, {"text": example})
        assert preview.status_code == 200
        assert preview.context["result"].problems == []
        assert "粘贴的文本：识别出可导入的题目" in preview.content.decode()
        counts.append(len(preview.context["rows"]))
    assert counts == [1, 1, 1, 2]
    # and all of them pasted at once are saved on confirmation
    preview = admin.post(url, {"text": "\n".join(examples)})
    assert admin.post(url, {"payload": preview.context["payload"]}).status_code == 302
    assert sorted(bank.questions.values_list("type", flat=True)) == [
        "judge",
        "judge",
        "multiple",
        "single",
        "single",
    ]


def test_the_paste_box_goes_through_the_files_entry_point(organisers, monkeypatch):
    bank = make_bank(organisers.org_a, name="新题库", per_category={})
    seen = []

    def parse(data, filename):
        from gonghui.quizzes.question_files import questions_parse_bytes

        seen.append((data, filename))
        return questions_parse_bytes(data, filename)

    monkeypatch.setattr("gonghui.quizzes.views.questions_parse_bytes", parse)
    _client(organisers.org_admin).post(
        reverse("quizzes:bank_import", args=[bank.pk]), {"text": "1. 工会是群众组织。\n答案：对"}
    )
    assert seen == [("1. 工会是群众组织。\n答案：对".encode(), "粘贴的试题.txt")]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, "file", "请选择试题文件，或把试题文本粘贴到下面的文本框"),
        ({"text": "   \n "}, "file", "请选择试题文件，或把试题文本粘贴到下面的文本框"),
        (
            {"text": "1. 题？\n答案：对", "file": SimpleUploadedFile("题.txt", b"1. x")},
            "text",
            "请只上传文件或只粘贴文本，不要同时提交两者",
        ),
    ],
)
def test_the_import_asks_for_one_source(organisers, data, field, message):
    bank = make_bank(organisers.org_a, name="新题库", per_category={})
    response = _client(organisers.org_admin).post(reverse("quizzes:bank_import", args=[bank.pk]), data)
    assert response.context["form"].errors == {field: [message]}


@pytest.mark.parametrize(("actor", "expected"), [("org_admin", 200), ("org_member", 403), ("outsider", 404)])
def test_only_the_banks_organisers_may_paste(organisers, actor, expected):
    bank = make_bank(organisers.org_a, name="新题库", per_category={})
    response = _client(getattr(organisers, actor)).post(
        reverse("quizzes:bank_import", args=[bank.pk]), {"text": "1. 工会是群众组织。\n答案：对"}
    )
    assert response.status_code == expected
    assert not bank.questions.exists()


def test_a_new_banks_questions_are_numbered_from_one(organisers):
    # given a first bank (its questions take the first ids) and a new one with three questions
    make_bank(organisers.org_a, name="旧题库")
    bank = make_bank(organisers.org_a, name="新题库", per_category={"工会法": 3})
    Question.objects.filter(bank=bank, stem__startswith="工会法第1题").update(is_active=False)
    # when
    response = _client(organisers.org_admin).get(reverse("quizzes:bank_detail", args=[bank.pk]))
    # then the numbers run 1–3 (a disabled question keeps its number) and the ids are not shown
    rows = [(q.number, q.stem[:5]) for q in response.context["page"]]
    assert rows == [(2, "工会法第2"), (3, "工会法第3"), (1, "工会法第1")]
    assert "<th>题号</th>" in response.content.decode()
    assert "<td>1</td>" in response.content.decode()
    filtered = _client(organisers.org_admin).get(
        reverse("quizzes:bank_detail", args=[bank.pk]), {"q": "第3题"}
    )
    assert [q.number for q in filtered.context["page"]] == [3]


def test_the_activity_form_renders_check_box_lists_as_check_boxes(organisers):
    make_bank(organisers.org_a)
    page = _client(organisers.org_admin).get(reverse("quizzes:activity_create")).content.decode()
    for name in ("employment", "banks"):
        fieldset = re.search(rf'<fieldset id="id_{name}" class="form-choices">(.*?)</fieldset>', page, re.S)
        assert fieldset is not None, name
        boxes = re.findall(r"<input [^>]*>", fieldset.group(1))
        assert boxes
        assert all('type="checkbox"' in box and 'class="form-check-input"' in box for box in boxes)
        assert "form-control" not in fieldset.group(1)
    assert '<legend class="form-label">用工性质</legend>' in page


def _take(activity, member, *, correct: int) -> str:
    attempt = attempt_start(activity=activity, member=member)
    questions = {q.pk: q for q in Question.objects.filter(id__in=attempt.question_ids)}
    for index, qid in enumerate(attempt.question_ids):
        chosen = right(questions[qid]) if index < correct else wrong(questions[qid])
        attempt_answer_save(attempt=attempt, question_id=qid, chosen=chosen)
    attempt_submit(attempt=attempt, reason=SubmitReason.MANUAL)
    return reverse("quizzes:portal_attempt_result", args=[attempt.public_id])


@pytest.mark.parametrize(("correct", "verdict"), [(3, "及格"), (2, "不及格")])
def test_the_result_page_says_whether_the_member_passed(quiz, correct, verdict):
    # given the pass mark is 30 of 50
    url = _take(quiz.activity, quiz.world.member_a, correct=correct)
    # when
    page = _client(quiz.world.org_member).get(url).content.decode()
    # then
    verdict_html = re.search(r'<div class="mb-2" id="attempt-verdict">(.*?)</div>', page, re.S)
    assert verdict_html is not None
    assert re.sub(r"<[^>]+>", "", verdict_html.group(1)).split() == [
        verdict,
        "及格分",
        "30",
        "分，满分",
        "50",
        "分",
    ]
    assert _client(quiz.world.org_admin).get(url).status_code == 403
