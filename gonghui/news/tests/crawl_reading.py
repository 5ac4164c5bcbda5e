"""Crawler declarations of part reading (its parameterised routes). Org A's admin has published a member-only
article of org A in a column of org A, and a 公开 article with a cover picture: the portal pages name the first
(甲会员 reads it), the 公开 page the second, the read table the first (org B's admin: 404)."""

from gonghui.core.crawler import CrawlRoute, build_world, declare

from .factories_reading import make_article, make_column, public_article


@build_world("news_reading")
def _reading_world(world):
    column = make_column(org=world.org_a, name="甲校风采")
    world.extra["news_reading_column"] = column
    world.extra["news_reading_article"] = make_article(
        org=world.org_a, actor=world.org_admin, title="甲校教代会召开", column=column
    )
    world.extra["news_reading_public"] = public_article(org=world.org_a, actor=world.org_admin)
    world.extra.setdefault("markers", []).append("甲校教代会召开")


def _article(world):
    return {"public_id": world.extra["news_reading_article"].public_id}


declare(CrawlRoute("news:article_reads", params=_article))
declare(CrawlRoute("news_portal:portal_detail", kind="portal", params=_article))
declare(
    CrawlRoute(
        "news_portal:portal_column",
        kind="portal",
        params=lambda w: {"column_id": w.extra["news_reading_column"].pk},
    )
)
declare(CrawlRoute("news_portal:portal_list", kind="portal"))
declare(
    CrawlRoute(
        "news:public_list",
        kind="public",
        reason="公开文章列表：只列出已发布的公开文章（标题、摘要、发布工会、日期），无需登录，按 IP 限频",
    )
)
declare(
    CrawlRoute(
        "news:public_detail",
        kind="public",
        params=lambda w: {"public_id": w.extra["news_reading_public"].public_id},
        reason="公开文章页：已发布的公开文章及其分享卡片，无需登录，不显示任何会员数据和阅读数，按 IP 限频",
    )
)
declare(
    CrawlRoute(
        "news:public_image",
        kind="unfillable",
        reason="公开文章的图片（文件流，爬虫的公开检查读不了流式内容）：只给已发布的公开文章的图片，"
        "其余一律 404，由 test_reading_views 覆盖",
    )
)
# the API: every caller lists what they may read (members their unions', cadres their scope's, 公开 for all)
declare(CrawlRoute("api:news_articles_list", kind="personal"))
declare(
    CrawlRoute(
        "api:news_articles_get",
        kind="unfillable",
        reason="文章接口：本单位会员与上下级持 news.view 的干部都可读取同一篇文章（不是单一所有者，也不是控制台页面）；"
        "401/403/404 由 news/tests/test_reading_views.py 检查",
    )
)
