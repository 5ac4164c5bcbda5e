"""States and actions of a review round (评审) and its score sheets (评分表)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RoundStatus(models.TextChoices):
    """A round is drafted (template, entries and judges set up), opened for scoring, then closed."""

    DRAFT = "draft", _("筹备中")
    OPEN = "open", _("评审中")
    CLOSED = "closed", _("已结束")


class BlindMode(models.TextChoices):
    """What a judge sees of an entry: everything, or the entry without its entrant union and unit (盲评)."""

    OPEN = "open", _("公开评审")
    BLIND = "blind", _("盲评")


class RoundMode(models.TextChoices):
    """Who scores: a panel of judges only, or the entrant union first (自评, with evidence) and assessors beside it."""

    PANEL = "panel", _("评委评审")
    SELF_ASSESSED = "self_assessed", _("自评+考评")


class SheetStatus(models.TextChoices):
    """A judge's sheet for one entry: scored as a draft, submitted (locked), reopened by the organiser."""

    DRAFT = "draft", _("未提交")
    SUBMITTED = "submitted", _("已提交")
    REOPENED = "reopened", _("已退回修改")


class ReviewAction(models.TextChoices):
    """Steps written to a sheet's timeline."""

    SUBMIT = "submit", _("提交评分")
    REOPEN = "reopen", _("退回评分表")
    SELF_SUBMIT = "self_submit", _("提交自评")


class TieRuleKind(models.TextChoices):
    """How two entries with the same final score are ordered, rule by rule (`aggregation.rank`)."""

    CRITERION = "criterion", _("指定评分项得分高者在前")
    MEDIAN = "median", _("评委总分中位数高者在前")
    LOWEST = "lowest", _("评委最低分高者在前")


class ExportKind(models.TextChoices):
    """The xlsx exports of a round (`services.round_export`)."""

    SHEETS = "sheets", _("原始评分表")
    RESULTS = "results", _("评审结果")
