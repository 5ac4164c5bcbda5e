"""Test helpers of 工间操 (part `exercise`): a routine published by a union, an adoption through the service
(every day of the week at the current time, so today's session takes check-ins now), members of a unit, a tiny
MP4 and a member's current 会员码."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gonghui.activities.services.exercise import adoption_save, routine_save, routine_video_save
from gonghui.attachments.tests.media_files import mp4
from gonghui.checkins.codes import payload_of, step_of, totp
from gonghui.checkins.selectors import member_code_secret_of
from gonghui.checkins.services import member_code_secret_issue
from gonghui.members.tests.factories import MemberFactory


def make_routine(*, org, actor, name="第九套广播体操", minutes=10, active=True):
    return routine_save(
        actor=actor, org=org, name=name, description="每天上午十点", minutes=minutes, active=active
    )


def make_adoption(*, routine, org, actor, weekdays="1234567", started_days_ago=30, place="操场"):
    now = timezone.localtime()
    return adoption_save(
        actor=actor,
        routine=routine,
        org=org,
        weekdays=weekdays,
        time_of_day=dt.time(now.hour, now.minute),
        place=place,
        started_on=timezone.localdate() - dt.timedelta(days=started_days_ago),
    )


def make_members(org, count):
    return [MemberFactory.create(org=org) for _ in range(count)]


def upload_video(*, routine, actor, payload_bytes=1000, name="广播体操.mp4"):
    return routine_video_save(
        routine=routine, upload=SimpleUploadedFile(name, mp4(payload_bytes=payload_bytes)), actor=actor
    )


def code_payload(member, *, actor):
    """The member's 会员码 as the phone shows it now."""
    if member_code_secret_of(member) is None:
        member_code_secret_issue(member=member, actor=actor)
    secret = member_code_secret_of(member)
    assert secret is not None
    return payload_of(member_public_hex=member.public_id.hex, code=totp(secret, step_of(timezone.now())))
