"""Services of part profiles: joining (单身 declared, 承诺 signed), the profile and what it shows, the photo, the
contact, withdrawal and the erasure job.

A member joins for themself (`profile_join`): only while holding membership (在籍 / 保留会籍), with a nickname
that does not give away their registry name or phone, and a contact entered for this purpose (stored encrypted like
an ID number; never the registry phone). Withdrawal (`profile_withdraw`) hides the profile at once and sets the day
its data must be gone by; the scheduled job (`profiles_erase_due`) blanks every personal field, deletes the photo
with its file and the profile's interests and blocks both ways, and logs that a profile was erased (its public id,
nothing else). Timeline rows and audit summaries never carry profile data: they outlive the erasure."""

import datetime as dt
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from gonghui.accounts.identity import encrypt_identifier
from gonghui.attachments.models import Attachment
from gonghui.attachments.policies import MB, UploadPolicy
from gonghui.attachments.services import attachment_save
from gonghui.core.audit import audit_log
from gonghui.core.choices import AuditAction
from gonghui.members.choices import HOLDING_STATUSES
from gonghui.members.models import Member

from ..choices import Education, ProfileAction, ProfileStatus, Seeking
from ..events import matchmaking_event
from ..models import ERASE_AFTER_DAYS, PLEDGE_VERSION, Block, Interest, MatchProfile, Report
from ..selectors.profiles import SHOW_FIELDS

# a profile photo: JPG or PNG only, at most 5 MB
PHOTO_POLICY = UploadPolicy(max_bytes=5 * MB, extensions=frozenset({"jpg", "jpeg", "png"}))
NICKNAME_MIN, NICKNAME_MAX = 2, 12
# what a blank profile shows (the model's defaults): the erasure puts these back
SHOW_DEFAULTS = {
    "show_photo": False,
    "show_age_band": True,
    "show_height": False,
    "show_education": False,
    "show_unit_type": True,
    "show_unit_name": False,
}
CONTACT_MAX = 40
CONTACT_MIN = 5  # the shortest WeChat id is 6 characters; "ab" is a slip, not a contact


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _check_nickname(member: Member, nickname: str) -> str:
    """The nickname must not give its member away: not the registry name (nor its given name of two characters or
    more), not the phone or a run of 7 of its digits."""
    nickname = nickname.strip()
    if not NICKNAME_MIN <= len(nickname) <= NICKNAME_MAX:
        raise ValidationError({"nickname": f"昵称须为{NICKNAME_MIN}–{NICKNAME_MAX}个字"})
    if nickname.isdigit():
        raise ValidationError({"nickname": "昵称不能全是数字"})
    name = (member.name or "").strip()
    given = name[1:] if len(name) >= 3 else ""  # 张小明 → 小明
    if name and (name in nickname or (given and given in nickname)):
        raise ValidationError({"nickname": "昵称不能含有您的真实姓名，请另取一个"})
    phone = _digits(member.phone or "")
    if len(phone) >= 7 and any(phone[i : i + 7] in _digits(nickname) for i in range(len(phone) - 6)):
        raise ValidationError({"nickname": "昵称不能含有您的手机号码"})
    return nickname


def _check_contact(contact: str) -> str:
    contact = contact.strip()
    if not contact:
        raise ValidationError({"contact": "请填写联系方式（手机号或微信号）"})
    if len(contact) > CONTACT_MAX:
        raise ValidationError({"contact": f"联系方式不能超过{CONTACT_MAX}个字"})
    if len(contact) < CONTACT_MIN:
        raise ValidationError({"contact": f"联系方式至少{CONTACT_MIN}个字符，请填写完整的手机号或微信号"})
    return contact


def _lock(profile: MatchProfile) -> MatchProfile:
    return (
        MatchProfile.objects.select_for_update(of=("self",)).select_related("member__org").get(pk=profile.pk)
    )


def _apply_shows(profile: MatchProfile, data: dict[str, Any]) -> None:
    for field in SHOW_FIELDS:
        if field in data:
            setattr(profile, field, bool(data[field]))


def _photo_drop(profile: MatchProfile) -> None:
    """Delete the profile's photo: the row now, its file once the transaction commits."""
    photo = Attachment.objects.filter(pk=profile.photo_id).first() if profile.photo_id else None
    profile.photo = None
    if photo is not None:
        transaction.on_commit(partial(photo.file.delete, save=False))
        photo.delete()


@transaction.atomic
def profile_join(*, member: Member, actor: Any, data: dict[str, Any]) -> MatchProfile:
    """The member declares 单身 and signs the 承诺 (`data`: single, pledge, nickname, contact and the show_*
    choices). One row per member for ever: a withdrawn profile is reused (after the erasure it is blank)."""
    if member.status not in HOLDING_STATUSES:
        raise ValidationError("只有在籍会员可以加入婚恋交友；您的会籍状态目前不能加入")
    if not data.get("single"):
        raise ValidationError({"single": "请确认本人目前单身"})
    if not data.get("pledge"):
        raise ValidationError({"pledge": "请阅读并勾选遵守承诺"})
    nickname = _check_nickname(member, str(data.get("nickname", "")))
    contact = _check_contact(str(data.get("contact", "")))
    profile = MatchProfile.objects.select_for_update().filter(member=member).first()
    from_state = ""
    if profile is None:
        profile = MatchProfile(member=member)
    else:
        from_state = profile.status
        if profile.status == ProfileStatus.ACTIVE:
            raise ValidationError("您已加入婚恋交友")
        if profile.status == ProfileStatus.SUSPENDED:
            raise ValidationError("您的资料已被暂停展示，暂不能重新加入；如有疑问请联系本单位工会")
    now = timezone.now()
    profile.status = ProfileStatus.ACTIVE
    profile.nickname = nickname
    profile.contact_encrypted = encrypt_identifier(contact)
    _apply_shows(profile, data)
    profile.pledge_signed_at = now
    profile.pledge_version = PLEDGE_VERSION
    profile.joined_at = now
    profile.withdrawn_at = None
    profile.erase_due_on = None
    profile.erased_at = None
    profile.full_clean()
    profile.save()
    matchmaking_event(
        subject=profile,
        actor=actor,
        action=ProfileAction.JOINED,
        from_state=from_state,
        to_state=ProfileStatus.ACTIVE,
    )
    return profile


def profile_edit(
    *,
    profile: MatchProfile,
    actor: Any,
    data: dict[str, Any],
    photo: UploadedFile[bytes] | None = None,
    remove_photo: bool = False,
) -> MatchProfile:
    """The member changes their profile (`data`: nickname, about, height_cm, education, seeking, contact and the
    show_* choices); a new `photo` replaces the old one, `remove_photo` deletes it. A withdrawn or erased profile
    cannot be edited (rejoin first)."""
    with transaction.atomic():
        profile = _lock(profile)
        if profile.status not in (ProfileStatus.ACTIVE, ProfileStatus.SUSPENDED):
            raise ValidationError("您已退出婚恋交友，请重新加入后再修改资料")
        profile.nickname = _check_nickname(profile.member, str(data.get("nickname", "")))
        profile.about = str(data.get("about") or "").strip()
        profile.height_cm = data.get("height_cm") or None
        education = str(data.get("education") or "")
        if education and education not in Education.values:
            raise ValidationError({"education": "请选择学历"})
        profile.education = education
        profile.seeking = str(data.get("seeking") or Seeking.ANY)
        profile.contact_encrypted = encrypt_identifier(_check_contact(str(data.get("contact", ""))))
        _apply_shows(profile, data)
        if photo is not None or remove_photo:
            _photo_drop(profile)
        if photo is not None:
            profile.photo = attachment_save(
                owner=profile, org=profile.member.org, upload=photo, actor=actor, policy=PHOTO_POLICY
            )
        if profile.photo_id is None:
            profile.show_photo = False
        profile.full_clean()
        profile.save()
        matchmaking_event(subject=profile, actor=actor, action=ProfileAction.EDITED)
    return profile


@transaction.atomic
def profile_withdraw(*, profile: MatchProfile, actor: Any) -> MatchProfile:
    """The member withdraws: hidden at once (only ACTIVE profiles are shown) and every 心动 both ways is dropped
    at once, so a later rejoin starts without old matches (blocks stay until the erasure: they protect the member);
    the data erased by the scheduled job on or after `erase_due_on`."""
    profile = _lock(profile)
    if profile.status not in (ProfileStatus.ACTIVE, ProfileStatus.SUSPENDED):
        raise ValidationError("您已退出婚恋交友")
    from_state = profile.status
    Interest.objects.filter(Q(from_profile=profile) | Q(to_profile=profile)).delete()
    profile.status = ProfileStatus.WITHDRAWN
    profile.withdrawn_at = timezone.now()
    profile.erase_due_on = timezone.localdate() + dt.timedelta(days=ERASE_AFTER_DAYS)
    profile.save(update_fields=["status", "withdrawn_at", "erase_due_on", "updated_at"])
    matchmaking_event(
        subject=profile,
        actor=actor,
        action=ProfileAction.WITHDRAWN,
        from_state=from_state,
        to_state=ProfileStatus.WITHDRAWN,
    )
    return profile


@transaction.atomic
def profile_erase(*, profile: MatchProfile) -> MatchProfile:
    """Erase one withdrawn profile's data: every personal field blank, the photo (and its file), the interests and
    blocks both ways, the free text of reports by or about it; one audit row saying that a profile was erased (its public id only)."""
    profile = _lock(profile)
    if profile.status != ProfileStatus.WITHDRAWN:
        return profile
    profile.nickname = ""
    profile.about = ""
    profile.height_cm = None
    profile.education = ""
    profile.seeking = Seeking.ANY
    profile.contact_encrypted = ""
    for field, default in SHOW_DEFAULTS.items():
        setattr(profile, field, default)
    _photo_drop(profile)
    # any other attachment the profile owned (an upload left over) goes too
    for stray in Attachment.objects.filter(
        content_type__app_label="matchmaking", content_type__model="matchprofile", object_id=str(profile.pk)
    ):
        transaction.on_commit(partial(stray.file.delete, save=False))
        stray.delete()
    Interest.objects.filter(Q(from_profile=profile) | Q(to_profile=profile)).delete()
    Block.objects.filter(Q(from_profile=profile) | Q(to_profile=profile)).delete()
    # reports stay (their reason, state and outcome are the moderator's record) but lose the free text, which may
    # describe the person
    Report.objects.filter(Q(reporter=profile) | Q(reported=profile)).update(detail="", handler_note="")
    profile.status = ProfileStatus.ERASED
    profile.erased_at = timezone.now()
    profile.save()
    matchmaking_event(
        subject=profile,
        actor=None,
        action=ProfileAction.ERASED,
        from_state=ProfileStatus.WITHDRAWN,
        to_state=ProfileStatus.ERASED,
    )
    audit_log(
        action=AuditAction.ERASE,
        summary="婚恋交友资料已按期清除",
        actor_label="系统定时任务",
        subject=profile,
        org_id=profile.member.org_id,
        detail={"profile": str(profile.public_id)},
    )
    return profile


def profiles_erase_due(*, today: dt.date) -> int:
    """Erase every withdrawn profile whose `erase_due_on` has come; each in its own transaction. Idempotent."""
    due = MatchProfile.objects.filter(status=ProfileStatus.WITHDRAWN, erase_due_on__lte=today).order_by("pk")
    erased = 0
    for profile in due:
        profile_erase(profile=profile)
        erased += 1
    return erased


def profiles_erase_job() -> str:
    """The scheduled job (`manage.py run_due_jobs`)."""
    return f"清除已退出会员的婚恋交友资料 {profiles_erase_due(today=timezone.localdate())} 份"
