"""Builders for 公文 tests: documents in any state, made through the services so every row is real. City and county
unions require 拟稿、核稿、签发 by different people (their default 发文设置), so `make_issued` has the draft reviewed and
signed by two colleagues of the drafter's union (`colleague`) unless told who."""

import datetime as dt
from typing import Any

from conftest import make_cadre
from gonghui.accounts.models import User
from gonghui.accounts.roles import REVIEWER
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


def colleague(org: Any, duty: str) -> Any:
    """The union's 核稿 (`duty="review"`: a 审核人) or 签发 (`duty="sign"`: a 工会管理员) colleague, made once."""
    username = f"{org.code.lower()}_{duty}"
    found = User.objects.filter(username=username).first()
    if found is not None:
        return found
    return make_cadre(username, org, role=REVIEWER) if duty == "review" else make_cadre(username, org)


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
    org: Any,
    actor: Any,
    *,
    main_to: str,
    issued_on: dt.date | None = None,
    reviewer: Any = None,
    signer: Any = None,
    **extra: Any,
) -> Document:
    """Drafted and sent to 核稿 by `actor`, reviewed by `reviewer` and signed by `signer` (colleagues by default)."""
    document = make_draft(org, actor, main_to=main_to, **extra)
    document_submit(document=document, actor=actor)
    document_review(document=document, actor=reviewer or colleague(org, "review"))
    return document_issue(document=document, actor=signer or colleague(org, "sign"), issued_on=issued_on)


def receipt_of(document: Document, org: Any) -> Receipt:
    return Receipt.objects.select_related("org", "document").get(document=document, org=org)
