"""The choices of 问卷调查与课题研究 (surveys), one block per part."""

from django.db import models
from django.utils.translation import gettext_lazy as _


# --- surveys (design, answering, results) --------------------------------------------------------------------
class SurveyMode(models.TextChoices):
    """匿名: answers go to the anonymous-response store (who took part is kept apart from what they answered);
    实名: answers are `SurveyResponse` rows naming the member."""

    ANONYMOUS = "anonymous", _("匿名")
    NAMED = "named", _("实名")


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    OPEN = "open", _("收集中")
    CLOSED = "closed", _("已结束")


class TargetKind(models.TextChoices):
    """Who is asked: the subtree's members matching the member filter, a saved target list, or a random sample of N
    members per grassroots union (of those matching the filter), drawn from the recorded seed."""

    FILTER = "filter", _("本级及下级会员（按条件筛选）")
    TARGET_LIST = "target_list", _("目标名单")
    SAMPLE = "sample", _("按工会随机抽样")


class SurveyQuestionKind(models.TextChoices):
    SINGLE = "single", _("单选")
    MULTIPLE = "multiple", _("多选")
    SCALE = "scale", _("量表")
    MATRIX = "matrix", _("矩阵单选")
    TEXT = "text", _("填空")


class ResponseStatus(models.TextChoices):
    """A named survey's answer: 填写中 (saved, resumable on any device) until submitted."""

    DRAFT = "draft", _("填写中")
    SUBMITTED = "submitted", _("已提交")


class ResponseAction(models.TextChoices):
    """Timeline actions of a named survey's answer (`SurveyResponse`); anonymous answers never get one."""

    SUBMITTED = "submitted", _("提交答卷")


class SurveyAction(models.TextChoices):
    """Timeline actions of a survey."""

    CREATED = "created", _("创建")
    EDITED = "edited", _("修改")
    PUBLISHED = "published", _("发布")
    SAMPLED = "sampled", _("抽取样本")
    REMINDED = "reminded", _("发送提醒")
    CLOSED = "closed", _("结束收集")
    COPIED = "copied", _("复制")


# --- analysis --------------------------------------------------------------------------------------------------
class AnalysisStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    ISSUED = "issued", _("已印发")


class AnalysisAction(models.TextChoices):
    DRAFTED = "drafted", _("生成初稿")
    EDITED = "edited", _("修改")
    REDRAFTED = "redrafted", _("重新生成")
    ISSUED = "issued", _("印发")


# --- research (calls and projects) -----------------------------------------------------------------------------
class CallStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    OPEN = "open", _("申报中")
    CLOSED = "closed", _("申报截止")
    FINISHED = "finished", _("立项完成")


class ProjectStatus(models.TextChoices):
    DRAFT = "draft", _("填写中")
    SUBMITTED = "submitted", _("已申报")
    RETURNED = "returned", _("退回修改")
    REVIEWING = "reviewing", _("评审中")
    REJECTED = "rejected", _("未立项")
    APPROVED = "approved", _("在研")
    MIDTERM = "midterm", _("中期检查中")
    CONCLUDING = "concluding", _("结项审核中")
    CONCLUDED = "concluded", _("已结项")
    TERMINATED = "terminated", _("已撤项")


class MidtermResult(models.TextChoices):
    PASSED = "passed", _("通过")
    IMPROVE = "improve", _("限期整改")
    FAILED = "failed", _("不通过（撤项）")


class ProjectRating(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    GOOD = "good", _("良好")
    PASSED = "passed", _("合格")
    FAILED = "failed", _("不合格")


class ProjectAction(models.TextChoices):
    """Timeline actions of a call and of a project."""

    CALL_CREATED = "call_created", _("发布申报通知")
    CALL_OPENED = "call_opened", _("开始申报")
    CALL_CLOSED = "call_closed", _("申报截止")
    CREATED = "created", _("填写申报书")
    SUBMITTED = "submitted", _("提交申报")
    RETURNED = "returned", _("退回修改")
    REVIEW_STARTED = "review_started", _("进入评审")
    APPROVED = "approved", _("立项")
    REJECTED = "rejected", _("不予立项")
    MIDTERM_SUBMITTED = "midterm_submitted", _("提交中期报告")
    MIDTERM_CHECKED = "midterm_checked", _("中期检查")
    FINAL_SUBMITTED = "final_submitted", _("提交结项材料")
    CONCLUDED = "concluded", _("结项")
    TERMINATED = "terminated", _("撤项")
    SURVEY_ATTACHED = "survey_attached", _("附上问卷结果")
