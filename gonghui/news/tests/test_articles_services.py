"""Services of part articles: editing only drafts and returned articles, the default summary, files and the cover,
story-subject validation, deleting a draft, 专栏, and 投稿 (one pending per union; adoption copies the text and the
files; declining needs a note), with the timeline rows and notifications."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import make_cadre
from gonghui.attachments.selectors import attachments_of
from gonghui.core.timeline import timeline_for
from gonghui.news.choices import ArticleKind, ArticleStatus, ContributionStatus, NewsAction
from gonghui.news.models import Article, Contribution
from gonghui.news.services import articles as svc
from gonghui.news.subjects import StorySubject, story_subjects
from gonghui.notifications.models import Notification

from .factories_articles import draft, pdf, png, published_with_files

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_subject():
    """A registered story-subject kind whose record 1 only admin_a may open."""
    key = "tests.hero"
    story_subjects.register(
        key,
        StorySubject(
            key=key,
            label="测试荣誉",
            choices=lambda user, q: [("1", "王师傅（2020年 市劳动模范）")],
            link=lambda user, ref: (
                ("王师傅（2020年 市劳动模范）", "/x/") if ref == "1" and user.username == "admin_a" else None
            ),
        ),
    )
    yield key
    story_subjects._items.pop(key, None)


def test_create_defaults_summary_to_first_sentence_and_records_timeline(world):
    article = draft(org=world.org_a, actor=world.org_admin, body="今天召开大会。会议很成功！\n\n第二段。")
    assert article.status == ArticleStatus.DRAFT
    assert article.summary == "今天召开大会。"
    assert [e.action for e in timeline_for(article)] == [NewsAction.CREATED]


def test_only_writers_of_the_union_create(world):
    with pytest.raises(PermissionDenied):
        draft(org=world.org_a, actor=world.outsider)
    with pytest.raises(PermissionDenied):
        draft(org=world.org_a, actor=world.org_member)


@pytest.mark.parametrize(
    "status", [ArticleStatus.IN_REVIEW, ArticleStatus.PUBLISHED, ArticleStatus.WITHDRAWN]
)
def test_editing_refused_outside_draft_and_returned(world, status):
    article = draft(org=world.org_a, actor=world.org_admin)
    Article.objects.filter(pk=article.pk).update(status=status)
    with pytest.raises(ValidationError):
        svc.article_update(
            article=article, actor=world.org_admin, data={"kind": "news", "title": "新", "body": "新"}
        )
    with pytest.raises(ValidationError):
        svc.article_file_add(
            article=Article.objects.get(pk=article.pk), actor=world.org_admin, upload=png(), image=True
        )


def test_returned_article_is_edited_with_a_timeline_row(world):
    article = draft(org=world.org_a, actor=world.org_admin)
    Article.objects.filter(pk=article.pk).update(status=ArticleStatus.RETURNED, review_round=1)
    svc.article_update(
        article=article, actor=world.org_admin, data={"kind": "news", "title": "改后的标题", "body": "正文。"}
    )
    article.refresh_from_db()
    assert article.title == "改后的标题"
    assert list(timeline_for(article))[-1].action == NewsAction.EDITED
    assert "标题" in list(timeline_for(article))[-1].note


def test_files_cover_and_removal(world):
    article = draft(org=world.org_a, actor=world.org_admin)
    image = svc.article_file_add(article=article, actor=world.org_admin, upload=png(), image=True)
    second = svc.article_file_add(article=article, actor=world.org_admin, upload=png("二.png"), image=True)
    doc = svc.article_file_add(article=article, actor=world.org_admin, upload=pdf(), image=False)
    article.refresh_from_db()
    assert article.cover_id == image.pk  # the first image
    with pytest.raises(ValidationError):
        svc.article_cover_set(article=article, actor=world.org_admin, public_id=doc.public_id)
    with pytest.raises(ValidationError):  # a PDF is not an image
        svc.article_file_add(article=article, actor=world.org_admin, upload=pdf("假图.png"), image=True)
    svc.article_cover_set(article=article, actor=world.org_admin, public_id=second.public_id)
    svc.article_file_remove(article=article, actor=world.org_admin, public_id=second.public_id)
    article.refresh_from_db()
    assert article.cover_id is None
    assert {a.pk for a in attachments_of(article)} == {image.pk, doc.pk}


def test_subject_only_on_stories_and_only_records_the_writer_sees(world, fake_subject):
    ref = f"{fake_subject}:1"
    with pytest.raises(ValidationError) as err:
        draft(org=world.org_a, actor=world.org_admin, subject_ref=ref)  # a news item
    assert "subject_ref" in err.value.error_dict
    with pytest.raises(ValidationError):
        draft(
            org=world.org_a,
            actor=world.org_admin,
            kind=ArticleKind.MODEL_WORKER,
            subject_ref=f"{fake_subject}:2",
        )
    with pytest.raises(ValidationError):
        draft(org=world.org_a, actor=world.org_admin, kind=ArticleKind.MODEL_WORKER, subject_ref="nope:1")
    story = draft(org=world.org_a, actor=world.org_admin, kind=ArticleKind.MODEL_WORKER, subject_ref=ref)
    assert story.subject_label == "王师傅（2020年 市劳动模范）"


def test_delete_only_a_never_submitted_draft(world):
    article = draft(org=world.org_a, actor=world.org_admin)
    svc.article_file_add(article=article, actor=world.org_admin, upload=png(), image=True)
    returned = draft(org=world.org_a, actor=world.org_admin, title="退回的")
    Article.objects.filter(pk=returned.pk).update(status=ArticleStatus.RETURNED, review_round=1)
    with pytest.raises(ValidationError):
        svc.article_delete(article=returned, actor=world.org_admin)
    svc.article_delete(article=article, actor=world.org_admin)
    assert not Article.objects.filter(pk=article.pk).exists()


def test_columns_unique_per_union_and_only_active_ones_take_articles(world):
    column = svc.column_create(org=world.org_a, actor=world.org_admin, data={"name": "中国梦·劳动美"})
    with pytest.raises(ValidationError):
        svc.column_create(org=world.org_a, actor=world.org_admin, data={"name": "中国梦·劳动美"})
    with pytest.raises(PermissionDenied):
        svc.column_create(org=world.org_a, actor=world.outsider, data={"name": "别人的"})
    svc.column_set_active(column=column, actor=world.org_admin, active=False)
    column.refresh_from_db()
    with pytest.raises(ValidationError):
        draft(org=world.org_a, actor=world.org_admin, column=column)


def test_contribution_only_published_only_upward_one_pending(world):
    article = draft(org=world.org_a, actor=world.org_admin)
    with pytest.raises(ValidationError):
        svc.contribution_create(article=article, actor=world.org_admin, to_org=world.city)
    published = published_with_files(org=world.org_a, actor=world.org_admin)
    with pytest.raises(ValidationError):  # a sibling's channel
        svc.contribution_create(article=published, actor=world.org_admin, to_org=world.org_b)
    svc.contribution_create(article=published, actor=world.org_admin, to_org=world.city)
    with pytest.raises(ValidationError):
        svc.contribution_create(article=published, actor=world.org_admin, to_org=world.city)
    svc.contribution_create(article=published, actor=world.org_admin, to_org=world.county_x)
    assert Contribution.objects.filter(article=published, status=ContributionStatus.PENDING).count() == 2


def test_adoption_copies_text_and_files_into_a_draft_of_the_receiving_union(world):
    city_admin = make_cadre("city_admin", world.city)
    published = published_with_files(org=world.org_a, actor=world.org_admin)
    offer = svc.contribution_create(
        article=published, actor=world.org_admin, to_org=world.city, note="请采用"
    )
    assert Notification.objects.filter(recipient=city_admin, title="收到投稿").exists()
    with pytest.raises(PermissionDenied):
        svc.contribution_adopt(contribution=offer, actor=world.org_admin)
    adopted = svc.contribution_adopt(contribution=offer, actor=city_admin)
    assert (adopted.org, adopted.status, adopted.title, adopted.body) == (
        world.city,
        ArticleStatus.DRAFT,
        published.title,
        published.body,
    )
    assert adopted.source == world.org_a.name
    copies = list(attachments_of(adopted))
    assert sorted(a.original_name for a in copies) == ["合影.png", "通知.pdf"]
    assert adopted.cover_id in {a.pk for a in copies}
    assert {a.file.name for a in copies}.isdisjoint({a.file.name for a in attachments_of(published)})
    offer.refresh_from_db()
    assert (offer.status, offer.adopted_article_id) == (ContributionStatus.ADOPTED, adopted.pk)
    assert NewsAction.ADOPTED in [e.action for e in timeline_for(published)]
    assert NewsAction.ADOPTED in [e.action for e in timeline_for(adopted)]
    assert Notification.objects.filter(recipient=world.org_admin, title="投稿已采用").exists()
    with pytest.raises(ValidationError):
        svc.contribution_decline(contribution=offer, actor=city_admin, note="晚了")


def test_decline_needs_a_note_and_tells_the_writer(world):
    county_admin = make_cadre("county_admin", world.county_x)
    published = published_with_files(org=world.org_a, actor=world.org_admin)
    offer = svc.contribution_create(article=published, actor=world.org_admin, to_org=world.county_x)
    with pytest.raises(ValidationError):
        svc.contribution_decline(contribution=offer, actor=county_admin, note="  ")
    svc.contribution_decline(contribution=offer, actor=county_admin, note="题材重复")
    offer.refresh_from_db()
    assert offer.status == ContributionStatus.DECLINED
    assert list(timeline_for(published))[-1].action == NewsAction.DECLINED
    assert Notification.objects.filter(recipient=world.org_admin, body__contains="题材重复").exists()
    svc.contribution_create(
        article=published, actor=world.org_admin, to_org=world.county_x
    )  # may offer again
