"""Services of part stats: the invitations to a 线下联谊 — an activity whose audience is "婚恋交友平台的单身会员".
matchmaking sends them (the organiser never learns who): once per activity, to every member the activity admits
who has an active profile, each with the activity's time, place and member page; the organiser is told only how
many went out, a small number as "<10"."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.activities.audiences import audience_q
from gonghui.activities.choices import ActivityStatus
from gonghui.activities.models import Activity
from gonghui.core.locking import lock
from gonghui.core.statistics import shown_count
from gonghui.members.models import Member
from gonghui.notifications.services import notify

from ..models import Invitation

SINGLES_AUDIENCE = "matchmaking.singles"


@transaction.atomic
def invitation_send(*, activity: Activity, actor: Any) -> int:
    """Invite the single members `activity` admits (active profiles of holding members in the organiser's
    subtree); returns how many were invited. The caller (the activities service) has checked that `actor`
    organises the activity."""
    activity = lock(Activity, related=("org",), pk=activity.pk)
    if activity.audience_key != SINGLES_AUDIENCE:
        raise ValidationError(_("该活动的参加对象不是婚恋交友平台的单身会员，不能通过婚恋交友平台发送邀请"))
    if activity.status != ActivityStatus.PUBLISHED:
        raise ValidationError(_("活动发布后才能发送邀请"))
    if activity.ends_at <= timezone.now():
        raise ValidationError(_("活动已结束，不能再发送邀请"))
    sent = Invitation.objects.filter(activity=activity).first()
    if sent is not None:
        when = timezone.localtime(sent.created_at).strftime("%Y年%m月%d日 %H:%M")
        raise ValidationError(
            _("本活动已于 %(when)s 通过婚恋交友平台发出邀请，每个活动只能发送一次") % {"when": when}
        )
    members = Member.objects.filter(audience_q(activity), user__isnull=False).select_related("user")
    users = [member.user for member in members if member.user is not None]
    starts = timezone.localtime(activity.starts_at).strftime("%Y年%m月%d日 %H:%M")
    if users:
        notify(
            recipients=users,
            title=_("联谊活动邀请：%(title)s") % {"title": activity.title},
            body=_(
                "%(org)s将于 %(when)s 在%(place)s举办“%(title)s”。您已加入婚恋交友平台，特邀请您参加；"
                "有意参加请在活动页面报名。"
            )
            % {"org": activity.org.name, "when": starts, "place": activity.place, "title": activity.title},
            url=reverse("activities_portal:detail", args=[activity.public_id]),
            category="matchmaking",
        )
    Invitation.objects.create(activity=activity, sent_by=actor, sent_count=len(users))
    notify(
        recipients=[actor],
        title=invitation_summary(activity=activity, count=len(users)),
        url=reverse("activities:detail", args=[activity.pk]),
        category="matchmaking",
    )
    return len(users)


def invitation_summary(*, activity: Activity, count: int) -> str:
    """The organiser's text: the count through the minimum cell."""
    return _("已向 %(n)s 名单身会员发出《%(title)s》的邀请") % {
        "n": shown_count(count),
        "title": activity.title,
    }
