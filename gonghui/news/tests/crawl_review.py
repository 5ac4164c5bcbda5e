"""Crawler declarations of part review (its parameterised routes): org A's admin may review an article of org A
written by a staff member (in review, level 1), withdraw a published one and submit a draft; org B's admin gets
404 on each, the plain member 403. The sensitive words belong to the root union: deleting one is refused (403) to
every union admin below it."""

from conftest import make_cadre
from gonghui.core.crawler import CrawlRoute, build_world, declare
from gonghui.news.choices import ArticleStatus
from gonghui.news.models import SensitiveWord
from gonghui.news.tests.factories import make_article
from gonghui.news.tests.factories_review import make_reviewers, published_article, submitted_article


@build_world("news_review")
def _review_world(world):
    writer = make_cadre("news_writer_a", world.org_a, role="union_staff")
    in_review = submitted_article(org=world.org_a, writer=writer, title="甲中工会送审稿件")
    reviewers = make_reviewers(world.county_x, prefix="news_rv_a")
    published = published_article(
        org=world.org_a, writer=writer, reviewers=reviewers, title="甲中工会已发布稿件"
    )
    draft = make_article(org=world.org_a, actor=writer, status=ArticleStatus.DRAFT, title="甲中工会草稿")
    word = SensitiveWord.objects.create(org=world.city, word="测试敏感词", created_by=writer)
    world.extra["news_review_in_review"] = in_review
    world.extra["news_review_published"] = published
    world.extra["news_review_draft"] = draft
    world.extra["news_review_word"] = word
    world.extra.setdefault("markers", []).append("甲中工会送审稿件")


def _of(key):
    return lambda world: {"public_id": world.extra[key].public_id}


declare(CrawlRoute("news:review_article", params=_of("news_review_in_review")))
declare(CrawlRoute("news:article_withdraw", params=_of("news_review_published")))
declare(CrawlRoute("news:article_submit", params=_of("news_review_draft")))
declare(
    CrawlRoute(
        "news:sensitive_word_delete",
        kind="global",
        params=lambda world: {"word_id": world.extra["news_review_word"].pk},
        reason="敏感词表属于市级工会（组织树的根），只有在市级工会持有宣传管理权限的人可以修改；下级工会管理员一律 403",
    )
)
