"""Registrations of part courses: the certificate kind 结业证书 (`learning.course`: owner the course, holder the
member, issuer the course's union, data the hours), who may open a lesson's video or document and a course's cover
(members who may study the course, holders of `learning.view` on its union), the portal tile 学习, the 我的 line
学习学时, the open-courses API router (scope `learning:read`) and the job `learning.complete_passed` (结课 for
members who passed the quiz with every lesson credited but never confirmed)."""

from typing import Any

PORTAL_TILE = "learning"
PORTAL_FIGURE = "learning.hours"
API_ROUTER = "learning"
LESSON_OWNER = "learning.lesson"
COURSE_OWNER = "learning.course"
COMPLETE_JOB = "learning.complete_passed"


def _course_readable(user: Any, course: Any) -> bool:
    from gonghui.accounts.scoping import has_action

    from ..permissions import VIEW
    from ..selectors.courses import user_may_study

    return has_action(user, VIEW, course.org) or user_may_study(user, course)


def _lesson_file(user: Any, lesson: Any) -> bool:
    return _course_readable(user, lesson.course)


def _can_manage(user: Any, owner: Any) -> bool:
    from ..models import Course
    from ..permissions import can_manage_for

    return isinstance(owner, Course) and can_manage_for(user, owner.org)


def _issuer_of(course: Any) -> Any:
    return course.org


def register() -> None:
    """Called once from LearningConfig.ready()."""
    from gonghui.attachments.policies import attachment_access
    from gonghui.certificates.kinds import CertificateKind, certificate_kinds
    from gonghui.core.registry import (
        ApiRouter,
        PortalFigure,
        PortalTile,
        ScheduledJob,
        api_routers,
        portal_figures,
        portal_tiles,
        scheduled_jobs,
    )

    from ..selectors.courses import my_hours_figure
    from ..services.courses import CERTIFICATE_KIND, CERTIFICATE_SERIES, complete_passed_job

    if CERTIFICATE_KIND not in certificate_kinds:
        certificate_kinds.register(
            CERTIFICATE_KIND,
            CertificateKind(
                key=CERTIFICATE_KIND,
                label="课程结业证书",
                series_default=CERTIFICATE_SERIES,
                pdf_template="learning/courses/pdf/certificate.html",
                fields=("hours",),
                field_labels={"hours": "学时"},
                can_manage=_can_manage,
                owner_model="learning.course",
                issuer_of=_issuer_of,
                order=90,
            ),
        )
    if LESSON_OWNER not in attachment_access:
        attachment_access.register(LESSON_OWNER, _lesson_file)
    if COURSE_OWNER not in attachment_access:
        attachment_access.register(COURSE_OWNER, _course_readable)
    if PORTAL_TILE not in portal_tiles:
        portal_tiles.register(
            PORTAL_TILE,
            PortalTile(
                key=PORTAL_TILE,
                label="学习",
                url_name="learning_portal:home",
                icon="school",
                order=45,
                description="课程学习、学时与结业证书",
            ),
        )
    if PORTAL_FIGURE not in portal_figures:
        portal_figures.register(
            PORTAL_FIGURE,
            PortalFigure(
                key=PORTAL_FIGURE,
                label="学习学时",
                value=my_hours_figure,
                url_name="learning_portal:mine",
                icon="school",
                order=62,
            ),
        )
    if COMPLETE_JOB not in scheduled_jobs:
        scheduled_jobs.register(
            COMPLETE_JOB,
            ScheduledJob(key=COMPLETE_JOB, label="测验已通过的课程结课", func=complete_passed_job, order=141),
        )
    if API_ROUTER not in api_routers:
        api_routers.register(
            API_ROUTER, ApiRouter(prefix="/learning", router="gonghui.learning.api:router", order=98)
        )
