"""校务公开 rows built through the part's services (the seeder and the tests use the same calls)."""

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.congresses.choices import DisclosureCategory
from gonghui.congresses.models import Disclosure, DisclosureChecklistItem
from gonghui.congresses.services.disclosures import (
    ChecklistItemInput,
    DisclosureInput,
    checklist_item_add,
    disclosure_create,
    disclosure_publish,
)


def text_file(name: str = "预算表.txt", text: str = "2026年度预算") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/plain")


def disclosure(
    *,
    org: Any,
    actor: Any,
    publish: bool = True,
    title: str = "2026年度预算执行情况",
    category: str = DisclosureCategory.FINANCE,
    checklist_item: DisclosureChecklistItem | None = None,
    uploads: tuple[Any, ...] = (),
    **extra: Any,
) -> Disclosure:
    """A disclosure of `org` made by `actor` (its union's admin), published unless `publish=False`."""
    made = disclosure_create(
        org=org,
        data=DisclosureInput(
            category=category,
            title=title,
            content=extra.pop("content", "本年度预算执行情况如下：收入 120 万元，支出 98 万元。"),
            checklist_item=checklist_item,
            **extra,
        ),
        actor=actor,
        uploads=uploads,
    )
    return disclosure_publish(disclosure=made, actor=actor) if publish else made


def checklist_item(
    *, org: Any, actor: Any, year: int, title: str = "年度财务预算", **extra: Any
) -> DisclosureChecklistItem:
    return checklist_item_add(
        org=org,
        year=year,
        data=ChecklistItemInput(
            category=extra.pop("category", DisclosureCategory.FINANCE), title=title, **extra
        ),
        actor=actor,
    )
