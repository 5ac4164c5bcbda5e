from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportStatus(models.TextChoices):
    VALIDATING = "validating", _("正在校验")
    VALIDATED = "validated", _("待确认导入")
    COMMITTING = "committing", _("正在导入")
    DONE = "done", _("已导入")
    FAILED = "failed", _("未能导入")
    CANCELLED = "cancelled", _("已取消")


class ImportAction(models.TextChoices):
    UPLOAD = "upload", _("上传")
    VALIDATE = "validate", _("校验")
    COMMIT = "commit", _("确认导入")
    CANCEL = "cancel", _("取消")
    RETRY = "retry", _("重试")
    FAIL = "fail", _("标记失败")


class ImportMode(models.TextChoices):
    """What a commit does when some rows have problems; the uploader chooses explicitly."""

    ALL = "all", _("全部无误才导入")
    VALID = "valid", _("只导入无误的行")


class ExportStatus(models.TextChoices):
    RUNNING = "running", _("正在生成")
    DONE = "done", _("已生成")
    FAILED = "failed", _("生成失败")
    CANCELLED = "cancelled", _("已取消")
