"""Writes of 困难职工帮扶 — part `files`: the flow of a file from the application to 建档.

- 单位初审 (`unit_check`, the file's own union): passed → 单位初审通过, or back to the applicant (已退回补充) with a note.
- 入户调查 (`survey_record`, the file's own union): date, visitors and the findings (sealed); the first one moves the
  file to 已入户调查, later ones (a second visit, the yearly review) only add a survey.
- 审核 (`file_review`, the union above): refused, with every missing thing named, until a person has decided the
  class (深度困难, 相对困难 or 意外致困), the signed consent (授权委托书) is uploaded and every person has consented.
- 公示 (`file_publicise`, the union above): a 公示 of the notices block (owner kind `welfare.file`) with one entry —
  only the applicant's name, unit and class — to the members of the file's own union, published at once. An upheld
  objection sends the file back to 已入户调查 (`notice_entry_withdrawn`).
- 建档 (`file_archive`, the union above): only once the 公示 has closed with the entry still listed; the next
  yearly review falls due a year later; the applicant hears of it.
- 不予建档 (`file_reject`, the union above): with a reason, from any open state; a running 公示 is cancelled; the
  applicant hears of it.

Keyword-only, the actor explicit, one transaction each; the file row is locked (`core.locking.lock`) before its
state is checked, so two clicks never apply a step twice. Every step writes its timeline row (`events.file_event`);
no sealed value ever goes into a note."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.audit import AuditContext
from gonghui.core.locking import lock
from gonghui.core.timeline import timeline_record
from gonghui.notices.choices import NoticeAction, NoticeStatus
from gonghui.notices.models import Notice, NoticeEntry
from gonghui.notices.services import EntryInput, notice_cancel, notice_create, notice_publish
from gonghui.notifications.services import notify
from gonghui.orgs.models import Org

from ..choices import FileAction, FileStatus, HardshipClass
from ..events import file_event
from ..models import HardshipFile, HomeSurvey
from ..permissions import review_path
from ..sealing import seal
from ..selectors.files import (
    FILE_FLOW,
    NOTICE_KIND,
    NOTICE_STEP,
    entry_of_file,
    live_file_notice,
    review_blockers,
)

VISITORS_MAX = 200


def _locked(file: HardshipFile) -> HardshipFile:
    return lock(HardshipFile, pk=file.pk, related=("org", "applicant"))


def _check(file: HardshipFile, action: FileAction, actor: Any) -> None:
    """The step must be one the actor may take (PermissionDenied) in the file's current state (ValidationError)."""
    if not FILE_FLOW.permits(file, action, actor):
        raise PermissionDenied(_("您不能办理该档案的“%(action)s”") % {"action": action.label})
    FILE_FLOW.check(file, action=action, actor=actor)


def _move(
    file: HardshipFile,
    *,
    target: FileStatus,
    action: FileAction,
    actor: Any,
    note: str = "",
    fields: tuple[str, ...] = (),
) -> None:
    from_state = str(file.status)
    file.status = target
    file.save(update_fields=["status", *fields, "updated_at"])
    file_event(file=file, actor=actor, action=action, from_state=from_state, note=note)


def _tell_applicant(file: HardshipFile, *, title: str, body: str) -> None:
    user = file.applicant.user
    if user is not None:
        notify(
            recipients=[user],
            title=title,
            body=body,
            url=reverse("welfare_portal:mine"),
            category="welfare",
        )


def _a_year_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


# ---- 单位初审 and 入户调查 (the file's own union) -------------------------------------------------------------------


@transaction.atomic
def unit_check(*, file: HardshipFile, actor: Any, passed: bool, note: str = "") -> HardshipFile:
    """单位初审: passed → 单位初审通过; not passed → 已退回补充 with the note saying what to add (the applicant hears of
    it and resubmits)."""
    locked = _locked(file)
    _check(locked, FileAction.UNIT_CHECK, actor)
    note = note.strip()
    if passed:
        _move(locked, target=FileStatus.UNIT_CHECKED, action=FileAction.UNIT_CHECK, actor=actor, note=note)
        return locked
    if not note:
        raise ValidationError({"note": _("退回时请填写需要补充或更正的内容")})
    _move(locked, target=FileStatus.RETURNED, action=FileAction.RETURN, actor=actor, note=note)
    _tell_applicant(
        locked,
        title=_("困难职工帮扶申请需补充材料"),
        body=_("您的申请已退回，请按以下要求补充后重新提交：%(note)s") % {"note": note},
    )
    return locked


@transaction.atomic
def survey_record(
    *, file: HardshipFile, actor: Any, surveyed_on: dt.date, visitors: str, findings: str
) -> HomeSurvey:
    """入户调查: the visit's date (not in the future), who visited and the findings (sealed). The first survey moves
    a 单位初审通过 file to 已入户调查; a later one (a second visit, a filed household's yearly visit) is only added."""
    locked = _locked(file)
    _check(locked, FileAction.SURVEY, actor)
    visitors = visitors.strip()
    findings = findings.strip()
    errors: dict[str, str] = {}
    if surveyed_on > timezone.localdate():
        errors["surveyed_on"] = _("调查日期不能晚于今天")
    if not visitors:
        errors["visitors"] = _("请填写调查人员")
    elif len(visitors) > VISITORS_MAX:
        errors["visitors"] = _("调查人员不超过%(max)s个字") % {"max": VISITORS_MAX}
    if not findings:
        errors["findings"] = _("请填写调查结论")
    if errors:
        raise ValidationError(errors)
    survey = HomeSurvey.objects.create(
        file=locked,
        surveyed_on=surveyed_on,
        visitors=visitors,
        sealed=seal({"findings": findings}),
        recorded_by=actor,
    )
    note = _("调查日期 %(day)s，调查人员：%(visitors)s") % {
        "day": f"{surveyed_on:%Y-%m-%d}",
        "visitors": visitors,
    }
    if locked.status == FileStatus.UNIT_CHECKED:
        _move(locked, target=FileStatus.SURVEYED, action=FileAction.SURVEY, actor=actor, note=note)
    else:
        file_event(
            file=locked, actor=actor, action=FileAction.SURVEY, from_state=str(locked.status), note=note
        )
    return survey


# ---- 审核, 公示, 建档, 不予建档 (the union above) -----------------------------------------------------------------


@transaction.atomic
def file_review(*, file: HardshipFile, actor: Any, note: str = "") -> HardshipFile:
    """审核通过 (已入户调查 → 审核通过). Refused with every missing thing in a sentence of its own: the class decided
    (and not 不符合条件), the consent upload, each person's consent."""
    locked = _locked(file)
    _check(locked, FileAction.REVIEW, actor)
    blockers = review_blockers(locked)
    if blockers:
        raise ValidationError(dict(blockers))
    _move(locked, target=FileStatus.REVIEWED, action=FileAction.REVIEW, actor=actor, note=note.strip())
    return locked


def notice_title(file: HardshipFile) -> str:
    return _("%(org)s困难职工建档公示") % {"org": file.org.name}


@transaction.atomic
def file_publicise(
    *, file: HardshipFile, actor: Any, window: int | None = None, context: AuditContext | None = None
) -> Notice:
    """公示 (审核通过 → 公示中): one entry — the applicant's name, unit and class, nothing else — published at once
    to the members of the file's own union for `window` working days (the kind's 5 by default)."""
    locked = _locked(file)
    _check(locked, FileAction.PUBLICISE, actor)
    if locked.decided_class not in (HardshipClass.DEEP, HardshipClass.RELATIVE, HardshipClass.ACCIDENT):
        raise ValidationError({"decided_class": _("档案尚未核定困难类别，不能公示")})
    earlier = live_file_notice(locked)
    if earlier is not None and earlier.status in (NoticeStatus.DRAFT, NoticeStatus.PUBLISHED):
        entry = entry_of_file(earlier, locked)
        if entry is not None and entry.is_listed:
            raise ValidationError(
                {"window": _("该档案已有进行中的公示《%(title)s》") % {"title": earlier.title}}
            )
    publisher = Org.objects.get(path=review_path(locked.org))
    notice = notice_create(
        kind=NOTICE_KIND,
        owner=locked,
        org=publisher,
        title=notice_title(locked),
        body=_(
            "经%(org)s审核，下列职工家庭拟建立困难职工档案，现予以公示。公示期内如有异议，请通过会员端“公示”"
            "提出，注明所针对的对象和事实依据。"
        )
        % {"org": publisher.name},
        window_length=window,
        entries=[
            EntryInput(
                name=locked.applicant.name,
                unit=locked.org.unit_name or locked.org.name,
                reason=str(HardshipClass(locked.decided_class).label),
                subject=locked,
            )
        ],
        actor=actor,
        context=context,
    )
    notice = notice_publish(notice=notice, actor=actor, context=context)
    _move(
        locked,
        target=FileStatus.PUBLICISED,
        action=FileAction.PUBLICISE,
        actor=actor,
        note=_("《%(title)s》，公示期 %(start)s 至 %(end)s")
        % {
            "title": notice.title,
            "start": f"{notice.starts_on:%Y-%m-%d}",
            "end": f"{notice.ends_on:%Y-%m-%d}",
        },
    )
    return notice


@transaction.atomic
def file_archive(*, file: HardshipFile, actor: Any) -> HardshipFile:
    """建档 (公示中 → 已建档) once the 公示 has closed with the file's entry still listed: `filed_at` now, the next
    yearly review due a year after today; the applicant hears of it."""
    locked = _locked(file)
    _check(locked, FileAction.FILE, actor)
    notice = live_file_notice(locked)
    entry = entry_of_file(notice, locked) if notice is not None else None
    if notice is None or notice.status != NoticeStatus.CLOSED or entry is None or not entry.is_listed:
        raise ValidationError({"file": _("公示期满后才能建档")})
    today = timezone.localdate()
    locked.filed_at = timezone.now()
    locked.next_review_due = _a_year_after(today)
    _move(
        locked,
        target=FileStatus.FILED,
        action=FileAction.FILE,
        actor=actor,
        note=_("下次复核日期 %(day)s") % {"day": f"{locked.next_review_due:%Y-%m-%d}"},
        fields=("filed_at", "next_review_due"),
    )
    _tell_applicant(
        locked,
        title=_("困难职工档案已建立"),
        body=_("您的家庭已建立困难职工档案（%(cls)s），工会将按规定开展帮扶并每年复核")
        % {"cls": HardshipClass(locked.decided_class).label},
    )
    return locked


@transaction.atomic
def file_reject(
    *, file: HardshipFile, actor: Any, reason: str, context: AuditContext | None = None
) -> HardshipFile:
    """不予建档 from any open state, with the reason the applicant reads; a running 公示 of the file is cancelled."""
    locked = _locked(file)
    _check(locked, FileAction.REJECT, actor)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("请填写不予建档的理由")})
    notice = live_file_notice(locked)
    if notice is not None and notice.status in (NoticeStatus.DRAFT, NoticeStatus.PUBLISHED):
        notice_cancel(
            notice=notice, reason=_("不予建档：%(reason)s") % {"reason": reason}, actor=actor, context=context
        )
    locked.ended_at = timezone.now()
    locked.end_note = reason
    _move(
        locked,
        target=FileStatus.REJECTED,
        action=FileAction.REJECT,
        actor=actor,
        note=reason,
        fields=("ended_at", "end_note"),
    )
    _tell_applicant(
        locked,
        title=_("困难职工帮扶申请结果"),
        body=_("经审核，您的家庭暂不予建立困难职工档案。理由：%(reason)s") % {"reason": reason},
    )
    return locked


# ---- the 公示 owner kind's callbacks (registrations/files.py) ----------------------------------------------------


def notice_entry_withdrawn(entry: NoticeEntry, actor: Any) -> None:
    """`on_entry_withdrawn`: an upheld objection sends a 公示中 file back to 已入户调查 for another look (a new
    survey if needed, then 审核 and 公示 again)."""
    subject = entry.subject
    if not isinstance(subject, HardshipFile):
        return
    locked = _locked(subject)
    if locked.status != FileStatus.PUBLICISED:
        return
    _move(
        locked,
        target=FileStatus.SURVEYED,
        action=FileAction.RETURN,
        actor=actor,
        note=_("公示期间异议成立，已撤下公示，退回重新调查审核"),
    )


def notice_closed(notice: Notice, actor: Any) -> None:
    """`on_closed`: whoever made the 公示 hears that the file may now be filed."""
    file = notice.owner
    if not isinstance(file, HardshipFile) or file.status != FileStatus.PUBLICISED:
        return
    notify(
        recipients=[notice.created_by],
        title=_("困难职工建档公示期满"),
        body=_("《%(title)s》公示期满，档案 %(number)s 可以建档")
        % {"title": notice.title, "number": file.number},
        url=file.get_absolute_url(),
        category="welfare",
    )


def notice_step_record(notice: Notice, actor: Any, action: str, action_label: str, note: str) -> None:
    """`timeline`: the 公示's steps on the file's timeline — but its publication and an entry withdrawn, which the
    file's own 公示 and 退回 rows already record."""
    file = notice.owner
    if not isinstance(file, HardshipFile) or action in (NoticeAction.PUBLISH, NoticeAction.ENTRY_WITHDRAW):
        return
    timeline_record(
        subject=file,
        actor=actor,
        action=NOTICE_STEP + action,
        action_label=_("公示：%(label)s") % {"label": action_label},
        note=note,
    )
