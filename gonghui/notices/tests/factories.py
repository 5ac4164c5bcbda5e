"""Notices for tests, made through the services: a draft or a published 公示 of the block's "org" kind (or the
test-only kind of kinds.py), and an objection by a member user."""

import datetime as dt
from typing import Any

from gonghui.notices.models import Notice, Objection
from gonghui.notices.owners import ORG_KIND
from gonghui.notices.services import EntryInput, notice_create, notice_publish, objection_submit

DEFAULT_ENTRIES = (
    EntryInput(name="王建华", unit="甲县第一中学", reason="优秀工会积极分子"),
    EntryInput(name="李秀兰", unit="甲县第一中学", reason="优秀工会积极分子"),
)


def make_notice(
    *,
    org: Any,
    actor: Any,
    title: str = "2026年度优秀工会积极分子推荐人选公示",
    entries: Any = DEFAULT_ENTRIES,
    publish: bool = True,
    starts_on: dt.date | None = None,
    kind: str = ORG_KIND,
    owner: Any = None,
) -> Notice:
    notice = notice_create(
        kind=kind,
        owner=owner or org,
        org=org,
        title=title,
        body="经推荐和审核，现予公示。",
        entries=list(entries),
        actor=actor,
    )
    if publish:
        notice = notice_publish(notice=notice, actor=actor, starts_on=starts_on)
    return notice


def make_objection(*, notice: Notice, user: Any, entry: Any = None, **extra: Any) -> Objection:
    fields: dict[str, Any] = {"text": "该同志不符合推荐条件，请核实。"}
    fields.update(extra)
    return objection_submit(notice=notice, user=user, entry=entry, **fields)
