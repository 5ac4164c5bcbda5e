"""Services of part review (意识形态审核): 送审 (flags the root union's sensitive words, copies the review levels of
the nearest policy, starts a round), the decision of one level under a row lock on the article (通过 / 退回修改;
three different people for three levels, never the author), `article_publish` — the only place an article becomes
PUBLISHED, inside the transaction of the last level's pass —, 撤回 of a published article with a reason, the
review-policy setting and the city union's sensitive-word list."""

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.actors import Actor
from gonghui.accounts.scoping import has_action
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.choices import AuditAction
from gonghui.core.locking import lock
from gonghui.notifications.services import notify
from gonghui.orgs.models import Org

from ..choices import ArticleStatus, NewsAction, ReviewDecision
from ..events import news_event
from ..models import Article, ArticleReview, ReviewPolicy, SensitiveWord
from ..permissions import MANAGE, REVIEW, WRITE
from ..selectors.review import (
    effective_policy,
    review_level_label,
    review_refusal,
    reviewers_for,
    sensitive_words_of,
    words_found,
)

SUBMITTABLE = (ArticleStatus.DRAFT, ArticleStatus.RETURNED)
OPINION_MAX = 500
REASON_MAX = 200
WORD_MAX = 40


def _review_url(article: Article) -> str:
    return reverse("news:review_article", args=[article.public_id])


def _notify_reviewers(article: Article, *, level: int, exclude: set[int]) -> int:
    label = review_level_label(level, article.review_levels)
    recipients = reviewers_for(article, exclude=exclude)
    notify(
        recipients=recipients,
        title=f"待{label}稿件：{article.title}",
        body=f"{article.org.name}的稿件等待{label}",
        url=_review_url(article),
        category="news",
    )
    return len(recipients)


def _notify_writer(article: Article, title: str, body: str = "") -> None:
    """The writer's link opens the article page (its review card shows every opinion): a writer without news.review
    gets a 403 on the review page."""
    url = reverse("news:article_detail", args=[article.public_id])
    notify(recipients=[article.created_by], title=title, body=body, url=url, category="news")


# --- submission ---------------------------------------------------------------------------------------------


@transaction.atomic
def article_submit(*, article: Article, actor: Actor) -> Article:
    """送审: a draft or returned article starts a new round at level 1 (the policy's levels copied now); the
    sensitive words found are kept for the reviewers (they do not block); the first level's reviewers are told."""
    article = lock(Article, pk=article.pk, related=("org", "created_by"))
    if not has_action(actor, WRITE, article.org):
        raise PermissionDenied("您没有为该工会撰写稿件的权限")
    if article.status not in SUBMITTABLE:
        raise ValidationError(f"只有草稿或退回修改的稿件可以送审（当前状态：{article.get_status_display()}）")
    if not article.title.strip():
        raise ValidationError({"title": "送审前请填写标题"})
    if not article.body.strip():
        raise ValidationError({"body": "送审前请填写正文"})
    before = article.status
    article.flagged_words = words_found(
        sensitive_words_of(article.org), article.title, article.summary, article.body
    )
    article.review_levels = effective_policy(article.org).levels
    article.review_round += 1
    article.passed_level = 0
    article.status = ArticleStatus.IN_REVIEW
    article.submitted_at = timezone.now()
    article.save(
        update_fields=[
            "flagged_words",
            "review_levels",
            "review_round",
            "passed_level",
            "status",
            "submitted_at",
            "updated_at",
        ]
    )
    note = f"第{article.review_round}轮送审，共{article.review_levels}级审核"
    if article.flagged_words:
        note += f"；提示敏感词：{'、'.join(article.flagged_words)}"
    news_event(
        subject=article,
        actor=actor,
        action=NewsAction.SUBMITTED,
        from_state=before,
        to_state=article.status,
        note=note,
    )
    _notify_reviewers(article, level=1, exclude={article.created_by_id})
    return article


# --- decisions ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decided:
    review: ArticleReview
    article: Article
    label: str
    passed: bool = False
    published: bool = False
    notified: int = 0


@transaction.atomic
def article_review_decide(
    *, article: Article, actor: Actor, level: int, decision: str, opinion: str = ""
) -> Decided:
    """One reviewer's decision at `level` (the level the reviewer's page showed), taken under a lock on the
    article: a level already decided by someone else is refused, so two reviewers never both take it. 通过 moves
    to the next level or, at the last, publishes; 退回修改 (an opinion required) ends the round."""
    article = lock(Article, pk=article.pk, related=("org", "created_by"))
    opinion = opinion.strip()
    if decision not in ReviewDecision.values:
        raise ValidationError({"decision": "请选择审核结论"})
    if decision == ReviewDecision.RETURN and not opinion:
        raise ValidationError({"opinion": "退回修改时请填写审核意见，说明需要修改的地方"})
    if len(opinion) > OPINION_MAX:
        raise ValidationError({"opinion": f"审核意见不能超过 {OPINION_MAX} 字"})
    if article.status == ArticleStatus.IN_REVIEW and level != article.passed_level + 1:
        done = review_level_label(level, article.review_levels)
        raise ValidationError(f"{done}已由其他审核人完成，请刷新页面查看稿件目前的审核进度")
    refusal = review_refusal(article, actor)
    if refusal:
        if not has_action(actor, REVIEW, article.org):
            raise PermissionDenied(refusal)
        raise ValidationError(refusal)
    label = review_level_label(level, article.review_levels)
    try:
        with transaction.atomic():
            review = ArticleReview.objects.create(
                article=article,
                review_round=article.review_round,
                level=level,
                reviewer=actor,
                decision=decision,
                opinion=opinion,
                decided_at=timezone.now(),
            )
    except IntegrityError:
        # the lock makes this unreachable; the constraints stay the last word
        raise ValidationError(f"{label}已有审核结论，同一轮的各级审核须由不同人员完成") from None
    if decision == ReviewDecision.RETURN:
        before = article.status
        article.status = ArticleStatus.RETURNED
        article.save(update_fields=["status", "updated_at"])
        news_event(
            subject=article,
            actor=actor,
            action=NewsAction.RETURNED,
            from_state=before,
            to_state=article.status,
            note=f"{label}退回修改：{opinion}",
        )
        _notify_writer(article, f"稿件被退回修改：{article.title}", f"{label}意见：{opinion}")
        return Decided(review=review, article=article, label=label)
    article.passed_level = level
    article.save(update_fields=["passed_level", "updated_at"])
    news_event(
        subject=article,
        actor=actor,
        action=NewsAction.PASSED,  # no state move: the line reads the reviewer and the opinion only
        note=f"{label}通过" + (f"：{opinion}" if opinion else ""),
    )
    if level >= article.review_levels:
        article_publish(article=article, actor=actor)
        return Decided(review=review, article=article, label=label, passed=True, published=True)
    taken = set(
        ArticleReview.objects.filter(article=article, review_round=article.review_round).values_list(
            "reviewer_id", flat=True
        )
    )
    notified = _notify_reviewers(article, level=level + 1, exclude=taken | {article.created_by_id})
    return Decided(review=review, article=article, label=label, passed=True, notified=notified)


def article_publish(*, article: Article, actor: Actor) -> Article:
    """Publishes a locked article whose every level of the current round passed, by as many different people —
    called only by `article_review_decide` inside its transaction; the only place status becomes PUBLISHED."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("article_publish runs inside the transaction of the last level's pass")
    passes = ArticleReview.objects.filter(
        article=article, review_round=article.review_round, decision=ReviewDecision.PASS
    )
    levels = set(passes.values_list("level", flat=True))
    reviewers = set(passes.values_list("reviewer_id", flat=True))
    wanted = set(range(1, article.review_levels + 1))
    if (
        article.status != ArticleStatus.IN_REVIEW
        or levels != wanted
        or len(reviewers) != article.review_levels
        or article.created_by_id in reviewers
    ):
        raise ValidationError("稿件尚未通过全部审核级别，不能发布")
    before = article.status
    article.status = ArticleStatus.PUBLISHED
    article.published_at = timezone.now()
    article.save(update_fields=["status", "published_at", "updated_at"])
    news_event(
        subject=article,
        actor=actor,
        action=NewsAction.PUBLISHED,
        from_state=before,
        to_state=article.status,
        note=f"通过全部{article.review_levels}级审核后发布",
    )
    _notify_writer(article, f"稿件已发布：{article.title}", f"已通过全部{article.review_levels}级审核")
    return article


# --- withdrawal ---------------------------------------------------------------------------------------------


@transaction.atomic
def article_withdraw(*, article: Article, actor: Actor, reason: str) -> Article:
    """撤回: a published article leaves every reader at once; the reason is kept and put on the timeline."""
    article = lock(Article, pk=article.pk, related=("org", "created_by"))
    if not has_action(actor, MANAGE, article.org):
        raise PermissionDenied("您没有撤回该工会文章的权限")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "请填写撤回原因"})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": f"撤回原因不能超过 {REASON_MAX} 字"})
    if article.status != ArticleStatus.PUBLISHED:
        raise ValidationError(f"只有已发布的文章可以撤回（当前状态：{article.get_status_display()}）")
    before = article.status
    article.status = ArticleStatus.WITHDRAWN
    article.withdrawn_at = timezone.now()
    article.withdrawn_by = actor
    article.withdraw_reason = reason
    article.save(update_fields=["status", "withdrawn_at", "withdrawn_by", "withdraw_reason", "updated_at"])
    news_event(
        subject=article,
        actor=actor,
        action=NewsAction.WITHDRAWN,
        from_state=before,
        to_state=article.status,
        note=f"撤回原因：{reason}",
    )
    if article.created_by_id != actor.pk:
        _notify_writer(article, f"文章已撤回：{article.title}", f"撤回原因：{reason}")
    return article


# --- policy -------------------------------------------------------------------------------------------------


@transaction.atomic
def review_policy_set(
    *, org: Org, actor: Actor, levels: int, context: AuditContext | None = None
) -> ReviewPolicy:
    """Sets how many levels (1–3) the union's articles pass from their next submission on (an audit row)."""
    if not has_action(actor, MANAGE, org):
        raise PermissionDenied("您没有设置该工会审核级数的权限")
    if levels not in (1, 2, 3):
        raise ValidationError({"levels": "审核级数只能是 1、2 或 3 级"})
    policy = ReviewPolicy.objects.select_for_update().filter(org=org).first()
    before = policy.levels if policy else None
    if policy is None:
        policy = ReviewPolicy.objects.create(org=org, levels=levels, updated_by=actor)
    else:
        policy.levels = levels
        policy.updated_by = actor
        policy.save(update_fields=["levels", "updated_by", "updated_at"])
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        summary=f"设置{org.name}的稿件审核级数：{levels}级" + (f"（原为{before}级）" if before else ""),
        actor=actor,
        context=context,
        subject=policy,
        org_id=org.pk,
        detail={"levels": levels, "before": before},
    )
    return policy


# --- sensitive words ----------------------------------------------------------------------------------------


def _require_word_keeper(org: Org, actor: Actor) -> None:
    if not org.is_root():
        raise PermissionDenied("敏感词表由市级工会统一维护")
    if not has_action(actor, MANAGE, org):
        raise PermissionDenied("您没有维护敏感词表的权限")


@dataclass
class WordsAdded:
    added: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)


def words_parse(text: str) -> list[str]:
    """One word a line, trimmed; blank lines skipped; a word longer than the column allows is refused."""
    words: list[str] = []
    for line in text.splitlines():
        word = line.strip()
        if not word:
            continue
        if len(word) > WORD_MAX:
            raise ValidationError({"words": f"“{word[:10]}…”超过 {WORD_MAX} 字，请每行填写一个词"})
        words.append(word)
    if not words:
        raise ValidationError({"words": "请填写敏感词，每行一个"})
    return words


@transaction.atomic
def sensitive_words_add(
    *, org: Org, actor: Actor, text: str, note: str = "", context: AuditContext | None = None
) -> WordsAdded:
    """Adds the words of `text` (one a line) to the root union's list; words already listed (case-insensitive) or
    repeated in the text are skipped and named back."""
    _require_word_keeper(org, actor)
    result = WordsAdded()
    existing = {w.casefold() for w in SensitiveWord.objects.filter(org=org).values_list("word", flat=True)}
    for word in words_parse(text):
        if word.casefold() in existing:
            result.duplicates.append(word)
            continue
        existing.add(word.casefold())
        SensitiveWord.objects.create(org=org, word=word, note=note.strip()[:100], created_by=actor)
        result.added.append(word)
    if result.added:
        audit_log(
            action=AuditAction.ADMIN_EDIT,
            summary=f"添加敏感词 {len(result.added)} 个",
            actor=actor,
            context=context,
            org_id=org.pk,
            detail={"added": result.added},
        )
    return result


@transaction.atomic
def sensitive_word_delete(*, word: SensitiveWord, actor: Actor, context: AuditContext | None = None) -> None:
    org: Any = word.org
    _require_word_keeper(org, actor)
    text = word.word
    word.delete()
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        summary=f"删除敏感词“{text}”",
        actor=actor,
        context=context,
        org_id=org.pk,
        detail={"deleted": text},
    )
