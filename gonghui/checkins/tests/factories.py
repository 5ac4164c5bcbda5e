"""Test helpers of 签到: a session open now (or at given times) and the current 会员码 of a member."""

import datetime as dt

from django.utils import timezone

from gonghui.checkins.codes import payload_of, step_of, totp
from gonghui.checkins.models import CheckinSession
from gonghui.checkins.selectors import member_code_secret_of
from gonghui.checkins.services import member_code_secret_issue, session_create


def make_session(
    *, org, actor, title="甲单位工会干部培训签到", starts_at=None, ends_at=None, target_list=None
) -> CheckinSession:
    now = timezone.now()
    return session_create(
        org=org,
        title=title,
        place="学校报告厅",
        starts_at=starts_at or now - dt.timedelta(hours=1),
        ends_at=ends_at or now + dt.timedelta(hours=3),
        target_list=target_list,
        actor=actor,
    )


def code_of(member, *, at=None, actor=None) -> str:
    """The 会员码 text the member's phone shows at `at` (now by default); issues the secret when missing."""
    secret = member_code_secret_of(member)
    if secret is None:
        member_code_secret_issue(member=member, actor=actor or member.user)
        secret = member_code_secret_of(member)
    assert secret is not None
    moment = at or timezone.now()
    return payload_of(member_public_hex=member.public_id.hex, code=totp(secret, step_of(moment)))
