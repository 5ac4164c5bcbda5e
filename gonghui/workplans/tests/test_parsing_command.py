"""`manage.py import_workplan FILE [--org ORG_CODE] [--dry-run] [--json]`: exactly one JSON document on stdout
with --json, logs on stderr, --org required unless --dry-run, exit code 2 when the file cannot be read."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command

from gonghui.workplans.parsing import workplan_parse_file

DATA = Path(__file__).parent / "data"
SEED = DATA / "jiaozuo-2020-work-plan.txt"

pytestmark = pytest.mark.django_db


def _call(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_workplan", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _import_service():
    """The non-dry-run path stores the plan through the workplans service written beside this command."""
    services = pytest.importorskip("gonghui.workplans.services", reason="gonghui.workplans.services 尚未实现")
    if not hasattr(services, "workplan_import"):
        pytest.skip("gonghui.workplans.services.workplan_import 尚未实现")
    return services.workplan_import


def test_dry_run_json_prints_exactly_the_parsed_plan_and_writes_nothing():
    out, err = _call(str(SEED), "--dry-run", "--json")
    document = json.loads(out)
    assert out.count("\n") == 1  # one document, one line
    assert document == workplan_parse_file(SEED).as_json()
    assert "焦作市教科文卫体工会2020年工作要点" in out  # ensure_ascii=False: Chinese as it is
    assert (document["title"], document["doc_number"], document["issuer"], document["date"]) == (
        "焦作市教科文卫体工会2020年工作要点",
        "焦教工〔2020〕8号",
        "焦作市教科文卫体工会",
        "2020-04-17",
    )
    assert [len(s["items"]) for s in document["sections"]] == [5, 4, 5, 6, 2]
    assert document["sections"][1]["items"][1] == {
        "number": "（七）",
        "text": document["sections"][1]["items"][1]["text"],
        "activities": [
            "与市教育局联合开展全市教育系统教学技能竞赛。",
            "与市卫健委联合开展全市卫生计生系统技能竞赛。",
        ],
    }
    # the log went to stderr
    assert "5 个部分、22 个条目、16 项具体工作" in err
    assert "试运行，未写入" in err
    assert apps.get_model("workplans", "WorkPlan").objects.count() == 0


def test_dry_run_of_a_gb18030_file_with_an_org(world):
    out, err = _call(str(DATA / "unnumbered-arabic-gb18030.txt"), "--org", "ORGA", "--dry-run", "--json")
    assert json.loads(out)["title"] == "乙县教育工会2021年工作计划"
    assert "试运行，未写入" in err


def test_without_json_an_outline_is_printed():
    out, _err = _call(str(DATA / "half-paren-items.txt"), "--dry-run")
    assert out.splitlines() == [
        "丙校工会2024年工作要点",
        "1. （无标题）",
        "    (一) 加强教职工思想政治建设，组织教职工开展政治理论学习。",
        "        - 组织专题学习会4次",
        "        - 开展师德标兵评选",
        "    (二) 丰富教职工文体生活。",
        "        - 举办教职工趣味运动会。",
        "    (三) 做好教职工福利工作，落实节日慰问。",
    ]


def test_org_is_required_unless_dry_run():
    with pytest.raises(CommandError) as exc:
        _call(str(SEED), "--json")
    assert exc.value.returncode == 1
    assert str(exc.value) == "请用 --org 指定发文工会的组织编码（只有试运行 --dry-run 时可以省略）"


def test_an_unknown_org_is_refused(world):
    with pytest.raises(CommandError) as exc:
        _call(str(SEED), "--org", "NOPE")
    assert (exc.value.returncode, str(exc.value)) == (1, "没有组织编码为 NOPE 的组织")


@pytest.mark.parametrize(
    ("_case", "name", "content", "message"),
    [
        ("missing", "没有.txt", None, "无法读取文件 没有.txt：文件不存在"),
        (
            ".doc",
            "要点.doc",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64,
            "无法读取文件 要点.doc：不支持旧版 Word 文档（.doc），请在 Word 或 WPS 中“另存为” .docx 格式后再导入",
        ),
        (
            "undecodable",
            "要点.txt",
            b"\x80\x81\xff",
            "无法读取文件 要点.txt：无法识别文字编码，请保存为 UTF-8 或 GB18030 编码的 .txt 文件，或 .docx 文件",
        ),
    ],
)
def test_an_unreadable_file_exits_with_code_2(tmp_path, _case, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(CommandError) as exc:
        _call(str(path), "--dry-run", "--json")
    assert (exc.value.returncode, str(exc.value)) == (2, message)


def test_the_process_exits_with_code_2_and_nothing_on_stdout(tmp_path):
    """Run through manage.py as a user would: exit code 2, nothing on stdout, the message on stderr."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test"}
    manage = Path(settings.BASE_DIR) / "manage.py"
    missing = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, str(manage), "import_workplan", str(tmp_path / "没有.txt"), "--dry-run", "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert (missing.returncode, missing.stdout) == (2, "")
    assert "无法读取文件 没有.txt：文件不存在" in missing.stderr


def test_import_stores_the_tree_through_the_service(world):
    _import_service()
    WorkPlan = apps.get_model("workplans", "WorkPlan")
    PlanItem = apps.get_model("workplans", "PlanItem")
    PlanActivity = apps.get_model("workplans", "PlanActivity")
    out, err = _call(str(SEED), "--org", "ORGA", "--json")
    assert json.loads(out) == workplan_parse_file(SEED).as_json()
    plan = WorkPlan.objects.get()
    assert (plan.org.code, plan.title, plan.doc_number, plan.source_name) == (
        "ORGA",
        "焦作市教科文卫体工会2020年工作要点",
        "焦教工〔2020〕8号",
        "jiaozuo-2020-work-plan.txt",
    )
    assert PlanItem.objects.filter(section__plan=plan).count() == 22
    assert PlanActivity.objects.filter(item__section__plan=plan).count() == 16
    assert "已导入到" in err
    # the same 文号 again is refused by the service: exit code 1, nothing more stored
    with pytest.raises(CommandError) as exc:
        _call(str(SEED), "--org", "ORGA")
    assert exc.value.returncode == 1
    assert str(exc.value).startswith("未导入：")
    assert WorkPlan.objects.count() == 1
