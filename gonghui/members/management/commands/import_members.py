"""`manage.py import_members FILE --org ORG_CODE [--mode all|valid] [--dry-run] [--json]`: the roster import
(集体入会) from the command line, with the same importer as the web flow (`members.services.roster.roster_import`).

stdout: a summary, or with --json exactly one JSON document
{"rows": N, "valid": N, "errors": [{"row", "field", "message"}], "normalised": [{"row", "field", "from", "to"}]}
(rows are spreadsheet row numbers, header = row 1). Logs go to stderr. Exit code 0 whenever the file could be
read (even with row errors), 2 when it could not."""

import json
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gonghui.core.excel import SpreadsheetError
from gonghui.members.services.roster import roster_import
from gonghui.orgs.models import Org
from gonghui.spreadsheets.choices import ImportMode

UNREADABLE = 2


class Command(BaseCommand):
    help = "从 Excel 名册导入会员（集体入会）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="名册文件（.xlsx / .xls）")
        parser.add_argument("--org", required=True, help="导入到的组织编码（Org.code）")
        parser.add_argument(
            "--mode",
            choices=ImportMode.values,
            default=ImportMode.ALL,
            help="all：有任何问题则不导入（默认）；valid：只导入无误的行",
        )
        parser.add_argument("--dry-run", action="store_true", help="只校验，不写入")
        parser.add_argument("--json", action="store_true", help="在标准输出打印一个 JSON 结果")

    def handle(self, *args: Any, **options: Any) -> None:
        org = Org.objects.filter(code=options["org"]).first()
        if org is None:
            raise CommandError(f"没有组织编码为 {options['org']} 的组织")
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"无法读取文件 {path}：{exc.strerror}", returncode=UNREADABLE) from None
        self.stderr.write(
            f"读取 {path.name}，导入到 {org.name}（{org.code}），方式：{ImportMode(options['mode']).label}"
        )
        started = time.perf_counter()
        try:
            report = roster_import(
                content=content,
                org=org,
                actor=None,
                mode=options["mode"],
                dry_run=options["dry_run"],
                source=path.name,
            )
        except SpreadsheetError as exc:
            raise CommandError(f"无法读取文件 {path.name}：{exc}", returncode=UNREADABLE) from None
        seconds = time.perf_counter() - started
        if report.committed:
            outcome = f"新增会员 {report.created} 名"
        elif options["dry_run"]:
            outcome = "试运行，未写入"
        else:
            outcome = "有问题的行，按“全部无误才导入”未导入任何数据"
        summary = (
            f"共 {report.rows} 行：无误 {report.valid} 行（其中已是会员无变化 {report.unchanged} 行），"
            f"问题 {len(report.errors)} 个，自动规范 {len(report.normalised)} 处；{outcome}（{seconds:.1f} 秒）"
        )
        self.stderr.write(summary)
        if options["json"]:
            self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False))
            return
        for error in report.errors[:50]:
            self.stdout.write(f"第 {error.row} 行 {error.column}：{error.message}")
        if len(report.errors) > 50:
            self.stdout.write(f"……另有 {len(report.errors) - 50} 个问题（用 --json 查看全部）")
        self.stdout.write(summary)
