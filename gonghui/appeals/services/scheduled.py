"""Scheduled work on the SLA clock: automatic close, due-soon reminders, overdue escalation."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.locking import lock

from ..choices import AppealAction, AppealStatus
from ..events import appeal_event
from ..models import Appeal
from ..permissions import SUPERVISE
from ..selectors import users_with_action
from ..sla import AUTO_CLOSE_WORKDAYS
from .common import _APPEAL_JOINS, APPEAL_WORKFLOW, _notify_desk


@transaction.atomic
def appeal_auto_close(*, appeal: Appeal) -> Appeal:
    locked = lock(Appeal, pk=appeal.pk, related=_APPEAL_JOINS)
    locked.closed_at = timezone.now()
    APPEAL_WORKFLOW.apply(
        locked,
        action=AppealAction.AUTO_CLOSE,
        actor=None,
        note=_("答复后%(n)d个工作日未评价，系统自动办结") % {"n": AUTO_CLOSE_WORKDAYS},
        update_fields=["closed_at"],
    )
    return locked


@transaction.atomic
def appeal_due_soon_notify(*, appeal: Appeal, due: dt.date) -> bool:
    locked = lock(Appeal, pk=appeal.pk, related=_APPEAL_JOINS)
    if locked.due_soon_notified_for == due:
        return False
    locked.due_soon_notified_for = due
    locked.save(update_fields=["due_soon_notified_for", "updated_at"])
    _notify_desk(locked, _("诉求即将到期（%(d)s）") % {"d": f"{due:%m月%d日}"})
    return True


@transaction.atomic
def appeal_overdue_escalate(*, appeal: Appeal, due: dt.date, overdue_days: int) -> bool:
    """Overdue: the handler is reminded and the 维权督办 above the union is told; once per deadline."""
    locked = lock(Appeal, pk=appeal.pk, related=_APPEAL_JOINS)
    if locked.overdue_notified_for == due:
        return False
    locked.overdue_notified_for = due
    locked.was_overdue = True
    locked.save(update_fields=["overdue_notified_for", "was_overdue", "updated_at"])
    supervisors = users_with_action(locked.org, SUPERVISE)
    what = _("受理") if locked.status == AppealStatus.SUBMITTED else _("答复")
    appeal_event(
        appeal=locked,
        actor=None,
        action=AppealAction.OVERDUE,
        note=_("%(what)s期限%(d)s已过%(n)d个工作日，已提醒办理人并报维权督办（%(s)s）")
        % {
            "what": what,
            "d": f"{due:%Y-%m-%d}",
            "n": overdue_days,
            "s": "、".join(str(u) for u in supervisors) or _("暂无督办人"),
        },
    )
    _notify_desk(locked, _("诉求已超期，请尽快办理"))
    _notify_desk(locked, _("超期诉求督办"), supervisors)
    return True
