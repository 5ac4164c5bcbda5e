"""Registrations of part classes: 干部培训班: the check-in target `learning.session` (a session of a class, found
among the sessions the user sees; admitted trainees only; from half an hour before the session to half an hour
after it; scanned by holders of learning.manage on the class's union; each check-in recounts the trainee's hours),
the certificate kind `learning.class` (结业证书), the job that closes nominations past their deadline, and the
我的培训班 line on the portal's 我的 page."""

from typing import Any

CHECKIN_KIND = "learning.session"
CERTIFICATE_KIND = "learning.class"
CLOSE_JOB = "learning.classes_close_due"
PORTAL_FIGURE = "learning.my_classes"


def _find(user: Any, public_id: Any) -> Any:
    from ..selectors.classes import session_for

    return session_for(user, public_id)


def _on_checkin(session: Any, check_in: Any, actor: Any) -> None:
    from ..services.classes import session_on_checkin

    session_on_checkin(session, check_in, actor)


def _close_due() -> str:
    from ..services.classes import classes_close_due_job

    return classes_close_due_job()


def _can_manage_certificate(user: Any, owner: Any) -> bool:
    from ..models import Trainee
    from ..permissions import can_manage_for

    return isinstance(owner, Trainee) and can_manage_for(user, owner.training_class.org)


def register() -> None:
    """Called once from the AppConfig's ready()."""
    from gonghui.certificates.kinds import CertificateKind, certificate_kinds
    from gonghui.checkins.targets import CheckinTarget, checkin_targets
    from gonghui.core.registry import PortalFigure, ScheduledJob, portal_figures, scheduled_jobs

    from ..selectors.classes import my_classes_figure, session_admits, session_can_scan, session_window

    if CHECKIN_KIND not in checkin_targets:
        checkin_targets.register(
            CHECKIN_KIND,
            CheckinTarget(
                key=CHECKIN_KIND,
                label="培训班课次签到",
                model="learning.trainingsession",
                find=_find,
                can_scan=session_can_scan,
                window=session_window,
                admits=session_admits,
                org_of=lambda session: session.training_class.org,
                title_of=lambda session: f"{session.training_class.title} · {session.topic}",
                order=70,
                on_checkin=_on_checkin,
            ),
        )
    if CERTIFICATE_KIND not in certificate_kinds:
        certificate_kinds.register(
            CERTIFICATE_KIND,
            CertificateKind(
                key=CERTIFICATE_KIND,
                label="干部培训班结业证书",
                series_default="培训结业证",
                fields=("class_title", "hours"),
                field_labels={"class_title": "培训班", "hours": "培训学时"},
                can_manage=_can_manage_certificate,
                order=90,
            ),
        )
    if CLOSE_JOB not in scheduled_jobs:
        scheduled_jobs.register(
            CLOSE_JOB, ScheduledJob(key=CLOSE_JOB, label="培训班推荐截止", func=_close_due, order=140)
        )
    if PORTAL_FIGURE not in portal_figures:
        portal_figures.register(
            PORTAL_FIGURE,
            PortalFigure(
                key=PORTAL_FIGURE,
                label="我的培训班",
                value=my_classes_figure,
                url_name="learning_portal:my_classes",
                icon="certificate",
                order=66,
            ),
        )
