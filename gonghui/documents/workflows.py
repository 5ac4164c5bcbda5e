"""The workflow tables of 公文 (`DOCUMENT_WORKFLOW`: 发文) and 收文 (`INCOMING_WORKFLOW`) and the button flags they
give. A page shows a button when its action is in `document_available_actions` / `incoming_available_actions`
(state and actor together); the services apply the same tables and raise the state error. Steps that keep the state
(修改, 附件, 催办) are in the tables too, so their buttons follow the same rule.

拟稿、核稿、签发须由不同人员 (a union's 发文设置) is a rule about the person, not the role: `duty_conflict` says why
the drafter may not 核稿 and the drafter or reviewer may not 签发; the buttons leave those steps out and the services
refuse them with the same sentence.

A delivery (`Receipt`) has no state field of its own: what may be done with it follows the document's state and its
签收 stamp (`receipt_available_actions`)."""

from collections.abc import Callable

from gonghui.accounts.actors import Actor
from gonghui.accounts.scoping import has_action
from gonghui.core.workflow import Transition, Workflow

from .choices import DocumentAction, DocumentStatus, IncomingAction, IncomingStatus, ReceiptAction
from .models import Document, Forward, IncomingDocument, Receipt
from .permissions import MANAGE, RECEIVE, REVIEW, SIGN, can_remind_board, holds_at
from .selectors import issuer_settings_of


def _may(action: str) -> Callable[[Actor, Document], bool]:
    return lambda actor, document: has_action(actor, action, document.org)


DRAFT = frozenset({DocumentStatus.DRAFT})

DOCUMENT_WORKFLOW = Workflow(
    state_field="status",
    state_enum=DocumentStatus,
    transitions=(
        Transition(DocumentAction.SUBMIT, DRAFT, DocumentStatus.REVIEWING, allowed=_may(MANAGE)),
        Transition(
            DocumentAction.REVIEW,
            frozenset({DocumentStatus.REVIEWING}),
            DocumentStatus.SIGNING,
            allowed=_may(REVIEW),
        ),
        Transition(
            DocumentAction.RETURN,
            frozenset({DocumentStatus.REVIEWING, DocumentStatus.SIGNING}),
            DocumentStatus.DRAFT,
            allowed=lambda actor, d: has_action(
                actor, REVIEW if d.status == DocumentStatus.REVIEWING else SIGN, d.org
            ),
            note_required=True,
        ),
        Transition(
            DocumentAction.ISSUE,
            frozenset({DocumentStatus.SIGNING}),
            DocumentStatus.ISSUED,
            allowed=_may(SIGN),
        ),
        Transition(
            DocumentAction.WITHDRAW,
            frozenset({DocumentStatus.ISSUED}),
            DocumentStatus.WITHDRAWN,
            allowed=_may(MANAGE),
            note_required=True,
        ),
        # steps that keep the state: a draft is edited and its attachments changed; an issued one is reminded of
        Transition(DocumentAction.EDIT, DRAFT, DocumentStatus.DRAFT, allowed=_may(MANAGE)),
        Transition(DocumentAction.ATTACH, DRAFT, DocumentStatus.DRAFT, allowed=_may(MANAGE)),
        Transition(DocumentAction.DETACH, DRAFT, DocumentStatus.DRAFT, allowed=_may(MANAGE)),
        # who may remind depends on the board (the issuer's or a forward's): `document_may_remind`
        Transition(DocumentAction.REMIND, frozenset({DocumentStatus.ISSUED}), DocumentStatus.ISSUED),
    ),
)


SEPARATED_STEPS = {DocumentAction.REVIEW: "核稿", DocumentAction.ISSUE: "签发"}


def duty_conflict(document: Document, actor: Actor, action: str, *, separate: bool | None = None) -> str:
    """Why the actor may not take this step under 拟稿、核稿、签发须由不同人员, or "" when they may: the drafter does not
    核稿 nor 签发 their own draft, the reviewer does not 签发 what they reviewed. `separate` is the issuing union's
    setting when the caller has read it already."""
    if action not in SEPARATED_STEPS:
        return ""
    if separate is None:
        separate = issuer_settings_of(document.org).separate_duties
    if not separate:
        return ""
    held = []
    if document.drafted_by_id is not None and document.drafted_by_id == actor.pk:
        held.append("拟稿人")
    if (
        action == DocumentAction.ISSUE
        and document.reviewed_by_id is not None
        and document.reviewed_by_id == actor.pk
    ):
        held.append("核稿人")
    if not held:
        return ""
    return (
        f"本单位要求拟稿、核稿、签发须由不同人员：您是本文的{'、'.join(held)}，"
        f"请由其他有权限的人员{SEPARATED_STEPS[DocumentAction(action)]}"
    )


def document_duty_notes(document: Document, actor: Actor) -> list[str]:
    """The steps the actor's roles allow now but the separation of duties does not, as sentences for the page."""
    steps = [
        str(t.action)
        for t in DOCUMENT_WORKFLOW.available_actions(document, actor)
        if t.action in SEPARATED_STEPS
    ]
    if not steps:
        return []
    separate = issuer_settings_of(document.org).separate_duties
    return [note for step in steps if (note := duty_conflict(document, actor, step, separate=separate))]


def document_available_actions(document: Document, actor: Actor) -> list[str]:
    """The steps the actor may take with the document now (its state, their roles on its union and, for 核稿 and
    签发, the separation of duties)."""
    actions = [
        str(t.action)
        for t in DOCUMENT_WORKFLOW.available_actions(document, actor)
        if t.action != DocumentAction.REMIND
    ]
    if not any(a in SEPARATED_STEPS for a in actions):
        return actions
    separate = issuer_settings_of(document.org).separate_duties
    return [a for a in actions if not duty_conflict(document, actor, a, separate=separate)]


def document_action_permitted(document: Document, actor: Actor, action: str) -> bool:
    """Whether the actor may take this step with the document at all (its page is 403 otherwise)."""
    return DOCUMENT_WORKFLOW.permits(document, action, actor)


def document_may_remind(document: Document, actor: Actor, forward: Forward | None = None) -> bool:
    """催办 on a board: the document is issued and the actor speaks for the board's sender."""
    return DOCUMENT_WORKFLOW.can(document, DocumentAction.REMIND, actor) and can_remind_board(
        actor, document, forward
    )


def receipt_available_actions(receipt: Receipt, actor: Actor) -> list[str]:
    """签收 (once) and 转发 of a delivery: the recipient union's own cadres, while the document is issued."""
    if receipt.document.status != DocumentStatus.ISSUED or not holds_at(actor, RECEIVE, receipt.org):
        return []
    if receipt.signed_at is not None:
        return [str(ReceiptAction.FORWARD)]
    return [str(ReceiptAction.SIGN), str(ReceiptAction.FORWARD)]


INCOMING_WORKFLOW = Workflow(
    state_field="status",
    state_enum=IncomingStatus,
    transitions=(
        Transition(
            IncomingAction.PROPOSE,
            frozenset({IncomingStatus.REGISTERED}),
            IncomingStatus.PROPOSED,
            allowed=lambda actor, i: has_action(actor, MANAGE, i.org),
            note_required=True,
        ),
        Transition(
            IncomingAction.INSTRUCT,
            frozenset({IncomingStatus.PROPOSED}),
            IncomingStatus.CIRCULATING,
            allowed=lambda actor, i: has_action(actor, SIGN, i.org),
            note_required=True,
        ),
        Transition(
            IncomingAction.CLOSE,
            frozenset({IncomingStatus.CIRCULATING}),
            IncomingStatus.CLOSED,
            allowed=lambda actor, i: has_action(actor, MANAGE, i.org),
        ),
    ),
)

# 转发下级 keeps the state and is open until 办结 (a table row has one source set and one target, so it is here)
FORWARDABLE = frozenset({IncomingStatus.REGISTERED, IncomingStatus.PROPOSED, IncomingStatus.CIRCULATING})


def incoming_available_actions(incoming: IncomingDocument, actor: Actor) -> list[str]:
    """The steps the actor may take with the 收文 now: 拟办, 批办, 办结 from the table, and 转发下级."""
    actions = [str(t.action) for t in INCOMING_WORKFLOW.available_actions(incoming, actor)]
    if incoming.status in FORWARDABLE and has_action(actor, MANAGE, incoming.org):
        actions.append(str(IncomingAction.FORWARD))
    return actions
