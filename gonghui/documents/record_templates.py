"""由记录生成公文: the registry of record-to-document templates. An owner app (竞赛, 评选表彰, 量化评价…) registers,
from its AppConfig.ready(), how one of its records becomes a 公文 draft — the key, a label, the record's model, the
文种 (通知、通报、决定、公告…), a function record → `DraftText` (title, body, 主送, 联合发文机关), who may use it on a
record (`can_use`), and which of its files may be copied as 附件 (`attachments`). `services.document_draft_from_record`
drafts the 公文 and links the record on both timelines; a template is looked up with `record_template_for`, which
refuses a record of another model."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from gonghui.accounts.actors import Actor
from gonghui.core.registry import Registry


@dataclass(frozen=True)
class DraftText:
    """What a template makes of a record: the draft's 标题 and 正文 (plain lines or HTML, cleaned like typed text),
    and optionally its 主送 (a phrase, as typed in the form) and 联合发文机关 (names, lead excluded)."""

    title: str
    body: str
    main_to: str = ""
    co_issuers: tuple[str, ...] = ()


def _no_files(record: Any) -> Iterable[Any]:
    return ()


@dataclass(frozen=True)
class RecordTemplate:
    """key: unique, e.g. "contests.results_announcement"; owner_model: "app_label.modelname" of the records it
    takes; kind: the 文种 the title ends with (通知); can_use(actor, record): may the actor draft from this record
    (besides holding documents.manage on the drafting union, which the service checks); attachments(record): the
    files that may be copied besides the record's own 附件."""

    key: str
    label: str
    owner_model: str
    kind: str
    draft: Callable[[Any], DraftText]
    can_use: Callable[[Actor, Any], bool]
    attachments: Callable[[Any], Iterable[Any]] = field(default=_no_files)
    order: int = 0


record_templates: Registry[RecordTemplate] = Registry("record template")


def model_key(record: models.Model) -> str:
    return f"{record._meta.app_label}.{record._meta.model_name}"


def record_template_for(key: str, record: models.Model) -> RecordTemplate:
    """The registered template `key`, which must take records of this record's model."""
    if key not in record_templates:
        raise ValidationError({"template_key": f"没有名为“{key}”的公文模板"})
    template = record_templates.get(key)
    if template.owner_model != model_key(record):
        raise ValidationError(
            {"template_key": f"公文模板“{template.label}”不适用于{record._meta.verbose_name}"}
        )
    return template


def templates_for(record: models.Model) -> list[RecordTemplate]:
    """The templates registered for records of this model (for a 生成公文 button on the record's page)."""
    return [t for t in record_templates if t.owner_model == model_key(record)]
