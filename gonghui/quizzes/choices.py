"""States, kinds and actions of 网上答题 / 网上练兵."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class QuestionType(models.TextChoices):
    SINGLE = "single", _("单选题")
    MULTIPLE = "multiple", _("多选题")
    JUDGE = "judge", _("判断题")


class Difficulty(models.TextChoices):
    EASY = "easy", _("容易")
    MEDIUM = "medium", _("中等")
    HARD = "hard", _("困难")


class ScoreRule(models.TextChoices):
    BEST = "best", _("取最高分")
    LATEST = "latest", _("取最后一次")
    FIRST = "first", _("取第一次")


class ActivityStatus(models.TextChoices):
    """Stored states; 未开始 / 进行中 / 已结束 follow from the window and are computed when read (`phase`)."""

    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    CANCELLED = "cancelled", _("已撤销")


class ActivityPhase(models.TextChoices):
    DRAFT = "draft", _("草稿")
    UPCOMING = "upcoming", _("未开始")
    OPEN = "open", _("进行中")
    ENDED = "ended", _("已结束")
    CANCELLED = "cancelled", _("已撤销")


class ActivityAction(models.TextChoices):
    CREATE = "create", _("新建")
    EDIT = "edit", _("修改")
    PUBLISH = "publish", _("发布")
    CANCEL = "cancel", _("撤销")
    NOTIFY = "notify", _("开始通知")
    REMIND = "remind", _("催答提醒")


class AttemptStatus(models.TextChoices):
    OPEN = "open", _("答题中")
    SUBMITTED = "submitted", _("已交卷")


class SubmitReason(models.TextChoices):
    MANUAL = "manual", _("本人交卷")
    TIMEOUT = "timeout", _("超时自动交卷")
    FOCUS = "focus", _("切屏超限自动交卷")


class BankAction(models.TextChoices):
    CREATE = "create", _("新建题库")
    EDIT = "edit", _("修改题库")
    IMPORT = "import", _("导入试题")
    QUESTION_ADD = "question_add", _("新增试题")
    QUESTION_EDIT = "question_edit", _("修改试题")
    QUESTION_DISABLE = "question_disable", _("停用试题")
