"""Registrations of part attendance: the check-in target "activities.activity" (found by public id among the
activities the user may see; organisers holding `activities.manage` on the organiser scan; check-ins from an hour
before the start to the end; a confirmed registration admits, or — without sign-up — the audience; `on_checkin`
records the attendance inside the check-in's transaction, whichever page or API recorded it), the activity page's
签到 panel, the download check of the activity's photos, and the portal's 我的活动签到 page (linked from the
activity pages of part signup)."""

from typing import Any

CHECKIN_KIND = "activities.activity"
PANEL = "activities.attendance"
PORTAL_FIGURE = "activities.attendance"
ATTACHMENT_OWNER = "activities.activity"


def register() -> None:
    from gonghui.attachments.policies import attachment_access
    from gonghui.checkins.targets import CheckinTarget, checkin_targets
    from gonghui.core.registry import PortalFigure, RecordPanel, portal_figures, record_panels

    from ..selectors.attendance import (
        activity_admits,
        activity_can_scan,
        activity_get_for_scan,
        activity_window,
        attendance_panel,
        my_attendance_figure,
        user_sees_activity,
    )

    if CHECKIN_KIND not in checkin_targets:
        checkin_targets.register(
            CHECKIN_KIND,
            CheckinTarget(
                key=CHECKIN_KIND,
                label="活动签到",
                model="activities.activity",
                find=activity_get_for_scan,
                can_scan=activity_can_scan,
                window=activity_window,
                admits=activity_admits,
                org_of=lambda activity: activity.org,
                title_of=lambda activity: activity.title,
                order=40,
                on_checkin=_attend,
            ),
        )
    if PANEL not in record_panels:
        record_panels.register(
            PANEL,
            RecordPanel(
                key=PANEL,
                model="activities.activity",
                title="签到与活动总结",
                template="activities/attendance/panel.html",
                context=attendance_panel,
                order=30,
            ),
        )
    if PORTAL_FIGURE not in portal_figures:
        # the member's way to 我的活动签到: a line on 我的 once they attended an activity
        portal_figures.register(
            PORTAL_FIGURE,
            PortalFigure(
                key=PORTAL_FIGURE,
                label="我的活动签到",
                value=my_attendance_figure,
                url_name="activities_portal:my_attendance",
                icon="calendar-event",
                order=55,
            ),
        )
    if ATTACHMENT_OWNER not in attachment_access:
        attachment_access.register(ATTACHMENT_OWNER, user_sees_activity)


def _attend(activity: Any, check_in: Any, actor: Any) -> None:
    from ..services.attendance import attendance_on_checkin

    attendance_on_checkin(activity, check_in, actor)
