"""Part reading, below the pages: who reads what, the read counters and their flush job, the per-union table and
the portal home card."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.utils import timezone

from conftest import make_cadre, make_member_user
from gonghui.core.registry import portal_cards
from gonghui.news.choices import ArticleAudience, ArticleStatus
from gonghui.news.models import Article, ArticleRead
from gonghui.news.selectors.reading import article_readable, public_articles, read_table, readable_for_member
from gonghui.news.services import reading as reading_services
from gonghui.news.services.reading import article_read_record, pending_reads, reads_flush

from .factories_reading import make_article, public_article

pytestmark = pytest.mark.django_db


def test_a_subtree_article_reaches_members_below_and_cadres_above_at_or_below(world):
    article = make_article(org=world.county_x, actor=world.org_admin, title="甲县教师节表彰")
    other_member, _ = make_member_user("13700002222", world.org_b, name="乙会员")
    city_cadre = make_cadre("city_admin", world.city)
    county_cadre = make_cadre("county_x_staff", world.county_x, role="union_staff")
    assert article_readable(world.org_member, article)  # a member of 甲校, below 甲县
    assert article_readable(world.org_admin, article)  # news.view below the article's union
    assert article_readable(county_cadre, article)
    assert article_readable(city_cadre, article)  # above it
    assert not article_readable(other_member, article)  # another branch
    assert not article_readable(world.outsider, article)
    assert not article_readable(AnonymousUser(), article)
    city_news = make_article(org=world.city, actor=city_cadre, title="市总通知")
    assert set(readable_for_member(other_member)) == {city_news}


def test_only_published_articles_are_read(world):
    draft = make_article(org=world.org_a, actor=world.org_admin, status=ArticleStatus.DRAFT)
    withdrawn = make_article(
        org=world.org_a,
        actor=world.org_admin,
        status=ArticleStatus.WITHDRAWN,
        audience=ArticleAudience.PUBLIC,
    )
    in_review = make_article(org=world.org_a, actor=world.org_admin, status=ArticleStatus.IN_REVIEW)
    for article in (draft, withdrawn, in_review):
        assert not article_readable(world.org_member, article)
        assert not article_readable(world.org_admin, article)
    assert not public_articles().exists()


def test_a_public_article_is_read_by_anyone(world):
    shared = public_article(org=world.org_b, actor=world.outsider)
    make_article(org=world.org_b, actor=world.outsider, title="乙院内部通知")
    assert list(public_articles()) == [shared]
    assert list(readable_for_member(AnonymousUser())) == [shared]
    assert article_readable(world.org_member, shared)  # a member of another branch, signed in


def test_the_flush_moves_counters_into_rows_and_the_total(world):
    article = public_article(org=world.org_a, actor=world.org_admin)
    for _ in range(3):
        article_read_record(article=article, org_id=world.org_a.pk)
    article_read_record(article=article, org_id=None)
    article_read_record(article=article, org_id=None)
    assert pending_reads(article.pk) == {world.org_a.pk: 3, None: 2}
    assert reads_flush() == "1 篇文章，5 次阅读"
    assert dict(ArticleRead.objects.filter(article=article).values_list("org_id", "count")) == {
        world.org_a.pk: 3,
        None: 2,
    }
    article.refresh_from_db()
    assert article.read_count == 5
    assert pending_reads(article.pk) == {}
    assert reads_flush() == "0 篇文章，0 次阅读"  # twice is harmless
    article_read_record(article=article, org_id=world.org_a.pk)
    reads_flush()
    article.refresh_from_db()
    assert article.read_count == 6
    assert ArticleRead.objects.get(article=article, org=world.org_a).count == 4


def test_reads_arriving_during_a_flush_are_kept_for_the_next(world, monkeypatch):
    article = make_article(org=world.org_a, actor=world.org_admin)
    article_read_record(article=article, org_id=world.org_a.pk)
    article_read_record(article=article, org_id=world.org_a.pk)
    store = reading_services._store

    def store_while_others_read(article_id, pending):
        store(article_id, pending)
        article_read_record(
            article=article, org_id=world.org_a.pk
        )  # a reader between the write and the reset

    monkeypatch.setattr(reading_services, "_store", store_while_others_read)
    reads_flush()
    assert pending_reads(article.pk) == {world.org_a.pk: 1}
    monkeypatch.setattr(reading_services, "_store", store)
    reads_flush()
    article.refresh_from_db()
    assert article.read_count == 3


def test_run_due_jobs_flushes_reads_of_lately_withdrawn_articles(world):
    article = make_article(org=world.org_a, actor=world.org_admin)
    article_read_record(article=article, org_id=world.org_a.pk)
    Article.objects.filter(pk=article.pk).update(status=ArticleStatus.WITHDRAWN, withdrawn_at=timezone.now())
    call_command("run_due_jobs", only=["news.flush_reads"], verbosity=0)
    assert Article.objects.get(pk=article.pk).read_count == 1


def test_the_read_table_hides_small_counts(world):
    article = public_article(org=world.county_x, actor=world.org_admin)
    ArticleRead.objects.create(article=article, org=world.org_a, count=3)
    ArticleRead.objects.create(article=article, org=world.county_x, count=12)
    ArticleRead.objects.create(article=article, org=world.org_b, count=4)  # another branch (公开)
    ArticleRead.objects.create(article=article, org=None, count=7)
    table = read_table(article)
    assert [(row.label, row.depth, row.shown) for row in table.rows] == [
        ("甲县教育工会", 0, "12"),
        ("甲县第一中学工会", 1, "<10"),
    ]
    assert (table.outside, table.anonymous, table.total) == ("<10", 7, 26)


def test_the_portal_home_card_lists_the_newest_readable(world):
    mine = make_article(org=world.org_a, actor=world.org_admin, title="甲校新闻")
    make_article(org=world.org_b, actor=world.outsider, title="乙院新闻")
    card = portal_cards.get("news.reading")
    assert card.kind == "notice"
    items = card.items(world.org_member)
    assert [item.title for item in items] == ["甲校新闻"]
    assert items[0].url == f"/portal/news/{mine.public_id}/"
