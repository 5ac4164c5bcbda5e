"""Test helpers for 报送: grants of the app's own role, tasks written through the services, xlsx bytes."""

import datetime as dt
import io
from typing import Any

import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conftest import make_cadre
from gonghui.accounts.scoping import forget_grants
from gonghui.accounts.tests.factories import RoleGrantFactory
from gonghui.orgs.targeting import OrgTarget, TargetKind
from gonghui.reports.apps import REPORT_OFFICER
from gonghui.reports.choices import ReportKind
from gonghui.reports.fields import field_lines_parse
from gonghui.reports.services import TaskInput, report_task_create, report_task_publish

FIELDS = "教职工人数 | 数字 | 必填\n活动形式 | 选项 | 选填 | 线上、线下\n说明 | 文本 | 选填\n佐证材料 | 文件 | 选填"
HEADERS = ["单位", "教职工人数", "会员人数", "备注"]


def grant_reports(user: Any, org: Any) -> Any:
    """Give a user the 报送 actions on an org (the built-in roles do not carry them yet)."""
    RoleGrantFactory.create(user=user, role=REPORT_OFFICER, org=org)
    forget_grants(user)
    return user


def report_cadre(username: str, org: Any) -> Any:
    return make_cadre(username, org, role=REPORT_OFFICER)


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet("表1")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                sheet.write(r, c, value)
    workbook.close()
    return buffer.getvalue()


def xlsx_upload(rows: list[list[Any]], name: str = "表.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name,
        xlsx_bytes(rows),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def pdf_upload(name: str = "佐证.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf"
    )


def make_task(
    *,
    org: Any,
    actor: Any,
    targets: list[OrgTarget] | None = None,
    kind: str = ReportKind.FORM,
    title: str = "教职工人数统计",
    deadline: dt.date | None = None,
    publish: bool = True,
    fields: str = FIELDS,
    headers: list[str] | None = None,
) -> Any:
    template = (
        xlsx_upload([["统计表"], headers or HEADERS], name="模板.xlsx") if kind == ReportKind.EXCEL else None
    )
    task = report_task_create(
        org=org,
        actor=actor,
        data=TaskInput(
            title=title,
            instructions="请如实填报",
            kind=kind,
            deadline=deadline or timezone.localdate() + dt.timedelta(days=10),
            targets=targets or [OrgTarget(kind=TargetKind.CHILDREN, org_id=org.pk)],
            fields=field_lines_parse(fields) if kind == ReportKind.FORM else [],
        ),
        template=template,
    )
    if publish:
        report_task_publish(task=task, actor=actor)
        task.refresh_from_db()
    return task
