"""Registrations of part volunteers: the 公示 owner kind `activities.volunteer` (a project's service records, 7
calendar days, to the members of the team's union and below; the close counts the records, an upheld objection
withdraws one), the certificate kind 志愿服务记录证明 (its PDF prints the volunteer's name and ID number, the
period, the total hours and the records; the public check shows neither the ID number nor the records), the portal
tile 志愿服务, the 我的办理 source of 证明 requests, and the activity page's card of its linked projects."""

from typing import Any

from django.urls import reverse

PORTAL_TILE = "activities.volunteers"
PORTAL_FIGURE = "activities.volunteer_hours"
REQUESTS = "activities.volunteer_proof"
PANEL = "activities.volunteer_projects"


def _can_manage(user: Any, owner: Any) -> bool:
    from ..models import VolunteerProject
    from ..permissions import can_manage_for

    return isinstance(owner, VolunteerProject) and can_manage_for(user, owner.team.org)


def _audience_of(project: Any) -> Any:
    return project.team.org


def _activity_panel(user: Any, activity: Any) -> dict[str, Any] | None:
    from ..models import VolunteerProject
    from ..permissions import VIEW

    projects = list(
        VolunteerProject.objects.visible_to(user, VIEW).filter(activity=activity).select_related("team")
    )
    if not projects:
        return None
    return {"volunteer_projects": [(p, reverse("activities:project_detail", args=[p.pk])) for p in projects]}


def register() -> None:
    """Called once from ActivitiesConfig.ready()."""
    from gonghui.certificates.kinds import CertificateKind, certificate_kinds
    from gonghui.core.registry import (
        MemberRequestSource,
        PortalFigure,
        PortalTile,
        RecordPanel,
        member_requests,
        portal_figures,
        portal_tiles,
        record_panels,
    )
    from gonghui.notices.choices import WindowUnit
    from gonghui.notices.owners import NoticeOwnerKind, notice_owner_kinds

    from ..selectors.volunteers import my_hours_figure, my_requests
    from ..services.volunteers import (
        CERTIFICATE_KIND,
        NOTICE_KIND,
        notice_closed,
        notice_entry_withdrawn,
        notice_step,
    )

    if NOTICE_KIND not in notice_owner_kinds:
        notice_owner_kinds.register(
            NOTICE_KIND,
            NoticeOwnerKind(
                key=NOTICE_KIND,
                label="志愿服务时长公示",
                default_window=7,
                window_unit=WindowUnit.DAYS,
                can_manage=_can_manage,
                audience_of=_audience_of,
                on_entry_withdrawn=notice_entry_withdrawn,
                on_closed=notice_closed,
                timeline=notice_step,
                order=80,
            ),
        )
    if CERTIFICATE_KIND not in certificate_kinds:
        certificate_kinds.register(
            CERTIFICATE_KIND,
            CertificateKind(
                key=CERTIFICATE_KIND,
                label="志愿服务记录证明",
                series_default="志愿服务证明",
                pdf_template="activities/volunteers/pdf/proof.html",
                fields=("period", "hours"),
                field_labels={"period": "证明期间", "hours": "服务时长（小时）"},
                order=80,
            ),
        )
    if PORTAL_FIGURE not in portal_figures:
        portal_figures.register(
            PORTAL_FIGURE,
            PortalFigure(
                key=PORTAL_FIGURE,
                label="志愿服务时长",
                value=my_hours_figure,
                url_name="activities_portal:volunteer_mine",
                icon="user-plus",
                order=60,
            ),
        )
    if PORTAL_TILE not in portal_tiles:
        portal_tiles.register(
            PORTAL_TILE,
            PortalTile(
                key=PORTAL_TILE,
                label="志愿服务",
                url_name="activities_portal:volunteer_mine",
                icon="user-plus",
                order=62,
                description="服务时长、记录与证明",
            ),
        )
    if REQUESTS not in member_requests:
        member_requests.register(
            REQUESTS,
            MemberRequestSource(key=REQUESTS, label="志愿服务证明", requests=my_requests, order=80),
        )
    if PANEL not in record_panels:
        record_panels.register(
            PANEL,
            RecordPanel(
                key=PANEL,
                model="activities.activity",
                title="志愿服务项目",
                template="activities/volunteers/_activity_panel.html",
                context=_activity_panel,
                order=80,
            ),
        )
