"""Registrations of part signup (报名): the portal tile 活动报名, the portal home's card (upcoming activities the
member signed up for), the 我的办理 source (the member's registrations, one query), the scheduled job of the
reminders before an activity starts, the 报名 card of the activity page (counts and the link to the list), and the
read-only API of the activities open to the member (`/api/v1/activities/open`, token scope `activities:open`)."""

PORTAL_TILE = "activities.signup"
PORTAL_CARD = "activities.signup"
REQUESTS = "activities.signup"
REMINDER_JOB = "activities.reminders"
RECORD_PANEL = "activities.signup"
API_ROUTER = "activities"
API_SCOPE = "activities:open"


def register() -> None:
    """Called once from ActivitiesConfig.ready()."""
    from gonghui.accounts.api_tokens import API_SCOPES
    from gonghui.core.registry import (
        ApiRouter,
        MemberRequestSource,
        PortalCard,
        PortalTile,
        RecordPanel,
        ScheduledJob,
        api_routers,
        member_requests,
        portal_cards,
        portal_tiles,
        record_panels,
        scheduled_jobs,
    )

    from ..selectors.signup import activity_panel, my_requests, my_upcoming_card
    from ..services.signup import activity_reminders_job

    if PORTAL_TILE not in portal_tiles:
        portal_tiles.register(
            PORTAL_TILE,
            PortalTile(
                key=PORTAL_TILE,
                label="活动报名",
                url_name="activities_portal:list",
                icon="calendar-event",
                order=58,
                description="工会组织的文体活动、讲座、志愿服务，在线报名和取消",
            ),
        )
    if PORTAL_CARD not in portal_cards:
        portal_cards.register(
            PORTAL_CARD, PortalCard(key=PORTAL_CARD, kind="todo", items=my_upcoming_card, order=58)
        )
    if REQUESTS not in member_requests:
        member_requests.register(
            REQUESTS, MemberRequestSource(key=REQUESTS, label="活动报名", requests=my_requests, order=78)
        )
    if REMINDER_JOB not in scheduled_jobs:
        scheduled_jobs.register(
            REMINDER_JOB,
            ScheduledJob(
                key=REMINDER_JOB, label="活动开始前提醒已报名会员", func=activity_reminders_job, order=120
            ),
        )
    if RECORD_PANEL not in record_panels:
        record_panels.register(
            RECORD_PANEL,
            RecordPanel(
                key=RECORD_PANEL,
                model="activities.activity",
                title="报名",
                template="activities/signup/activity_panel.html",
                context=activity_panel,
                order=20,
            ),
        )
    API_SCOPES.setdefault(API_SCOPE, "读取本人可报名的活动")
    if API_ROUTER not in api_routers:
        api_routers.register(
            API_ROUTER,
            ApiRouter(prefix="/activities", router="gonghui.activities.api:router", order=95),
        )
