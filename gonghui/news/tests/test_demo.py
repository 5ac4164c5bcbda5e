"""The demo 宣传 on the demo tree, accounts and members and two honour records (seeded once for this module, rolled
back after): the 中国梦·劳动美 column's five articles passed 三审 by three different people and were published, one
withdrawn with its reason; the two 最美 stories are 公开 with a cover and name their honour record; one article
waits at 复审 for `shi_xuanchuan`, two sensitive words flagged; 解放区's 典型经验 offered to the city union waits;
read counts flushed; a second run adds nothing."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.accounts.demo import seed_accounts
from gonghui.accounts.models import RoleGrant, User
from gonghui.attachments.models import Attachment
from gonghui.honours.choices import HonourLevel
from gonghui.honours.services.records import honour_record
from gonghui.members.demo import seed_members
from gonghui.members.models import Member
from gonghui.news.choices import ArticleAudience, ArticleKind, ArticleStatus, ContributionStatus
from gonghui.news.demo import (
    COLUMN_NAME,
    COUNTY_TITLE,
    PENDING_TITLE,
    SECOND,
    SENSITIVE_WORDS,
    WITHDRAW_REASON,
    seed_news,
)
from gonghui.news.models import Article, ArticleRead, ArticleReview, Column, Contribution, SensitiveWord
from gonghui.news.permissions import REVIEWER_ROLE
from gonghui.orgs.demo import seed_orgs
from gonghui.orgs.models import Org
from tests.demo_seeding import Seeded, seeded_twice

pytestmark = pytest.mark.django_db

# The first members of the demo's 3,000 (the same people, the README member 13900000001 first, in the same
# unions: the placement draws are the same prefix): every fact below needs a few members in a few unions, and
# seeding all 3,000 took most of this module's time.
DEMO_MEMBERS = 400


def _counts() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "grants": RoleGrant.objects.count(),
        "articles": Article.objects.count(),
        "reviews": ArticleReview.objects.count(),
        "columns": Column.objects.count(),
        "contributions": Contribution.objects.count(),
        "words": SensitiveWord.objects.count(),
        "attachments": Attachment.objects.count(),
        "reads": sum(ArticleRead.objects.values_list("count", flat=True)),
    }


def _honours() -> None:
    """The two honour records the stories tell (the honours demo's 河南省优秀教师 and 全国劳动模范)."""
    admin = User.objects.get(username="shi_admin")
    for phone, title, level, year in (
        ("13900000001", "河南省优秀教师", HonourLevel.PROVINCIAL, 2017),
        ("", "全国劳动模范", HonourLevel.NATIONAL, 2015),
    ):
        member = (Member.objects.filter(phone=phone) if phone else Member.objects.exclude(phone="")).first()
        assert member is not None
        honour_record(
            org=member.org,
            actor=admin,
            member=member,
            title=title,
            level=level,
            year=year,
            awarded_by="演示",
            awarded_on=dt.date(year, 5, 1),
        )


@pytest.fixture(scope="module")
def seeded(django_db_setup: Any, django_db_blocker: Any) -> Any:
    with (
        django_db_blocker.unblock(),
        seeded_twice(
            seed_news,
            before=(seed_orgs, seed_accounts, seed_members, _honours),
            counts=_counts,
            members=DEMO_MEMBERS,
        ) as seeded,
    ):
        yield seeded


def test_a_second_run_adds_nothing_and_one_account_with_three_grants(seeded: Seeded) -> None:
    assert "本次新建" in seeded.first
    assert seeded.second.endswith("本次无新增")
    assert seeded.after_second == seeded.after_first
    assert seeded.after_first["users"] == seeded.before["users"] + 1
    # shi_xuanchuan's, shi_shenhe's and jfq_shenhe's 宣传审核员
    assert seeded.after_first["grants"] == seeded.before["grants"] + 3
    reviewer = User.objects.get(username=SECOND)
    assert reviewer.check_password("Gonghui2026")
    assert set(RoleGrant.objects.filter(role=REVIEWER_ROLE).values_list("user__username", "org__code")) == {
        (SECOND, "JZJKWT"),
        ("shi_shenhe", "JZJKWT"),
        ("jfq_shenhe", "JFQ"),
    }


def test_five_column_articles_passed_three_levels_by_three_people_one_withdrawn(seeded: Seeded) -> None:
    column = Column.objects.get(org__code="JZJKWT", name=COLUMN_NAME)
    articles = list(Article.objects.filter(column=column))
    assert len(articles) == 5
    assert sorted(a.status for a in articles) == sorted(
        [ArticleStatus.PUBLISHED] * 4 + [ArticleStatus.WITHDRAWN]
    )
    for article in articles:
        passes = list(ArticleReview.objects.filter(article=article).order_by("level"))
        assert [(r.level, r.reviewer.username) for r in passes] == [
            (1, "shi_shenhe"),
            (2, SECOND),
            (3, "shi_admin"),
        ]
        assert article.created_by.username == "shi_ganshi"
        assert article.published_at is not None
        assert passes[-1].decided_at <= article.published_at
    withdrawn = next(a for a in articles if a.status == ArticleStatus.WITHDRAWN)
    assert withdrawn.withdraw_reason == WITHDRAW_REASON
    assert withdrawn.withdrawn_by is not None
    assert withdrawn.withdrawn_by.username == "shi_admin"


def test_two_public_zuimei_stories_with_a_cover_name_their_honour_record(seeded: Seeded) -> None:
    stories = list(Article.objects.filter(kind=ArticleKind.ZUIMEI))
    assert len(stories) == 2
    for story in stories:
        assert story.audience == ArticleAudience.PUBLIC
        assert story.status == ArticleStatus.PUBLISHED
        assert story.cover is not None
        assert story.subject_ref.startswith("honours.honour:")
        holder = story.subject_label.split("（")[0]
        assert holder in story.title
        assert story.read_count > 0
    response = Client().get(reverse("news:public_detail", args=[stories[0].public_id]))
    assert response.status_code == 200
    assert stories[0].title in response.content.decode()


def test_one_article_waits_at_the_second_level_with_two_words_flagged(seeded: Seeded) -> None:
    assert set(SensitiveWord.objects.filter(org__code="JZJKWT").values_list("word", flat=True)) == set(
        SENSITIVE_WORDS
    )
    pending = Article.objects.get(title=PENDING_TITLE)
    assert (pending.status, pending.passed_level, pending.review_levels) == (ArticleStatus.IN_REVIEW, 1, 3)
    assert set(pending.flagged_words) == {"据传", "国家级"}
    assert Article.objects.filter(status=ArticleStatus.IN_REVIEW).count() == 1
    client = Client()
    client.force_login(User.objects.get(username=SECOND))
    page = client.get(reverse("news:review_queue")).content.decode()
    assert PENDING_TITLE in page


def test_the_county_case_is_offered_to_the_city_union(seeded: Seeded) -> None:
    county = Org.objects.get(code="JFQ")
    case = Article.objects.get(title=COUNTY_TITLE)
    assert (case.org, case.kind, case.status, case.review_levels) == (
        county,
        ArticleKind.CASE,
        ArticleStatus.PUBLISHED,
        2,
    )
    assert [r.reviewer.username for r in ArticleReview.objects.filter(article=case)] == [
        "jfq_shenhe",
        "jfq_admin",
    ]
    offer = Contribution.objects.get(article=case)
    assert (offer.org.code, offer.status) == ("JZJKWT", ContributionStatus.PENDING)


def test_read_counts_are_flushed_to_the_table_for_published_articles_only(seeded: Seeded) -> None:
    for article in Article.objects.filter(column__name=COLUMN_NAME):
        reads = sum(ArticleRead.objects.filter(article=article).values_list("count", flat=True))
        assert article.read_count == reads
        assert (reads > 0) == (article.status == ArticleStatus.PUBLISHED)
    assert (
        ArticleRead.objects.filter(org__isnull=True).count() == 2
    )  # the 公开 stories' readers without login
