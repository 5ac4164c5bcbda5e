"""`manage.py import_members`: one JSON document on stdout with --json, logs on stderr, exit code 2 only when
the file cannot be read, the same importer as the web flow."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from gonghui.members.models import Member
from gonghui.members.tests.test_roster_import import _today, person_id, roster, row, wrong_checksum  # noqa: F401

pytestmark = pytest.mark.django_db


def _call(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_members", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def roster_file(tmp_path):
    path = tmp_path / "名册.xlsx"
    path.write_bytes(
        roster(
            [
                row(name="张三", id_number=person_id(1), phone="+86 13800000001"),
                row(name="李四", id_number=wrong_checksum(person_id(2)), phone="12345"),
                row(name="王五", id_number=person_id(3), joined_on="2020.3.1"),
            ]
        )
    )
    return path


EXPECTED = {
    "rows": 3,
    "valid": 2,
    "errors": [
        {"row": 3, "field": "证件号码", "message": "身份证号校验位不正确，请核对"},
        {"row": 3, "field": "手机号", "message": "请输入11位中国大陆手机号"},
    ],
    "normalised": [
        {"row": 2, "field": "手机号", "from": "+86 13800000001", "to": "13800000001"},
        {"row": 4, "field": "入会日期", "from": "2020.3.1", "to": "2020-03-01"},
    ],
}


def test_json_output_is_exactly_one_document_and_mode_all_imports_nothing(world, roster_file):
    # when: the default mode (all) with row errors
    out, err = _call(str(roster_file), "--org", "ORGA", "--json")
    # then: stdout is exactly the JSON document; the summary went to stderr; nothing was imported
    assert json.loads(out) == EXPECTED
    assert out.count("\n") == 1
    assert "共 3 行：无误 2 行" in err
    assert "按“全部无误才导入”未导入任何数据" in err
    assert Member.objects.count() == 1


def test_mode_valid_imports_the_valid_rows(world, roster_file):
    out, err = _call(str(roster_file), "--org", "ORGA", "--mode", "valid", "--json")
    assert json.loads(out) == EXPECTED
    assert "新增会员 2 名" in err
    assert set(Member.objects.values_list("name", flat=True)) == {"甲会员", "张三", "王五"}
    # and running it again changes nothing
    again, err = _call(str(roster_file), "--org", "ORGA", "--mode", "valid", "--json")
    assert json.loads(again) == EXPECTED
    assert "其中已是会员无变化 2 行" in err
    assert Member.objects.count() == 3


def test_dry_run_writes_nothing(world, roster_file):
    out, err = _call(str(roster_file), "--org", "ORGA", "--mode", "valid", "--dry-run", "--json")
    assert json.loads(out)["valid"] == 2
    assert "试运行，未写入" in err
    assert Member.objects.count() == 1


def test_without_json_the_problems_and_summary_are_printed(world, roster_file):
    out, _err = _call(str(roster_file), "--org", "ORGA")
    assert out.splitlines() == [
        "第 3 行 证件号码：身份证号校验位不正确，请核对",
        "第 3 行 手机号：请输入11位中国大陆手机号",
        out.splitlines()[-1],
    ]
    assert out.splitlines()[-1].startswith(
        "共 3 行：无误 2 行（其中已是会员无变化 0 行），问题 2 个，自动规范 2 处；"
    )


@pytest.mark.parametrize(
    ("_case", "content", "message"),
    [
        (
            "a CSV, not a workbook",
            b"name,id\n",
            "无法读取该文件：这是文本文件（CSV 或 TXT），不是 Excel 工作簿，请用 Excel 或 WPS 打开后另存为 .xlsx 再导入",
        ),
        (
            "not a spreadsheet",
            b"MZ\x90\x00\x03\x00",
            "无法读取该文件，请上传 .xlsx 或 .xls 格式的 Excel 文件",
        ),
        ("no ID column", roster([["张三"]], headers=["姓名"]), "缺少必填列：证件号码"),
    ],
)
def test_an_unreadable_file_exits_with_code_2(world, tmp_path, _case, content, message):
    path = tmp_path / "坏文件.xlsx"
    path.write_bytes(content)
    with pytest.raises(CommandError) as exc:
        _call(str(path), "--org", "ORGA", "--json")
    assert exc.value.returncode == 2
    assert str(exc.value) == f"无法读取文件 坏文件.xlsx：{message}"
    assert Member.objects.count() == 1


def test_a_missing_file_exits_with_code_2_and_an_unknown_org_with_1(world, tmp_path):
    with pytest.raises(CommandError) as missing:
        _call(str(tmp_path / "没有.xlsx"), "--org", "ORGA")
    assert missing.value.returncode == 2
    with pytest.raises(CommandError) as unknown:
        _call(str(tmp_path / "没有.xlsx"), "--org", "NOPE")
    assert (unknown.value.returncode, str(unknown.value)) == (1, "没有组织编码为 NOPE 的组织")
