"""Selectors of part review (意识形态审核): the level names, the policy a union's articles get (its own or the
nearest above, else 三审), the root union's sensitive words and what they flag, who may review an article now,
the review queue with its tabs, the trail of every round, the buttons of the article page's review card, and the
home counter 待审稿件."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from gonghui.accounts.actors import Actor
from gonghui.accounts.models import RoleGrant, User
from gonghui.accounts.scoping import action_paths, has_action
from gonghui.core.registry import roles
from gonghui.orgs.choices import OrgStatus
from gonghui.orgs.models import Org

from ..choices import REVIEW_LEVEL_LABELS, ArticleStatus, ReviewDecision
from ..models import DEFAULT_REVIEW_LEVELS, Article, ArticleReview, ReviewPolicy, SensitiveWord
from ..permissions import MANAGE, REVIEW, VIEW, WRITE

REVIEWERS_NOTIFIED_MAX = 30
"""At most this many reviewers are told that a level waits for them (the nearest unions' first)."""

QUEUE_TABS = {"mine": "待我审核", "done": "我已审核", "all": "全部审核中"}


def review_level_label(level: int, levels: int) -> str:
    """The name of `level` in a policy of `levels` levels: the last level is always 终审 (a one-level policy's only
    level, the second of two), the others 初审 then 复审."""
    if level >= levels:
        return REVIEW_LEVEL_LABELS[3]
    return REVIEW_LEVEL_LABELS.get(level, f"第{level}级")


def review_level_names(levels: int) -> list[str]:
    """The names of every level of a policy, in order (e.g. 初审、终审 for two)."""
    return [review_level_label(level, levels) for level in range(1, levels + 1)]


# --- policy -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EffectivePolicy:
    levels: int
    own: ReviewPolicy | None  # the union's own setting
    source: Org | None  # the union whose setting applies (itself or one above); None: the default


def effective_policy(org: Org) -> EffectivePolicy:
    """The review levels an article of `org` gets: its own setting, else the nearest union's above, else 三审."""
    found = (
        ReviewPolicy.objects.filter(org__path__in=org.ancestor_paths())
        .select_related("org", "updated_by")
        .order_by("-org__depth")
        .first()
    )
    if found is None:
        return EffectivePolicy(levels=DEFAULT_REVIEW_LEVELS, own=None, source=None)
    return EffectivePolicy(
        levels=found.levels, own=found if found.org_id == org.pk else None, source=found.org
    )


def inherited_policy(org: Org) -> EffectivePolicy:
    """What `org` would get without its own setting (the unions above it, else the default)."""
    parent = Org.objects.get_parent(org)
    if parent is None:
        return EffectivePolicy(levels=DEFAULT_REVIEW_LEVELS, own=None, source=None)
    found = effective_policy(parent)
    return EffectivePolicy(levels=found.levels, own=None, source=found.source)


def policy_orgs_for_user(*, user: Actor) -> list[Org]:
    """The active unions whose review levels the user sets: their grant unions where they hold news.manage."""
    seen: dict[int, Org] = {}
    for grant in RoleGrant.objects.filter(user=user, org__status=OrgStatus.ACTIVE).select_related("org"):
        if grant.role in roles and roles.get(grant.role).allows(MANAGE) and grant.org_id not in seen:
            seen[grant.org_id] = grant.org
    return sorted(seen.values(), key=lambda o: o.path)


# --- sensitive words ----------------------------------------------------------------------------------------


def root_org_of(org: Org) -> Org:
    """The root of `org`'s tree (the city union), whose sensitive-word list applies to it."""
    root_path = org.path[: org.steplen]
    return org if org.path == root_path else Org.objects.get(path=root_path)


def sensitive_words_of(org: Org) -> list[str]:
    """The words of the list kept by the root of `org`'s tree."""
    return list(
        SensitiveWord.objects.filter(org__path=org.path[: org.steplen]).values_list("word", flat=True)
    )


def words_found(words: list[str], *texts: str) -> list[str]:
    """The words that occur in any of `texts`, case-insensitive, in the list's order, each once."""
    haystack = "\n".join(texts).casefold()
    found: list[str] = []
    for word in words:
        if word and word.casefold() in haystack and word not in found:
            found.append(word)
    return found


def highlight(text: str, words: list[str]) -> SafeString:
    """`text` escaped, with each occurrence of `words` (case-insensitive) wrapped in <mark> — escaping first
    piece by piece, so neither the text nor a word can inject markup."""
    wanted = sorted({w.casefold() for w in words if w}, key=len, reverse=True)
    if not wanted:
        return escape(text)
    folded = text.casefold()
    pieces: list[str] = []
    start = i = 0
    # casefold may change a string's length (ß → ss): fall back to no marks rather than misplace them
    if len(folded) != len(text):
        return escape(text)
    while i < len(text):
        hit = next((w for w in wanted if folded.startswith(w, i)), None)
        if hit is None:
            i += 1
            continue
        pieces.append(str(escape(text[start:i])))
        pieces.append(f'<mark class="news-flag">{escape(text[i : i + len(hit)])}</mark>')
        i += len(hit)
        start = i
    pieces.append(str(escape(text[start:])))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece is escaped above


def sensitive_word_list(*, org: Org, query: str = "") -> QuerySet[SensitiveWord]:
    rows = SensitiveWord.objects.filter(org=org).select_related("created_by")
    if query:
        rows = rows.filter(Q(word__icontains=query) | Q(note__icontains=query))
    return rows.order_by("word", "pk")


def sensitive_word_get_or_404(*, user: Actor, word_id: int) -> SensitiveWord:
    return SensitiveWord.objects.get_visible_or_404(user, MANAGE, pk=word_id)


def sensitive_word_root_for_user(*, user: Actor) -> Org | None:
    """The root union whose list the user keeps (news.manage on it), if any."""
    for path in action_paths(user, MANAGE):
        if len(path) == Org.steplen:
            return Org.objects.filter(path=path).first()
    return None


# --- reviewers and the queue --------------------------------------------------------------------------------


def _reviewer_role_codes() -> list[str]:
    return [r.code for r in roles if r.allows(REVIEW) and "*" not in r.actions and not r.object_only]


def reviewers_for(article: Article, *, exclude: set[int] | None = None) -> list[User]:
    """Active users holding news.review on the article's union or above (the nearest unions' first), bounded by
    `REVIEWERS_NOTIFIED_MAX`; `exclude` names users who may not take the level (the author, earlier reviewers)."""
    grants = (
        RoleGrant.objects.filter(
            role__in=_reviewer_role_codes(),
            org__path__in=article.org.ancestor_paths(),
            org__status=OrgStatus.ACTIVE,
            user__is_active=True,
        )
        .exclude(user_id__in=exclude or set())
        .select_related("user")
        .order_by("-org__depth", "user_id")
    )
    found: dict[int, User] = {}
    for grant in grants[: REVIEWERS_NOTIFIED_MAX * 3]:
        found.setdefault(grant.user_id, grant.user)
        if len(found) >= REVIEWERS_NOTIFIED_MAX:
            break
    return list(found.values())


def round_reviews(article: Article) -> list[ArticleReview]:
    """The decisions of the current round, by level."""
    return list(
        ArticleReview.objects.filter(article=article, review_round=article.review_round)
        .select_related("reviewer")
        .order_by("level")
    )


def review_refusal(article: Article, user: Actor) -> str:
    """Why `user` may not decide the article's next level now ("" when they may): the service refuses the same."""
    if article.status != ArticleStatus.IN_REVIEW:
        return f"这篇稿件不在审核中（当前状态：{article.get_status_display()}）"
    if not has_action(user, REVIEW, article.org):
        return "您没有审核这篇稿件的权限"
    if article.created_by_id == user.pk:
        return "不能审核本人起草的稿件"
    if ArticleReview.objects.filter(
        article=article, review_round=article.review_round, reviewer=user
    ).exists():
        return "您已审核过本轮的一级，同一轮的各级审核须由不同人员完成"
    return ""


def _queue_base(user: Actor) -> QuerySet[Article]:
    return Article.objects.visible_to(user, REVIEW).select_related("org", "created_by", "column")


def _reviewed_this_round(user: Actor) -> Exists:
    return Exists(
        ArticleReview.objects.filter(
            article=OuterRef("pk"), review_round=OuterRef("review_round"), reviewer=user
        )
    )


def review_queue_for_user(*, user: Actor, tab: str = "mine", query: str = "") -> QuerySet[Article]:
    """待我审核: in-review articles of the user's review scope that they may take now (not theirs, no level of this
    round yet); 我已审核: articles whose any round they decided; all: every in-review article in scope."""
    rows = _queue_base(user)
    if tab == "done":
        rows = rows.filter(Exists(ArticleReview.objects.filter(article=OuterRef("pk"), reviewer=user)))
        rows = rows.order_by("-updated_at", "-pk")
    else:
        rows = rows.filter(status=ArticleStatus.IN_REVIEW)
        if tab == "mine":
            rows = rows.exclude(created_by=user).exclude(_reviewed_this_round(user))
        rows = rows.order_by("submitted_at", "pk")
    if query:
        rows = rows.filter(Q(title__icontains=query) | Q(org__name__icontains=query))
    return rows


def pending_review_count(user: Actor, _org: Any = None) -> int:
    """待审稿件 on the console home: what the user may review now."""
    return review_queue_for_user(user=user, tab="mine").count()


def review_article_get_or_404(*, user: Actor, public_id: Any) -> Article:
    """An article in the user's review scope that has been submitted at least once (else 404)."""
    article = _queue_base(user).filter(review_round__gte=1).filter(public_id=public_id).first()
    if article is None:
        raise Http404
    return article


def article_for_write_or_404(*, user: Actor, public_id: Any) -> Article:
    """An article of the user's news.view scope (else 404); 403 unless they write for its union."""
    return Article.objects.select_related("org").get_visible_or_404(
        user, VIEW, demand=WRITE, public_id=public_id
    )


def article_for_manage_or_404(*, user: Actor, public_id: Any) -> Article:
    """An article of the user's news.view scope (else 404); 403 unless they manage its union's news."""
    return Article.objects.select_related("org").get_visible_or_404(
        user, VIEW, demand=MANAGE, public_id=public_id
    )


# --- the trail and the card ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrailRow:
    review: ArticleReview
    label: str


def review_trail(article: Article) -> list[TrailRow]:
    """Every decision on the article, of all rounds, oldest round first, with the level's name."""
    reviews = (
        ArticleReview.objects.filter(article=article)
        .select_related("reviewer")
        .order_by("review_round", "level")
    )
    levels = article.review_levels
    return [TrailRow(review=r, label=review_level_label(r.level, levels)) for r in reviews]


@dataclass(frozen=True)
class LevelState:
    level: int
    label: str
    review: ArticleReview | None


@dataclass(frozen=True)
class ReviewCard:
    levels: list[LevelState]
    can_submit: bool
    can_review: bool
    can_withdraw: bool
    may_see_review: bool
    review_refusal: str


def review_card(article: Article, user: Actor) -> ReviewCard:
    """What the article page's review card shows: the current round's levels and the buttons the user may press."""
    by_level: dict[int, ArticleReview] = {}
    if article.review_round:
        by_level = {r.level: r for r in round_reviews(article)}
    levels = [
        LevelState(level=n, label=review_level_label(n, article.review_levels), review=by_level.get(n))
        for n in range(1, article.review_levels + 1)
    ]
    refusal = review_refusal(article, user) if article.status == ArticleStatus.IN_REVIEW else ""
    return ReviewCard(
        levels=levels,
        can_submit=article.status in (ArticleStatus.DRAFT, ArticleStatus.RETURNED)
        and has_action(user, WRITE, article.org),
        can_review=article.status == ArticleStatus.IN_REVIEW and not refusal,
        can_withdraw=article.status == ArticleStatus.PUBLISHED and has_action(user, MANAGE, article.org),
        may_see_review=has_action(user, REVIEW, article.org),
        review_refusal=refusal,
    )


def returned_opinion(article: Article) -> ArticleReview | None:
    """The decision that sent a RETURNED article back (its latest return)."""
    if article.status != ArticleStatus.RETURNED:
        return None
    return (
        ArticleReview.objects.filter(article=article, decision=ReviewDecision.RETURN)
        .select_related("reviewer")
        .order_by("-review_round", "-level")
        .first()
    )
