"""Pages of part articles with three actors (org A's admin, org A's member, org B's admin): the list and its
filters, writing, the article page (body, pictures, story subject, the review card), files, 专栏, the export, and the
投稿 pages of the receiving union."""

from io import BytesIO

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from conftest import make_cadre
from gonghui.accounts.roles import AUDITOR, UNION_STAFF
from gonghui.news.choices import ArticleStatus, ContributionStatus
from gonghui.news.models import Article, Column, Contribution
from gonghui.news.permissions import REVIEWER_ROLE
from gonghui.news.services.articles import article_file_add, contribution_create

from .factories_articles import draft, png, published_with_files

pytestmark = pytest.mark.django_db


def _client(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize("role", [UNION_STAFF, AUDITOR, REVIEWER_ROLE])
def test_received_contributions_are_offered_to_news_managers_only(client, world, role):
    url = reverse("news:article_list")
    received = reverse("news:contribution_list")
    assert (
        received in _client(client, world.org_admin).get(url).content.decode()
    )  # the union admin: news.manage
    cadre = make_cadre(f"news_{role}", world.org_a, role=role)  # 干事, 审计, 宣传审核员: no news.manage
    page = _client(client, cadre).get(url)
    assert page.status_code == 200
    assert received not in page.content.decode()
    assert reverse("news:column_list") in page.content.decode()  # 专栏 is read with news.view
    assert client.get(received).status_code == 403
    assert client.get(reverse("news:column_list")).status_code == 200


def test_list_three_actors_and_filters(client, world):
    draft(org=world.org_a, actor=world.org_admin, title="甲校草稿")
    published_with_files(org=world.org_a, actor=world.org_admin, title="甲校已发布")
    url = reverse("news:article_list")
    page = _client(client, world.org_admin).get(url).content.decode()
    assert "甲校草稿" in page
    assert "甲校已发布" in page
    assert "写文章" in page
    filtered = client.get(url, {"status": ArticleStatus.PUBLISHED}).content.decode()
    assert "甲校已发布" in filtered
    assert "甲校草稿" not in filtered
    assert "没有符合条件的文章" in client.get(url, {"q": "不存在的词"}).content.decode()
    other = _client(client, world.outsider).get(url).content.decode()
    assert "甲校草稿" not in other
    assert "还没有文章" in other
    assert _client(client, world.org_member).get(url).status_code == 403


def test_create_and_edit_through_the_pages(client, world):
    _client(client, world.org_admin)
    response = client.post(
        reverse("news:article_create"),
        {
            "org": world.org_a.code,
            "kind": "news",
            "title": "教师节座谈会",
            "body": "座谈会召开。\n\n大家发言。",
            "audience": "subtree",
        },
    )
    article = Article.objects.get(title="教师节座谈会")
    assert response.status_code == 302
    assert response.url == reverse("news:article_detail", args=[article.public_id])
    edit = reverse("news:article_edit", args=[article.public_id])
    client.post(edit, {"kind": "notice", "title": "教师节座谈会通知", "body": "正文", "audience": "public"})
    article.refresh_from_db()
    assert (article.kind, article.title, article.audience) == ("notice", "教师节座谈会通知", "public")
    assert _client(client, world.outsider).get(edit).status_code == 404
    assert _client(client, world.org_member).get(edit).status_code == 403


def test_a_read_only_cadre_gets_403_on_writing_pages(client, world):
    auditor = make_cadre("auditor_a", world.org_a, role="auditor")
    article = draft(org=world.org_a, actor=world.org_admin)
    _client(client, auditor)
    assert client.get(reverse("news:article_detail", args=[article.public_id])).status_code == 200
    for name in ("news:article_edit", "news:article_delete", "news:contribution_create"):
        assert client.get(reverse(name, args=[article.public_id])).status_code == 403, name
    assert client.get(reverse("news:article_create")).status_code == 403


def test_article_page_renders_body_pictures_and_the_review_card(client, world):
    article = draft(org=world.org_a, actor=world.org_admin, body="第一段<b>加粗</b>。\n\n第二段。")
    picture = article_file_add(article=article, actor=world.org_admin, upload=png(), image=True)
    page = (
        _client(client, world.org_admin)
        .get(reverse("news:article_detail", args=[article.public_id]))
        .content.decode()
    )
    assert "<p>第一段&lt;b&gt;加粗&lt;/b&gt;。</p>" in page
    assert "<p>第二段。</p>" in page
    assert picture.view_url in page
    assert 'id="article-timeline"' in page
    assert (
        _client(client, world.outsider)
        .get(reverse("news:article_detail", args=[article.public_id]))
        .status_code
        == 404
    )
    # the picture follows the article: its admin opens it, the other union's admin does not
    assert _client(client, world.org_admin).get(picture.view_url).status_code == 200
    assert _client(client, world.outsider).get(picture.view_url).status_code == 404


def test_file_removal_has_a_confirmation_page(client, world):
    article = draft(org=world.org_a, actor=world.org_admin)
    picture = article_file_add(article=article, actor=world.org_admin, upload=png("封面.png"), image=True)
    url = reverse("news:article_file_remove", args=[article.public_id, picture.public_id])
    _client(client, world.org_admin)
    assert "封面.png" in client.get(url).content.decode()
    assert Article.objects.get(pk=article.pk).cover_id == picture.pk
    client.post(url)
    assert Article.objects.get(pk=article.pk).cover_id is None


def test_draft_deletion_confirms_then_deletes(client, world):
    article = draft(org=world.org_a, actor=world.org_admin)
    url = reverse("news:article_delete", args=[article.public_id])
    assert "不能恢复" in _client(client, world.org_admin).get(url).content.decode()
    assert _client(client, world.outsider).post(url).status_code == 404
    _client(client, world.org_admin).post(url)
    assert not Article.objects.filter(pk=article.pk).exists()


def test_columns_create_deactivate(client, world):
    _client(client, world.org_admin)
    client.post(reverse("news:column_create"), {"org": world.org_a.code, "name": "职工书屋", "order": 1})
    column = Column.objects.get(org=world.org_a, name="职工书屋")
    assert "职工书屋" in client.get(reverse("news:column_list")).content.decode()
    assert "职工书屋" not in _client(client, world.outsider).get(reverse("news:column_list")).content.decode()
    _client(client, world.org_admin)
    deactivate = reverse("news:column_deactivate", args=[column.pk])
    assert "停用后" in client.get(deactivate).content.decode()
    client.post(deactivate)
    assert not Column.objects.get(pk=column.pk).is_active
    assert _client(client, world.outsider).get(deactivate).status_code == 404


def test_export_lists_only_the_visible_articles(client, world):
    draft(org=world.org_a, actor=world.org_admin, title="甲校导出文章")
    draft(org=world.org_b, actor=world.outsider, title="乙院文章")
    response = _client(client, world.org_admin).post(
        reverse("spreadsheets:export_start", args=["news_articles"])
    )
    assert response.status_code == 200
    book = CalamineWorkbook.from_filelike(BytesIO(response.content))
    rows = book.get_sheet_by_name(book.sheet_names[0]).to_python()
    assert rows[0][:2] == ["标题", "类别"]
    assert [r[0] for r in rows[1:]] == ["甲校导出文章"]


def test_contribution_pages_of_the_receiving_union(client, world):
    county_admin = make_cadre("county_admin", world.county_x)
    published = published_with_files(org=world.org_a, actor=world.org_admin, title="甲校投稿文章")
    _client(client, world.org_admin).post(
        reverse("news:contribution_create", args=[published.public_id]),
        {"to_org": world.county_x.pk, "note": "请审阅"},
    )
    offer = Contribution.objects.get(article=published)
    detail = reverse("news:contribution_detail", args=[offer.pk])
    assert client.get(detail).status_code == 404  # the offering union does not read the receiving desk
    assert _client(client, world.outsider).get(detail).status_code == 404
    _client(client, county_admin)
    assert "甲校投稿文章" in client.get(reverse("news:contribution_list")).content.decode()
    client.post(reverse("news:contribution_adopt", args=[offer.pk]))
    offer.refresh_from_db()
    assert offer.status == ContributionStatus.ADOPTED
    assert offer.adopted_article is not None
    assert offer.adopted_article.org == world.county_x


def test_subject_picker_lists_only_what_the_writer_sees(client, world):
    from gonghui.news.subjects import story_subjects

    if "honours.honour" not in story_subjects:
        from gonghui.honours.registrations.stories import register

        register()
    page = _client(client, world.org_admin).get(reverse("news:subject_choices"), {"q": "王"}).content.decode()
    assert "（不关联）" in page
    assert _client(client, world.org_member).get(reverse("news:subject_choices")).status_code == 403


def test_pending_offer_twice_is_refused_on_the_page(client, world):
    published = published_with_files(org=world.org_a, actor=world.org_admin)
    contribution_create(article=published, actor=world.org_admin, to_org=world.city)
    response = _client(client, world.org_admin).post(
        reverse("news:contribution_create", args=[published.public_id]), {"to_org": world.city.pk}
    )
    assert response.status_code == 200
    assert "正在等待处理" in response.content.decode()
