"""Content review (part review), services: nothing is published before every level passed, by as many different
people, never the author; a level already taken is refused; a return ends the round and a resubmission starts a
new one; the levels come from the nearest policy; sensitive words flag without blocking; withdrawal; the list of
words is kept only on the root union."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from conftest import make_cadre
from gonghui.core.models import TimelineEntry
from gonghui.news.choices import ArticleStatus, NewsAction, ReviewDecision
from gonghui.news.models import ArticleReview, SensitiveWord
from gonghui.news.selectors.review import (
    effective_policy,
    highlight,
    pending_review_count,
    review_level_label,
    review_trail,
)
from gonghui.news.services.review import (
    article_review_decide,
    article_submit,
    article_withdraw,
    review_policy_set,
    sensitive_words_add,
)
from gonghui.notifications.models import Notification

from .factories import make_article
from .factories_review import make_reviewers, pass_level, submitted_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(world):
    writer = make_cadre("xiezuo", world.org_a, role="union_staff")
    reviewers = make_reviewers(world.county_x)
    return writer, reviewers


def _steps(article):
    return list(
        TimelineEntry.objects.filter(object_id=str(article.pk), content_type__model="article")
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_nothing_is_public_before_the_last_of_three_distinct_reviewers(world, cast):
    writer, (r1, r2, r3) = cast
    article = submitted_article(org=world.org_a, writer=writer)
    assert (article.status, article.review_round, article.review_levels) == (ArticleStatus.IN_REVIEW, 1, 3)
    assert Notification.objects.filter(recipient=r1, title__contains="待初审").exists()
    assert not Notification.objects.filter(recipient=writer, title__contains="待初审").exists()
    article = pass_level(article, r1)
    assert (article.status, article.passed_level) == (ArticleStatus.IN_REVIEW, 1)
    assert Notification.objects.filter(recipient=r2, title__contains="待复审").exists()
    assert not Notification.objects.filter(recipient=r1, title__contains="待复审").exists()
    article = pass_level(article, r2)
    assert article.status == ArticleStatus.IN_REVIEW
    assert article.published_at is None
    article = pass_level(article, r3, opinion="同意发布")
    assert article.status == ArticleStatus.PUBLISHED
    assert article.published_at is not None
    assert _steps(article) == [
        NewsAction.SUBMITTED,
        NewsAction.PASSED,
        NewsAction.PASSED,
        NewsAction.PASSED,
        NewsAction.PUBLISHED,
    ]
    published = Notification.objects.get(recipient=writer, title__startswith="稿件已发布")
    assert published.url == reverse(
        "news:article_detail", args=[article.public_id]
    )  # not the reviewers' page
    assert [row.label for row in review_trail(article)] == ["初审", "复审", "终审"]


def test_the_author_cannot_review_and_one_person_cannot_pass_two_levels(world, cast):
    writer, (r1, _r2, _r3) = cast
    admin_author = world.org_admin  # holds news.review on org A, but wrote the article
    article = submitted_article(org=world.org_a, writer=admin_author)
    with pytest.raises(ValidationError, match="不能审核本人起草的稿件"):
        article_review_decide(article=article, actor=admin_author, level=1, decision=ReviewDecision.PASS)
    article = pass_level(article, r1)
    with pytest.raises(ValidationError, match="不同人员"):
        article_review_decide(article=article, actor=r1, level=2, decision=ReviewDecision.PASS)
    assert ArticleReview.objects.filter(article=article).count() == 1
    assert pending_review_count(r1) == 0
    assert pending_review_count(writer) == 0


def test_a_level_taken_by_someone_else_is_refused_clearly(world, cast):
    writer, (r1, r2, _r3) = cast
    article = submitted_article(org=world.org_a, writer=writer)
    pass_level(article, r1)
    # r2 opened the page while level 1 was still open and posts level 1
    with pytest.raises(ValidationError, match="初审已由其他审核人完成"):
        article_review_decide(article=article, actor=r2, level=1, decision=ReviewDecision.PASS)


def test_outside_reviewers_and_plain_staff_may_not_review(world, cast):
    writer, _ = cast
    article = submitted_article(org=world.org_a, writer=writer)
    other = make_reviewers(world.county_y, count=1, prefix="yi")[0]
    with pytest.raises(PermissionDenied):
        article_review_decide(article=article, actor=other, level=1, decision=ReviewDecision.PASS)
    staff = make_cadre("ganshi", world.org_a, role="union_staff")
    with pytest.raises(PermissionDenied):
        article_review_decide(article=article, actor=staff, level=1, decision=ReviewDecision.PASS)


def test_return_needs_an_opinion_and_a_resubmission_starts_a_new_round(world, cast):
    writer, (r1, r2, r3) = cast
    article = submitted_article(org=world.org_a, writer=writer)
    article = pass_level(article, r1)
    with pytest.raises(ValidationError, match="请填写审核意见"):
        article_review_decide(article=article, actor=r2, level=2, decision=ReviewDecision.RETURN, opinion=" ")
    article_review_decide(
        article=article, actor=r2, level=2, decision=ReviewDecision.RETURN, opinion="第二段数据需核实"
    )
    article.refresh_from_db()
    assert article.status == ArticleStatus.RETURNED
    assert Notification.objects.filter(recipient=writer, body__contains="第二段数据需核实").exists()
    with pytest.raises(ValidationError, match="不在审核中"):
        article_review_decide(article=article, actor=r3, level=3, decision=ReviewDecision.PASS)
    article = article_submit(article=article, actor=writer)
    assert (article.review_round, article.passed_level, article.status) == (2, 0, ArticleStatus.IN_REVIEW)
    # a new round: r1 and r2 may review again
    article = pass_level(article, r2)
    article = pass_level(article, r1)
    article = pass_level(article, r3)
    assert article.status == ArticleStatus.PUBLISHED
    trail = review_trail(article)
    assert [(row.review.review_round, row.label, row.review.decision) for row in trail][:2] == [
        (1, "初审", ReviewDecision.PASS),
        (1, "复审", ReviewDecision.RETURN),
    ]
    assert len(trail) == 5


def test_only_drafts_and_returned_articles_are_submitted_and_the_body_is_required(world, cast):
    writer, _ = cast
    empty = make_article(org=world.org_a, actor=writer, status=ArticleStatus.DRAFT, body="  ")
    with pytest.raises(ValidationError, match="送审前请填写正文"):
        article_submit(article=empty, actor=writer)
    published = make_article(org=world.org_a, actor=writer)
    with pytest.raises(ValidationError, match="只有草稿或退回修改的稿件可以送审"):
        article_submit(article=published, actor=writer)
    draft = make_article(org=world.org_a, actor=writer, status=ArticleStatus.DRAFT)
    with pytest.raises(PermissionDenied):
        article_submit(article=draft, actor=world.outsider)


def test_policy_is_inherited_from_the_nearest_union_above_and_copied_at_submission(world, cast):
    writer, (r1, _r2, _r3) = cast
    assert effective_policy(world.org_a).levels == 3
    review_policy_set(org=world.county_x, actor=make_cadre("xian", world.county_x), levels=2)
    found = effective_policy(world.org_a)
    assert (found.levels, found.source, found.own) == (2, world.county_x, None)
    review_policy_set(org=world.org_a, actor=world.org_admin, levels=1)
    assert effective_policy(world.org_a).levels == 1
    assert effective_policy(world.org_b).levels == 3
    with pytest.raises(PermissionDenied):
        review_policy_set(org=world.county_x, actor=world.org_admin, levels=3)
    article = submitted_article(org=world.org_a, writer=writer)
    assert article.review_levels == 1
    review_policy_set(org=world.org_a, actor=world.org_admin, levels=3)  # later changes do not touch it
    article = pass_level(article, r1)
    assert article.status == ArticleStatus.PUBLISHED


def test_level_names_by_policy():
    assert [review_level_label(n, 1) for n in (1,)] == ["终审"]
    assert [review_level_label(n, 2) for n in (1, 2)] == ["初审", "终审"]
    assert [review_level_label(n, 3) for n in (1, 2, 3)] == ["初审", "复审", "终审"]


def test_sensitive_words_flag_without_blocking_and_are_kept_on_the_root(world, cast):
    writer, _ = cast
    keeper = make_cadre("shizong", world.city)
    added = sensitive_words_add(org=world.city, actor=keeper, text="赌博\n\nFaLun\n赌博\n")
    assert added.added == ["赌博", "FaLun"]
    assert added.duplicates == ["赌博"]
    again = sensitive_words_add(org=world.city, actor=keeper, text="falun")
    assert again.added == []
    assert again.duplicates == ["falun"]
    with pytest.raises(PermissionDenied, match="市级工会"):
        sensitive_words_add(org=world.org_a, actor=world.org_admin, text="某词")
    with pytest.raises(PermissionDenied):
        sensitive_words_add(org=world.city, actor=world.org_admin, text="某词")
    article = submitted_article(
        org=world.org_a, writer=writer, summary="远离赌博", body="警惕 falun 等邪教<script>"
    )
    assert article.status == ArticleStatus.IN_REVIEW
    assert sorted(article.flagged_words) == sorted(["赌博", "FaLun"])
    assert SensitiveWord.objects.count() == 2
    marked = highlight("警惕 falun 等邪教<script>", article.flagged_words)
    assert marked == '警惕 <mark class="news-flag">falun</mark> 等邪教&lt;script&gt;'


def test_withdrawal_needs_manage_and_a_reason(world, cast):
    writer, _ = cast
    article = make_article(org=world.org_a, actor=writer)
    with pytest.raises(PermissionDenied):
        article_withdraw(article=article, actor=writer, reason="有误")
    with pytest.raises(ValidationError, match="请填写撤回原因"):
        article_withdraw(article=article, actor=world.org_admin, reason="")
    county_admin = make_cadre("xian_admin", world.county_x)
    article = article_withdraw(article=article, actor=county_admin, reason="人名有误")
    assert article.status == ArticleStatus.WITHDRAWN
    assert (article.withdrawn_by, article.withdraw_reason) == (county_admin, "人名有误")
    assert _steps(article) == [NewsAction.WITHDRAWN]
    with pytest.raises(ValidationError, match="只有已发布的文章可以撤回"):
        article_withdraw(article=article, actor=county_admin, reason="再撤")
