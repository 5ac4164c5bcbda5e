"""`manage.py import_questions`: exactly one JSON document on stdout with --json, logs on stderr, exit code 0
when the file was read (even with problems), 2 when it could not be, --org/--bank required unless --dry-run."""

import importlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from gonghui.quizzes.tests.test_parsing_files import MIXED_EXPECTED

DATA = Path(__file__).parent / "data"
MIXED = DATA / "mixed_layouts.txt"


def _call(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_questions", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_dry_run_json_prints_exactly_one_document_and_logs_to_stderr():
    out, err = _call(str(MIXED), "--dry-run", "--json")
    assert json.loads(out) == MIXED_EXPECTED
    assert out.count("\n") == 1
    assert "共识别 6 题：可导入 5 题（单选 2、多选 1、判断 2），有问题 1 题" in err
    assert "试运行，未写入" in err
    # Chinese is written as is, not \u-escaped
    assert "工会" in out


def test_dry_run_without_json_lists_problems_with_their_line():
    out, _err = _call(str(MIXED), "--dry-run")
    assert out.splitlines() == [
        "第 6 题（第 21 行）：未找到答案",
        "共识别 6 题：可导入 5 题（单选 2、多选 1、判断 2），有问题 1 题",
    ]


def test_dry_run_reads_a_gb18030_file(tmp_path):
    path = tmp_path / "题库.txt"
    path.write_bytes(MIXED.read_text(encoding="utf-8").encode("gb18030"))
    out, _err = _call(str(path), "--dry-run", "--json")
    assert json.loads(out) == MIXED_EXPECTED


@pytest.mark.parametrize(
    "args", [[], ["--org", "ORGA"], ["--bank", "工会法题库"], ["--bank", "  ", "--org", "ORGA"]]
)
def test_org_and_bank_are_required_without_dry_run(args):
    with pytest.raises(
        CommandError, match="正式导入必须用 --org 指定组织编码、用 --bank 指定题库名称"
    ) as exc:
        _call(str(MIXED), *args)
    assert exc.value.returncode == 1


@pytest.mark.django_db
def test_an_unknown_org_is_refused(world):
    with pytest.raises(CommandError, match="没有组织编码为 NOPE 的组织"):
        _call(str(MIXED), "--org", "NOPE", "--bank", "工会法题库")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.txt", None, "无法读取文件：missing.txt"),
        ("题库.pdf", b"%PDF-1.7", "不支持的文件类型"),
        ("题库.xlsx", b"PK\x03\x04broken", "无法读取该 Excel 文件"),
    ],
)
def test_unreadable_files_exit_with_code_2(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(CommandError, match=message) as exc:
        _call(str(path), "--dry-run", "--json")
    assert exc.value.returncode == 2


def _manage(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test"}
    return subprocess.run(  # noqa: S603 — our own manage.py with fixed arguments
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "import_questions", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )


def test_real_process_exit_codes_and_streams(tmp_path):
    read = _manage(str(MIXED), "--dry-run", "--json")
    assert read.returncode == 0, read.stderr
    assert json.loads(read.stdout) == MIXED_EXPECTED
    assert "试运行，未写入" in read.stderr

    broken = tmp_path / "坏文件.docx"
    broken.write_bytes(b"not a docx")
    unreadable = _manage(str(broken), "--dry-run", "--json")
    assert unreadable.returncode == 2
    assert unreadable.stdout == ""
    assert "无法读取该 Word 文件" in unreadable.stderr


def _services():
    try:
        services = importlib.import_module("gonghui.quizzes.services")
    except ImportError:
        pytest.skip("gonghui.quizzes.services 尚未提供（题库服务由另一项工作实现）")
    if not all(hasattr(services, name) for name in ("bank_get_or_create", "questions_import")):
        pytest.skip("gonghui.quizzes.services 还没有 bank_get_or_create / questions_import")
    return services


@pytest.mark.django_db
def test_import_writes_through_the_bank_services_and_a_second_run_adds_nothing(world):
    _services()
    out, err = _call(str(MIXED), "--org", "ORGA", "--bank", "工会法律知识题库", "--json")
    assert json.loads(out) == MIXED_EXPECTED
    assert "已导入题库“工会法律知识题库”" in err
    assert "新增 5 题" in err
    _again, err = _call(str(MIXED), "--org", "ORGA", "--bank", "工会法律知识题库")
    assert "新增 0 题" in err


@pytest.mark.django_db
def test_dry_run_with_org_writes_nothing(world):
    models = importlib.import_module("gonghui.quizzes.models")
    if not hasattr(models, "QuestionBank"):
        pytest.skip("gonghui.quizzes.models.QuestionBank 尚未提供（题库模型由另一项工作实现）")
    out, err = _call(str(MIXED), "--org", "ORGA", "--bank", "工会法律知识题库", "--dry-run", "--json")
    assert json.loads(out) == MIXED_EXPECTED
    assert "试运行，未写入" in err
    assert not models.QuestionBank.objects.exists()
