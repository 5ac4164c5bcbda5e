"""Registrations of 困难职工帮扶 — part `files`: the 公示 owner kind `welfare.file` (困难职工建档公示: one entry per
file — name, unit and class only — to the members of the file's own union; an upheld objection sends the file back
to 已入户调查), the attachment access check of a file's uploads (the signed consent: whoever sees the file, and the
applicant), the console home's counter of the files waiting for the user's step, and the xlsx exporter of the file
list."""

from typing import Any

from gonghui.attachments.policies import attachment_access
from gonghui.core.registry import HomeCounter, home_counters
from gonghui.core.spreadsheets import exporters
from gonghui.notices.choices import WindowUnit
from gonghui.notices.owners import NoticeOwnerKind, notice_owner_kinds

from ..models import HardshipFile
from ..permissions import MANAGE, can_review_file
from ..selectors.files import NOTICE_KIND, files_awaiting_count, user_sees_file
from ..services.files import notice_closed, notice_entry_withdrawn, notice_step_record
from ..spreadsheets.files import FILES_EXPORT, FileExporter

ATTACHMENT_OWNER = "welfare.hardshipfile"
COUNTER = "welfare.awaiting"


def _can_manage(user: Any, owner: Any) -> bool:
    return isinstance(owner, HardshipFile) and can_review_file(user, owner)


def _audience_of(file: Any) -> Any:
    return file.org


def _awaiting(user: Any, org: Any) -> int:
    return files_awaiting_count(user)


def register() -> None:
    if NOTICE_KIND not in notice_owner_kinds:
        notice_owner_kinds.register(
            NOTICE_KIND,
            NoticeOwnerKind(
                key=NOTICE_KIND,
                label="困难职工建档公示",
                default_window=5,
                window_unit=WindowUnit.WORKDAYS,
                can_manage=_can_manage,
                audience_of=_audience_of,
                on_entry_withdrawn=notice_entry_withdrawn,
                on_closed=notice_closed,
                timeline=notice_step_record,
                order=70,
            ),
        )
    if ATTACHMENT_OWNER not in attachment_access:
        attachment_access.register(ATTACHMENT_OWNER, user_sees_file)
    if COUNTER not in home_counters:
        home_counters.register(
            COUNTER,
            HomeCounter(
                key=COUNTER,
                label="待办理的困难职工档案",
                count=_awaiting,
                action=MANAGE,
                url_name="welfare:list",
                order=72,
            ),
        )
    if FILES_EXPORT not in exporters:
        exporters.register(FILES_EXPORT, FileExporter())
