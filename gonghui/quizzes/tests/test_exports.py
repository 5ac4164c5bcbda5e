"""The boards' exports (个人排名, 单位参与率) through the spreadsheets Exporter registry (`quizzes/spreadsheets.py`):
the same sheets, columns and file names as the board pages' former export views, one EXPORT audit row written by
the spreadsheets export, and — the listed behaviour change of issue 12 — a background job above
`DIRECT_EXPORT_MAX_ROWS`. Who may export what is `test_participation.py`'s (organiser, participating union,
outsider, member)."""

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.core.downloads import xlsx_response
from gonghui.core.excel import read_rows, sheet_names
from gonghui.core.models import AuditAction, AuditLog
from gonghui.quizzes.choices import SubmitReason
from gonghui.quizzes.models import Question
from gonghui.quizzes.services import attempt_answer_save, attempt_start, attempt_submit
from gonghui.quizzes.spreadsheets import BOARD, BOARD_HEADERS, RANKING, RANKING_HEADERS
from gonghui.spreadsheets import services as sheet_services
from gonghui.spreadsheets.choices import ExportStatus
from gonghui.spreadsheets.models import ExportJob

from .factories import another_member, right, wrong

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _take(activity, member, *, correct: int) -> None:
    attempt = attempt_start(activity=activity, member=member)
    questions = {q.pk: q for q in Question.objects.filter(id__in=attempt.question_ids)}
    for index, qid in enumerate(attempt.question_ids):
        chosen = right(questions[qid]) if index < correct else wrong(questions[qid])
        attempt_answer_save(attempt=attempt, question_id=qid, chosen=chosen)
    attempt_submit(attempt=attempt, reason=SubmitReason.MANUAL)


def _export_url(kind: str, activity, **params) -> str:
    query = "&".join(f"{k}={v}" for k, v in {"activity": activity.public_id, **params}.items())
    return f"{reverse('spreadsheets:export_start', args=[kind])}?{query}"


def _disposition(name: str) -> str:
    return xlsx_response(b"", name)["Content-Disposition"]


def test_the_ranking_export_has_the_former_sheet_columns_and_file_name(quiz):
    # given two members of org A took part: 甲会员 with 4 right, 甲二 with 2 right
    _take(quiz.activity, quiz.world.member_a, correct=4)
    _take(quiz.activity, another_member(quiz.world.org_a, "13700007001", "甲二")[1], correct=2)
    admin = _client(quiz.world.org_admin)
    url = _export_url(RANKING, quiz.activity)
    # when
    assert admin.get(url).status_code == 405
    response = admin.post(url)
    # then
    assert response.status_code == 200
    assert response["Content-Disposition"] == _disposition("个人排名-工会法知识答题.xlsx")
    assert sheet_names(response.content) == ["个人排名"]
    rows = read_rows(response.content)
    assert rows[0] == list(RANKING_HEADERS)
    assert [row[:4] + row[5:] for row in rows[1:]] == [
        [1, "甲会员", quiz.world.org_a.name, 40, 1, "是"],  # the pass mark is 30
        [2, "甲二", quiz.world.org_a.name, 20, 1, "否"],
    ]
    assert str(rows[1][4]).endswith("秒")
    audit = AuditLog.objects.get(action=AuditAction.EXPORT)
    assert audit.summary == "导出个人排名 2 行"
    assert audit.detail == {"params": {"activity": str(quiz.activity.public_id)}}


def test_the_board_export_has_the_former_sheet_columns_and_file_name(quiz):
    # given 甲会员 took part, 甲二 did not (org A is the only unit: the board lists it as 本级)
    _take(quiz.activity, quiz.world.member_a, correct=5)
    another_member(quiz.world.org_a, "13700007001", "甲二")
    # when
    response = _client(quiz.world.org_admin).post(_export_url(BOARD, quiz.activity))
    # then
    assert response.status_code == 200
    assert response["Content-Disposition"] == _disposition("单位参与率-工会法知识答题.xlsx")
    assert sheet_names(response.content) == ["单位参与率"]
    rows = read_rows(response.content)
    assert rows[0] == list(BOARD_HEADERS)
    assert rows[1:] == [
        [1, quiz.world.org_a.name, 2, 1, "50.0%", 1, 0.5]
    ]  # 50 reaches the high-score line 40
    assert AuditLog.objects.get(action=AuditAction.EXPORT).summary == "导出单位参与率 1 行"


def test_an_export_without_a_visible_activity_or_outside_the_viewers_subtree_is_404(quiz):
    admin = _client(quiz.world.org_admin)
    export = reverse("spreadsheets:export_start", args=[RANKING])
    assert admin.post(export).status_code == 404
    assert admin.post(f"{export}?activity=not-a-uuid").status_code == 404
    assert admin.post(_export_url(RANKING, quiz.activity, org=quiz.world.org_b.pk)).status_code == 404
    assert _client(quiz.world.outsider).post(_export_url(BOARD, quiz.activity)).status_code == 404
    assert not AuditLog.objects.filter(action=AuditAction.EXPORT).exists()


def test_a_large_ranking_export_runs_as_a_job(quiz, monkeypatch, django_capture_on_commit_callbacks):
    # given exports above one row become jobs, and two members took part
    monkeypatch.setattr(sheet_services, "DIRECT_EXPORT_MAX_ROWS", 1)
    _take(quiz.activity, quiz.world.member_a, correct=3)
    _take(quiz.activity, another_member(quiz.world.org_a, "13700007001", "甲二")[1], correct=5)
    admin = _client(quiz.world.org_admin)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(_export_url(RANKING, quiz.activity, org=quiz.world.org_a.pk))
    # then the answer is the job's page, and the job wrote the file for the requesting user
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == job.get_absolute_url()
    assert (job.kind, job.status, job.total_rows, job.file_name) == (
        RANKING,
        ExportStatus.DONE,
        2,
        "个人排名-工会法知识答题.xlsx",
    )
    assert job.params == {"activity": str(quiz.activity.public_id), "org": str(quiz.world.org_a.pk)}
    download = admin.get(reverse("spreadsheets:export_job_download", args=[job.public_id]))
    assert [row[1] for row in read_rows(download.content)[1:]] == ["甲二", "甲会员"]
    assert AuditLog.objects.get(action=AuditAction.EXPORT).summary == "导出个人排名 2 行"


def test_the_board_pages_post_to_the_registry_export(quiz):
    admin = _client(quiz.world.org_admin)
    for page, kind in (("activity_ranking", RANKING), ("activity_board", BOARD)):
        body = admin.get(reverse(f"quizzes:{page}", args=[quiz.activity.public_id])).content.decode()
        assert f'action="{_export_url(kind, quiz.activity)}"' in body
        with_org = admin.get(
            reverse(f"quizzes:{page}", args=[quiz.activity.public_id]), {"org": quiz.world.org_a.pk}
        ).content.decode()
        assert f'action="{_export_url(kind, quiz.activity)}&amp;org={quiz.world.org_a.pk}"' in with_org
