"""Registrations of 评选表彰 — the story subjects of 宣传 (`news.subjects.story_subjects`): a 劳模故事, 工匠故事 or
最美故事 may name the honour record it tells — a 荣誉档案 entry (`honours.honour`) or a title in the 劳模工匠 register
(`honours.model_worker`). news stores "<key>:<id>" and never imports honours; these callables answer with honours'
own selectors, so the picker lists only records the writer may read and the article links a record only for a
reader who may open it."""

from typing import Any

from django.urls import reverse

HONOUR_KEY = "honours.honour"
WORKER_KEY = "honours.model_worker"
CHOICES_LIMIT = 20


def _int(ref_id: str) -> int | None:
    return int(ref_id) if ref_id.isdigit() and len(ref_id) < 12 else None


def _honour_label(honour: Any) -> str:
    return f"{honour.holder_name}（{honour.year}年 {honour.title}）"


def _worker_label(worker: Any) -> str:
    return f"{worker.name}（{worker.year}年 {worker.title}）"


def honour_choices(user: Any, query: str) -> list[tuple[str, str]]:
    from ..selectors.records import STATUS_VALID, honours_for_user

    honours = honours_for_user(user, {"q": query.strip()[:50], "status": STATUS_VALID})[:CHOICES_LIMIT]
    return [(str(h.pk), _honour_label(h)) for h in honours]


def honour_link(user: Any, ref_id: str) -> tuple[str, str] | None:
    from ..models import Honour
    from ..permissions import VIEW

    pk = _int(ref_id)
    honour = None if pk is None else Honour.objects.visible_to(user, VIEW).filter(pk=pk).first()
    if honour is None:
        return None
    return _honour_label(honour), reverse("honours:honour_detail", args=[honour.pk])


def worker_choices(user: Any, query: str) -> list[tuple[str, str]]:
    from ..selectors.workers import active_workers_for, worker_list_for_user

    workers = worker_list_for_user(user, {"q": query.strip()[:50]}).filter(
        pk__in=active_workers_for(user).values("pk")
    )[:CHOICES_LIMIT]
    return [(str(w.pk), _worker_label(w)) for w in workers]


def worker_link(user: Any, ref_id: str) -> tuple[str, str] | None:
    from ..selectors.workers import worker_list_for_user

    pk = _int(ref_id)
    worker = None if pk is None else worker_list_for_user(user).filter(pk=pk).first()
    if worker is None:
        return None
    return _worker_label(worker), reverse("honours:worker_detail", args=[worker.pk])


def register() -> None:
    from gonghui.news.subjects import StorySubject, story_subjects

    if HONOUR_KEY not in story_subjects:
        story_subjects.register(
            HONOUR_KEY,
            StorySubject(
                key=HONOUR_KEY, label="荣誉档案", choices=honour_choices, link=honour_link, order=10
            ),
        )
    if WORKER_KEY not in story_subjects:
        story_subjects.register(
            WORKER_KEY,
            StorySubject(
                key=WORKER_KEY, label="劳模工匠", choices=worker_choices, link=worker_link, order=20
            ),
        )
