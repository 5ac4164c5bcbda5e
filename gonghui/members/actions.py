"""Actions on a member record (verbs; the states are `choices.MemberStatus`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MemberAction(models.TextChoices):
    """会员操作."""

    CREATE = "create", _("登记入会")
    EDIT = "edit", _("修改信息")
    LEAVE = "leave", _("退会")
    RETIRE_KEEP = "retire_keep", _("退休保留会籍")
    DEATH = "death", _("登记去世")
    REINSTATE = "reinstate", _("恢复会籍")
