"""JSON API of 宣传 (read-only): the published articles the caller may read.

`GET /api/v1/news/articles` lists them newest first (paged; `kind` filters by 类别), `GET
/api/v1/news/articles/{public_id}` gives one with its text. The same reading rule as the portal
(`news.selectors.reading.readable_for_member`): 公开 articles, and the subtree articles of the caller's union and
of the unions above it, or of the unions where the caller holds news.view. A bearer token needs the scope
`news:read`. No author account and no read counts by union travel here."""

import datetime as dt
from typing import Any
from uuid import UUID

from django.urls import reverse
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from gonghui.accounts.api_tokens import require_scope
from gonghui.accounts.decorators import AuthedRequest
from gonghui.core.api import ApiPagination

from .choices import ArticleAudience
from .selectors.reading import portal_articles, readable_get_or_404

router = Router(tags=["宣传"])
READ_SCOPE = "news:read"


class ArticleOut(Schema):
    public_id: UUID = Field(description="文章编号（UUID）")
    title: str = Field(description="标题")
    summary: str = Field(description="摘要")
    kind: str = Field(
        description="类别代码：news 工会新闻 / notice 通知公告 / case 典型经验 / model_worker 劳模故事 / "
        "craftsman 工匠故事 / zuimei 最美故事"
    )
    kind_label: str = Field(description="类别名称")
    column: str | None = Field(description="专栏名称；null 表示不属于专栏")
    union: str = Field(description="发布工会")
    audience: str = Field(description="阅读范围：subtree 本级及下级会员 / public 公开")
    published_at: dt.datetime = Field(description="发布时间")
    url: str = Field(description="阅读地址（公开文章为无需登录的公开页面，其余为会员端页面）")


class ArticleDetailOut(ArticleOut):
    body: str = Field(description="正文（纯文本，段落之间空一行）")
    byline: str = Field(description="作者署名")
    source: str = Field(description="来源")
    subject_label: str = Field(description="所讲述的荣誉记录名称；无则为空")


def _row(article: Any) -> dict[str, Any]:
    public = article.audience == ArticleAudience.PUBLIC
    url_name = "news:public_detail" if public else "news_portal:portal_detail"
    return {
        "public_id": article.public_id,
        "title": article.title,
        "summary": article.summary,
        "kind": article.kind,
        "kind_label": article.get_kind_display(),
        "column": article.column.name if article.column else None,
        "union": article.org.name,
        "audience": article.audience,
        "published_at": article.published_at,
        "url": reverse(url_name, args=[article.public_id]),
    }


class _Rows:
    """Sliceable wrapper: the page's articles as dicts."""

    def __init__(self, qs: Any) -> None:
        self.qs = qs

    def __len__(self) -> int:
        return int(self.qs.count())

    def count(self) -> int:
        return int(self.qs.count())

    def __getitem__(self, item: slice) -> list[dict[str, Any]]:
        return [_row(article) for article in self.qs[item]]


@router.get(
    "/articles",
    response=list[ArticleOut],
    operation_id="news_articles_list",
    url_name="news_articles_list",
    summary="可阅读的已发布文章",
)
@paginate(ApiPagination)
def news_articles_list(request: AuthedRequest, kind: str = "") -> Any:
    require_scope(request, READ_SCOPE)
    return _Rows(portal_articles(request.user, kind=kind))


@router.get(
    "/articles/{public_id}",
    response=ArticleDetailOut,
    operation_id="news_articles_get",
    url_name="news_articles_get",
    summary="一篇已发布文章",
)
def news_articles_get(request: AuthedRequest, public_id: UUID) -> Any:
    require_scope(request, READ_SCOPE)
    article = readable_get_or_404(request.user, public_id)
    return {
        **_row(article),
        "body": article.body,
        "byline": article.byline,
        "source": article.source,
        "subject_label": article.subject_label,
    }
