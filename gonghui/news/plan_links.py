"""宣传 records a 工作要点 item can link to (core.registry.plan_record_kinds): the 宣传稿件; published is done."""

from collections.abc import Mapping, Sequence
from typing import Any

from django.urls import reverse
from django.utils import timezone

from gonghui.core.registry import PlanRecordKind, PlanRecordRef, plan_record_kinds

from .choices import ArticleStatus
from .models import Article
from .permissions import VIEW

LIMIT = 20  # candidates offered per search


def article_ref(record: Article) -> PlanRecordRef:
    return PlanRecordRef(
        object_id=record.pk,
        title=record.title,
        state=record.get_status_display(),
        done=record.status == ArticleStatus.PUBLISHED,
        url=reverse("news:article_detail", args=[record.public_id]),
        on=timezone.localdate(record.published_at) if record.published_at else None,
    )


def article_candidates(user: Any, query: str) -> list[PlanRecordRef]:
    """The 宣传稿件 records the user may see, matching the query on the title, newest first."""
    qs = Article.objects.visible_to(user, VIEW)
    if query:
        qs = qs.filter(title__icontains=query)
    return [article_ref(r) for r in qs.order_by("-created_at", "-id")[:LIMIT]]


def article_records(ids: Sequence[int]) -> Mapping[int, PlanRecordRef]:
    """The linked 宣传稿件 records by id, in one query (a deleted one is missing)."""
    return {r.pk: article_ref(r) for r in Article.objects.filter(pk__in=list(ids))}


plan_record_kinds.register(
    "news.article",
    PlanRecordKind(
        key="news.article",
        label="宣传稿件",
        candidates=article_candidates,
        records=article_records,
        order=110,
    ),
)
