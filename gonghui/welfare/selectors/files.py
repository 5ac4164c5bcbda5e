"""Reads of hardship files (part `files`): one file for a user (404 outside the subtree, 403 without the action),
the file list of the user's subtrees with its filters, the files waiting for the user's step (the home counter),
the flow's state table (`FILE_FLOW`: who may take which step from which state — the pages show its buttons, the
services refuse with it), what still blocks 审核, the file's 公示, and the file page's own context."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypedDict

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from gonghui.accounts.scoping import action_paths, has_action_anywhere, scope_q
from gonghui.core.timeline import timeline_for
from gonghui.core.workflow import Transition, Workflow
from gonghui.notices.choices import EntryStatus, NoticeStatus
from gonghui.notices.models import Notice, NoticeEntry
from gonghui.orgs.models import Org

from ..choices import OPEN_STATUSES, FileAction, FileStatus, HardshipClass
from ..models import HardshipFile, HomeSurvey, HouseholdMember
from ..permissions import MANAGE, VIEW, can_handle_file, can_review_file

NOTICE_KIND = "welfare.file"  # the 公示 owner kind (registrations/files.py)
NOTICE_STEP = "notice_"  # timeline actions of the 公示's steps on the file: notice_result, notice_cancel …
NOTICES_VIEW = "notices.view"
SEALED_MASK = "已登记（已加密）"

# The steps of this part. 入户调查 may be repeated (a second visit, the yearly visit of a filed household);
# only the first moves the file. 不予建档 ends any open file.
FILE_FLOW = Workflow(
    state_field="status",
    state_enum=FileStatus,
    transitions=(
        Transition(
            FileAction.UNIT_CHECK,
            frozenset({FileStatus.APPLIED}),
            FileStatus.UNIT_CHECKED,
            allowed=can_handle_file,
        ),
        Transition(
            FileAction.SURVEY,
            frozenset({FileStatus.UNIT_CHECKED, FileStatus.SURVEYED, FileStatus.FILED}),
            FileStatus.SURVEYED,
            allowed=can_handle_file,
        ),
        Transition(
            FileAction.REVIEW, frozenset({FileStatus.SURVEYED}), FileStatus.REVIEWED, allowed=can_review_file
        ),
        Transition(
            FileAction.PUBLICISE,
            frozenset({FileStatus.REVIEWED}),
            FileStatus.PUBLICISED,
            allowed=can_review_file,
        ),
        Transition(
            FileAction.FILE, frozenset({FileStatus.PUBLICISED}), FileStatus.FILED, allowed=can_review_file
        ),
        Transition(
            FileAction.REJECT,
            frozenset(str(s) for s in OPEN_STATUSES),
            FileStatus.REJECTED,
            allowed=can_review_file,
        ),
    ),
)

# action → (URL name of its page, button label)
STEP_PAGES: dict[str, tuple[str, str]] = {
    FileAction.UNIT_CHECK: ("welfare:unit_check", "单位初审"),
    FileAction.SURVEY: ("welfare:survey", "登记入户调查"),
    FileAction.REVIEW: ("welfare:review", "审核"),
    FileAction.PUBLICISE: ("welfare:publicise", "公示"),
    FileAction.FILE: ("welfare:file", "建档"),
    FileAction.REJECT: ("welfare:reject", "不予建档"),
}
PRIMARY_STEPS = (
    FileAction.UNIT_CHECK,
    FileAction.REVIEW,
    FileAction.PUBLICISE,
    FileAction.FILE,
)

STATUS_BADGES = {
    FileStatus.APPLIED: "bg-blue-lt",
    FileStatus.RETURNED: "bg-orange-lt",
    FileStatus.UNIT_CHECKED: "bg-azure-lt",
    FileStatus.SURVEYED: "bg-azure-lt",
    FileStatus.REVIEWED: "bg-cyan-lt",
    FileStatus.PUBLICISED: "bg-yellow-lt",
    FileStatus.FILED: "bg-green-lt",
    FileStatus.LIFTED: "bg-teal-lt",
    FileStatus.CLOSED: "bg-secondary-lt",
    FileStatus.REJECTED: "bg-red-lt",
}


class FileFilters(TypedDict, total=False):
    q: str
    status: str
    hardship_class: str
    org: int | None
    year: int | None
    todo: bool


@dataclass(frozen=True)
class Step:
    action: str
    label: str
    url: str
    primary: bool


def files_visible_to(user: Any) -> QuerySet[HardshipFile]:
    return HardshipFile.objects.visible_to(user, VIEW).select_related("org", "applicant", "household")


def file_for(user: Any, pk: int, *, demand: str | None = None) -> HardshipFile:
    """The file `pk` if the user sees it (`welfare.view`), and holds `demand` on it when given."""
    return HardshipFile.objects.select_related("org", "applicant", "household").get_visible_or_404(
        user, VIEW, demand=demand, pk=pk
    )


def user_sees_file(user: Any, file: Any) -> bool:
    """The attachment access check of a file's uploads (the consent): whoever sees the file with `welfare.view`,
    and the applicant member themself."""
    if not isinstance(file, HardshipFile):
        return False
    if file.applicant.user_id is not None and file.applicant.user_id == getattr(user, "pk", None):
        return True
    return HardshipFile.objects.visible_to(user, VIEW).filter(pk=file.pk).exists()


# ---- the list -------------------------------------------------------------------------------------------------


def _choice(value: str | None, allowed: list[str]) -> str:
    return value if value in allowed else ""


def _number(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 12 else None


def file_filters(params: Mapping[str, str]) -> FileFilters:
    """The list's filters from its query string (the page and its export share them)."""
    year = _number(params.get("year"))
    return {
        "q": (params.get("q") or "").strip()[:50],
        "status": _choice(params.get("status"), FileStatus.values),
        "hardship_class": _choice(params.get("hardship_class"), HardshipClass.values),
        "org": _number(params.get("org")),
        "year": year if year is not None and 2000 <= year <= 2100 else None,
        "todo": params.get("todo") in ("1", "on"),
    }


def _review_q(user: Any) -> Q:
    """Files whose reviewing union (the one above theirs; their own at the root) lies in the user's subtrees for
    `welfare.manage`."""
    q = Q(pk__in=[])
    for path in action_paths(user, MANAGE):
        q |= Q(org__path__startswith=path) & (~Q(org__path=path) | Q(org__depth=1))
    return q


def _entry_closed_q() -> Exists:
    """The file's entry is still listed in a 公示 that has closed."""
    return Exists(
        NoticeEntry.objects.filter(
            subject_type=ContentType.objects.get_for_model(HardshipFile),
            subject_id=OuterRef("pk"),
            status=EntryStatus.LISTED,
            notice__kind=NOTICE_KIND,
            notice__status=NoticeStatus.CLOSED,
        )
    )


def files_awaiting(user: Any) -> QuerySet[HardshipFile]:
    """Files waiting for a step the user may take: 单位初审 and 入户调查 of the user's own unions' files; 审核, 公示 and
    建档 (its 公示 closed) of the files of the unions below."""
    handled = scope_q(user, MANAGE, path_field="org__path")
    reviewed = _review_q(user)
    return HardshipFile.objects.visible_to(user, VIEW).filter(
        (handled & Q(status__in=[FileStatus.APPLIED, FileStatus.UNIT_CHECKED]))
        | (reviewed & Q(status__in=[FileStatus.SURVEYED, FileStatus.REVIEWED]))
        | (reviewed & Q(status=FileStatus.PUBLICISED) & _entry_closed_q())
    )


def files_awaiting_count(user: Any) -> int:
    return files_awaiting(user).count()


def file_list_for_user(user: Any, filters: FileFilters | None = None) -> QuerySet[HardshipFile]:
    """The files of the user's subtrees (`welfare.view` only), newest application first, with the filters: q (the
    applicant's name or the file number), status, class (the decided one), a union's subtree, the year of the
    application, and "waiting for my step"."""
    filters = filters or {}
    files = files_awaiting(user) if filters.get("todo") else HardshipFile.objects.visible_to(user, VIEW)
    files = files.select_related("org", "applicant")
    if text := (filters.get("q") or "").strip():
        files = files.filter(Q(applicant__name__icontains=text) | Q(number__icontains=text))
    if status := filters.get("status"):
        files = files.filter(status=status)
    if hardship_class := filters.get("hardship_class"):
        files = files.filter(decided_class=hardship_class)
    if org_id := filters.get("org"):
        org = Org.objects.visible_to(user, VIEW).filter(pk=org_id).first()
        files = files.filter(org__path__startswith=org.path) if org is not None else files.none()
    if year := filters.get("year"):
        files = files.filter(submitted_at__year=year)
    return files.order_by("-submitted_at", "-pk")


def filter_orgs(user: Any) -> QuerySet[Org]:
    """The unions of the list's union filter: those of the user's files and the unions above them in the user's
    subtrees."""
    paths = set(HardshipFile.objects.visible_to(user, VIEW).values_list("org__path", flat=True).distinct())
    prefixes = {path[:end] for path in paths for end in range(Org.steplen, len(path) + 1, Org.steplen)}
    return Org.objects.visible_to(user, VIEW).filter(path__in=prefixes).order_by("path")


def file_years(user: Any) -> list[int]:
    return sorted(
        {d.year for d in HardshipFile.objects.visible_to(user, VIEW).dates("submitted_at", "year")},
        reverse=True,
    )


def may_create_file(user: Any) -> bool:
    return has_action_anywhere(user, MANAGE)


# ---- one file -------------------------------------------------------------------------------------------------


def live_file_notice(file: HardshipFile) -> Notice | None:
    """The file's latest 公示 that was not cancelled (a closed one included)."""
    return (
        Notice.objects.filter(
            kind=NOTICE_KIND,
            owner_type=ContentType.objects.get_for_model(HardshipFile),
            owner_id=file.pk,
        )
        .exclude(status=NoticeStatus.CANCELLED)
        .order_by("-created_at", "-pk")
        .first()
    )


def entry_of_file(notice: Notice, file: HardshipFile) -> NoticeEntry | None:
    return notice.entries.filter(
        subject_type=ContentType.objects.get_for_model(HardshipFile), subject_id=file.pk
    ).first()


def people_without_consent(file: HardshipFile) -> list[str]:
    return list(
        HouseholdMember.objects.filter(household_id=file.household_id, consent_at__isnull=True)
        .order_by("pk")
        .values_list("name", flat=True)
    )


def review_blockers(file: HardshipFile) -> list[tuple[str, str]]:
    """What keeps the file from 审核通过, one (field, sentence) per missing thing; empty when it may pass."""
    blockers: list[tuple[str, str]] = []
    if not file.decided_class:
        blockers.append(("decided_class", _("尚未核定困难类别，请先根据测算结果核定类别。")))
    elif file.decided_class == HardshipClass.NOT_ELIGIBLE:
        blockers.append(
            ("decided_class", _("核定类别为“不符合条件”，不能审核通过；如不予建档，请办理“不予建档”。"))
        )
    if file.consent_attachment_id is None:
        blockers.append(("consent_attachment", _("尚未上传授权委托书（家庭经济状况核查授权）。")))
    missing = people_without_consent(file)
    if missing:
        blockers.append(
            ("people", _("以下家庭成员尚未授权核查家庭经济状况：%(names)s。") % {"names": "、".join(missing)})
        )
    return blockers


def notice_ready(file: HardshipFile) -> bool:
    """Has the file's 公示 closed with its entry still listed (may it be filed)?"""
    notice = live_file_notice(file)
    if notice is None or notice.status != NoticeStatus.CLOSED:
        return False
    entry = entry_of_file(notice, file)
    return entry is not None and entry.is_listed


def file_wait_message(file: HardshipFile) -> str:
    """Why 建档 must wait, with the 公示's end date when there is one."""
    notice = live_file_notice(file)
    if notice is not None and notice.status == NoticeStatus.PUBLISHED and notice.ends_on is not None:
        return _("公示期至%(date)s，期满（公示结束）后才能建档。") % {
            "date": date_format(notice.ends_on, "Y年n月j日")
        }
    return _("公示期满后才能建档。")


def file_steps(user: Any, file: HardshipFile) -> list[Step]:
    """The buttons of the file page's header: the steps of this part the user may take in the file's state."""
    steps: list[Step] = []
    for transition in FILE_FLOW.available_actions(file, user):
        url_name, label = STEP_PAGES[str(transition.action)]
        steps.append(
            Step(
                action=str(transition.action),
                label=label,
                url=reverse(url_name, args=[file.pk]),
                primary=transition.action in PRIMARY_STEPS,
            )
        )
    return steps


def surveys_of(file: HardshipFile) -> QuerySet[HomeSurvey]:
    return HomeSurvey.objects.filter(file=file).select_related("recorded_by").order_by("-surveyed_on", "-pk")


def file_detail_context(user: Any, file: HardshipFile) -> dict[str, Any]:
    """The file page's own part (the other parts' cards come from their `<part>_panel` selectors): the state,
    the steps the user may take, the surveys (findings sealed: never shown here), the 公示 and the timeline."""
    notice = live_file_notice(file)
    entry = entry_of_file(notice, file) if notice is not None else None
    return {
        "file": file,
        "badge": STATUS_BADGES.get(FileStatus(file.status), "bg-secondary-lt"),
        "steps": file_steps(user, file),
        "awaiting_notice": file.status == FileStatus.PUBLICISED and not notice_ready(file),
        "surveys": surveys_of(file),
        "sealed_mask": SEALED_MASK,
        "notice": notice,
        "notice_entry": entry,
        "notice_visible": notice is not None
        and Notice.objects.visible_to(user, NOTICES_VIEW).filter(pk=notice.pk).exists(),
        "timeline": timeline_for(file),
    }


def step_page_context(user: Any, file: HardshipFile, action: FileAction) -> dict[str, Any]:
    """What an action page shows: whether the file's state allows the step now (else a message instead of the
    form), and for 审核 what still blocks it."""
    allowed = FILE_FLOW.can(file, action, user)
    context: dict[str, Any] = {
        "file": file,
        "badge": STATUS_BADGES.get(FileStatus(file.status), "bg-secondary-lt"),
        "step_label": str(action.label),
        "state_allows": allowed,
    }
    if action == FileAction.REVIEW and allowed:
        context["blockers"] = [message for _field, message in review_blockers(file)]
    if action == FileAction.FILE and allowed:
        context["blockers"] = [] if notice_ready(file) else [file_wait_message(file)]
    if action == FileAction.PUBLICISE:
        context["entry_preview"] = {
            "name": file.applicant.name,
            "unit": file.org.unit_name or file.org.name,
            "hardship_class": file.get_decided_class_display() or "—",
        }
    return context
