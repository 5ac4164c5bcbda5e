"""The choices of 学习培训 (learning), one block per part."""

from django.db import models
from django.utils.translation import gettext_lazy as _


# --- courses ------------------------------------------------------------------------------------------------
class CourseAudience(models.TextChoices):
    MEMBERS = "members", _("会员")
    CADRES = "cadres", _("工会干部")


class CourseStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    CLOSED = "closed", _("已下线")


class LessonKind(models.TextChoices):
    ARTICLE = "article", _("图文")
    VIDEO = "video", _("视频")
    DOCUMENT = "document", _("文档")


# --- classes ------------------------------------------------------------------------------------------------
class ClassStatus(models.TextChoices):
    DRAFT = "draft", _("筹备中")
    NOMINATING = "nominating", _("推荐报名中")
    CLOSED = "closed", _("报名截止")
    FINISHED = "finished", _("已结业")
    CANCELLED = "cancelled", _("已取消")


class TraineeStatus(models.TextChoices):
    NOMINATED = "nominated", _("已推荐")
    ADMITTED = "admitted", _("已录取")
    DECLINED = "declined", _("未录取")
    WITHDRAWN = "withdrawn", _("已撤回")


class AssessmentResult(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    PASSED = "passed", _("合格")
    FAILED = "failed", _("不合格")


# --- guidance -----------------------------------------------------------------------------------------------
class QuestionTopic(models.TextChoices):
    DUES = "dues", _("会费与经费")
    ORGANISATION = "organisation", _("组织建设与换届")
    CONGRESS = "congress", _("职代会与民主管理")
    MEMBERS = "members", _("会员管理")
    RIGHTS = "rights", _("维权与法律")
    ACTIVITIES = "activities", _("活动组织")
    OTHER = "other", _("其他")


class QuestionStatus(models.TextChoices):
    OPEN = "open", _("待答复")
    ANSWERED = "answered", _("已答复")
    CLOSED = "closed", _("已关闭")


class LearningAction(models.TextChoices):
    """Timeline steps of courses, training classes, trainees and questions."""

    CREATED = "created", _("创建")
    EDITED = "edited", _("修改")
    PUBLISHED = "published", _("发布")
    CLOSED = "closed", _("下线")
    NOMINATED = "nominated", _("推荐")
    ADMITTED = "admitted", _("录取")
    DECLINED = "declined", _("不录取")
    WITHDRAWN = "withdrawn", _("撤回推荐")
    ASSESSED = "assessed", _("考核")
    FINISHED = "finished", _("结业")
    CANCELLED = "cancelled", _("取消")
    ASKED = "asked", _("提问")
    ANSWERED = "answered", _("答复")
    SHARED = "shared", _("收入业务知识库")
    UNSHARED = "unshared", _("移出业务知识库")
    QUESTION_CLOSED = "question_closed", _("关闭问题")
