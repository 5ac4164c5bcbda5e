"""Banks and questions: the services `manage.py import_questions` calls, duplicate stems, question checks."""

import pytest
from django.core.exceptions import ValidationError

from gonghui.core.models import TimelineEntry
from gonghui.quizzes.models import Question, QuestionBank
from gonghui.quizzes.parsing import ParsedQuestion, ParseResult
from gonghui.quizzes.questions import question_clean, stem_key
from gonghui.quizzes.services import bank_create, bank_get_or_create, questions_import

pytestmark = pytest.mark.django_db


def test_bank_get_or_create_returns_the_same_bank(world):
    first = bank_get_or_create(org=world.org_a, name="工会法题库")
    again = bank_get_or_create(org=world.org_a, name=" 工会法题库 ")
    assert first.pk == again.pk
    assert QuestionBank.objects.filter(org=world.org_a).count() == 1
    with pytest.raises(ValidationError) as exc:
        bank_create(org=world.org_a, name="工会法题库", actor=None)
    assert exc.value.message_dict["name"] == ["甲县第一中学工会已有名为“工会法题库”的题库"]


def test_import_skips_stems_already_in_the_bank_or_earlier_in_the_file(world):
    bank = bank_get_or_create(org=world.org_a, name="导入题库")
    first = ParseResult(
        questions=[
            ParsedQuestion(
                type="single",
                stem="工会的基本职责是什么？",
                options=["甲", "乙"],
                answer="B",
                difficulty="难",
            ),
            ParsedQuestion(
                type="judge", stem="会员可以保留会籍。", options=[], answer="true", category="工会知识"
            ),
        ]
    )
    outcome = questions_import(bank=bank, result=first)
    assert (outcome.created, outcome.skipped) == (2, 0)
    second = ParseResult(
        questions=[
            ParsedQuestion(
                type="single", stem="工会的基本职责是什么?", options=["甲", "乙"], answer="A"
            ),  # half-width ?
            ParsedQuestion(
                type="multiple", stem="下列哪些是经费来源？", options=["会费", "拨缴", "补助"], answer="AB"
            ),
            ParsedQuestion(
                type="multiple", stem="下列哪些是经费来源 ？", options=["会费", "拨缴"], answer="AB"
            ),
            ParsedQuestion(type="single", stem="选项不够的题", options=["只有一个"], answer="A"),
        ]
    )
    outcome = questions_import(bank=bank, result=second)
    assert (outcome.created, outcome.skipped) == (1, 3)
    assert outcome.skipped_stems == ["工会的基本职责是什么?", "下列哪些是经费来源 ？", "选项不够的题"]
    assert Question.objects.filter(bank=bank).count() == 3
    assert Question.objects.get(bank=bank, type="single").difficulty == "hard"
    assert TimelineEntry.objects.filter(action="import").count() == 2


def test_the_stem_key_ignores_width_case_spaces_and_punctuation():
    assert stem_key("工会（ ）是职工的组织。") == stem_key("工会()是职工的组织")
    assert stem_key("ABC 工会") == stem_key("ａｂｃ工会")
    assert stem_key("工会是职工的组织") != stem_key("工会是职工的家")


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"type": "single", "stem": "", "options": ["a", "b"], "answer": "A"}, "stem", "请填写题干"),
        (
            {"type": "single", "stem": "题", "options": ["a"], "answer": "A"},
            "options",
            "选择题须有 2–8 个选项，且选项不能为空",
        ),
        (
            {"type": "single", "stem": "题", "options": ["a", "b"], "answer": "AB"},
            "answer",
            "单选题只能有一个正确答案",
        ),
        (
            {"type": "multiple", "stem": "题", "options": ["a", "b"], "answer": "B"},
            "answer",
            "多选题至少有两个正确答案",
        ),
        (
            {"type": "judge", "stem": "题", "options": [], "answer": "A"},
            "answer",
            "判断题的答案须为“正确”或“错误”",
        ),
        (
            {"type": "essay", "stem": "题", "options": [], "answer": "A"},
            "type",
            "请选择题型（单选题、多选题或判断题）",
        ),
    ],
    ids=[
        "no-stem",
        "one-option",
        "single-two-answers",
        "multiple-one-answer",
        "judge-letter",
        "unknown-type",
    ],
)
def test_question_checks_name_the_field(kwargs, field, message):
    with pytest.raises(ValidationError) as exc:
        question_clean(**kwargs)
    assert exc.value.message_dict == {field: [message]}


def test_answers_are_normalised():
    assert question_clean(type="multiple", stem="题", options=["a", "b", "c"], answer="c,a") == (
        "题",
        ["a", "b", "c"],
        "AC",
    )


def test_the_import_command_writes_through_these_services(world, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    path = tmp_path / "题库.txt"
    path.write_text("1. 工会小组长怎样产生？\nA. 会员民主选举\nB. 行政指定\n答案：A\n", encoding="utf-8")
    out, err = StringIO(), StringIO()
    call_command("import_questions", str(path), "--org", "ORGA", "--bank", "命令导入", stdout=out, stderr=err)
    call_command("import_questions", str(path), "--org", "ORGA", "--bank", "命令导入", stdout=out, stderr=err)
    bank = QuestionBank.objects.get(org=world.org_a, name="命令导入")
    assert list(bank.questions.values_list("stem", "answer")) == [("工会小组长怎样产生？", "A")]
    assert "新增 0 题，跳过 1 题" in err.getvalue()
