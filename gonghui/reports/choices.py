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


# Submissions still waiting for the recipient (counted as pending in the inbox, reminded, "missing" on the board).
OPEN_SUBMISSION = (SubmissionStatus.PENDING, SubmissionStatus.RETURNED)
# Submissions whose data counts in the aggregate export.
DONE_SUBMISSION = (SubmissionStatus.SUBMITTED, SubmissionStatus.ACCEPTED)
