"""`manage.py import_questions FILE [--org ORG_CODE --bank NAME] [--dry-run] [--json]`: read a question file
(.txt in UTF-8 or GB18030, .docx, .xlsx) with `quizzes.parsing` and add its questions to the bank NAME of the
org ORG_CODE (created when missing) through `quizzes.services`.

stdout: the problems and a summary, or with --json exactly one JSON document
{"questions": [{"type", "stem", "options", "answer"}], "problems": [{"index", "message"}]} in file order.
Logs go to stderr. Exit code 0 whenever the file could be read (even with problems), 2 when it could not,
1 for wrong arguments (missing --org/--bank without --dry-run, unknown org)."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gonghui.orgs.models import Org
from gonghui.quizzes.parsing import ParseResult, QuestionsReadError
from gonghui.quizzes.question_files import questions_parse_file

UNREADABLE = 2
SHOWN_SKIPPED = 20
TYPE_LABELS = {"single": "单选", "multiple": "多选", "judge": "判断"}


class Command(BaseCommand):
    help = "从 .txt / .docx / .xlsx 文件导入试题到题库"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="试题文件（.txt 为 UTF-8 或 GB18030 编码，.docx，.xlsx）")
        parser.add_argument("--org", help="题库所属组织的编码（Org.code）；不加 --dry-run 时必填")
        parser.add_argument("--bank", help="题库名称，没有则新建；不加 --dry-run 时必填")
        parser.add_argument("--dry-run", action="store_true", help="只解析和检查，不写入")
        parser.add_argument("--json", action="store_true", help="在标准输出打印一个 JSON 结果")

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run: bool = options["dry_run"]
        org_code: str | None = options["org"]
        bank_name = (options["bank"] or "").strip()
        if not dry_run and (not org_code or not bank_name):
            raise CommandError(
                "正式导入必须用 --org 指定组织编码、用 --bank 指定题库名称（只检查文件请加 --dry-run）"
            )
        org = None
        if org_code:
            org = Org.objects.filter(code=org_code).first()
            if org is None:
                raise CommandError(f"没有组织编码为 {org_code} 的组织")
        path = Path(options["file"])
        self.stderr.write(f"读取 {path.name}")
        try:
            result = questions_parse_file(path)
        except QuestionsReadError as exc:
            raise CommandError(str(exc), returncode=UNREADABLE) from None
        summary = self._summary(result)
        self.stderr.write(summary)
        if dry_run or org is None:
            self.stderr.write("试运行，未写入")
        else:
            self.stderr.write(self._import(result, org=org, bank_name=bank_name))
        if options["json"]:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
            return
        for problem in result.problems:
            where = f"（第 {problem.line} 行）" if problem.line else ""
            self.stdout.write(f"第 {problem.index} 题{where}：{problem.message}")
        self.stdout.write(summary)

    @staticmethod
    def _summary(result: ParseResult) -> str:
        counts = dict.fromkeys(TYPE_LABELS.values(), 0)
        for question in result.questions:
            counts[TYPE_LABELS[question.type]] += 1
        by_type = "、".join(f"{label} {count}" for label, count in counts.items())
        total = len(result.questions) + len(result.problems)
        return f"共识别 {total} 题：可导入 {len(result.questions)} 题（{by_type}），有问题 {len(result.problems)} 题"

    @staticmethod
    def _import(result: ParseResult, *, org: Org, bank_name: str) -> str:
        # The bank services belong to the quizzes domain; imported here so --dry-run works on its own.
        from gonghui.quizzes.services import (
            bank_get_or_create,
            questions_import,
        )

        bank = bank_get_or_create(org=org, name=bank_name, actor=None)
        outcome = questions_import(bank=bank, result=result, actor=None)
        created = getattr(outcome, "created", 0)
        skipped = getattr(outcome, "skipped", 0)
        lines = [
            f"已导入题库“{bank_name}”（{org.name}）：新增 {created} 题，跳过 {skipped} 题（题库中已有或未通过检查）"
        ]
        lines += [f"  跳过：{stem}" for stem in list(getattr(outcome, "skipped_stems", []))[:SHOWN_SKIPPED]]
        return "\n".join(lines)
