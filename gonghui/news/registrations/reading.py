"""Registrations of part reading: reading: the member's news on the portal (list, columns, article, the home card), 公开 articles without login (rate-limited) with their share card, read counts per union (cache, flushed by a scheduled job), the read-only API."""

from typing import Any

# the attachments of an article are admitted by the articles part's `article_may_download`, registered there,
# which reads published articles through `selectors.reading.article_readable`

PORTAL_TILE = "news.reading"
PORTAL_CARD = "news.reading"
FLUSH_JOB = "news.flush_reads"
API_ROUTER = "news"


def _day(moment: Any) -> str:
    from django.utils import timezone

    local = timezone.localtime(moment)
    return f"{local.month}月{local.day}日"


def _card_items(user: Any) -> list[Any]:
    from django.urls import reverse

    from gonghui.core.registry import PortalCardItem

    from ..selectors.reading import newest_for_card

    return [
        PortalCardItem(
            title=article.title,
            url=reverse("news_portal:portal_detail", args=[article.public_id]),
            detail=f"{article.org.short_name or article.org.name} · {_day(article.published_at)}",
            icon="news",
        )
        for article in newest_for_card(user)
    ]


def _flush() -> str:
    from ..services.reading import reads_flush

    return reads_flush()


def register() -> None:
    """Called once from the AppConfig's ready()."""
    from gonghui.core.registry import (
        ApiRouter,
        PortalCard,
        PortalTile,
        ScheduledJob,
        api_routers,
        portal_cards,
        portal_tiles,
        scheduled_jobs,
    )

    if PORTAL_TILE not in portal_tiles:
        portal_tiles.register(
            PORTAL_TILE,
            PortalTile(
                key=PORTAL_TILE,
                label="新闻",
                url_name="news_portal:portal_list",
                icon="news",
                order=20,
                description="工会新闻、通知公告、典型经验和劳模工匠故事",
            ),
        )
    if PORTAL_CARD not in portal_cards:
        portal_cards.register(
            PORTAL_CARD, PortalCard(key=PORTAL_CARD, kind="notice", items=_card_items, order=20)
        )
    if FLUSH_JOB not in scheduled_jobs:
        scheduled_jobs.register(
            FLUSH_JOB, ScheduledJob(key=FLUSH_JOB, label="汇总文章阅读数", func=_flush, order=150)
        )
    if API_ROUTER not in api_routers:
        api_routers.register(
            API_ROUTER, ApiRouter(prefix="/news", router="gonghui.news.api:router", order=95)
        )
