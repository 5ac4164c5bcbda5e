"""What the writes of 网上维权 share: the workflow table, the locking joins, desk and member notifications,
upload checks and the pause arithmetic."""

import datetime as dt
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.actors import Actor
from gonghui.accounts.models import User
from gonghui.attachments.policies import attachment_check
from gonghui.attachments.services import attachment_save
from gonghui.core.workflow import Transition, Workflow
from gonghui.notifications.services import notify

from ..choices import AppealAction, AppealStatus, ContactPreference
from ..models import Appeal
from ..permissions import SUPERVISE, can_handle_appeal
from ..selectors import union_handlers, users_with_action
from ..sla import pause_length, shifted_due

# what the services read from a locked row, joined in the locking statement
_APPEAL_JOINS = ("org", "category", "member__user", "handler")
MAX_UPLOADS = 5


def _desk_recipients(appeal: Appeal) -> list[User]:
    """The assigned handler, else the union's handlers, else (nobody there) the supervisors above."""
    if appeal.handler is not None and appeal.handler.is_active:
        return [appeal.handler]
    return union_handlers(appeal) or users_with_action(appeal.org, SUPERVISE)


def _desk_url(appeal: Appeal) -> str:
    return reverse("appeals:appeal_detail", args=[appeal.public_id])


def _portal_url(appeal: Appeal) -> str:
    return reverse("appeals:portal_detail", args=[appeal.public_id])


def _notify_desk(appeal: Appeal, title: str, recipients: Iterable[User] | None = None) -> None:
    """Desk notifications carry the number and title only, never the requester (anonymous cases)."""
    users = list(recipients) if recipients is not None else _desk_recipients(appeal)
    if users:
        notify(
            recipients=users,
            title=title,
            body=f"{appeal.number} {appeal.title}",
            url=_desk_url(appeal),
            category="appeals",
        )


def _notify_member(appeal: Appeal, title: str, body: str) -> None:
    user = appeal.member.user if appeal.member is not None else None
    if user is None:
        return
    notify(
        recipients=[user],
        title=title,
        body=body,
        url=_portal_url(appeal),
        category="appeals",
        sms=appeal.contact_preference == ContactPreference.SMS,
    )


def _member_actor(appeal: Appeal, actor: Actor) -> Actor | None:
    """The timeline actor of the requester's own actions: nobody for an anonymous case."""
    return None if appeal.is_anonymous else actor


def _check_uploads(uploads: Sequence[UploadedFile[bytes]], field: str = "attachments") -> None:
    """Every file is checked before anything is written, so a bad file leaves nothing half-saved."""
    if len(uploads) > MAX_UPLOADS:
        raise ValidationError({field: _("最多上传%(n)d个附件") % {"n": MAX_UPLOADS}})
    for upload in uploads:
        try:
            attachment_check(upload)
        except ValidationError as exc:
            messages = exc.message_dict.get("file", exc.messages)
            raise ValidationError(
                {
                    field: [
                        _("附件“%(name)s”：%(error)s") % {"name": upload.name, "error": m} for m in messages
                    ]
                }
            ) from None


def _save_uploads(appeal: Appeal, uploads: Sequence[UploadedFile[bytes]], actor: Actor | None) -> None:
    for upload in uploads:
        attachment_save(owner=appeal, org=appeal.org, upload=upload, actor=actor)


def _handles(actor: Actor, appeal: Appeal) -> bool:
    return actor is not None and can_handle_appeal(actor, appeal)


APPEAL_WORKFLOW = Workflow(
    state_field="status",
    state_enum=AppealStatus,
    transitions=(
        Transition(AppealAction.ACCEPT, frozenset({AppealStatus.SUBMITTED}), AppealStatus.ACCEPTED, _handles),
        Transition(
            AppealAction.REJECT,
            frozenset({AppealStatus.SUBMITTED}),
            AppealStatus.REJECTED,
            _handles,
            note_required=True,
        ),
        Transition(
            AppealAction.START, frozenset({AppealStatus.ACCEPTED}), AppealStatus.IN_PROGRESS, _handles
        ),
        Transition(
            AppealAction.REQUEST_MATERIALS,
            frozenset({AppealStatus.ACCEPTED, AppealStatus.IN_PROGRESS}),
            AppealStatus.AWAITING_MATERIALS,
            _handles,
            note_required=True,
        ),
        Transition(
            AppealAction.REPLY,
            frozenset({AppealStatus.ACCEPTED, AppealStatus.IN_PROGRESS}),
            AppealStatus.REPLIED,
            _handles,
            note_required=True,
        ),
        # the requester's own actions: ownership is checked by the service (the timeline actor may be hidden)
        Transition(
            AppealAction.SUPPLY, frozenset({AppealStatus.AWAITING_MATERIALS}), AppealStatus.IN_PROGRESS
        ),
        # the union resumes when the materials came another way (by hand, by post) or are no longer needed
        Transition(
            AppealAction.RESUME,
            frozenset({AppealStatus.AWAITING_MATERIALS}),
            AppealStatus.IN_PROGRESS,
            _handles,
        ),
        Transition(AppealAction.RATE, frozenset({AppealStatus.REPLIED}), AppealStatus.RATED),
        Transition(
            AppealAction.REOPEN,
            frozenset({AppealStatus.REPLIED, AppealStatus.RATED}),
            AppealStatus.IN_PROGRESS,
            note_required=True,
        ),
        Transition(AppealAction.AUTO_CLOSE, frozenset({AppealStatus.REPLIED}), AppealStatus.CLOSED),
    ),
)


def _end_pause(locked: Appeal) -> tuple[int, dt.date]:
    """Stop the pause today: add its working days up and move the reply deadline by as many."""
    today = timezone.localdate()
    paused = pause_length(paused_since=locked.paused_since or today, resumed_on=today)
    new_due = shifted_due(locked.reply_due, paused)
    locked.paused_workdays = locked.paused_workdays + paused
    locked.reply_due = new_due
    locked.paused_since = None
    return paused, new_due
