"""Builders for 公文 tests: documents in any state, made through the services so every row is real."""

import datetime as dt
from typing import Any

from conftest import make_cadre
from gonghui.documents.models import Document, Receipt
from gonghui.documents.services import (
    document_create,
    document_issue,
    document_review,
    document_submit,
)


def officer(username: str, org: Any) -> Any:
    """A cadre holding every 公文 action on `org`, 签发 included: a 工会管理员 (no other role signs)."""
    return make_cadre(username, org)


def make_draft(
    org: Any, actor: Any, *, main_to: str, title: str = "关于做好暑期安全工作的通知", **extra: Any
) -> Document:
    return document_create(
        org=org,
        actor=actor,
        series=extra.pop("series", "测教工"),
        title=title,
        body=extra.pop("body", "请各单位认真做好暑期安全工作。\n加强值班值守。"),
        main_to=main_to,
        **extra,
    )


def make_issued(
    org: Any, actor: Any, *, main_to: str, issued_on: dt.date | None = None, **extra: Any
) -> Document:
    document = make_draft(org, actor, main_to=main_to, **extra)
    document_submit(document=document, actor=actor)
    document_review(document=document, actor=actor)
    return document_issue(document=document, actor=actor, issued_on=issued_on)


def receipt_of(document: Document, org: Any) -> Receipt:
    return Receipt.objects.select_related("org", "document").get(document=document, org=org)
