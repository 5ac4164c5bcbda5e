"""Demo 报送: the city union asks every county union and 市属 grassroots union for its 2020 staff figures; about
half have answered (one answer returned with a reason, one accepted), the rest are pending.

Actors are the demo cadres of each union when their roles carry the 报送 actions, otherwise the platform
administrator (until accounts/roles.py grants `reports.*` to the built-in roles)."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.accounts.scoping import has_action
from gonghui.orgs.models import Org
from gonghui.orgs.targeting import OrgTarget, TargetKind

from .choices import ReportKind, SubmissionStatus
from .fields import field_lines_parse
from .models import ReportSubmission, ReportTask
from .permissions import MANAGE, SUBMIT
from .services import (
    TaskInput,
    report_submission_accept,
    report_submission_return,
    report_submission_submit,
    report_task_create,
    report_task_publish,
)

ROOT_CODE = "JZJKWT"
TITLE = "2020年教职工和工会会员基本情况统计"
FIELDS = """教职工人数 | 数字 | 必填
工会会员人数 | 数字 | 必填
女职工人数 | 数字 | 选填
全年开展活动次数 | 数字 | 选填
活动形式 | 选项 | 选填 | 线下、线上、线上线下结合
填报人 | 文本 | 必填"""
INSTRUCTIONS = "请各单位如实填报截至2020年底的教职工和会员人数，数字以人为单位；县区工会只填本级机关数据。"


def _actor(username: str, fallback: User, action: str, org: Org) -> User:
    user = User.objects.filter(username=username).first()
    return user if user is not None and has_action(user, action, org) else fallback


def _values(n: int, org: Org) -> dict[str, Any]:
    staff = 40 + (n * 37) % 260
    return {
        "f1": str(staff),
        "f2": str(staff - n % 7),
        "f3": str(staff // 2 + n % 5),
        "f4": str(2 + n % 9),
        "f5": ["线下", "线上", "线上线下结合"][n % 3],
        "f6": f"{org.short_name or org.name}工会干事",
    }


@transaction.atomic
def seed_reports() -> str:
    root = Org.objects.filter(code=ROOT_CODE).first()
    admin = User.objects.filter(username="admin").first()
    if root is None or admin is None:
        return "跳过：缺少根组织或平台管理员"
    if ReportTask.objects.filter(org=root, title=TITLE).exists():
        return f"报送任务 {ReportTask.objects.count()} 个（本次新增 0 个）"
    sender = _actor("shi_admin", admin, MANAGE, root)
    task = report_task_create(
        org=root,
        actor=sender,
        data=TaskInput(
            title=TITLE,
            instructions=INSTRUCTIONS,
            kind=ReportKind.FORM,
            deadline=timezone.localdate() + dt.timedelta(days=7),
            targets=[OrgTarget(kind=TargetKind.CHILDREN, org_id=root.pk)],
            fields=field_lines_parse(FIELDS),
        ),
    )
    report_task_publish(task=task, actor=sender)
    submissions = list(
        ReportSubmission.objects.filter(task=task).select_related("org", "task").order_by("org__path")
    )
    answered = 0
    for n, submission in enumerate(submissions):
        if n % 2:
            continue  # every other union has not answered yet
        org = submission.org
        actor = _actor(f"{org.code.lower()}_admin", admin, SUBMIT, org)
        report_submission_submit(submission=submission, actor=actor, values=_values(n, org))
        answered += 1
    done = list(
        ReportSubmission.objects.filter(task=task, status=SubmissionStatus.SUBMITTED).order_by("org__path")
    )
    if len(done) >= 2:
        report_submission_return(
            submission=done[0], actor=sender, reason="会员人数多于教职工人数，请核实后重新报送"
        )
        report_submission_accept(submission=done[1], actor=sender)
    return f"报送任务 {ReportTask.objects.count()} 个（本次新增 1 个，{len(submissions)} 个单位中 {answered} 个已报送）"
