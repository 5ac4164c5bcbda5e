"""The 文章管理 list as an xlsx export through the `core.spreadsheets` Exporter registry (served, audited and answered
no-store by `spreadsheets:export_start`). The list page's filters (q, status, kind, column, audience, org) travel
as params. No personal data beyond the writer's name."""

from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from gonghui.core.spreadsheets import Exporter

from .choices import ArticleAudience, ArticleKind, ArticleStatus
from .models import Article
from .permissions import VIEW
from .selectors.articles import article_list_for_user

ARTICLES_EXPORT = "news_articles"
FILTERS = ("q", "status", "kind", "column", "audience", "org")


def _when(value: Any) -> Any:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


class ArticleExporter(Exporter):
    key = ARTICLES_EXPORT
    label = "文章"
    action = VIEW
    headers = (
        "标题",
        "类别",
        "专栏",
        "发布工会",
        "阅读范围",
        "状态",
        "作者署名",
        "来源",
        "起草人",
        "起草时间",
        "发布时间",
        "阅读数",
    )
    widths = (40, 10, 16, 24, 20, 10, 12, 16, 10, 18, 18, 8)

    def _queryset(self, user: Any, params: dict[str, str]) -> QuerySet[Article]:
        return article_list_for_user(user, {key: str(params.get(key, ""))[:64] for key in FILTERS})

    def count(self, *, user: Any, params: dict[str, str]) -> int:
        return self._queryset(user, params).count()

    def rows(self, *, user: Any, params: dict[str, str]) -> Iterable[Sequence[Any]]:
        # {code: label} per coded column, the lazy labels forced once per export rather than per row
        kinds, audiences, statuses = (
            {code: str(label) for code, label in choices.choices}
            for choices in (ArticleKind, ArticleAudience, ArticleStatus)
        )
        for a in self._queryset(user, params).iterator(chunk_size=2000):
            yield [
                a.title,
                kinds.get(a.kind, a.kind),
                a.column.name if a.column else "",
                a.org.name,
                audiences.get(a.audience, a.audience),
                statuses.get(a.status, a.status),
                a.byline,
                a.source,
                a.created_by.name or a.created_by.username,
                _when(a.created_at),
                _when(a.published_at),
                a.read_count,
            ]

    def file_name(self, params: dict[str, str]) -> str:
        return f"{self.label}-{timezone.localdate():%Y%m%d}.xlsx"
