"""Writes of 网上维权, one module per part: `intake` (portal and on a member's behalf), `desk` (the case desk's
actions), `requester` (the member's supplement, rating and re-opening), `reveal` (the identity reveal),
`scheduled` (the SLA jobs' writes), `categories` (categories and designations); `common` holds
what they share (the workflow table, notifications, upload checks). Keyword-only, actor explicit, one
transaction each with its timeline row; notifications are inbox rows now and SMS after commit. Reads live in
`selectors` (who may handle a case, where it may go) and `sla` (the 重办 deadline).

The public writes are re-exported here, so `from gonghui.appeals.services import appeal_accept` keeps working."""

from .categories import category_defaults_ensure, category_save, designation_create, designation_delete
from .common import APPEAL_WORKFLOW, MAX_UPLOADS
from .desk import (
    appeal_accept,
    appeal_assign,
    appeal_assign_lawyer,
    appeal_escalate,
    appeal_note,
    appeal_reject,
    appeal_reply,
    appeal_request_materials,
    appeal_resume,
    appeal_start,
    appeal_transfer,
)
from .intake import NUMBER_ISSUER, NUMBER_SERIES, AppealInput, appeal_record, appeal_submit, text_digest
from .requester import appeal_rate, appeal_reopen, appeal_supply
from .reveal import RevealedIdentity, appeal_identity_reveal
from .scheduled import appeal_auto_close, appeal_due_soon_notify, appeal_overdue_escalate

__all__ = [
    "APPEAL_WORKFLOW",
    "MAX_UPLOADS",
    "NUMBER_ISSUER",
    "NUMBER_SERIES",
    "AppealInput",
    "RevealedIdentity",
    "appeal_accept",
    "appeal_assign",
    "appeal_assign_lawyer",
    "appeal_auto_close",
    "appeal_due_soon_notify",
    "appeal_escalate",
    "appeal_identity_reveal",
    "appeal_note",
    "appeal_overdue_escalate",
    "appeal_rate",
    "appeal_record",
    "appeal_reject",
    "appeal_reopen",
    "appeal_reply",
    "appeal_request_materials",
    "appeal_resume",
    "appeal_start",
    "appeal_submit",
    "appeal_supply",
    "appeal_transfer",
    "category_defaults_ensure",
    "category_save",
    "designation_create",
    "designation_delete",
    "text_digest",
]
