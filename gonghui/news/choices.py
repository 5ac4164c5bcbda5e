"""The choices of 宣传 (news), one block per part."""

from django.db import models
from django.utils.translation import gettext_lazy as _


# --- articles -----------------------------------------------------------------------------------------------
class ArticleKind(models.TextChoices):
    NEWS = "news", _("工会新闻")
    NOTICE = "notice", _("通知公告")
    CASE = "case", _("典型经验")
    MODEL_WORKER = "model_worker", _("劳模故事")
    CRAFTSMAN = "craftsman", _("工匠故事")
    ZUIMEI = "zuimei", _("最美故事")


class ArticleAudience(models.TextChoices):
    """Who may read a published article: the members (and cadres) of the publishing union's subtree after login,
    or everyone without login (公开: rate-limited, no member data, the only kind with a share card)."""

    SUBTREE = "subtree", _("本级及下级会员（需登录）")
    PUBLIC = "public", _("公开（无需登录）")


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    IN_REVIEW = "in_review", _("审核中")
    RETURNED = "returned", _("退回修改")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤回")


class ContributionStatus(models.TextChoices):
    """A 投稿 to a higher union's channel."""

    PENDING = "pending", _("待采用")
    ADOPTED = "adopted", _("已采用")
    DECLINED = "declined", _("未采用")


# --- review -------------------------------------------------------------------------------------------------
REVIEW_LEVEL_LABELS = {1: "初审", 2: "复审", 3: "终审"}
"""The names of the review levels, by number (a one-level policy names its only level 终审; see review_level_label)."""


class ReviewDecision(models.TextChoices):
    PASS = "pass", _("通过")
    RETURN = "return", _("退回修改")


class NewsAction(models.TextChoices):
    """Timeline steps of an article (and of a 投稿)."""

    CREATED = "created", _("起草")
    EDITED = "edited", _("修改")
    SUBMITTED = "submitted", _("送审")
    PASSED = "passed", _("审核通过")
    RETURNED = "returned", _("退回修改")
    PUBLISHED = "published", _("发布")
    WITHDRAWN = "withdrawn", _("撤回")
    CONTRIBUTED = "contributed", _("投稿")
    ADOPTED = "adopted", _("采用投稿")
    DECLINED = "declined", _("不采用投稿")
