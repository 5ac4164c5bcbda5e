"""Selectors of part moderation: reports by members and their handling by the 婚恋交友管理员 (who sees only the
reported profile, audited).

Scoping goes through `Report.objects.visible_to(user, MODERATE)`: a report belongs to the union of the reported
member, so a 婚恋交友管理员 granted on a union sees the reports about members of its subtree and nothing else. The
queue shows the report (number, reason, time, status), never the reported profile: that is shown by
`reported_profile`, called only from the audited reveal (`services.moderation.report_reveal`)."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404

from gonghui.accounts.actors import Actor
from gonghui.core.models import TimelineEntry
from gonghui.core.timeline import timeline_for
from gonghui.members.models import Member

from ..choices import ReportAction, ReportStatus
from ..models import MatchProfile, Report
from ..permissions import MODERATE
from .browse import visible_profiles
from .profiles import age_band


def report_number(report: Report) -> str:
    """The number a member and the moderator quote: the first 8 characters of the public id, upper case."""
    return str(report.public_id).replace("-", "")[:8].upper()


# --- the member's side ---------------------------------------------------------------------------------------
def reportable_profile_or_404(viewer: MatchProfile | None, public_id: Any) -> MatchProfile:
    """The profile `viewer` may report: one they may see (else 404, whether it does not exist, is hidden or
    blocked, or the viewer has no active profile)."""
    profile = visible_profiles(viewer).filter(public_id=public_id).first()
    if profile is None:
        raise Http404
    return profile


def pending_report_between(reporter: MatchProfile, reported: MatchProfile) -> Report | None:
    """The reporter's report about `reported` still waiting for the moderator, if any."""
    return Report.objects.filter(reporter=reporter, reported=reported, status=ReportStatus.PENDING).first()


def receipt_get_for_member(member: Member, public_id: Any) -> Report:
    """A report the member made (404 for anyone else's, and for a malformed id)."""
    report = Report.objects.filter(reporter__member=member, public_id=public_id).first()
    if report is None:
        raise Http404
    return report


# --- the moderator's side ------------------------------------------------------------------------------------
def report_list_for_user(user: Actor, *, status: str = "", reason: str = "") -> QuerySet[Report]:
    """The reports about members of the user's moderated subtrees, pending first, newest first. No profile data
    is loaded: the list shows the report only."""
    reports = Report.objects.visible_to(user, MODERATE)
    if status:
        reports = reports.filter(status=status)
    if reason:
        reports = reports.filter(reason=reason)
    pending_first = Case(
        When(status=ReportStatus.PENDING, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return reports.order_by(pending_first, "-created_at", "-id")


def pending_report_count(user: Actor) -> int:
    """The home counter: reports still waiting in the user's moderated subtrees."""
    return Report.objects.visible_to(user, MODERATE).filter(status=ReportStatus.PENDING).count()


def report_get_for_user(user: Actor, public_id: Any) -> Report:
    """One report the user may moderate (404 otherwise), with the reported member's union loaded."""
    return Report.objects.select_related("reported__member__org", "reported__photo").get_visible_or_404(
        user, MODERATE, public_id=public_id
    )


def report_timeline(report: Report) -> QuerySet[TimelineEntry]:
    return timeline_for(report)


def has_revealed(report: Report, user: Actor) -> bool:
    """Has `user` opened the reported profile of this report (an audited reveal)? The photo is served only then,
    so every look at it follows an audit row of the same moderator."""
    return timeline_for(report).filter(action=ReportAction.VIEWED, actor_id=user.pk).exists()


@dataclass(frozen=True)
class ReportedProfile:
    """The reported profile as its member entered it, for the moderator: the fields whether shown to others or not
    (each with whether it is shown), and the union the member belongs to so the moderator can reach that union.
    Never the registry name, phone, ID or member number, nor the contact left for matches."""

    public_id: str
    nickname: str
    about: str
    gender: str
    age_band: str
    height: str
    education: str
    seeking: str
    unit_type: str
    unit_name: str
    union_name: str
    has_photo: bool
    status: str
    status_label: str
    joined_at: dt.datetime | None
    shown: dict[str, bool]


def reported_profile(report: Report, today: dt.date | None = None) -> ReportedProfile:
    """The reported profile of `report` (needs `reported__member__org` loaded). Call it from the audited reveal
    only."""
    profile = report.reported
    member = profile.member
    org = member.org
    return ReportedProfile(
        public_id=str(profile.public_id),
        nickname=profile.nickname,
        about=profile.about,
        gender=member.get_gender_display(),
        age_band=age_band(member.birth_date, today) if member.birth_date else "",
        height=f"{profile.height_cm} 厘米" if profile.height_cm else "",
        education=profile.get_education_display() if profile.education else "",
        seeking=profile.get_seeking_display(),
        unit_type=org.get_industry_display() if org.industry else "",
        unit_name=org.unit_name,
        union_name=org.name,
        has_photo=profile.photo_id is not None,
        status=profile.status,
        status_label=profile.get_status_display(),
        joined_at=profile.joined_at,
        shown={
            "photo": profile.show_photo,
            "age_band": profile.show_age_band,
            "height": profile.show_height,
            "education": profile.show_education,
            "unit_type": profile.show_unit_type,
            "unit_name": profile.show_unit_name,
        },
    )
