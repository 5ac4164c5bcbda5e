"""Selectors of part browse: which profiles an opted-in member sees (active, holding membership, not themself, no
block either way), interest, matches and the contact reveal."""

from django.db.models import Q, QuerySet

from gonghui.members.choices import HOLDING_STATUSES

from ..choices import ProfileStatus
from ..models import Block, MatchProfile


def _blocked_ids(viewer: MatchProfile) -> Q:
    """Profiles `viewer` blocked or was blocked by."""
    blocked = Block.objects.filter(from_profile=viewer).values("to_profile_id")
    blockers = Block.objects.filter(to_profile=viewer).values("from_profile_id")
    return Q(pk__in=blocked) | Q(pk__in=blockers)


def visible_profiles(viewer: MatchProfile | None) -> QuerySet[MatchProfile]:
    """The profiles `viewer` may see: none unless the viewer's own profile is active; then every other active
    profile of a member holding membership, minus blocks in either direction."""
    if viewer is None or viewer.status != ProfileStatus.ACTIVE:
        return MatchProfile.objects.none()
    return (
        MatchProfile.objects.filter(status=ProfileStatus.ACTIVE, member__status__in=HOLDING_STATUSES)
        .exclude(pk=viewer.pk)
        .exclude(_blocked_ids(viewer))
        .select_related("member__org", "photo")
    )


def may_see(viewer: MatchProfile | None, profile: MatchProfile) -> bool:
    """May `viewer` see `profile` (its card and its photo)?"""
    return visible_profiles(viewer).filter(pk=profile.pk).exists()
