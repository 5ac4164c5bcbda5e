"""Demo 报送: the city union asks every county union and 市属 grassroots union for its 2020 staff figures; about
half have answered (one answer returned with a reason, one accepted), the rest are pending. Dated when such a
task runs (under `demo_clock`): sent on the first working day of 2021, due on 15 January, answered in between.
A grassroots union reports its own headcount and serving members; a county union only its office (本级机关).

Actors are the demo cadres of each union when their roles carry the 报送 actions, otherwise the platform
administrator (until accounts/roles.py grants `reports.*` to the built-in roles)."""

import datetime as dt
from typing import Any

from django.db import transaction

from gonghui.accounts.demo import demo_clock
from gonghui.accounts.models import User
from gonghui.accounts.scoping import has_action
from gonghui.calendars.workdays import add_workdays
from gonghui.members.choices import MemberStatus
from gonghui.members.models import Member
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


SENT_ON = dt.date(2021, 1, 4)
DEADLINE = dt.date(2021, 1, 15)
REPORTERS = "李敏王静张伟刘洋陈晨杨帆赵磊黄丽周涛吴婷"


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour))


def _values(n: int, org: Org) -> dict[str, Any]:
    serving = Member.objects.filter(org__path__startswith=org.path, status=MemberStatus.ACTIVE)
    staff = org.headcount_total or 5 + n % 4  # a county union: its own office
    members = min(serving.count(), staff) if org.headcount_total else staff
    women = min(serving.filter(gender="F").count(), members) if org.headcount_total else members // 2
    return {
        "f1": str(staff),
        "f2": str(members),
        "f3": str(women),
        "f4": str(2 + n % 9),
        "f5": ["线下", "线上", "线上线下结合"][n % 3],
        # the first answer names no person: it is returned for that
        "f6": "工会办公室" if n == 0 else REPORTERS[n % 10 * 2 : n % 10 * 2 + 2],
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
    with demo_clock(_at(SENT_ON, 9)):
        task = report_task_create(
            org=root,
            actor=sender,
            data=TaskInput(
                title=TITLE,
                instructions=INSTRUCTIONS,
                kind=ReportKind.FORM,
                deadline=DEADLINE,
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
        with demo_clock(_at(add_workdays(SENT_ON, 1 + n % 6), 10 + n % 6)):
            report_submission_submit(submission=submission, actor=actor, values=_values(n, org))
        answered += 1
    done = list(
        ReportSubmission.objects.filter(task=task, status=SubmissionStatus.SUBMITTED).order_by("org__path")
    )
    if len(done) >= 2:
        with demo_clock(_at(add_workdays(SENT_ON, 7), 9)):
            report_submission_return(submission=done[0], actor=sender, reason="请填写填报人姓名后重新报送")
            report_submission_accept(submission=done[1], actor=sender)
    return f"报送任务 {ReportTask.objects.count()} 个（本次新增 1 个，{len(submissions)} 个单位中 {answered} 个已报送）"
