"""宣传: `Column` (专栏) of a union, `Article` (news, notices, typical cases, 劳模/工匠/最美 stories) written by a union
for its subtree or for everyone (公开), published only after every level of its `ReviewPolicy` passed
(`ArticleReview`, 三审 by default, three different people); `Contribution` (投稿) offers an article to a higher
union's channel; `SensitiveWord` is the city union's list that flags text for reviewers; `ArticleRead` holds read
counts per reading union, flushed from the cache by a scheduled job (a GET writes no row)."""

import uuid
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import OrgScoped
from gonghui.core.models import BaseModel

from .choices import ArticleAudience, ArticleKind, ArticleStatus, ContributionStatus, ReviewDecision

DEFAULT_REVIEW_LEVELS = 3


class Column(BaseModel, OrgScoped):
    """专栏 (中国梦·劳动美): a union's series of articles, shown on the portal as a section."""

    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("所属工会"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("专栏名称"), max_length=60)
    description = models.CharField(_("简介"), max_length=300, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=100)

    class Meta:
        verbose_name = _("专栏")
        verbose_name_plural = _("专栏")
        ordering: ClassVar[list[str]] = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=("org", "name"), name="news_column_unique_name")]

    def __str__(self) -> str:
        return self.name


class ReviewPolicy(BaseModel, OrgScoped):
    """How many review levels a union's articles pass before publication (1–3; a union without a row uses the
    nearest union above that has one, else `DEFAULT_REVIEW_LEVELS`). An article keeps the number it was submitted
    with."""

    org = models.OneToOneField(
        "orgs.Org", verbose_name=_("工会"), on_delete=models.PROTECT, related_name="news_review_policy"
    )
    levels = models.PositiveSmallIntegerField(
        _("审核级数"),
        default=DEFAULT_REVIEW_LEVELS,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("设置人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("审核级数设置")
        verbose_name_plural = _("审核级数设置")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(levels__gte=1, levels__lte=3), name="news_policy_levels_1_3"
            )
        ]

    def __str__(self) -> str:
        return f"{self.org} {self.levels}审"


class Article(BaseModel, OrgScoped):
    """A piece written by `org` (the publishing union: a 公开 article is readable by all, a subtree one by the
    members and cadres of that union's subtree). `body` is plain text (paragraphs by blank lines; never HTML);
    images and attachments are attachments owned by the article, `cover` one of them. A story may name the honour
    record it tells (`subject_ref`, "<kind>:<id>" of `news.subjects.story_subjects`, its label kept in
    `subject_label`). `review_levels` is copied from the policy at submission, `review_round` counts submissions
    (a returned article starts a new round), `passed_level` is the highest level passed in the current round.
    `flagged_words` are the sensitive words found in the text at submission (shown to reviewers; they do not
    block). `read_count` is the total of `ArticleRead`."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("发布工会"), on_delete=models.PROTECT, related_name="+"
    )
    column = models.ForeignKey(
        Column,
        verbose_name=_("专栏"),
        on_delete=models.PROTECT,
        related_name="articles",
        null=True,
        blank=True,
    )
    kind = models.CharField(_("类别"), max_length=16, choices=ArticleKind.choices, default=ArticleKind.NEWS)
    title = models.CharField(_("标题"), max_length=80)
    summary = models.CharField(_("摘要"), max_length=200, blank=True)
    body = models.TextField(_("正文"))
    byline = models.CharField(_("作者署名"), max_length=60, blank=True)
    source = models.CharField(_("来源"), max_length=60, blank=True)
    cover = models.ForeignKey(
        "attachments.Attachment",
        verbose_name=_("封面图片"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    audience = models.CharField(
        _("阅读范围"), max_length=16, choices=ArticleAudience.choices, default=ArticleAudience.SUBTREE
    )
    subject_ref = models.CharField(_("关联荣誉记录"), max_length=64, blank=True)
    subject_label = models.CharField(_("关联荣誉记录名称"), max_length=200, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    review_levels = models.PositiveSmallIntegerField(_("审核级数"), default=DEFAULT_REVIEW_LEVELS)
    review_round = models.PositiveSmallIntegerField(_("送审轮次"), default=0)
    passed_level = models.PositiveSmallIntegerField(_("已通过级数"), default=0)
    flagged_words = models.JSONField(_("提示敏感词"), default=list, blank=True)
    submitted_at = models.DateTimeField(_("送审时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True, db_index=True)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("撤回人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    withdraw_reason = models.CharField(_("撤回原因"), max_length=200, blank=True)
    read_count = models.PositiveIntegerField(_("阅读数"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("起草人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("文章")
        verbose_name_plural = _("文章")
        ordering: ClassVar[list[str]] = ["-published_at", "-created_at", "-pk"]
        indexes = [models.Index(fields=("status", "audience", "published_at"), name="news_article_published")]

    def __str__(self) -> str:
        return self.title


class ArticleReview(BaseModel, OrgScoped):
    """One reviewer's decision at one level of one round (意识形态审核): the level passes or the article goes back.
    Three different people pass the three levels of a round (the author reviews none of them)."""

    scope_path = "article__org__path"

    article = models.ForeignKey(
        Article, verbose_name=_("文章"), on_delete=models.CASCADE, related_name="reviews"
    )
    review_round = models.PositiveSmallIntegerField(_("送审轮次"))
    level = models.PositiveSmallIntegerField(_("审核级别"))
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审核人"), on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(_("审核结论"), max_length=16, choices=ReviewDecision.choices)
    opinion = models.CharField(_("审核意见"), max_length=500, blank=True)
    decided_at = models.DateTimeField(_("审核时间"))

    class Meta:
        verbose_name = _("文章审核")
        verbose_name_plural = _("文章审核")
        ordering: ClassVar[list[str]] = ["review_round", "level", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=("article", "review_round", "level"), name="news_review_one_per_level"
            ),
            models.UniqueConstraint(
                fields=("article", "review_round", "reviewer"), name="news_review_distinct_reviewers"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article} 第{self.review_round}轮 {self.level}级"


class Contribution(BaseModel, OrgScoped):
    """投稿: a published article of `article.org` offered to `to_org`'s channel (the city union's). Adopting it
    creates `adopted_article`, a draft of `to_org` copied from the article, which then passes `to_org`'s own
    review; declining gives a note. Scoped to the receiving union (`org` = `to_org`); the offering union reads its
    own through the article."""

    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("投往工会"), on_delete=models.PROTECT, related_name="+"
    )
    article = models.ForeignKey(
        Article, verbose_name=_("稿件"), on_delete=models.CASCADE, related_name="contributions"
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=ContributionStatus.choices, default=ContributionStatus.PENDING
    )
    note = models.CharField(_("投稿说明"), max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    decision_note = models.CharField(_("处理意见"), max_length=300, blank=True)
    adopted_article = models.OneToOneField(
        Article,
        verbose_name=_("采用后的稿件"),
        on_delete=models.SET_NULL,
        related_name="adopted_from",
        null=True,
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("投稿人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("投稿")
        verbose_name_plural = _("投稿")
        ordering: ClassVar[list[str]] = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=("article", "org"),
                condition=models.Q(status="pending"),
                name="news_contribution_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.article} → {self.org}"


class SensitiveWord(BaseModel, OrgScoped):
    """A word the city union's list flags for reviewers (flags, never blocks). Kept on the root union; every
    union's articles are checked against the list of the root of their tree."""

    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("维护工会"), on_delete=models.PROTECT, related_name="+"
    )
    word = models.CharField(_("敏感词"), max_length=40)
    note = models.CharField(_("说明"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("添加人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("敏感词")
        verbose_name_plural = _("敏感词")
        ordering: ClassVar[list[str]] = ["word", "pk"]
        constraints = [models.UniqueConstraint(fields=("org", "word"), name="news_sensitive_word_unique")]

    def __str__(self) -> str:
        return self.word


class ArticleRead(OrgScoped):
    """Reads of an article by the members of one union (`org`; anonymous reads of a 公开 article count under
    `org` None), added by the flush job from the cache counters."""

    scope_path = "article__org__path"

    article = models.ForeignKey(
        Article, verbose_name=_("文章"), on_delete=models.CASCADE, related_name="reads"
    )
    org = models.ForeignKey(
        "orgs.Org",
        verbose_name=_("读者所在工会"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    count = models.PositiveIntegerField(_("阅读数"), default=0)
    flushed_at = models.DateTimeField(_("统计时间"), auto_now=True)

    class Meta:
        verbose_name = _("阅读统计")
        verbose_name_plural = _("阅读统计")
        constraints = [
            models.UniqueConstraint(fields=("article", "org"), name="news_read_per_org"),
            models.UniqueConstraint(
                fields=("article",), condition=models.Q(org__isnull=True), name="news_read_anonymous"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article} {self.count}"
