"""Crawler declarations of part articles (its parameterised routes). Org A's admin wrote a draft with a picture, a
column of org A and a published article; a 分工会 below org A offered its own published article to org A, so the
投稿 pages (those of the receiving union) are org A's."""

from conftest import make_cadre
from gonghui.core.crawler import CrawlRoute, build_world, declare
from gonghui.news.services.articles import article_file_add, column_create, contribution_create
from gonghui.news.tests.factories_articles import draft, png, published_with_files
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.tests.factories import OrgFactory


@build_world("news_articles")
def _articles_world(world):
    article = draft(org=world.org_a, actor=world.org_admin, title="甲校爬虫草稿文章")
    picture = article_file_add(article=article, actor=world.org_admin, upload=png(), image=True)
    column = column_create(org=world.org_a, actor=world.org_admin, data={"name": "甲校爬虫专栏"})
    published = published_with_files(org=world.org_a, actor=world.org_admin, title="甲校爬虫已发布文章")
    world.extra["news_articles_draft"] = article
    world.extra["news_articles_picture"] = picture
    world.extra["news_articles_column"] = column
    world.extra["news_articles_published"] = published
    branch = OrgFactory.create(
        parent=world.org_a, code="ORGA-NEWS1", name="甲校语文组分工会", level=OrgLevel.BRANCH
    )
    writer = make_cadre("news_branch_writer", branch)
    offered = published_with_files(org=branch, actor=writer, title="语文组爬虫投稿文章")
    world.extra["news_articles_contribution"] = contribution_create(
        article=offered, actor=writer, to_org=world.org_a
    )
    world.extra.setdefault("markers", []).extend(["甲校爬虫草稿文章", "甲校爬虫专栏", "语文组爬虫投稿文章"])


def _draft(world):
    return {"public_id": world.extra["news_articles_draft"].public_id}


def _file(world):
    return {**_draft(world), "file_id": world.extra["news_articles_picture"].public_id}


def _column(world):
    return {"column_id": world.extra["news_articles_column"].pk}


for name in ("news:article_detail", "news:article_edit", "news:article_delete", "news:article_file_add"):
    declare(CrawlRoute(name, params=_draft))
for name in ("news:article_file_remove", "news:article_cover_set"):
    declare(CrawlRoute(name, params=_file))
for name in ("news:column_edit", "news:column_deactivate", "news:column_activate"):
    declare(CrawlRoute(name, params=_column))
declare(
    CrawlRoute(
        "news:contribution_create",
        params=lambda w: {"public_id": w.extra["news_articles_published"].public_id},
    )
)
for name in ("news:contribution_detail", "news:contribution_adopt", "news:contribution_decline"):
    declare(CrawlRoute(name, params=lambda w: {"contribution_id": w.extra["news_articles_contribution"].pk}))
