"""A notice owner kind registered only in the tests (like a volunteer-record module: 7 calendar days), proving the
block's callbacks without any module that uses it: the owner is an Org, each entry's subject a Member; withdrawals,
closes and timeline steps are recorded in `CALLS` and on the owner's own timeline."""

from typing import Any

from gonghui.accounts.scoping import has_action
from gonghui.core.timeline import timeline_record
from gonghui.notices.choices import WindowUnit
from gonghui.notices.owners import NoticeOwnerKind, notice_owner_kinds
from gonghui.notices.permissions import MANAGE

TEST_KIND = "test_volunteer_record"
CALLS: list[tuple[str, Any]] = []


def _withdrawn(entry: Any, actor: Any) -> None:
    CALLS.append(("withdrawn", entry.subject))


def _closed(notice: Any, actor: Any) -> None:
    CALLS.append(("closed", notice.pk))


def _timeline(notice: Any, actor: Any, action: str, action_label: str, note: str) -> None:
    CALLS.append(("timeline", action))
    timeline_record(
        subject=notice.owner, actor=actor, action=f"notice_{action}", action_label=action_label, note=note
    )


def ensure_test_kind() -> str:
    if TEST_KIND not in notice_owner_kinds:
        notice_owner_kinds.register(
            TEST_KIND,
            NoticeOwnerKind(
                key=TEST_KIND,
                label="测试志愿服务记录",
                default_window=7,
                window_unit=WindowUnit.DAYS,
                can_manage=lambda user, owner: has_action(user, MANAGE, owner),
                on_entry_withdrawn=_withdrawn,
                on_closed=_closed,
                timeline=_timeline,
                order=99,
            ),
        )
    return TEST_KIND
