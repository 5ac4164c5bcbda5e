"""Services of part reading: read counts. A GET of an article page writes no row: `article_read_record` adds 1 to a cache
counter per article and reading union (anonymous readers under none), and the scheduled job `news.flush_reads`
(`reads_flush`, run by `manage.py run_due_jobs`) moves the counters into `ArticleRead` and `Article.read_count`.

Counters and their registration live in the "counters" cache (Redis, else files shared by the processes of the
machine) without expiry:
- `news:reads:<article>:<org or 0>` the count not yet flushed;
- the pairs an article was read under are found through slots: the first reader of a pair wins
  `cache.add(<pair>:seen)` and appends the pair to the article's slots (`cache.incr` of the slot count, then the
  slot key), so no pair is lost to two readers at once.
The job reads a counter, writes its value to the tables, and after the commit subtracts exactly that value
(`cache.decr`): increments made meanwhile stay for the next run, none is lost. A crash between the commit and the
subtraction counts that minute's reads twice (never loses them); `run_due_jobs` keeps two runs from overlapping."""

import contextlib
import datetime as dt

from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from ..choices import ArticleStatus
from ..models import Article, ArticleRead

PREFIX = "news:reads"
# a withdrawn article's last reads are still flushed for this long after the withdrawal
WITHDRAWN_GRACE = dt.timedelta(days=2)


def counters() -> BaseCache:
    """The cache alias holding the counters (settings: "counters", shared by every process of the site)."""
    return caches["counters"]


def _pair(article_id: int, org_id: int | None) -> str:
    return f"{PREFIX}:{article_id}:{org_id or 0}"


def _slots(article_id: int) -> str:
    return f"{PREFIX}:{article_id}:slots"


def _slot(article_id: int, number: int) -> str:
    return f"{PREFIX}:{article_id}:slot:{number}"


def _incr(key: str, delta: int = 1) -> int:
    counters().add(key, 0, timeout=None)
    try:
        return int(counters().incr(key, delta))
    except ValueError:  # evicted between add and incr
        counters().set(key, delta, timeout=None)
        return delta


def article_read_record(*, article: Article, org_id: int | None) -> None:
    """Count one read of `article` by a reader of union `org_id` (None: not signed in, or no union). Cache only:
    no row is written."""
    key = _pair(article.pk, org_id)
    if counters().add(f"{key}:seen", 1, timeout=None):
        number = _incr(_slots(article.pk))
        counters().set(_slot(article.pk, number), org_id or 0, timeout=None)
    _incr(key)


def pending_reads(article_id: int) -> dict[int | None, int]:
    """The counts waiting in the cache for one article, by reading union (None: anonymous)."""
    slots = int(counters().get(_slots(article_id)) or 0)
    if not slots:
        return {}
    orgs = {int(v) for v in counters().get_many([_slot(article_id, n) for n in range(1, slots + 1)]).values()}
    counts = counters().get_many([_pair(article_id, org) for org in orgs])
    pending: dict[int | None, int] = {}
    for org in orgs:
        value = int(counts.get(_pair(article_id, org)) or 0)
        if value > 0:
            pending[org or None] = value
    return pending


def _store(article_id: int, pending: dict[int | None, int]) -> None:
    with transaction.atomic():
        for org_id, value in pending.items():
            union = Q(org__isnull=True) if org_id is None else Q(org_id=org_id)
            updated = ArticleRead.objects.filter(union, article_id=article_id).update(
                count=F("count") + value, flushed_at=timezone.now()
            )
            if not updated:
                ArticleRead.objects.create(article_id=article_id, org_id=org_id, count=value)
        Article.objects.filter(pk=article_id).update(read_count=F("read_count") + sum(pending.values()))


def reads_flush() -> str:
    """The job `news.flush_reads`: every counted read of a published (or lately withdrawn) article into
    `ArticleRead` and `Article.read_count`; returns a one-line summary."""
    since = timezone.now() - WITHDRAWN_GRACE
    candidates = Article.objects.filter(
        Q(status=ArticleStatus.PUBLISHED) | Q(status=ArticleStatus.WITHDRAWN, withdrawn_at__gte=since)
    ).values_list("pk", flat=True)
    articles = 0
    total = 0
    for article_id in _read_articles(list(candidates)):
        pending = pending_reads(article_id)
        if not pending:
            continue
        _store(article_id, pending)
        # after the commit: subtract what was stored, keep what came since
        for org_id, value in pending.items():
            with contextlib.suppress(ValueError):  # evicted meanwhile: nothing left to subtract from
                counters().decr(_pair(article_id, org_id), value)
        articles += 1
        total += sum(pending.values())
    return f"{articles} 篇文章，{total} 次阅读"


def _read_articles(article_ids: list[int]) -> list[int]:
    """The articles among `article_ids` that were ever read (they have slots in the cache)."""
    keys = {_slots(pk): pk for pk in article_ids}
    found = counters().get_many(list(keys))
    return sorted(keys[key] for key, value in found.items() if value)
