"""Writes of 送温暖 and 慰问金 campaigns (part `relief`).

A campaign of a union is prepared (名单 and amounts: one standard, or per category), submitted, approved by a
second person (never the submitter; the pending total must fit the budget line's remaining amount), paid person by
person through the ledger, its live entries exported as the bank's payment file and the bank's answers imported;
a wrong or failed payment is reversed and the person paid again under the next attempt; then the campaign is
closed. Every step writes a timeline row in its transaction.

**One person is paid once per campaign.** `relief_pay_one` takes the recipient's row lock (`core.locking.lock`),
returns at once when the person already has a live entry, and pays through `ledger_pay` under the key
`welfare-relief:<campaign public id>:<member public id>:<attempt>`, owned by the recipient, in one transaction with
the recipient's row (an overspend leaves nothing behind for that person). Double clicks, two approvers paying at
once and a re-run of 发放 therefore pay each person once; importing a results file only records the bank's answers
(a file imported again changes nothing); a reversal moves `attempt` on, so the next payment has a new key and the
person never has two live entries.

Demo API (the demo helper calls these): `relief_campaign_create`, `relief_recipients_add_by_tag`,
`relief_submit`, `relief_approve`, `relief_pay_all`, `relief_results_record` (the bank's answers without a file)
or `relief_results_import` (the answer file)."""

from .campaigns import (
    pending_total,
    relief_approve,
    relief_campaign_create,
    relief_campaign_update,
    relief_close,
    relief_return,
    relief_submit,
)
from .common import amount_for, relief_key
from .payment import (
    PayReport,
    ResultsReport,
    relief_bank_file,
    relief_pay_all,
    relief_pay_one,
    relief_results_import,
    relief_results_record,
    relief_reverse,
)
from .recipients import (
    AddReport,
    ImportReport,
    relief_import_template,
    relief_recipient_exclude,
    relief_recipients_add_by_tag,
    relief_recipients_add_from_filter,
    relief_recipients_add_from_list,
    relief_recipients_import,
)

__all__ = [
    "AddReport",
    "ImportReport",
    "PayReport",
    "ResultsReport",
    "amount_for",
    "pending_total",
    "relief_approve",
    "relief_bank_file",
    "relief_campaign_create",
    "relief_campaign_update",
    "relief_close",
    "relief_import_template",
    "relief_key",
    "relief_pay_all",
    "relief_pay_one",
    "relief_recipient_exclude",
    "relief_recipients_add_by_tag",
    "relief_recipients_add_from_filter",
    "relief_recipients_add_from_list",
    "relief_recipients_import",
    "relief_results_import",
    "relief_results_record",
    "relief_return",
    "relief_reverse",
    "relief_submit",
]
