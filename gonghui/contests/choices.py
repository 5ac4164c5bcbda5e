"""States and kinds of a 劳动和技能竞赛 (`Contest`), its rounds (`ContestRound`), entries (`Entry`) and its results
library (`LibraryItem`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ContestStatus(models.TextChoices):
    """A competition is prepared (groups, rounds, quotas), runs (entries, judging, promotion), then is finished:
    results announced; outside accounts granted on it expire when it closes (`closes_on` or finishing)."""

    DRAFT = "draft", _("筹备中")
    RUNNING = "running", _("进行中")
    FINISHED = "finished", _("已结束")


class EntryKind(models.TextChoices):
    INDIVIDUAL = "individual", _("个人赛")
    TEAM = "team", _("团体赛")


class RoundStatus(models.TextChoices):
    """A round takes entries until its deadline, is judged on a reviews round, then its results are final
    (ranks and awards written, the promoted entered into the next round)."""

    ENTERING = "entering", _("报名中")
    JUDGING = "judging", _("评审中")
    FINAL = "final", _("已出结果")


class EntryStatus(models.TextChoices):
    """An entry is made by a union (报名), confirmed by its entrants on the portal (本人确认), or withdrawn."""

    ENTERED = "entered", _("待本人确认")
    CONFIRMED = "confirmed", _("已确认")
    WITHDRAWN = "withdrawn", _("已退赛")


class EntryAction(models.TextChoices):
    ENTER = "enter", _("报名")
    REPLACE = "replace", _("换人")
    WITHDRAW = "withdraw", _("退赛")
    CONFIRM = "confirm", _("本人确认")
    PROMOTE = "promote", _("晋级")
    AWARD = "award", _("获奖")


class ContestAction(models.TextChoices):
    CREATE = "create", _("创建")
    START = "start", _("开始")
    ROUND_JUDGING = "round_judging", _("开始评审")
    ROUND_FINAL = "round_final", _("确定结果")
    FINISH = "finish", _("结束")


class AwardBasis(models.TextChoices):
    """Award levels are given by rank (the first N of a group) or by share (the first x % of a group)."""

    COUNT = "count", _("按名次")
    SHARE = "share", _("按比例")


class LibraryKind(models.TextChoices):
    LESSON = "lesson", _("课例")
    TEACHING_PLAN = "teaching_plan", _("教案")
    TECHNIQUE = "technique", _("技术成果")
    PAPER = "paper", _("论文")
    VIDEO = "video", _("视频")
    OTHER = "other", _("其他")
