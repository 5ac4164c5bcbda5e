"""States and actions of 报送 tasks and submissions (separate enums, as everywhere)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    FORM = "form", _("在线填报")
    EXCEL = "excel", _("Excel 模板")


class FieldType(models.TextChoices):
    TEXT = "text", _("文本")
    NUMBER = "number", _("数字")
    DATE = "date", _("日期")
    CHOICE = "choice", _("选项")
    FILE = "file", _("文件")


class TaskStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已下发")
    CLOSED = "closed", _("已结束")


class TaskAction(models.TextChoices):
    CREATE = "create", _("新建报送任务")
    EDIT = "edit", _("修改报送任务")
    DELETE = "delete", _("删除草稿")
    PUBLISH = "publish", _("下发")
    CLOSE = "close", _("结束报送")
    REMIND = "remind", _("催报")


class SubmissionStatus(models.TextChoices):
    PENDING = "pending", _("未报送")
    SUBMITTED = "submitted", _("已报送")
    RETURNED = "returned", _("已退回")
    ACCEPTED = "accepted", _("已通过")


class SubmissionAction(models.TextChoices):
    SUBMIT = "submit", _("报送")
    RESUBMIT = "resubmit", _("重新报送")
    RETURN = "return", _("退回")
    ACCEPT = "accept", _("审核通过")
    REMIND = "remind", _("提醒")
    SAVE_DRAFT = "save_draft", _("暂存")


class ConsolidationStatus(models.TextChoices):
    """逐级审核汇总: a union between the sender and the recipients passes its subtree's answers up."""

    PENDING = "pending", _("待上报")
    PASSED = "passed", _("已上报汇总")


class ConsolidationAction(models.TextChoices):
    PASS_UP = "pass_up", _("上报汇总")
    RETURN = "return", _("退回汇总")


# Submissions still waiting for the recipient (counted as pending in the inbox, reminded, "missing" on the board).
OPEN_SUBMISSION = (SubmissionStatus.PENDING, SubmissionStatus.RETURNED)
# Submissions whose data counts in the aggregate export.
DONE_SUBMISSION = (SubmissionStatus.SUBMITTED, SubmissionStatus.ACCEPTED)
