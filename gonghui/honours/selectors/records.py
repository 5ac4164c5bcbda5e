"""Reads of 荣誉档案 (part `records`): the honours of the user's subtrees with search and filters, one honour, a
member's and a union's honours (the panels of the member and org pages), the member's own honours (我的荣誉),
the counts other modules read (`honour_counts` for 量化评价), and the 最美 stories for the 宣传 module
(`stories_for_publication`)."""

from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from gonghui.accounts.scoping import has_action
from gonghui.attachments.models import Attachment
from gonghui.attachments.selectors import attachments_of
from gonghui.certificates.models import Certificate
from gonghui.certificates.selectors import certificates_of_holder, certificates_of_owner
from gonghui.members.models import Member
from gonghui.orgs.choices import OrgStatus
from gonghui.orgs.models import Org

from ..choices import CampaignCategory, HonourLevel
from ..models import Honour
from ..permissions import MANAGE, VIEW

PHOTO_EXTENSIONS = frozenset({"jpg", "jpeg", "png"})
HOLDER_PERSON = "person"
HOLDER_ORG = "org"
STATUS_VALID = "valid"
STATUS_REVOKED = "revoked"


def _honours() -> QuerySet[Honour]:
    return Honour.objects.select_related("org", "campaign", "member", "holder_org")


def honours_for_user(user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Honour]:
    """荣誉档案: the honours of the user's subtrees (`honours.view`), newest first. `filters` (all optional):
    `q` (holder name, unit or title), `year`, `level`, `holder` ("person"/"org"), `org` (an Org: its subtree),
    `member` (a Member), `category` (the campaign's category; "manual" for records made by hand), `status`
    ("valid"/"revoked"). The view paginates."""
    filters = filters or {}
    honours = Honour.objects.visible_to(user, VIEW).select_related("org", "campaign", "member", "holder_org")
    query = str(filters.get("q") or "").strip()
    if query:
        honours = honours.filter(
            Q(holder_name__icontains=query) | Q(holder_unit__icontains=query) | Q(title__icontains=query)
        )
    if filters.get("year"):
        honours = honours.filter(year=filters["year"])
    if filters.get("level"):
        honours = honours.filter(level=filters["level"])
    if filters.get("holder") == HOLDER_PERSON:
        honours = honours.filter(member__isnull=False)
    elif filters.get("holder") == HOLDER_ORG:
        honours = honours.filter(member__isnull=True)
    if filters.get("org") is not None:
        honours = honours.filter(org__path__startswith=filters["org"].path)
    if filters.get("member") is not None:
        honours = honours.filter(member=filters["member"])
    category = filters.get("category") or ""
    if category == "manual":
        honours = honours.filter(campaign__isnull=True)
    elif category:
        honours = honours.filter(campaign__category=category)
    if filters.get("status") == STATUS_VALID:
        honours = honours.filter(revoked_on__isnull=True)
    elif filters.get("status") == STATUS_REVOKED:
        honours = honours.filter(revoked_on__isnull=False)
    return honours.order_by("-year", "-awarded_on", "-pk")


def honour_for_user_or_404(user: Any, honour_id: int, *, demand: str | None = None) -> Honour:
    """One honour of the user's subtrees (else 404); with `demand` (honours.manage) the user must hold it on the
    honour's union (else 403)."""
    return Honour.objects.select_related(
        "org", "campaign", "member", "holder_org", "nomination", "created_by"
    ).get_visible_or_404(user, VIEW, demand=demand, pk=honour_id)


def honours_of_member(member: Member) -> QuerySet[Honour]:
    """A person's honours (revoked ones too, marked), newest first. Unscoped: the caller has the member in hand."""
    return _honours().filter(member=member).order_by("-year", "-awarded_on", "-pk")


@dataclass(frozen=True)
class OrgHonours:
    """A union's own collective honours over the years, and how many honours its members hold (valid ones)."""

    honours: list[Honour]
    member_count: int


def honours_of_org(org: Org, *, with_members: bool = False) -> OrgHonours:
    """The union's own collective honours (revoked ones too, marked), newest first; with `with_members`, also
    the number of valid honours its members (of this union, not the unions below) hold."""
    honours = list(
        _honours().filter(holder_org=org, member__isnull=True).order_by("-year", "-awarded_on", "-pk")
    )
    count = (
        Honour.objects.filter(org=org, member__isnull=False, revoked_on__isnull=True).count()
        if with_members
        else 0
    )
    return OrgHonours(honours=honours, member_count=count)


def honour_counts(org: Org, year: int) -> dict[str, int]:
    """For 量化评价: the valid (not revoked) honours of `year` held in `org`'s subtree (persons and unions), counted
    by level — every `HonourLevel` value is a key (0 when none) — plus "total". An honour counts where it is
    recorded (`Honour.org`: the member's union or the honoured union)."""
    rows = (
        Honour.objects.filter(org__path__startswith=org.path, year=year, revoked_on__isnull=True)
        .values("level")
        .annotate(n=Count("pk"))
    )
    counts = dict.fromkeys(HonourLevel.values, 0)
    for row in rows:
        counts[row["level"]] = row["n"]
    counts["total"] = sum(counts[level] for level in HonourLevel.values)
    return counts


def honour_photo(honour: Honour) -> Attachment | None:
    """The story's photo: the latest picture attached to the honour."""
    return (
        attachments_of(honour).filter(extension__in=PHOTO_EXTENSIONS).order_by("-created_at", "-pk").first()
    )


def honour_certificate(honour: Honour) -> Certificate | None:
    """The certificate issued for this honour, if any: one owned by the honour, or one owned by its campaign and
    held by its holder (the member, or the honoured union)."""
    found = certificates_of_owner(honour).first()
    if found is not None or honour.campaign_id is None:
        return found
    holder: Any = honour.member if honour.member_id is not None else honour.holder_org
    if holder is None:
        return None
    campaign_type = ContentType.objects.get_for_model(honour.campaign, for_concrete_model=True)  # type: ignore[arg-type]
    return (
        certificates_of_holder(holder).filter(owner_type=campaign_type, owner_id=honour.campaign_id).first()
    )


def can_manage_honour(user: Any, honour: Honour) -> bool:
    return has_action(user, MANAGE, honour.org)


def orgs_user_may_record_for(user: Any) -> QuerySet[Org]:
    """The unions whose honours the user may record (`honours.manage`), active ones, in tree order."""
    return Org.objects.visible_to(user, MANAGE).filter(status=OrgStatus.ACTIVE)


def members_user_may_record_for(user: Any) -> QuerySet[Member]:
    """The members a person's honour may be recorded for: members of the unions the user keeps records of."""
    return Member.objects.filter(org__in=orgs_user_may_record_for(user)).select_related("org")


def record_member_find(user: Any, text: str) -> list[Member]:
    """Members the user may record an honour for, matching `text`: the 会员编号 exactly, or the name (at most a few,
    for the form to say which to choose)."""
    text = text.strip()
    if not text:
        return []
    members = members_user_may_record_for(user)
    exact = list(members.filter(member_number=text)[:2])
    if exact:
        return exact
    return list(members.filter(name=text).order_by("org__path", "pk")[:6])


def year_choices(user: Any) -> list[int]:
    """The years the user's honours span, newest first (the year filter)."""
    return sorted(set(Honour.objects.visible_to(user, VIEW).values_list("year", flat=True)), reverse=True)


# ---- the member's own honours (我的荣誉) ----


def my_honours(member: Member) -> QuerySet[Honour]:
    """The member's valid honours, newest first."""
    return honours_of_member(member).filter(revoked_on__isnull=True)


def my_honour_or_404(member: Member, public_id: Any) -> Honour:
    """One of the member's own valid honours; another's, a revoked one or a malformed id: 404."""
    try:
        return my_honours(member).get(public_id=public_id)
    except (Honour.DoesNotExist, ValueError, ValidationError):
        raise Http404 from None


def honour_may_download(user: Any, honour: Honour) -> bool:
    """The attachment check of an honour's photo: whoever sees the honour in the console, and its holder."""
    if not getattr(user, "is_authenticated", False):
        return False
    if honour.member_id is not None and honour.member.user_id == user.pk:  # type: ignore[union-attr]
        return True
    return Honour.objects.visible_to(user, VIEW).filter(pk=honour.pk).exists()


def member_has_honours(user: Any) -> bool:
    """Does the signed-in person hold an honour (the portal tile shows only then)?"""
    if not getattr(user, "is_authenticated", False):
        return False
    return Honour.objects.filter(member__user=user, revoked_on__isnull=True).exists()


# ---- 最美 stories for the 宣传 module ----


@dataclass(frozen=True)
class Story:
    honour: Honour
    holder_name: str
    holder_unit: str
    title: str
    year: int
    story: str
    photo_url: str  # the photo shown inline (`Attachment.view_url`), "" when none


def stories_for_publication(user: Any, year: int | None = None) -> list[Story]:
    """The stories of the 最美医生/护士/教师 honours the user sees (valid, with a story), newest first, each with its
    photo's inline URL when one was uploaded; `year` narrows to one year."""
    honours = honours_for_user(
        user, {"category": CampaignCategory.MOST_BEAUTIFUL, "status": STATUS_VALID, "year": year}
    ).exclude(story="")
    honour_type = ContentType.objects.get_for_model(Honour)
    honour_list = list(honours)
    photos: dict[str, Attachment] = {}
    for attachment in Attachment.objects.filter(
        content_type=honour_type,
        object_id__in=[str(h.pk) for h in honour_list],
        extension__in=PHOTO_EXTENSIONS,
    ).order_by("created_at", "pk"):
        photos[attachment.object_id] = attachment  # the latest wins
    return [
        Story(
            honour=h,
            holder_name=h.holder_name,
            holder_unit=h.holder_unit,
            title=h.title,
            year=h.year,
            story=h.story,
            photo_url=photos[str(h.pk)].view_url if str(h.pk) in photos else "",
        )
        for h in honour_list
    ]
