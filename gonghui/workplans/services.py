"""Writes of the 工作要点 module: import a parsed plan, edit the tree by hand (merge, split, move, renumber, texts),
assign items and activities, and take progress reports. Keyword-only, actor explicit, one transaction each with
its timeline row. `actor=None` is the platform itself (the import command, the demo seeder): no permission check;
a user actor must hold the action on the plan's union (reports: on the reporting union)."""

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.actors import Actor
from gonghui.accounts.scoping import has_action
from gonghui.attachments.services import attachment_save
from gonghui.core.registry import plan_record_kinds
from gonghui.documents.models import Document
from gonghui.documents.services import document_draft_from_record
from gonghui.notifications.services import notify
from gonghui.orgs.choices import OrgStatus
from gonghui.orgs.models import Department, Org
from gonghui.orgs.targeting import OrgTarget, targets_expand

from .choices import NumberStyle, PlanAction, ProgressStatus
from .drafting import SUMMARY_TEMPLATE
from .events import link_event, plan_event, report_submitted_event
from .models import (
    MANAGE,
    REPORT,
    PlanActivity,
    PlanItem,
    PlanItemLink,
    PlanSection,
    ProgressReport,
    WorkPlan,
)
from .numerals import item_number
from .parsing import ParsedPlan
from .permissions import can_link
from .selectors import cadres_of

TITLE_MAX = 200
SECTION_TITLE_MAX = 200
NUMBER_MAX = 20
DOC_NUMBER_MAX = 50
_YEAR = re.compile(r"(20\d\d)\s*年")
_SENTENCE_END = "。；！？;!?"


# ---- helpers ---------------------------------------------------------------------------------------------


def _require(actor: Actor | None, action: str, org: Org) -> None:
    if actor is not None and not has_action(actor, action, org):
        raise PermissionDenied


def _plan_of_section(section: PlanSection) -> WorkPlan:
    return section.plan


def _plan_of_item(item: PlanItem) -> WorkPlan:
    return item.section.plan


def _short(text: str, n: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else f"{text[:n]}…"


def _item_label(item: PlanItem) -> str:
    return f"{item.number}{_short(item.text, 20)}"


def _clean_text(value: str, *, field: str, label: str) -> str:
    text = value.strip()
    if not text:
        raise ValidationError({field: _("请填写%(label)s") % {"label": label}})
    return text


def _plan_year(plan: ParsedPlan) -> int:
    if plan.date is not None:
        return plan.date.year
    found = _YEAR.search(plan.title)
    return int(found.group(1)) if found else timezone.localdate().year


def _place(siblings: list[Any], obj: Any, position: int) -> list[Any]:
    """`siblings` without `obj`, with `obj` inserted at 1-based `position` (clamped), orders rewritten 1..n."""
    rest = [s for s in siblings if s.pk != obj.pk]
    index = max(0, min(position - 1, len(rest)))
    rest.insert(index, obj)
    for order, sibling in enumerate(rest, 1):
        sibling.order = order
    return rest


def _compact[M: PlanItem | PlanActivity](siblings: "QuerySet[M]") -> list[M]:
    """The siblings in their order with orders rewritten 1..n (after a removal or a move away)."""
    rows = list(siblings.order_by("order", "id"))
    for order, sibling in enumerate(rows, 1):
        sibling.order = order
    return rows


def _join_texts(first: str, second: str) -> str:
    first = first.rstrip()
    return f"{first}{second}" if not first or first[-1] in _SENTENCE_END else f"{first}。{second}"


# ---- import ----------------------------------------------------------------------------------------------


def workplan_check(plan: ParsedPlan) -> None:
    """Can this parsed plan be imported at all? Raises a ValidationError on `file` (shown right after the upload)."""
    if not plan.title.strip():
        raise ValidationError({"file": _("文件中没有识别出工作要点的标题")})
    if len(plan.title) > TITLE_MAX:
        raise ValidationError({"file": _("标题超过 %(n)d 个字") % {"n": TITLE_MAX}})
    if len((plan.doc_number or "").strip()) > DOC_NUMBER_MAX:
        raise ValidationError({"file": _("文号超过 %(n)d 个字") % {"n": DOC_NUMBER_MAX}})
    if not any(section.items for section in plan.sections):
        raise ValidationError({"file": _("文件中没有识别出任何编号条目")})
    for s_index, section in enumerate(plan.sections, 1):
        if len(section.title) > SECTION_TITLE_MAX:
            raise ValidationError(
                {"file": _("第 %(n)d 部分的标题超过 %(max)d 个字") % {"n": s_index, "max": SECTION_TITLE_MAX}}
            )
        for item in section.items:
            if len(item.number) > NUMBER_MAX:
                raise ValidationError(
                    {
                        "file": _("第 %(n)d 部分条目序号“%(number)s”过长")
                        % {"n": s_index, "number": item.number}
                    }
                )


@transaction.atomic
def workplan_import(*, org: Org, plan: ParsedPlan, actor: Actor | None = None, source_name: str) -> WorkPlan:
    """Store a parsed plan as the tree WorkPlan → PlanSection → PlanItem → PlanActivity for the issuing union
    `org`; all or nothing. The same 文号 cannot be imported twice for one union."""
    _require(actor, MANAGE, org)
    if org.status != OrgStatus.ACTIVE:
        raise ValidationError({"org": _("发文工会已停用")})
    workplan_check(plan)
    doc_number = (plan.doc_number or "").strip()
    if doc_number and WorkPlan.objects.filter(org=org, doc_number=doc_number).exists():
        raise ValidationError(
            {
                "file": _("%(org)s 已导入文号为 %(number)s 的工作要点")
                % {"org": org.name, "number": doc_number}
            }
        )
    work_plan = WorkPlan(
        org=org,
        title=plan.title.strip(),
        doc_number=doc_number,
        issuer=(plan.issuer or "").strip()[:100],
        date=plan.date,
        year=_plan_year(plan),
        source_name=source_name[:200],
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    try:
        with transaction.atomic():
            work_plan.save()
    except IntegrityError:
        raise ValidationError({"file": _("该工会已导入相同文号的工作要点")}) from None
    sections = PlanSection.objects.bulk_create(
        [
            PlanSection(plan=work_plan, title=s.title.strip() or _("（无标题）"), order=i)
            for i, s in enumerate(plan.sections, 1)
        ]
    )
    items: list[PlanItem] = []
    activities: list[list[str]] = []
    for section, parsed in zip(sections, plan.sections, strict=True):
        for order, parsed_item in enumerate(parsed.items, 1):
            items.append(
                PlanItem(
                    section=section, number=parsed_item.number.strip(), text=parsed_item.text, order=order
                )
            )
            activities.append(parsed_item.activities)
    items = PlanItem.objects.bulk_create(items)
    PlanActivity.objects.bulk_create(
        [
            PlanActivity(item=item, text=text, order=order)
            for item, texts in zip(items, activities, strict=True)
            for order, text in enumerate(texts, 1)
        ]
    )
    n_activities = sum(len(a) for a in activities)
    plan_event(
        plan=work_plan,
        actor=actor,
        action=PlanAction.IMPORT,
        note=_("从 %(file)s 导入：%(s)d 个部分、%(i)d 个条目、%(a)d 项具体工作")
        % {"file": source_name, "s": len(sections), "i": len(items), "a": n_activities},
    )
    return work_plan


# ---- plan and sections -----------------------------------------------------------------------------------


@transaction.atomic
def workplan_update(
    *,
    plan: WorkPlan,
    actor: Actor | None,
    title: str,
    doc_number: str,
    issuer: str,
    date: dt.date | None,
    year: int,
) -> WorkPlan:
    _require(actor, MANAGE, plan.org)
    plan.title = _clean_text(title, field="title", label=_("标题"))
    plan.doc_number = doc_number.strip()
    plan.issuer = issuer.strip()
    plan.date = date
    plan.year = year
    plan.full_clean(exclude=["org", "created_by"], validate_constraints=False)
    if (
        plan.doc_number
        and WorkPlan.objects.filter(org=plan.org_id, doc_number=plan.doc_number).exclude(pk=plan.pk).exists()
    ):
        raise ValidationError({"doc_number": _("该工会已有相同文号的工作要点")})
    plan.save(update_fields=["title", "doc_number", "issuer", "date", "year", "updated_at"])
    plan_event(plan=plan, actor=actor, action=PlanAction.EDIT, note=plan.title)
    return plan


@transaction.atomic
def section_update(*, section: PlanSection, actor: Actor | None, title: str) -> PlanSection:
    plan = _plan_of_section(section)
    _require(actor, MANAGE, plan.org)
    old = section.title
    section.title = _clean_text(title, field="title", label=_("部分标题"))[:SECTION_TITLE_MAX]
    section.save(update_fields=["title", "updated_at"])
    plan_event(plan=plan, actor=actor, action=PlanAction.EDIT_SECTION, note=f"“{old}”改为“{section.title}”")
    return section


@transaction.atomic
def section_renumber(
    *, section: PlanSection, actor: Actor | None, style: str, start: int = 1
) -> list[PlanItem]:
    """Number the section's items in their order: （一）（二）…, 一是 二是 …, or 1 2 …, from `start`."""
    plan = _plan_of_section(section)
    _require(actor, MANAGE, plan.org)
    if style not in NumberStyle.values:
        raise ValidationError({"style": _("请选择编号样式")})
    items = list(section.items.order_by("order", "id"))
    if not start >= 1 or start + len(items) - 1 > 99:
        raise ValidationError(
            {"start": _("起始序号须在 1 到 %(max)d 之间") % {"max": 100 - max(len(items), 1)}}
        )
    for n, item in enumerate(items, start):
        item.number = item_number(style, n)
    PlanItem.objects.bulk_update(items, ["number"])
    if items:
        plan_event(
            plan=plan,
            actor=actor,
            action=PlanAction.RENUMBER,
            note=f"{section.title}：{items[0].number}—{items[-1].number}",
        )
    return items


# ---- items -----------------------------------------------------------------------------------------------


@transaction.atomic
def item_create(*, section: PlanSection, actor: Actor | None, number: str, text: str) -> PlanItem:
    plan = _plan_of_section(section)
    _require(actor, MANAGE, plan.org)
    last = section.items.aggregate(m=Max("order"))["m"] or 0
    item = PlanItem.objects.create(
        section=section,
        number=number.strip()[:NUMBER_MAX],
        text=_clean_text(text, field="text", label=_("条目内容")),
        order=last + 1,
    )
    plan_event(
        plan=plan, actor=actor, action=PlanAction.ADD_ITEM, note=f"{section.title}：{_item_label(item)}"
    )
    return item


@transaction.atomic
def item_update(*, item: PlanItem, actor: Actor | None, number: str, text: str) -> PlanItem:
    plan = _plan_of_item(item)
    _require(actor, MANAGE, plan.org)
    item.number = number.strip()[:NUMBER_MAX]
    item.text = _clean_text(text, field="text", label=_("条目内容"))
    item.save(update_fields=["number", "text", "updated_at"])
    plan_event(plan=plan, actor=actor, action=PlanAction.EDIT_ITEM, note=_item_label(item))
    return item


def _merged_targets(a: Sequence[dict[str, Any]], b: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    merged = list(a)
    for target in b:
        if target not in merged:
            merged.append(target)
    return merged


@transaction.atomic
def item_merge(*, item: PlanItem, other: PlanItem, actor: Actor | None) -> PlanItem:
    """Merge `other` into `item`: its text is appended, its activities follow `item`'s, its progress reports and
    participants move over, and `other` is removed. Both must belong to the same plan."""
    plan = _plan_of_item(item)
    _require(actor, MANAGE, plan.org)
    if other.pk == item.pk:
        raise ValidationError({"other": _("不能与条目自身合并")})
    if other.section.plan_id != plan.pk:
        raise ValidationError({"other": _("只能合并同一工作要点中的条目")})
    label = _item_label(other)
    item.text = _join_texts(item.text, other.text)
    item.lead_department_id = item.lead_department_id or other.lead_department_id
    item.lead_org_id = item.lead_org_id or other.lead_org_id
    item.due_month = item.due_month or other.due_month
    item.participant_targets = _merged_targets(item.participant_targets, other.participant_targets)
    item.save(
        update_fields=[
            "text",
            "lead_department",
            "lead_org",
            "due_month",
            "participant_targets",
            "updated_at",
        ]
    )
    item.participants.add(*other.participants.all())
    last = item.activities.aggregate(m=Max("order"))["m"] or 0
    moved = list(other.activities.order_by("order", "id"))
    for offset, activity in enumerate(moved, 1):
        activity.item = item
        activity.order = last + offset
    PlanActivity.objects.bulk_update(moved, ["item", "order"])
    ProgressReport.objects.filter(item=other).update(item=item)
    section = other.section
    other.delete()
    PlanItem.objects.bulk_update(_compact(section.items.all()), ["order"])
    plan_event(
        plan=plan, actor=actor, action=PlanAction.MERGE_ITEMS, note=f"{label} 并入 {_item_label(item)}"
    )
    return item


@transaction.atomic
def item_split(
    *,
    item: PlanItem,
    actor: Actor | None,
    first_text: str,
    second_text: str,
    second_number: str = "",
    activity_ids: Iterable[int] = (),
) -> PlanItem:
    """Split an item in two: it keeps `first_text`, a new item right after it takes `second_text` and the chosen
    activities. Progress reports stay with the first item."""
    plan = _plan_of_item(item)
    _require(actor, MANAGE, plan.org)
    first = _clean_text(first_text, field="first_text", label=_("前一条的内容"))
    second = _clean_text(second_text, field="second_text", label=_("后一条的内容"))
    wanted = set(activity_ids)
    moving = list(item.activities.filter(pk__in=wanted).order_by("order", "id"))
    if len(moving) != len(wanted):
        raise ValidationError({"activity_ids": _("所选具体工作不属于该条目")})
    item.text = first
    item.save(update_fields=["text", "updated_at"])
    section = item.section
    new = PlanItem.objects.create(
        section=section, number=second_number.strip()[:NUMBER_MAX], text=second, order=item.order + 1
    )
    PlanItem.objects.bulk_update(
        _place(list(section.items.order_by("order", "id")), new, item.order + 1), ["order"]
    )
    for order, activity in enumerate(moving, 1):
        activity.item = new
        activity.order = order
    PlanActivity.objects.bulk_update(moving, ["item", "order"])
    PlanActivity.objects.bulk_update(_compact(item.activities.all()), ["order"])
    plan_event(
        plan=plan,
        actor=actor,
        action=PlanAction.SPLIT_ITEM,
        note=f"{_item_label(item)} 拆出 {_item_label(new)}",
    )
    return new


@transaction.atomic
def item_move(*, item: PlanItem, actor: Actor | None, section: PlanSection, position: int) -> PlanItem:
    """Move an item to 1-based `position` of `section` (the same or another part of the plan)."""
    plan = _plan_of_item(item)
    _require(actor, MANAGE, plan.org)
    if section.plan_id != plan.pk:
        raise ValidationError({"section": _("只能移动到同一工作要点的部分")})
    old_section = item.section
    item.section = section
    item.save(update_fields=["section", "updated_at"])
    placed = _place(list(section.items.order_by("order", "id")), item, position)
    PlanItem.objects.bulk_update(placed, ["order"])
    if old_section.pk != section.pk:
        PlanItem.objects.bulk_update(_compact(old_section.items.all()), ["order"])
    where = section.title if old_section.pk != section.pk else _("本部分")
    plan_event(
        plan=plan,
        actor=actor,
        action=PlanAction.MOVE_ITEM,
        note=f"{_item_label(item)} 移至{where}第 {item.order} 条",
    )
    return item


@transaction.atomic
def item_delete(*, item: PlanItem, actor: Actor | None) -> None:
    """Remove an item with its activities; refused once a union has reported on it (merge it instead)."""
    plan = _plan_of_item(item)
    _require(actor, MANAGE, plan.org)
    if item.reports.exists():
        raise ValidationError(_("已有单位报告进展的条目不能删除，可将其合并到其他条目"))
    label = _item_label(item)
    section = item.section
    item.delete()
    PlanItem.objects.bulk_update(_compact(section.items.all()), ["order"])
    plan_event(plan=plan, actor=actor, action=PlanAction.DELETE_ITEM, note=label)


# ---- activities ------------------------------------------------------------------------------------------


@transaction.atomic
def activity_create(*, item: PlanItem, actor: Actor | None, text: str) -> PlanActivity:
    plan = _plan_of_item(item)
    _require(actor, MANAGE, plan.org)
    last = item.activities.aggregate(m=Max("order"))["m"] or 0
    activity = PlanActivity.objects.create(
        item=item, text=_clean_text(text, field="text", label=_("具体工作")), order=last + 1
    )
    plan_event(
        plan=plan,
        actor=actor,
        action=PlanAction.ADD_ACTIVITY,
        note=f"{_item_label(item)}：{_short(activity.text)}",
    )
    return activity


@transaction.atomic
def activity_update(*, activity: PlanActivity, actor: Actor | None, text: str) -> PlanActivity:
    plan = _plan_of_item(activity.item)
    _require(actor, MANAGE, plan.org)
    activity.text = _clean_text(text, field="text", label=_("具体工作"))
    activity.save(update_fields=["text", "updated_at"])
    plan_event(plan=plan, actor=actor, action=PlanAction.EDIT_ACTIVITY, note=_short(activity.text))
    return activity


@transaction.atomic
def activity_move(
    *, activity: PlanActivity, actor: Actor | None, item: PlanItem, position: int
) -> PlanActivity:
    """Move an activity to 1-based `position` under `item` (the same or another item of the plan)."""
    plan = _plan_of_item(activity.item)
    _require(actor, MANAGE, plan.org)
    if item.section.plan_id != plan.pk:
        raise ValidationError({"item": _("只能移动到同一工作要点的条目")})
    old_item = activity.item
    activity.item = item
    activity.save(update_fields=["item", "updated_at"])
    PlanActivity.objects.bulk_update(
        _place(list(item.activities.order_by("order", "id")), activity, position), ["order"]
    )
    if old_item.pk != item.pk:
        PlanActivity.objects.bulk_update(_compact(old_item.activities.all()), ["order"])
    plan_event(
        plan=plan,
        actor=actor,
        action=PlanAction.MOVE_ACTIVITY,
        note=f"{_short(activity.text)} 移至 {_item_label(item)} 第 {activity.order} 项",
    )
    return activity


@transaction.atomic
def activity_delete(*, activity: PlanActivity, actor: Actor | None) -> None:
    item = activity.item
    plan = _plan_of_item(item)
    _require(actor, MANAGE, plan.org)
    label = _short(activity.text)
    activity.delete()
    PlanActivity.objects.bulk_update(_compact(item.activities.all()), ["order"])
    plan_event(
        plan=plan, actor=actor, action=PlanAction.DELETE_ACTIVITY, note=f"{_item_label(item)}：{label}"
    )


# ---- assignment ------------------------------------------------------------------------------------------


def _month_label(month: int | None) -> str:
    return f"{month}月" if month else "未定"


@transaction.atomic
def assignment_set(
    *,
    target: PlanItem | PlanActivity,
    actor: Actor | None,
    lead_department: Department | None = None,
    lead_org: Org | None = None,
    participants: Sequence[OrgTarget] = (),
    due_month: int | None = None,
) -> PlanItem | PlanActivity:
    """Assign an item or an activity: a lead department of the issuing union or a lead union in its subtree,
    participating unions chosen with `orgs.targeting` inside the issuing union's subtree, a due month."""
    plan = _plan_of_item(target if isinstance(target, PlanItem) else target.item)
    _require(actor, MANAGE, plan.org)
    if lead_department is not None and lead_department.org_id != plan.org_id:
        raise ValidationError({"lead_department": _("牵头部门必须是%(org)s的部门") % {"org": plan.org.name}})
    if lead_org is not None and (
        not lead_org.path.startswith(plan.org.path) or lead_org.status != OrgStatus.ACTIVE
    ):
        raise ValidationError(
            {"lead_org": _("牵头单位必须是%(org)s或其下级的正常组织") % {"org": plan.org.name}}
        )
    if due_month is not None and not 1 <= due_month <= 12:
        raise ValidationError({"due_month": _("完成月份须在 1 到 12 月之间")})
    try:
        expanded = list(targets_expand(participants, within=plan.org, include_within=True))
    except ValidationError as exc:
        raise ValidationError({"participants": exc.messages}) from None
    target.lead_department = lead_department
    target.lead_org = lead_org
    target.due_month = due_month
    target.participant_targets = [t.as_dict() for t in participants]
    target.save(
        update_fields=["lead_department", "lead_org", "due_month", "participant_targets", "updated_at"]
    )
    target.participants.set(expanded)
    lead = lead_department.name if lead_department else (lead_org.name if lead_org else "未定")
    if lead_org is not None and lead_org.pk != plan.org_id:
        item = target if isinstance(target, PlanItem) else target.item
        notify(
            recipients=cadres_of(lead_org, REPORT),
            title=_("%(org)s牵头：%(plan)s %(item)s")
            % {"org": lead_org.name, "plan": plan.title, "item": item.number},
            body=_short(target.text, 60),
            url=reverse("workplans:item_detail", args=[item.pk]),
            category="workplans",
        )
    what = _item_label(target) if isinstance(target, PlanItem) else _short(target.text)
    plan_event(
        plan=plan,
        actor=actor,
        action=PlanAction.ASSIGN,
        note=_("%(what)s：牵头 %(lead)s；参与单位 %(n)d 个；完成时限 %(due)s")
        % {"what": what, "lead": lead, "n": len(expanded), "due": _month_label(due_month)},
    )
    return target


# ---- progress reports ------------------------------------------------------------------------------------


@transaction.atomic
def progress_report_submit(
    *,
    item: PlanItem,
    org: Org,
    actor: Actor | None,
    status: str,
    text: str,
    uploads: Sequence[UploadedFile[bytes]] = (),
) -> ProgressReport:
    """Record `org`'s progress on `item` (with attachments). All or nothing: a refused attachment stores nothing."""
    plan = _plan_of_item(item)
    if not org.path.startswith(plan.org.path) or org.status != OrgStatus.ACTIVE:
        raise ValidationError({"org": _("%(org)s 不在本工作要点的范围内") % {"org": org.name}})
    _require(actor, REPORT, org)
    if status not in ProgressStatus.values:
        raise ValidationError({"status": _("请选择进展状态")})
    body = _clean_text(text, field="text", label=_("进展情况"))
    previous = (
        ProgressReport.objects.filter(item=item, org=org)
        .order_by("-created_at", "-id")
        .values_list("status", flat=True)
        .first()
    )
    report = ProgressReport.objects.create(
        item=item,
        org=org,
        status=status,
        text=body,
        reported_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    for upload in uploads:
        try:
            attachment_save(owner=report, org=org, upload=upload, actor=actor)
        except ValidationError as exc:
            messages = (
                exc.message_dict.get("file", exc.messages) if hasattr(exc, "error_dict") else exc.messages
            )
            raise ValidationError({"attachments": [f"{upload.name}：{m}" for m in messages]}) from None
    report_submitted_event(report=report, actor=actor, previous=previous or "")
    if status == ProgressStatus.BLOCKED:
        notify(
            recipients=cadres_of(plan.org, MANAGE),
            title=_("工作要点条目受阻：%(item)s") % {"item": item.number},
            body=f"{org.name}：{_short(body, 60)}",
            url=reverse("workplans:item_detail", args=[item.pk]),
            category="workplans",
        )
    return report


# ---- 落实记录 --------------------------------------------------------------------------------------------------


@transaction.atomic
def item_link_add(*, item: PlanItem, actor: Actor | None, kind: str, object_id: int) -> PlanItemLink:
    """Link a record (of the registered kind `kind`) that carries out the item. A user actor must be allowed to
    link on the item (`can_link`) and must see the record: it has to be among what the kind offers the actor
    (`candidates`, searched by the record's own title)."""
    plan = _plan_of_item(item)
    if actor is not None and not can_link(actor, item, plan):
        raise PermissionDenied
    if kind not in plan_record_kinds:
        raise ValidationError({"kind": _("请选择记录类型")})
    record_kind = plan_record_kinds.get(kind)
    ref = record_kind.records([object_id]).get(object_id)
    # one message for a record that is gone and one the actor does not see: nothing to learn about others' records
    if ref is None or (
        actor is not None and object_id not in {r.object_id for r in record_kind.candidates(actor, ref.title)}
    ):
        raise ValidationError({"object_id": _("所选%(kind)s不存在或无权关联") % {"kind": record_kind.label}})
    if PlanItemLink.objects.filter(item=item, kind=kind, object_id=object_id).exists():
        raise ValidationError(
            {
                "object_id": _("%(kind)s“%(title)s”已关联到本条目")
                % {"kind": record_kind.label, "title": ref.title}
            }
        )
    link = PlanItemLink.objects.create(
        item=item,
        kind=kind,
        object_id=object_id,
        title=ref.title[:300],
        linked_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    link_event(link=link, actor=actor, action=PlanAction.LINK, kind_label=record_kind.label)
    return link


@transaction.atomic
def item_link_remove(*, link: PlanItemLink, actor: Actor | None) -> None:
    """取消关联: the record itself is untouched; the item's timeline keeps the row."""
    item = link.item
    if actor is not None and not can_link(actor, item, _plan_of_item(item)):
        raise PermissionDenied
    label = plan_record_kinds.get(link.kind).label if link.kind in plan_record_kinds else link.kind
    link_event(link=link, actor=actor, action=PlanAction.UNLINK, kind_label=label)
    link.delete()


@transaction.atomic
def plan_summary_document_draft(*, plan: WorkPlan, actor: Actor) -> Document:
    """起草年终总结: a 公文 draft of the issuing union (关于…年度工作总结的报告) written from the items' 落实记录 and
    progress reports (`drafting.summary_draft_text`); the plan's timeline says so. Needs workplans.manage on the
    plan's union and documents.manage there (checked by documents)."""
    _require(actor, MANAGE, plan.org)
    document = document_draft_from_record(
        org=plan.org, actor=actor, record=plan, template_key=SUMMARY_TEMPLATE
    )
    plan_event(plan=plan, actor=actor, action=PlanAction.DRAFT_SUMMARY, note=f"《{document.title}》")
    return document
