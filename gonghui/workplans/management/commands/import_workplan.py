"""`manage.py import_workplan FILE [--org ORG_CODE] [--dry-run] [--json]`: read a 工作要点 (.txt in UTF-8 or
GB18030, or .docx) into sections → items → activities (`workplans.parsing`) and store it for the issuing union
through `workplans.services.workplan_import`.

`--org` (the issuing union's `Org.code`) is required unless `--dry-run`. stdout: the tree as text, or with
--json exactly one JSON document `ParsedPlan.as_json()`; logs go to stderr. Exit code 0 when the file was
parsed (and, without --dry-run, imported), 2 when it could not be read, 1 for any other error (unknown org,
the import refused)."""

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gonghui.core.errors import validation_error_text
from gonghui.orgs.models import Org
from gonghui.workplans.parsing import ParsedPlan, workplan_parse_file
from gonghui.workplans.plan_files import WorkplanReadError

UNREADABLE = 2


class Command(BaseCommand):
    help = "导入工作要点（.txt 或 .docx）：识别标题、文号、各部分、编号条目和具体工作"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="工作要点文件（.txt 为 UTF-8 或 GB18030 编码，或 .docx）")
        parser.add_argument("--org", help="发文工会的组织编码（Org.code）；试运行时可省略")
        parser.add_argument("--dry-run", action="store_true", help="只识别，不写入")
        parser.add_argument("--json", action="store_true", help="在标准输出打印一个 JSON 结果")

    def handle(self, *args: Any, **options: Any) -> None:
        org = self._org(options["org"], dry_run=options["dry_run"])
        try:
            plan = workplan_parse_file(options["file"])
        except WorkplanReadError as exc:
            raise CommandError(str(exc), returncode=UNREADABLE) from None
        self.stderr.write(_summary(plan))
        if not any(section.items for section in plan.sections):
            self.stderr.write("注意：没有识别出任何编号条目")
        if options["dry_run"] or org is None:
            self.stderr.write("试运行，未写入")
        else:
            self._import(plan, org=org, source_name=Path(options["file"]).name)
        if options["json"]:
            self.stdout.write(json.dumps(plan.as_json(), ensure_ascii=False))
        else:
            self.stdout.write(_outline(plan))

    def _org(self, code: str | None, *, dry_run: bool) -> Org | None:
        if not code:
            if dry_run:
                return None
            raise CommandError("请用 --org 指定发文工会的组织编码（只有试运行 --dry-run 时可以省略）")
        org = Org.objects.filter(code=code).first()
        if org is None:
            raise CommandError(f"没有组织编码为 {code} 的组织")
        return org

    def _import(self, plan: ParsedPlan, *, org: Org, source_name: str) -> None:
        from gonghui.workplans.services import workplan_import  # a dry run needs only the parser

        try:
            work_plan = workplan_import(org=org, plan=plan, actor=None, source_name=source_name)
        except ValidationError as exc:
            raise CommandError(f"未导入：{validation_error_text(exc)}") from None
        self.stderr.write(f"已导入到 {org.name}（{org.code}），编号 {work_plan.pk}")


def _summary(plan: ParsedPlan) -> str:
    items = sum(len(section.items) for section in plan.sections)
    activities = sum(len(item.activities) for section in plan.sections for item in section.items)
    head = "，".join(
        part
        for part in (
            f"《{plan.title}》",
            plan.doc_number or "",
            plan.issuer,
            plan.date.isoformat() if plan.date else "",
        )
        if part
    )
    return f"{head}：{len(plan.sections)} 个部分、{items} 个条目、{activities} 项具体工作"


def _outline(plan: ParsedPlan) -> str:
    lines = [plan.title]
    for number, section in enumerate(plan.sections, 1):
        lines.append(f"{number}. {section.title or '（无标题）'}")
        for item in section.items:
            lines.append(f"    {item.number} {item.text.splitlines()[0] if item.text else ''}")
            lines.extend(f"        - {activity}" for activity in item.activities)
    return "\n".join(lines)
