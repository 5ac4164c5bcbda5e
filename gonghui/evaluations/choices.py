"""States and kinds of 量化评价: schemes, indicators and their rules, rounds, targets, scores and 复核."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SchemeStatus(models.TextChoices):
    """A scheme is edited as a draft, published (rounds may use it; no longer edited — copy it to change it) and
    retired (kept for the rounds that used it)."""

    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    RETIRED = "retired", _("已停用")


class IndicatorKind(models.TextChoices):
    """Where an indicator's value comes from: the platform's records (an IndicatorSource) or the assessors."""

    AUTO = "auto", _("自动取数")
    MANUAL = "manual", _("人工评分")


class RuleKind(models.TextChoices):
    """How an indicator's points follow from its value (rules.py): see `rules.score`."""

    THRESHOLDS = "thresholds", _("分档计分")
    PROPORTIONAL = "proportional", _("按比例计分")
    DEDUCTION = "deduction", _("逐项扣分")
    BONUS = "bonus", _("加分（封顶）")
    CHECK = "check", _("达标判定")
    MANUAL = "manual", _("人工评分")


class Direction(models.TextChoices):
    """For thresholds and checks: is a higher value better (入会率 ≥ 90 %) or a lower one (审查用时 ≤ 15 天)?"""

    AT_LEAST = "at_least", _("不低于")
    AT_MOST = "at_most", _("不高于")


class VerificationMethod(models.TextChoices):
    """考核方式 of an indicator."""

    RECORDS = "records", _("查阅资料")
    ON_SITE = "on_site", _("看现场")
    SAMPLING = "sampling", _("抽样")
    INTERVIEW = "interview", _("座谈")
    PLATFORM = "platform", _("平台取数")


class RoundStatus(models.TextChoices):
    """A round: drafted (targets, dates), 自评 by the target unions, 考核 by the assessors, 复核 (a union may contest
    a score for N working days), then frozen: scores, grades and ranks fixed, with the values they used kept."""

    DRAFT = "draft", _("筹备中")
    SELF_ASSESSMENT = "self_assessment", _("自评中")
    ASSESSMENT = "assessment", _("考核中")
    RECHECK = "recheck", _("复核中")
    FROZEN = "frozen", _("已定档")


class SelfStatus(models.TextChoices):
    """A target union's 自评."""

    PENDING = "pending", _("未提交")
    SUBMITTED = "submitted", _("已提交")
    RETURNED = "returned", _("已退回修改")


class RecheckStatus(models.TextChoices):
    """A 复核申请: waiting, the score kept (维持) or changed (调整)."""

    PENDING = "pending", _("待复核")
    KEPT = "kept", _("维持原分")
    ADJUSTED = "adjusted", _("已调整")


class EvaluationAction(models.TextChoices):
    """Steps written to a scheme's, a round's and a target's timeline."""

    CREATE = "create", _("创建")
    COMPUTE = "compute", _("重新取数计分")
    ASSESSORS_ADD = "assessors_add", _("添加考核人")
    OPEN_SELF = "open_self", _("开始自评")
    SELF_SUBMIT = "self_submit", _("提交自评")
    SELF_RETURN = "self_return", _("退回自评")
    OPEN_ASSESSMENT = "open_assessment", _("开始考核")
    ASSESS = "assess", _("考核评分")
    ADJUST = "adjust", _("调整得分")
    OPEN_RECHECK = "open_recheck", _("开始复核")
    RECHECK_SUBMIT = "recheck_submit", _("申请复核")
    RECHECK_DECIDE = "recheck_decide", _("复核答复")
    FREEZE = "freeze", _("定档")
    PUBLISH = "publish", _("公示")
    DOCUMENT = "document", _("起草结果公文")
    SCHEME_EDIT = "scheme_edit", _("修改方案")
    SCHEME_PUBLISH = "scheme_publish", _("发布方案")
    DIMENSION = "dimension", _("修改一级指标")
    INDICATOR = "indicator", _("修改考核指标")
    COPY = "copy", _("复制方案")
    RETIRE = "retire", _("停用方案")


# Grade bands of a new scheme: (lowest total, grade); a total below the last band gets the last grade's "不达标"
DEFAULT_GRADE_BANDS: tuple[tuple[int, str], ...] = (
    (90, "五星"),
    (80, "四星"),
    (70, "三星"),
    (60, "二星"),
    (0, "一星"),
)
# A union failing a veto item (必备) gets at most this grade whatever its total
DEFAULT_VETO_GRADE = "一星"
