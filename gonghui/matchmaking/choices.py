"""The choices of 婚恋交友, one block per part."""

from django.db import models
from django.utils.translation import gettext_lazy as _


# --- profiles -----------------------------------------------------------------------------------------------
class ProfileStatus(models.TextChoices):
    ACTIVE = "active", _("展示中")
    SUSPENDED = "suspended", _("已暂停展示")  # by the moderator, after a report
    WITHDRAWN = "withdrawn", _("已退出")  # hidden at once; the data waits for the erasure job
    ERASED = "erased", _("资料已清除")


class Education(models.TextChoices):
    HIGH_SCHOOL = "high_school", _("高中及以下")
    COLLEGE = "college", _("大专")
    BACHELOR = "bachelor", _("本科")
    MASTER = "master", _("硕士研究生")
    DOCTOR = "doctor", _("博士研究生")


class Seeking(models.TextChoices):
    """Whom the member would like to meet (the registry gender of the other profile)."""

    MEN = "M", _("男士")
    WOMEN = "F", _("女士")
    ANY = "any", _("不限")


class ProfileAction(models.TextChoices):
    """Steps on a profile's timeline (no profile data in the note: the timeline outlives the erasure)."""

    JOINED = "joined", _("加入并签署承诺")
    EDITED = "edited", _("修改资料")
    WITHDRAWN = "withdrawn", _("退出")
    SUSPENDED = "suspended", _("暂停展示")
    RESTORED = "restored", _("恢复展示")
    ERASED = "erased", _("资料已清除")


# --- moderation ---------------------------------------------------------------------------------------------
class ReportReason(models.TextChoices):
    FALSE_INFO = "false_info", _("资料不实")
    HARASSMENT = "harassment", _("骚扰或纠缠")
    INDECENT = "indecent", _("不文明言行")
    NOT_SINGLE = "not_single", _("并非单身")
    OTHER = "other", _("其他")


class ReportStatus(models.TextChoices):
    PENDING = "pending", _("待处理")
    HANDLED = "handled", _("已处理")


class ReportOutcome(models.TextChoices):
    NO_ACTION = "no_action", _("查无问题")
    WARNED = "warned", _("提醒改正")
    SUSPENDED = "suspended", _("暂停其资料展示")


class ReportAction(models.TextChoices):
    SUBMITTED = "submitted", _("提交举报")
    VIEWED = "viewed", _("查看被举报资料")
    HANDLED = "handled", _("处理")
