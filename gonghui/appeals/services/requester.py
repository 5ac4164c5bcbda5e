"""The requester's own actions from the portal: supply materials, rate the reply, ask for 重办."""

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.actors import Actor
from gonghui.core.locking import lock
from gonghui.members.models import Member

from ..choices import AppealAction, AppealStatus, MessageKind, Rating
from ..models import Appeal, AppealMessage
from ..sla import REOPEN_CALENDAR_DAYS, appeal_reopen_deadline, sla_due_dates
from .common import (
    _APPEAL_JOINS,
    APPEAL_WORKFLOW,
    _check_uploads,
    _end_pause,
    _member_actor,
    _notify_desk,
    _save_uploads,
)


def _require_owner(member: Member, appeal: Appeal) -> None:
    if appeal.member_id != member.pk:
        raise PermissionDenied


@transaction.atomic
def appeal_supply(
    *, appeal: Appeal, member: Member, actor: Actor, body: str, uploads: Sequence[UploadedFile[bytes]] = ()
) -> Appeal:
    """The member sends the materials asked for: the clock resumes and the reply deadline moves by the paused
    working days."""
    _require_owner(member, appeal)
    body = body.strip()
    if not body and not uploads:
        raise ValidationError({"body": _("请填写补充说明或上传材料")})
    _check_uploads(uploads)
    locked = lock(Appeal, pk=appeal.pk, related=_APPEAL_JOINS)
    paused, new_due = _end_pause(locked)
    if body:
        AppealMessage.objects.create(appeal=locked, kind=MessageKind.MEMBER, author=actor, body=body)
    _save_uploads(locked, uploads, None if locked.is_anonymous else actor)
    APPEAL_WORKFLOW.apply(
        locked,
        action=AppealAction.SUPPLY,
        actor=_member_actor(locked, actor),
        note=_("暂停计时%(n)d个工作日，答复期限顺延至%(d)s") % {"n": paused, "d": f"{new_due:%Y-%m-%d}"},
        update_fields=["paused_workdays", "reply_due", "paused_since"],
    )
    _notify_desk(locked, _("申请人已补充材料"))
    return locked


@transaction.atomic
def appeal_rate(*, appeal: Appeal, member: Member, actor: Actor, rating: str, comment: str = "") -> Appeal:
    _require_owner(member, appeal)
    if rating not in Rating.values:
        raise ValidationError({"rating": _("请选择满意、基本满意或不满意")})
    comment = comment.strip()
    if len(comment) > 300:
        raise ValidationError({"comment": _("评价意见不能超过300字")})
    locked = lock(Appeal, pk=appeal.pk, related=_APPEAL_JOINS)
    locked.rating = rating
    locked.rating_comment = comment
    locked.rated_at = timezone.now()
    APPEAL_WORKFLOW.apply(
        locked,
        action=AppealAction.RATE,
        actor=_member_actor(locked, actor),
        note="；".join(part for part in (str(Rating(rating).label), comment) if part),
        update_fields=["rating", "rating_comment", "rated_at"],
    )
    if rating == Rating.UNSATISFIED:
        _notify_desk(locked, _("申请人对答复不满意"))
    return locked


@transaction.atomic
def appeal_reopen(*, appeal: Appeal, member: Member, actor: Actor, reason: str) -> Appeal:
    """重办: once, within 15 calendar days of the reply, when the member is not satisfied. The case returns to
    办理中 with a fresh reply period."""
    _require_owner(member, appeal)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("请说明需要重办的原因")})
    locked = lock(Appeal, pk=appeal.pk, related=_APPEAL_JOINS)
    if locked.reopen_count > 0:
        raise ValidationError(_("每件诉求只能申请重办一次"))
    if locked.rating == Rating.SATISFIED:
        raise ValidationError(_("您已评价满意，不能申请重办"))
    deadline = appeal_reopen_deadline(locked)
    if locked.status in (AppealStatus.REPLIED, AppealStatus.RATED) and (
        deadline is None or timezone.localdate() > deadline
    ):
        raise ValidationError(_("答复已超过%(n)d天，不能申请重办") % {"n": REOPEN_CALENDAR_DAYS})
    today = timezone.localdate()
    _accept, reply_due = sla_due_dates(
        submitted_on=today, accept_days=locked.category.accept_days, reply_days=locked.category.reply_days
    )
    locked.reopen_count = locked.reopen_count + 1
    locked.reply_due = reply_due
    locked.rating = ""
    locked.rating_comment = ""
    locked.rated_at = None
    AppealMessage.objects.create(appeal=locked, kind=MessageKind.MEMBER, author=actor, body=reason)
    APPEAL_WORKFLOW.apply(
        locked,
        action=AppealAction.REOPEN,
        actor=_member_actor(locked, actor),
        note=reason,
        update_fields=["reopen_count", "reply_due", "rating", "rating_comment", "rated_at"],
    )
    _notify_desk(locked, _("申请人申请重办"))
    return locked
