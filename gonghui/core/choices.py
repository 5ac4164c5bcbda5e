"""The choices of core's tables."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    """What an audit-log row records (`AuditLog.action`)."""

    LOGIN = "login", _("登录")
    LOGIN_FAILED = "login_failed", _("登录失败")
    LOGOUT = "logout", _("退出")
    ADMIN_EDIT = "admin_edit", _("管理操作")
    EXPORT = "export", _("导出")
    REVEAL = "reveal", _("查看完整个人信息")
    PASSWORD = "password", _("密码变更")
    ERASE = "erase", _("个人资料清除")
