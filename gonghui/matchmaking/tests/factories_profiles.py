"""Profiles through the services of part profiles: a member who joined (and optionally uploaded a photo), and a
tiny real PNG for uploads."""

import base64
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import make_member_user
from gonghui.matchmaking.models import MatchProfile
from gonghui.matchmaking.services.profiles import profile_edit, profile_join

# a 1×1 PNG: real bytes, so the upload check's sniffing accepts it
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def png_upload(name: str = "me.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def join_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "single": True,
        "pledge": True,
        "nickname": "晨跑的鹿",
        "contact": "wx_deer_2026",
        "show_age_band": True,
        "show_unit_type": True,
    }
    data.update(overrides)
    return data


def joined(
    member: Any, *, nickname: str = "晨跑的鹿", contact: str = "wx_deer_2026", **shows: Any
) -> MatchProfile:
    """`member` joins through the service (their own account is the actor)."""
    return profile_join(
        member=member, actor=member.user, data=join_data(nickname=nickname, contact=contact, **shows)
    )


def with_photo(profile: MatchProfile, *, show: bool = True) -> MatchProfile:
    """`profile` with an uploaded photo (shown unless `show` is False), through the edit service."""
    data = {
        "nickname": profile.nickname,
        "about": profile.about,
        "height_cm": profile.height_cm,
        "education": profile.education,
        "seeking": profile.seeking,
        "contact": "wx_photo_owner",
        "show_photo": show,
        "show_age_band": profile.show_age_band,
        "show_unit_type": profile.show_unit_type,
    }
    return profile_edit(profile=profile, actor=profile.member.user, data=data, photo=png_upload())


def member_with_profile(
    phone: str, org: Any, *, name: str, nickname: str, **shows: Any
) -> tuple[Any, MatchProfile]:
    """A new member user of `org` who joined 婚恋交友: (user, profile)."""
    user, member = make_member_user(phone, org, name=name)
    return user, joined(member, nickname=nickname, contact=f"wx_{phone}", **shows)


def attach_photo(profile: MatchProfile) -> MatchProfile:
    """A shown photo on `profile`, written straight (whatever its other fields are: another part may have made
    the profile with `make_profile`)."""
    from gonghui.attachments.services import attachment_save
    from gonghui.matchmaking.services.profiles import PHOTO_POLICY

    photo = attachment_save(
        owner=profile, org=profile.member.org, upload=png_upload(), actor=None, policy=PHOTO_POLICY
    )
    MatchProfile.objects.filter(pk=profile.pk).update(photo=photo, show_photo=True)
    profile.refresh_from_db()
    return profile
