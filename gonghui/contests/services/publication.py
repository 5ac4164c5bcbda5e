"""Writes of the publication part: the results 公示 (a notice of the notices block owned by the contest, one entry per
awarded entry of the results round), the withdrawal of an award when an objection to it is upheld (with the award
certificates already issued for it revoked), the contest's side of the notice's steps (its timeline, the organiser
told when the window has closed) and the results announcement drafted as a 联合行文 公文 from the contest.
Keyword-only, actor explicit, one transaction each with its timeline row."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.accounts.actors import Actor
from gonghui.certificates.choices import CertificateStatus
from gonghui.certificates.selectors import certificates_of_owner
from gonghui.certificates.services import certificate_revoke
from gonghui.core.audit import AuditContext
from gonghui.core.locking import lock
from gonghui.core.timeline import timeline_record
from gonghui.documents.models import Document
from gonghui.documents.services import document_draft_from_record
from gonghui.members.models import Member
from gonghui.notices.choices import EntryKind as NoticeEntryKind
from gonghui.notices.models import Notice, NoticeEntry
from gonghui.notices.services import EntryInput, notice_create
from gonghui.notifications.services import notify

from ..choices import EntryAction, EntryKind
from ..events import entry_event
from ..models import Contest, Entry
from ..permissions import can_organise
from ..selectors.publication import (
    ANNOUNCEMENT_TEMPLATE,
    AWARD_CERTIFICATE_KIND,
    NOTICE_KIND,
    awarded_entries,
    entry_names,
    live_results_notice,
    results_round,
)

# The contest's timeline rows for its 公示 steps: "notice_<NoticeAction>" (notice_create, notice_publish …).
NOTICE_STEP = "notice_"


def notice_title(contest: Contest) -> str:
    return _("%(title)s获奖名单公示") % {"title": contest.title}


def _notice_body(contest: Contest, *, round_name: str) -> str:
    organisers = "、".join([contest.org.name, *contest.co_organisers])
    return _(
        "%(organisers)s联合举办的%(title)s%(round)s已评出结果，现将获奖名单予以公示。"
        "公示期内，如对公示对象有异议，请通过会员端“公示”提出，注明所针对的对象和事实依据。"
    ) % {"organisers": organisers, "title": contest.title, "round": round_name}


@transaction.atomic
def results_notice_create(
    *,
    contest: Contest,
    actor: Actor,
    window_length: int | None = None,
    context: AuditContext | None = None,
) -> Notice:
    """A draft results 公示 of the contest: one entry per awarded entry of its results round (names — the leader
    first —, union, group, award), published, objected to and answered on the notices pages. Refused while the last
    round has no final results, when nothing was awarded, or when a 公示 that is not cancelled exists already."""
    if not can_organise(actor, contest):
        raise PermissionDenied(_("只有竞赛主办工会可以发布结果公示"))
    contest = lock(Contest, pk=contest.pk, related=("org",))
    contest_round = results_round(contest)
    if contest_round is None:
        raise ValidationError({"contest": _("竞赛最后一轮尚未确定结果，不能公示")})
    existing = live_results_notice(contest)
    if existing is not None:
        message = _("本竞赛已有结果公示《%(title)s》（%(status)s），如需重新公示请先撤销") % {
            "title": existing.title,
            "status": existing.get_status_display(),
        }
        raise ValidationError({"contest": message})
    entries = [
        EntryInput(
            name=entry_names(entry),
            unit=entry.entrant_org.name,
            reason=entry.group.name + (f"：{entry.title}" if entry.title else ""),
            extra=entry.award,
            entry_kind=NoticeEntryKind.ORG
            if entry.group.entry_kind == EntryKind.TEAM
            else NoticeEntryKind.PERSON,
            subject=entry,
        )
        for entry in awarded_entries(contest_round)
    ]
    if not entries:
        raise ValidationError({"contest": _("竞赛最后一轮没有获奖的参赛报名，无需公示")})
    notice = notice_create(
        kind=NOTICE_KIND,
        owner=contest,
        org=contest.org,
        title=notice_title(contest),
        body=_notice_body(contest, round_name=contest_round.name),
        window_length=window_length,
        entries=entries,
        actor=actor,
        context=context,
    )
    timeline_record(
        subject=contest,
        actor=actor,
        action=NOTICE_STEP + "create",
        action_label=_("创建结果公示"),
        to_state=str(contest.status),
        note=_("《%(title)s》，%(count)s个公示对象") % {"title": notice.title, "count": len(entries)},
    )
    return notice


@transaction.atomic
def entry_award_withdraw(*, entry: Entry, actor: Actor) -> Entry:
    """An upheld objection to an awarded entry: its award is cleared (the entry stays, ranked), the timeline says
    公示异议成立，撤销奖项, and the award certificates already issued to its people are revoked."""
    entry = lock(Entry, pk=entry.pk, related=("round__contest", "group"))
    contest = entry.round.contest
    if not can_organise(actor, contest):
        raise PermissionDenied(_("只有竞赛主办工会可以撤销奖项"))
    if not entry.award:
        return entry
    award = entry.award
    entry.award = ""
    entry.save(update_fields=["award", "updated_at"])
    entry_event(
        entry=entry,
        actor=actor,
        action=EntryAction.AWARD,
        note=_("公示异议成立，撤销奖项（原为%(award)s）") % {"award": award},
    )
    member_type = ContentType.objects.get_for_model(Member)
    holders = list(entry.people.filter(active=True).values_list("member_id", flat=True))
    issued = certificates_of_owner(contest).filter(
        kind=AWARD_CERTIFICATE_KIND,
        status=CertificateStatus.VALID,
        holder_type=member_type,
        holder_id__in=holders,
    )
    for certificate in issued:
        certificate_revoke(
            certificate=certificate,
            reason=_("%(title)s结果公示异议成立，奖项已撤销") % {"title": contest.title},
            actor=actor,
        )
    return entry


# ---- the contest's side of its notice (called by the notices block through the owner kind) ----------------------


def notice_entry_withdrawn(notice_entry: NoticeEntry, actor: Any) -> None:
    """`on_entry_withdrawn`: the notice entry's subject is the awarded `Entry`."""
    subject = notice_entry.subject
    if isinstance(subject, Entry):
        entry_award_withdraw(entry=subject, actor=actor)


def notice_step_record(notice: Notice, actor: Any, action: str, action_label: str, note: str) -> None:
    """`timeline`: each step of the results 公示 (published, an entry withdrawn, cancelled, the result) on the
    contest's timeline."""
    contest = notice.owner
    if not isinstance(contest, Contest):
        return
    timeline_record(
        subject=contest,
        actor=actor,
        action=NOTICE_STEP + action,
        action_label=_("结果公示：%(label)s") % {"label": action_label},
        to_state=str(contest.status),
        note=note,
    )


def notice_closed(notice: Notice, actor: Any) -> None:
    """`on_closed`: the organiser who made the 公示 hears that its window has closed and the announcement may be
    drafted (the result itself reaches the contest's timeline through `notice_step_record`)."""
    contest = notice.owner
    if not isinstance(contest, Contest):
        return
    notify(
        recipients=[notice.created_by],
        title=_("竞赛结果公示期满"),
        body=_("《%(title)s》公示期满，可在“结果发布”页生成结果通报公文草稿、批量颁发获奖证书")
        % {"title": notice.title},
        url=reverse("contests:publication", args=[contest.pk]),
        category="contests",
    )


# ---- the announcement ------------------------------------------------------------------------------------------


@transaction.atomic
def results_announcement_draft(*, contest: Contest, actor: Actor) -> Document:
    """生成公文草稿: the results 通报 of the contest's union, drafted from the contest by the registered template
    (title, body by group and award level, 主送, the co-organisers as 联合发文机关); the contest and the draft name
    each other on their timelines (documents' service writes both rows)."""
    if not can_organise(actor, contest):
        raise PermissionDenied(_("只有竞赛主办工会可以生成结果通报"))
    if results_round(contest) is None:
        raise ValidationError({"contest": _("竞赛最后一轮尚未确定结果，不能生成结果通报")})
    return document_draft_from_record(
        org=contest.org, actor=actor, record=contest, template_key=ANNOUNCEMENT_TEMPLATE
    )
