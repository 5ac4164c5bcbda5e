"""Part reading, the pages: the portal's 新闻, the 公开 pages without login (share card, pictures, rate limit), the
per-union read table (three actors) and the API."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_member_user
from gonghui.accounts.api_tokens import api_token_create
from gonghui.news.choices import ArticleAudience, ArticleKind, ArticleStatus
from gonghui.news.models import ArticleRead
from gonghui.news.services.reading import pending_reads

from .factories_reading import PNG, add_picture, make_article, make_column, public_article

pytestmark = pytest.mark.django_db
WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _writes(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if WRITES.match(q["sql"])]


def test_portal_list_filters_by_column_and_kind_with_an_empty_state(world):
    client = _client(world.org_member)
    assert "还没有发布的文章" in client.get(reverse("news_portal:portal_list")).content.decode()
    column = make_column(org=world.county_x)
    make_article(org=world.county_x, actor=world.org_admin, title="劳动美征文", column=column)
    make_article(org=world.org_a, actor=world.org_admin, title="甲校典型经验", kind=ArticleKind.CASE)
    make_article(org=world.org_b, actor=world.outsider, title="乙院新闻")
    page = client.get(reverse("news_portal:portal_list")).content.decode()
    assert "劳动美征文" in page
    assert "甲校典型经验" in page
    assert "乙院新闻" not in page
    by_column = client.get(reverse("news_portal:portal_list"), {"column": column.pk}).content.decode()
    assert "劳动美征文" in by_column
    assert "甲校典型经验" not in by_column
    by_kind = client.get(reverse("news_portal:portal_list"), {"kind": ArticleKind.CASE}).content.decode()
    assert "甲校典型经验" in by_kind
    assert "劳动美征文" not in by_kind
    column_page = client.get(reverse("news_portal:portal_column", args=[column.pk])).content.decode()
    assert "劳动美征文" in column_page
    assert client.get(reverse("news_portal:portal_list"), {"kind": "news"}).status_code == 200


def test_opening_an_article_on_the_portal_counts_without_writing(world):
    article = make_article(
        org=world.county_x, actor=world.org_admin, title="甲县工会换届", byline="县工会宣传部"
    )
    client = _client(world.org_member)
    url = reverse("news_portal:portal_detail", args=[article.public_id])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert "甲县工会换届" in response.content.decode()
    assert _writes(queries) == []
    assert pending_reads(article.pk) == {world.org_a.pk: 1}
    assert not ArticleRead.objects.exists()


def test_the_portal_article_is_404_to_another_branch_and_once_withdrawn(world):
    article = make_article(org=world.org_a, actor=world.org_admin)
    other, _ = make_member_user("13700003333", world.org_b, name="乙会员")
    url = reverse("news_portal:portal_detail", args=[article.public_id])
    assert _client(other).get(url).status_code == 404
    assert _client(world.org_member).get(url).status_code == 200
    article.status = ArticleStatus.WITHDRAWN
    article.save(update_fields=["status"])
    assert _client(world.org_member).get(url).status_code == 404
    assert Client().get(url).status_code == 302  # to the portal login


def test_a_public_article_has_its_share_card_and_no_member_data(world, settings):
    settings.PUBLIC_BASE_URL = "https://gh.example.cn"
    article = public_article(org=world.org_a, actor=world.org_admin, body="第一段。\n\n第二段。")
    anonymous = Client()
    with CaptureQueriesContext(connection) as queries:
        response = anonymous.get(reverse("news:public_detail", args=[article.public_id]))
    assert response.status_code == 200
    assert _writes(queries) == []
    page = response.content.decode()
    link = f"https://gh.example.cn/news/p/{article.public_id}/"
    assert f'<meta property="og:url" content="{link}">' in page
    assert '<meta property="og:title" content="市总工会开展劳模进校园活动">' in page
    assert '<meta property="og:description" content="十位劳模走进课堂讲述奋斗故事。">' in page
    assert article.cover is not None
    cover = f"https://gh.example.cn/news/p/{article.public_id}/files/{article.cover.public_id}/"
    assert f'<meta property="og:image" content="{cover}">' in page
    assert f'src="/news/p/{article.public_id}/files/{article.cover.public_id}/"' in page  # no login needed
    assert 'id="share-card"' in page
    assert "<svg" in page
    assert "admin_a" not in page
    assert "阅读" not in page
    assert pending_reads(article.pk) == {None: 1}
    picture = anonymous.get(cover.removeprefix("https://gh.example.cn"))
    assert picture.status_code == 200
    assert b"".join(picture.streaming_content) == PNG  # type: ignore[attr-defined]
    listing = anonymous.get(reverse("news:public_list")).content.decode()
    assert "市总工会开展劳模进校园活动" in listing


def test_a_member_article_picture_downloads_for_its_readers_only(world):
    article = make_article(org=world.org_a, actor=world.org_admin)
    picture = add_picture(article, actor=world.org_admin)
    other, _ = make_member_user("13700004444", world.org_b, name="乙会员")
    url = reverse("attachments:attachment_view", args=[picture.public_id])
    assert _client(world.org_member).get(url).status_code == 200
    assert _client(other).get(url).status_code == 404
    page = _client(world.org_member).get(reverse("news_portal:portal_detail", args=[article.public_id]))
    assert f'src="{url}"' in page.content.decode()
    public = reverse("news:public_image", args=[article.public_id, picture.public_id])
    assert Client().get(public).status_code == 404  # a member-only article's picture is not public


def test_the_public_pages_are_404_for_anything_but_public_and_published(world):
    member_only = make_article(org=world.org_a, actor=world.org_admin, title="甲校内部通知")
    withdrawn = public_article(org=world.org_a, actor=world.org_admin, status=ArticleStatus.WITHDRAWN)
    anonymous = Client()
    for article in (member_only, withdrawn):
        assert anonymous.get(reverse("news:public_detail", args=[article.public_id])).status_code == 404
    picture = withdrawn.cover
    assert picture is not None
    url = reverse("news:public_image", args=[withdrawn.public_id, picture.public_id])
    assert anonymous.get(url).status_code == 404
    # signed in, a member still gets no 公开 page of a member-only article (the portal page is its page)
    assert (
        _client(world.org_member).get(reverse("news:public_detail", args=[member_only.public_id])).status_code
        == 404
    )
    assert "甲校内部通知" not in anonymous.get(reverse("news:public_list")).content.decode()


def test_the_public_pages_are_limited_per_address(world, settings):
    settings.NEWS_PUBLIC_MAX_PER_IP_HOUR = 2
    article = public_article(org=world.org_a, actor=world.org_admin)
    url = reverse("news:public_detail", args=[article.public_id])
    client = Client(REMOTE_ADDR="203.0.113.5")
    assert client.get(url).status_code == 200
    assert client.get(reverse("news:public_list")).status_code == 200
    refused = client.get(url)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert pending_reads(article.pk) == {None: 1}  # a refused request counts no read
    assert Client(REMOTE_ADDR="203.0.113.6").get(url).status_code == 200


def test_the_read_table_for_three_actors(world):
    article = make_article(org=world.org_a, actor=world.org_admin, audience=ArticleAudience.SUBTREE)
    ArticleRead.objects.create(article=article, org=world.org_a, count=4)
    url = reverse("news:article_reads", args=[article.public_id])
    page = _client(world.org_admin).get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "甲县第一中学工会" in text
    assert "&lt;10" in text
    assert re.search(r'id="reads-total">4<', text)
    assert _client(world.org_member).get(url).status_code == 403
    assert _client(world.outsider).get(url).status_code == 404


def test_the_api_lists_what_the_token_user_may_read(world):
    mine = make_article(org=world.org_a, actor=world.org_admin, title="甲校新闻")
    public = public_article(org=world.org_b, actor=world.outsider, title="乙院公开新闻")
    foreign = make_article(org=world.org_b, actor=world.outsider, title="乙院内部新闻")
    _token, secret = api_token_create(user=world.org_member, name="app", scopes=["news:read"])
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    listed = client.get("/api/v1/news/articles")
    assert listed.status_code == 200
    assert {row["title"] for row in listed.json()["items"]} == {"甲校新闻", "乙院公开新闻"}
    one = client.get(f"/api/v1/news/articles/{mine.public_id}").json()
    assert one["body"] == mine.body
    assert one["url"] == f"/portal/news/{mine.public_id}/"
    assert client.get(f"/api/v1/news/articles/{public.public_id}").json()["url"].startswith("/news/p/")
    assert client.get(f"/api/v1/news/articles/{foreign.public_id}").status_code == 404
    _token, other = api_token_create(user=world.org_member, name="me", scopes=["me:read"])
    assert Client(HTTP_AUTHORIZATION=f"Bearer {other}").get("/api/v1/news/articles").status_code == 403
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/news/articles" in paths
    assert "/api/v1/news/articles/{public_id}" in paths
