"""Review pages (part review): the three actors on the review page, the queue's tabs, a decision through the page
(and a return without an opinion refused on its field), the flags marked and escaped, 送审 and 撤回 through their
buttons and confirmation page, the policy page showing the inherited levels, the sensitive-word page for the root
union only, and the review card on the article page."""

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from conftest import make_cadre
from gonghui.news.choices import ArticleStatus
from gonghui.news.models import ReviewPolicy, SensitiveWord

from .factories import make_article
from .factories_review import make_reviewers, pass_level, submitted_article

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def writer(world):
    return make_cadre("xiezuo", world.org_a, role="union_staff")


@pytest.mark.parametrize(("actor", "status"), [("org_admin", 200), ("org_member", 403), ("outsider", 404)])
def test_review_page_three_actors(world, writer, actor, status):
    article = submitted_article(org=world.org_a, writer=writer, title="甲中工会送审稿件")
    url = reverse("news:review_article", args=[article.public_id])
    assert _client(getattr(world, actor)).get(url).status_code == status
    queue = _client(getattr(world, actor)).get(reverse("news:review_queue"))
    if actor == "org_admin":
        assert "甲中工会送审稿件" in queue.content.decode()
    elif actor == "outsider":
        assert "甲中工会送审稿件" not in queue.content.decode()


def test_a_decision_through_the_page_and_the_queue_tabs(world, writer):
    SensitiveWord.objects.create(org=world.city, word="<b>赌博</b>", created_by=writer)
    article = submitted_article(
        org=world.org_a, writer=writer, title="关于<b>赌博</b>的警示", body="第一段\n\n远离<b>赌博</b>"
    )
    url = reverse("news:review_article", args=[article.public_id])
    admin = _client(world.org_admin)
    page = admin.get(url).content.decode()
    assert '<mark class="news-flag">&lt;b&gt;赌博&lt;/b&gt;</mark>' in page
    assert "<b>赌博</b>" not in page
    refused = admin.post(url, {"level": 1, "decision": "return", "opinion": ""})
    assert "退回修改时请填写审核意见" in refused.content.decode()
    done = admin.post(url, {"level": 1, "decision": "pass", "opinion": "同意"})
    assert done.status_code == 302
    article.refresh_from_db()
    assert article.passed_level == 1
    mine = admin.get(reverse("news:review_queue")).content.decode()
    assert "关于&lt;b&gt;赌博&lt;/b&gt;的警示" not in mine  # 待我审核: not a second level for the same person
    reviewed = admin.get(reverse("news:review_queue") + "?tab=done").content.decode()
    assert "关于&lt;b&gt;赌博&lt;/b&gt;的警示" in reviewed
    page = admin.get(url).content.decode()
    assert "同一轮的各级审核须由不同人员完成" in page
    assert "同意" in page


def test_submit_and_withdraw_through_the_pages(world, writer):
    draft = make_article(org=world.org_a, actor=writer, status=ArticleStatus.DRAFT, title="待送审的稿件")
    response = _client(writer).post(reverse("news:article_submit", args=[draft.public_id]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == ArticleStatus.IN_REVIEW
    published = make_article(org=world.org_a, actor=writer, title="已发布稿件")
    url = reverse("news:article_withdraw", args=[published.public_id])
    assert _client(writer).get(url).status_code == 403
    admin = _client(world.org_admin)
    assert "确认撤回" in admin.get(url).content.decode()
    assert "请填写撤回原因" in admin.post(url, {"reason": ""}).content.decode()
    assert admin.post(url, {"reason": "内容过时"}).status_code == 302
    published.refresh_from_db()
    assert (published.status, published.withdraw_reason) == (ArticleStatus.WITHDRAWN, "内容过时")


def test_policy_page_shows_the_inherited_levels_and_saves(world):
    county_admin = make_cadre("xian", world.county_x)
    ReviewPolicy.objects.create(org=world.county_x, levels=2, updated_by=county_admin)
    admin = _client(world.org_admin)
    page = admin.get(reverse("news:review_policy")).content.decode()
    assert "沿用上级“甲县教育工会”的设置" in page
    assert "初审、终审" in page
    assert admin.post(reverse("news:review_policy"), {"levels": "1"}).status_code == 302
    assert ReviewPolicy.objects.get(org=world.org_a).levels == 1
    assert _client(world.org_member).get(reverse("news:review_policy")).status_code == 403


def test_sensitive_words_page_only_for_the_root_union(world):
    keeper = make_cadre("shizong", world.city)
    client = _client(keeper)
    url = reverse("news:sensitive_words")
    response = client.post(url, {"words": "赌博\n迷信\n赌博", "note": ""}, follow=True)
    page = response.content.decode()
    assert "已添加 2 个敏感词" in page
    assert "已跳过：赌博" in page
    assert "迷信" in client.get(url + "?q=迷").content.decode()
    word = SensitiveWord.objects.get(word="迷信")
    delete_url = reverse("news:sensitive_word_delete", args=[word.pk])
    assert "确认删除" in client.get(delete_url).content.decode()
    assert _client(world.org_admin).get(url).status_code == 403
    assert _client(world.org_admin).post(delete_url).status_code == 403
    assert client.post(delete_url).status_code == 302
    assert not SensitiveWord.objects.filter(word="迷信").exists()


def test_review_card_shows_levels_and_the_users_buttons(world, writer):
    reviewers = make_reviewers(world.county_x)
    article = submitted_article(org=world.org_a, writer=writer)
    article = pass_level(article, reviewers[0])
    for_reviewer = render_to_string(
        "news/review/_review_card.html", {"article": article, "user": reviewers[1]}
    )
    assert "初审" in for_reviewer
    assert "shenhe1" in for_reviewer
    assert "复审" in for_reviewer
    assert reverse("news:review_article", args=[article.public_id]) in for_reviewer
    for_writer = render_to_string("news/review/_review_card.html", {"article": article, "user": writer})
    assert ">审核<" not in for_writer
    assert "送审" not in for_writer.replace("第1轮送审", "")
    draft = make_article(org=world.org_a, actor=writer, status=ArticleStatus.DRAFT)
    card = render_to_string("news/review/_review_card.html", {"article": draft, "user": writer})
    assert reverse("news:article_submit", args=[draft.public_id]) in card
