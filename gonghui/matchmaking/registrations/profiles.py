"""Registrations of part profiles: the portal tile 婚恋交友, who may download a profile's photo (the member
themself, or a member who may see the profile), and the scheduled job that erases withdrawn profiles' data when
their day has come."""

from typing import Any

PORTAL_TILE = "matchmaking.profiles"
ERASE_JOB = "matchmaking.erase_due"
PHOTO_OWNER = "matchmaking.matchprofile"


def may_view_photo(viewer: Any, profile: Any) -> bool:
    """May the member `viewer` see `profile`'s photo? Their own always; another's only when the viewer's own
    profile is active and may see that profile (no block either way, see `selectors.browse.may_see`) and its member
    chose to show the photo."""
    from ..selectors.browse import may_see
    from ..selectors.profiles import active_profile

    if viewer is None:
        return False
    if profile.member_id == viewer.pk:
        return True
    return bool(profile.show_photo) and may_see(active_profile(viewer), profile)


def photo_may_download(user: Any, owner: Any) -> bool:
    """`attachment_access` for `matchmaking.matchprofile` (the attachments block's own door): the same rule as the
    photo view; a cadre, as such, never."""
    from gonghui.members.selectors.registry import member_for_user

    from ..models import MatchProfile

    if not isinstance(owner, MatchProfile) or not getattr(user, "is_authenticated", False):
        return False
    return may_view_photo(member_for_user(user), owner)


def _run_erase_job() -> str:
    from ..services.profiles import profiles_erase_job

    return profiles_erase_job()


def register() -> None:
    """Called once from MatchmakingConfig.ready()."""
    from gonghui.attachments.policies import attachment_access
    from gonghui.core.registry import PortalTile, ScheduledJob, portal_tiles, scheduled_jobs

    if PORTAL_TILE not in portal_tiles:
        portal_tiles.register(
            PORTAL_TILE,
            PortalTile(
                key=PORTAL_TILE,
                label="婚恋交友",
                url_name="matchmaking_portal:home",
                icon="heart",
                order=70,
                description="为单身会员牵线搭桥：自愿加入，只展示本人选择的信息，互相心动才交换联系方式",
            ),
        )
    if PHOTO_OWNER not in attachment_access:
        attachment_access.register(PHOTO_OWNER, photo_may_download)
    if ERASE_JOB not in scheduled_jobs:
        scheduled_jobs.register(
            ERASE_JOB,
            ScheduledJob(key=ERASE_JOB, label="清除已退出会员的婚恋交友资料", func=_run_erase_job, order=140),
        )
