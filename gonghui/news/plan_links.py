"""宣传 records a 工作要点 item can link to (core.registry.plan_record_kinds): the 宣传稿件; published is done."""

from django.urls import reverse
from django.utils import timezone

from gonghui.core.registry import PlanRecordRef, plan_record_kind_of, plan_record_kinds

from .choices import ArticleStatus
from .models import Article
from .permissions import VIEW


def article_ref(record: Article) -> PlanRecordRef:
    return PlanRecordRef(
        object_id=record.pk,
        title=record.title,
        state=record.get_status_display(),
        done=record.status == ArticleStatus.PUBLISHED,
        url=reverse("news:article_detail", args=[record.public_id]),
        on=timezone.localdate(record.published_at) if record.published_at else None,
    )


plan_record_kinds.register(
    "news.article",
    plan_record_kind_of(
        key="news.article",
        label="宣传稿件",
        model=Article,
        action=VIEW,
        ref=article_ref,
        order=110,
    ),
)
