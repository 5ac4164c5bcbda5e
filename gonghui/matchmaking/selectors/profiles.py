"""Selectors of part profiles: the member's own profile, the card other members see (only what the member chose
to show), the age band read from the registry birth date, and the contact (decrypted only for a caller that has
already checked mutual interest)."""

import datetime as dt
import uuid
from dataclasses import dataclass, replace
from typing import Any

from django.utils import timezone

from gonghui.accounts.identity import decrypt_identifier
from gonghui.members.choices import HOLDING_STATUSES
from gonghui.members.models import Member

from ..choices import ProfileStatus
from ..models import MatchProfile

SHOW_FIELDS = (
    "show_photo",
    "show_age_band",
    "show_height",
    "show_education",
    "show_unit_type",
    "show_unit_name",
)

# (label, youngest, oldest) — bands wide enough that a band and a unit type do not single anyone out.
AGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("25岁以下", 0, 24),
    ("25–29岁", 25, 29),
    ("30–34岁", 30, 34),
    ("35–39岁", 35, 39),
    ("40–44岁", 40, 44),
    ("45岁及以上", 45, None),
)


def age_on(birth: dt.date, today: dt.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def age_band(birth: dt.date, today: dt.date | None = None) -> str:
    age = age_on(birth, today or timezone.localdate())
    for label, youngest, oldest in AGE_BANDS:
        if age >= youngest and (oldest is None or age <= oldest):
            return label
    return AGE_BANDS[-1][0]


def my_profile(member: Member) -> MatchProfile | None:
    """The member's profile in any state but erased (None when they never joined or their data was erased)."""
    return (
        MatchProfile.objects.filter(member=member)
        .exclude(status=ProfileStatus.ERASED)
        .select_related("member__org", "photo")
        .first()
    )


def active_profile(member: Member) -> MatchProfile | None:
    """The member's profile if it is shown to others and the member still holds membership (在籍 / 保留会籍)."""
    if member.status not in HOLDING_STATUSES:
        return None
    return (
        MatchProfile.objects.filter(member=member, status=ProfileStatus.ACTIVE)
        .select_related("member__org", "photo")
        .first()
    )


def contact_of(profile: MatchProfile) -> str:
    """The contact the member entered for 婚恋交友. Callers show it only to the member themself or to a member with
    mutual interest (`selectors.browse.contact_for`)."""
    return decrypt_identifier(profile.contact_encrypted) if profile.contact_encrypted else ""


@dataclass(frozen=True)
class ProfileCard:
    """What another opted-in member sees of a profile: only the fields the member chose to show."""

    public_id: str
    nickname: str
    gender: str
    age_band: str
    height: str
    education: str
    unit_type: str
    unit_name: str
    has_photo: bool
    about: str


def profile_card(profile: MatchProfile, today: dt.date | None = None) -> ProfileCard:
    """`profile` as another member sees it (needs `member__org` loaded)."""
    member = profile.member
    org = member.org
    return ProfileCard(
        public_id=str(profile.public_id),
        nickname=profile.nickname,
        gender=member.get_gender_display(),
        age_band=age_band(member.birth_date, today) if profile.show_age_band else "",
        height=f"{profile.height_cm} 厘米" if profile.show_height and profile.height_cm else "",
        education=profile.get_education_display() if profile.show_education and profile.education else "",
        unit_type=org.get_industry_display() if profile.show_unit_type and org.industry else "",
        unit_name=org.unit_name if profile.show_unit_name else "",
        has_photo=bool(profile.show_photo and profile.photo_id),
        about=profile.about,
    )


def may_join(member: Member) -> bool:
    """Only a member holding membership (在籍 / 保留会籍) may join."""
    return member.status in HOLDING_STATUSES


def profile_with_photo(public_id: uuid.UUID | str) -> MatchProfile:
    """The profile `public_id` with its photo, for the photo view (which then checks who asks:
    `registrations.profiles.may_view_photo`); 404 when there is no such profile or it has no photo."""
    from django.http import Http404

    profile = MatchProfile.objects.select_related("photo").filter(public_id=public_id).first()
    if profile is None or profile.photo is None:
        raise Http404
    return profile


def profile_card_preview(profile: MatchProfile, data: dict[str, Any] | None) -> ProfileCard:
    """The card others would see of `profile` with the choices of an unsaved edit (`data`, the edit form's cleaned
    data; None keeps the saved ones). Nothing is written."""
    if not data:
        return profile_card(profile)
    draft = MatchProfile(
        public_id=profile.public_id,
        member=profile.member,
        nickname=data.get("nickname") or profile.nickname,
        about=data.get("about") or "",
        height_cm=data.get("height_cm"),
        education=data.get("education") or "",
        photo_id=None if data.get("remove_photo") else profile.photo_id,
        **{f: bool(data.get(f)) for f in SHOW_FIELDS},
    )
    card = profile_card(draft)
    if data.get("photo") and data.get("show_photo"):
        card = replace(card, has_photo=True)
    return card
