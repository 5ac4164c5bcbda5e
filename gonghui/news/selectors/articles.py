"""Selectors of part articles: the console list (search and filters within the user's scope), one article with its
images, files, story subject and timeline, the unions a writer may write for, 专栏 and 投稿, and who may download
an article's files."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import Http404

from gonghui.accounts.models import User
from gonghui.accounts.scoping import has_action_anywhere
from gonghui.attachments.models import Attachment
from gonghui.attachments.selectors import attachments_of
from gonghui.core.models import TimelineEntry
from gonghui.core.registry import roles
from gonghui.core.timeline import timeline_for
from gonghui.orgs.models import Org

from ..choices import ContributionStatus
from ..models import Article, Column, Contribution
from ..permissions import MANAGE, VIEW, WRITE
from ..subjects import story_subjects, subject_split

IMAGE_EXTENSIONS = frozenset({"jpg", "jpeg", "png"})


# --- lists ----------------------------------------------------------------------------------------------------
def org_choices(user: Any, action: str = VIEW) -> list[tuple[str, str]]:
    """(code, indented name) of the unions where the user holds `action`, for pickers and filters."""
    orgs = list(Org.objects.visible_to(user, action).only("code", "name", "depth"))
    top = min((org.depth for org in orgs), default=0)
    return [(org.code, "　" * (org.depth - top) + org.name) for org in orgs]


def may_manage_somewhere(user: Any) -> bool:
    """Whether the user holds news.manage on some union (收到的投稿 is theirs): not staff, auditors or reviewers."""
    return has_action_anywhere(user, MANAGE)


def writable_orgs(user: Any) -> QuerySet[Org]:
    """The unions the user may write articles for (`news.write`: their unions and subtrees)."""
    return Org.objects.visible_to(user, WRITE).filter(status="active")


def writable_org(user: Any, code: str = "") -> Org | None:
    """The union of that code if the user may write for it, else (no or a foreign code) the first they may."""
    orgs = writable_orgs(user)
    return (orgs.filter(code=code).first() if code else None) or orgs.first()


def may_write_somewhere(user: Any) -> bool:
    return writable_orgs(user).exists()


def article_list_for_user(user: Any, filters: dict[str, str] | None = None) -> QuerySet[Article]:
    """文章管理: the articles of the user's scope (`news.view`), newest first. `filters`: `q` (title, summary, body),
    `status`, `kind`, `column` (pk), `audience`, `org` (a union's code: its subtree, within scope)."""
    filters = filters or {}
    articles = Article.objects.visible_to(user, VIEW).select_related("org", "column", "created_by")
    if query := (filters.get("q") or "").strip()[:50]:
        articles = articles.filter(
            Q(title__icontains=query) | Q(summary__icontains=query) | Q(body__icontains=query)
        )
    for field in ("status", "kind", "audience"):
        if value := filters.get(field):
            articles = articles.filter(**{field: value})
    if (column := filters.get("column") or "").isdigit():
        articles = articles.filter(column_id=int(column))
    if code := filters.get("org"):
        org = Org.objects.visible_to(user, VIEW).filter(code=code).first()
        articles = articles.filter(org__path__startswith=org.path) if org else articles.none()
    return articles.order_by("-updated_at", "-pk")


def article_for_user_or_404(user: Any, public_id: Any, *, demand: str | None = None) -> Article:
    """An article of the user's scope (else 404); with `demand` the user must hold it on the article's union (403)."""
    return Article.objects.select_related("org", "column", "cover", "created_by").get_visible_or_404(
        user, VIEW, demand=demand, public_id=public_id
    )


# --- one article ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ArticleFiles:
    images: list[Attachment]  # jpg/png, shown under the body (the cover among them)
    files: list[Attachment]  # everything else, listed as attachments

    @property
    def all(self) -> list[Attachment]:
        return [*self.images, *self.files]


def article_files(article: Article) -> ArticleFiles:
    rows = list(attachments_of(article))
    return ArticleFiles(
        images=[a for a in rows if a.extension in IMAGE_EXTENSIONS],
        files=[a for a in rows if a.extension not in IMAGE_EXTENSIONS],
    )


def article_timeline(article: Article) -> QuerySet[TimelineEntry]:
    return timeline_for(article)


@dataclass(frozen=True)
class SubjectShown:
    label: str
    url: str  # "" when the reader may not open the record


def article_subject(user: Any, article: Article) -> SubjectShown | None:
    """The honour record the story tells: linked when the reader may open it, else the stored label."""
    if not article.subject_ref:
        return None
    key, ref_id = subject_split(article.subject_ref)
    found = story_subjects.get(key).link(user, ref_id) if key in story_subjects else None
    return SubjectShown(found[0], found[1]) if found else SubjectShown(article.subject_label, "")


@dataclass(frozen=True)
class SubjectGroup:
    label: str
    choices: list[tuple[str, str]]  # ("<key>:<id>", label)


def subject_choices(user: Any, query: str) -> list[SubjectGroup]:
    """The records a writer may name as a story's subject, grouped by registered kind."""
    groups = []
    for subject in sorted(story_subjects, key=lambda s: s.order):
        pairs = [(f"{subject.key}:{ref_id}", label) for ref_id, label in subject.choices(user, query)]
        if pairs:
            groups.append(SubjectGroup(subject.label, pairs))
    return groups


def article_in_scope(user: Any, article: Article) -> bool:
    """Whether the user holds news.view on the article's union (its cadres: every state). Who may download an
    article's files once published is composed in registrations/articles.py with the reading part's rule."""
    return Article.objects.visible_to(user, VIEW).filter(pk=article.pk).exists()


# --- 专栏 -----------------------------------------------------------------------------------------------------
def column_list_for_user(user: Any, org_code: str = "") -> QuerySet[Column]:
    columns = Column.objects.visible_to(user, VIEW).select_related("org")
    if org_code:
        columns = columns.filter(org__code=org_code)
    return columns.order_by("org__path", "-is_active", "order", "pk")


def column_for_user_or_404(user: Any, column_id: int, *, demand: str | None = None) -> Column:
    return Column.objects.select_related("org").get_visible_or_404(user, VIEW, demand=demand, pk=column_id)


def active_columns(org: Any) -> QuerySet[Column]:
    """A union's columns open for new articles (the article form, the portal's sections)."""
    return Column.objects.filter(org=org, is_active=True).order_by("order", "pk")


def column_article_counts(columns: list[Column]) -> dict[int, int]:
    from django.db.models import Count

    rows = Article.objects.filter(column__in=columns).values("column_id").annotate(n=Count("pk"))
    return {row["column_id"]: row["n"] for row in rows}


# --- 投稿 -----------------------------------------------------------------------------------------------------
def contribution_list_for_user(user: Any, filters: dict[str, str] | None = None) -> QuerySet[Contribution]:
    """投稿 received by the unions where the user holds news.manage: pending first, then newest. `filters`:
    `status`, `q` (title or offering union)."""
    filters = filters or {}
    rows = Contribution.objects.visible_to(user, MANAGE).select_related(
        "org", "article", "article__org", "created_by", "adopted_article"
    )
    if status := filters.get("status"):
        rows = rows.filter(status=status)
    if query := (filters.get("q") or "").strip()[:50]:
        rows = rows.filter(Q(article__title__icontains=query) | Q(article__org__name__icontains=query))
    pending_first = Case(
        When(status=ContributionStatus.PENDING, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return rows.order_by(pending_first, "-created_at", "-pk")


def contribution_for_user_or_404(user: Any, contribution_id: int) -> Contribution:
    found = contribution_list_for_user(user).filter(pk=contribution_id).first()
    if found is None:
        raise Http404
    return found


def contributions_of(article: Article) -> QuerySet[Contribution]:
    """The offers of one article (its page, for the offering union's cadres)."""
    return article.contributions.select_related("org", "decided_by", "created_by").order_by(
        "-created_at", "-pk"
    )


def managers_of(org: Org) -> QuerySet[User]:
    """Active users whose grant on exactly this union allows news.manage (who decide its 投稿)."""
    codes = [role.code for role in roles if MANAGE in role.actions and role.console]
    return (
        User.objects.filter(grants__org=org, grants__role__in=codes, is_active=True).distinct().order_by("pk")
    )
