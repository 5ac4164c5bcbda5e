"""工作要点 pages of the console: the list, the import (upload → preview → confirm), the plan with its editable
tree, one form page per edit (merge, split, move, renumber, texts, assignment), the item with its progress
reports, the board and the year-end summary as PDF. Thin: selectors read, services write. The summary workbook is the
`workplan_summary` exporter (`spreadsheets.py`), served by `spreadsheets:export_start`."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.accounts.scoping import has_action
from gonghui.accounts.workspace import current_org
from gonghui.core.audit import AuditContext
from gonghui.core.errors import validation_error_text
from gonghui.core.forms import apply_validation_error, form_perform, posted_data
from gonghui.core.htmx import htmx_partial, htmx_redirect
from gonghui.core.http import sensitive_response
from gonghui.core.pagination import paginate, query_without_page
from gonghui.core.pdf import pdf_response
from gonghui.core.timeline import timeline_for
from gonghui.documents.addressing import phrase_orgs

from .choices import NumberStyle, ProgressStatus
from .forms import (
    ActivityForm,
    ActivityMoveForm,
    AssignmentForm,
    ConfirmForm,
    ImportForm,
    ItemForm,
    ItemMoveForm,
    MergeForm,
    PlanForm,
    RenumberForm,
    ReportForm,
    SectionForm,
    SplitForm,
)
from .models import MANAGE, REPORT, VIEW, PlanActivity, PlanItem, WorkPlan
from .parsing import parsed_plan_from_dict, workplan_parse_bytes
from .permissions import can_link, can_manage_plan
from .plan_files import WorkplanReadError
from .selectors import (
    activity_get_for_user,
    item_activities,
    item_get_for_user,
    item_labels,
    item_links,
    item_links_visible,
    item_reports_for_user,
    item_timeline_for_user,
    items_before,
    plan_board,
    plan_counts,
    plan_departments,
    plan_get_for_user,
    plan_issuers_for_user,
    plan_item_choices,
    plan_list_for_user,
    plan_orgs,
    plan_section_choices,
    plan_sections,
    plan_years_for_user,
    report_attachments,
    report_orgs_for_user,
    section_get_for_user,
    target_labels,
)
from .services import (
    activity_create,
    activity_delete,
    activity_move,
    activity_update,
    assignment_set,
    item_create,
    item_delete,
    item_merge,
    item_move,
    item_split,
    item_update,
    progress_report_submit,
    section_renumber,
    section_update,
    workplan_check,
    workplan_import,
    workplan_update,
)
from .summary import plan_summary_pdf, summary_filename

SESSION_IMPORT = "workplans_import"
REPORTS_SHOWN = 200
STATUS_BADGES = {
    ProgressStatus.NOT_STARTED: "bg-secondary-lt",
    ProgressStatus.IN_PROGRESS: "bg-azure-lt",
    ProgressStatus.DONE: "bg-green-lt",
    ProgressStatus.BLOCKED: "bg-red-lt",
}


def _plan_url(plan: WorkPlan) -> str:
    return reverse("workplans:plan_detail", args=[plan.public_id])


def _item_anchor(item: PlanItem) -> str:
    return f"{_plan_url(item.section.plan)}#item-{item.pk}"


def _form_render(
    request: AuthedRequest,
    *,
    form: Any,
    plan: WorkPlan,
    title: str,
    back: str,
    intro: str = "",
    confirm: str = "",
    danger: bool = False,
    template: str = "workplans/plan_form.html",
) -> HttpResponse:
    """The GET half of a form page (and its re-render with errors); the POST half is `form_perform`."""
    context = {
        "form": form,
        "plan": plan,
        "title": title,
        "back": back,
        "intro": intro,
        "confirm": confirm,
        "danger": danger,
    }
    return render(request, template, context)


def _saved(title: str) -> str:
    return f"已保存：{title}"


# ---- list and import -------------------------------------------------------------------------------------


@console_view(VIEW)
def plan_list(request: AuthedRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    year_text = request.GET.get("year", "").strip()
    year = int(year_text) if year_text.isdigit() else None
    page = paginate(request, plan_list_for_user(user=request.user, query=query, year=year))
    context = {
        "page": page,
        "querystring": query_without_page(request),
        "query": query,
        "year": year,
        "years": plan_years_for_user(user=request.user),
        "can_import": plan_issuers_for_user(user=request.user).exists(),
    }
    if htmx_partial(request):
        return render(request, "workplans/partials/plan_table.html", context)
    return render(request, "workplans/plan_list.html", context)


@console_view(MANAGE)
def plan_import(request: AuthedRequest) -> HttpResponse:
    """Step 1: choose the issuing union and upload the document; it is parsed and kept for the preview."""
    issuers = plan_issuers_for_user(user=request.user)
    if not issuers.exists():
        raise PermissionDenied
    here = current_org(request)
    initial = {"org": here.pk} if here is not None and issuers.filter(pk=here.pk).exists() else {}
    form = ImportForm(posted_data(request), request.FILES or None, issuers=issuers, initial=initial)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            parsed = workplan_parse_bytes(upload.read(), upload.name or "")
            workplan_check(parsed)
        except WorkplanReadError as exc:
            form.add_error("file", str(exc))
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            request.session[SESSION_IMPORT] = {
                "org": form.cleaned_data["org"].pk,
                "source_name": upload.name or "",
                "plan": parsed.as_json(),
            }
            return htmx_redirect(request, reverse("workplans:plan_import_preview"))
    return render(request, "workplans/plan_import.html", {"form": form})


@console_view(MANAGE)
def plan_import_preview(request: AuthedRequest) -> HttpResponse:
    """Step 2: the parsed tree with its counts; confirming imports it (all or nothing)."""
    pending = request.session.get(SESSION_IMPORT)
    if not pending:
        messages.info(request, "请先上传工作要点文件")
        return redirect("workplans:plan_import")
    issuer = plan_issuers_for_user(user=request.user).filter(pk=pending["org"]).first()
    if issuer is None:
        request.session.pop(SESSION_IMPORT, None)
        raise PermissionDenied
    parsed = parsed_plan_from_dict(pending["plan"])
    error = ""
    if request.method == "POST":
        if "cancel" in request.POST:
            request.session.pop(SESSION_IMPORT, None)
            messages.info(request, "已取消导入")
            return htmx_redirect(request, reverse("workplans:plan_list"))
        try:
            plan = workplan_import(
                org=issuer, plan=parsed, actor=request.user, source_name=pending["source_name"]
            )
        except ValidationError as exc:
            error = "；".join(exc.messages)
        else:
            request.session.pop(SESSION_IMPORT, None)
            messages.success(request, f"已导入 {plan.title}")
            return htmx_redirect(request, _plan_url(plan))
    items = [i for s in parsed.sections for i in s.items]
    context = {
        "parsed": parsed,
        "issuer": issuer,
        "source_name": pending["source_name"],
        "counts": {
            "sections": len(parsed.sections),
            "items": len(items),
            "activities": sum(len(i.activities) for i in items),
        },
        "error": error,
    }
    return render(request, "workplans/plan_import_preview.html", context)


# ---- the plan --------------------------------------------------------------------------------------------


@console_view(VIEW)
def plan_detail(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    plan = plan_get_for_user(user=request.user, public_id=public_id)
    sections = plan_sections(plan=plan)
    labels = target_labels(sections)
    for section in sections:
        for item in section.items.all():
            for part in (item, *item.activities.all()):
                setattr(part, "participants_label", "、".join(labels.get(id(part), [])))  # noqa: B010
    context = {
        "plan": plan,
        "sections": sections,
        "counts": plan_counts(sections),
        "can_manage": can_manage_plan(request.user, plan),
        "can_report": bool(report_orgs_for_user(user=request.user, plan=plan)),
        "timeline": timeline_for(plan),
    }
    return render(request, "workplans/plan_detail.html", context)


@console_view(MANAGE)
def plan_edit(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    plan = plan_get_for_user(user=request.user, public_id=public_id, action=MANAGE)
    initial = {k: getattr(plan, k) for k in ("title", "doc_number", "issuer", "date", "year")}
    form = PlanForm(posted_data(request), initial=initial)

    title = "修改基本信息"
    done = form_perform(
        request,
        form,
        lambda data: workplan_update(plan=plan, actor=request.user, **data),
        success=_saved(title),
        then=_plan_url(plan),
    )
    return done or _form_render(request, form=form, plan=plan, title=title, back=_plan_url(plan))


@console_view(VIEW)
def plan_board_view(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    plan = plan_get_for_user(user=request.user, public_id=public_id)
    code = request.GET.get("org", "").strip()
    orgs = plan_orgs(plan=plan)
    if not has_action(request.user, VIEW, plan.org):
        orgs = orgs.visible_to(request.user, VIEW)  # a union below drills into its own subtree only
    within = orgs.filter(code=code).first() if code else None
    board = plan_board(plan=plan, user=request.user, within=within)
    children = orgs.filter(path__startswith=board.within.path, depth=board.within.depth + 1)
    context = {
        "plan": plan,
        "board": board,
        "badges": STATUS_BADGES,
        "children": children,
        "can_manage": can_manage_plan(request.user, plan),
    }
    return render(request, "workplans/plan_board.html", context)


@sensitive_response
@require_POST
@console_view(MANAGE)
def plan_export_pdf(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    plan = plan_get_for_user(user=request.user, public_id=public_id, action=MANAGE)
    pdf = plan_summary_pdf(plan=plan, user=request.user, context=AuditContext.of(request))
    return pdf_response(pdf, summary_filename(plan, "pdf"), inline=False)


# ---- sections --------------------------------------------------------------------------------------------


@console_view(MANAGE)
def section_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    section = section_get_for_user(user=request.user, pk=pk)
    plan = section.plan
    form = SectionForm(posted_data(request), initial={"title": section.title})

    title = "修改部分标题"
    done = form_perform(
        request,
        form,
        lambda data: section_update(section=section, actor=request.user, title=data["title"]),
        success=_saved(title),
        then=_plan_url(plan),
    )
    return done or _form_render(request, form=form, plan=plan, title=title, back=_plan_url(plan))


@console_view(MANAGE)
def section_renumber_view(request: AuthedRequest, pk: int) -> HttpResponse:
    section = section_get_for_user(user=request.user, pk=pk)
    plan = section.plan
    before = items_before(section=section)
    form = RenumberForm(
        posted_data(request), initial={"style": NumberStyle.PAREN_CHINESE, "start": before + 1}
    )

    title = f"重新编号：{section.title}"
    done = form_perform(
        request,
        form,
        lambda data: section_renumber(
            section=section, actor=request.user, style=data["style"], start=data["start"]
        ),
        success=_saved(title),
        then=_plan_url(plan),
    )
    return done or _form_render(
        request,
        form=form,
        plan=plan,
        title=title,
        back=_plan_url(plan),
        intro="按本部分条目的当前顺序重新编写序号，原有序号将被覆盖。",
        confirm="确定重新编号吗？",
    )


@console_view(MANAGE)
def item_create_view(request: AuthedRequest, pk: int) -> HttpResponse:
    section = section_get_for_user(user=request.user, pk=pk)
    plan = section.plan
    form = ItemForm(posted_data(request))

    title = f"新增条目：{section.title}"
    done = form_perform(
        request,
        form,
        lambda data: item_create(
            section=section, actor=request.user, number=data["number"], text=data["text"]
        ),
        success=_saved(title),
        then=_item_anchor,
    )
    return done or _form_render(request, form=form, plan=plan, title=title, back=_plan_url(plan))


# ---- items -----------------------------------------------------------------------------------------------


@console_view(VIEW)
def item_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    item = item_get_for_user(user=request.user, pk=pk)
    plan = item.section.plan
    reports = list(item_reports_for_user(user=request.user, item=item)[:REPORTS_SHOWN])
    files = report_attachments(reports)
    activities = item_activities(item=item)
    participants, activity_labels = item_labels(item, activities)
    context = {
        "plan": plan,
        "item": item,
        "participants": participants,
        "activities": list(zip(activities, activity_labels, strict=True)),
        "report_rows": [(r, files[r.pk]) for r in reports],
        "badges": STATUS_BADGES,
        "can_manage": can_manage_plan(request.user, plan),
        "can_report": bool(report_orgs_for_user(user=request.user, plan=plan)),
        "timeline": item_timeline_for_user(user=request.user, item=item),
        "links": item_links(item=item) if item_links_visible(request.user, item) else None,
        "can_link": can_link(request.user, item, plan),
    }
    return render(request, "workplans/item_detail.html", context)


@console_view(MANAGE)
def item_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    item = item_get_for_user(user=request.user, pk=pk, action=MANAGE)
    plan = item.section.plan
    form = ItemForm(posted_data(request), initial={"number": item.number, "text": item.text})

    title = f"修改条目 {item.number}"
    done = form_perform(
        request,
        form,
        lambda data: item_update(item=item, actor=request.user, number=data["number"], text=data["text"]),
        success=_saved(title),
        then=_item_anchor(item),
    )
    return done or _form_render(request, form=form, plan=plan, title=title, back=_item_anchor(item))


def _assign_page(
    request: AuthedRequest, obj: PlanItem | PlanActivity, plan: WorkPlan, title: str
) -> HttpResponse:
    form = AssignmentForm(
        posted_data(request),
        issuer=plan.org,
        orgs=plan_orgs(plan=plan),
        departments=plan_departments(plan=plan),
        targets=obj.participant_targets,
        preview_url=reverse("workplans:participants_preview", args=[plan.public_id]),
        initial={
            "lead_department": obj.lead_department_id,
            "lead_org": obj.lead_org_id,
            "due_month": str(obj.due_month or ""),
        },
    )
    item = obj if isinstance(obj, PlanItem) else obj.item

    done = form_perform(
        request,
        form,
        lambda data: assignment_set(
            target=obj,
            actor=request.user,
            lead_department=data["lead_department"],
            lead_org=data["lead_org"],
            participants=form.targets(),
            due_month=data["due_month"],
        ),
        success=_saved(title),
        then=_item_anchor(item),
    )
    return done or _form_render(
        request,
        form=form,
        plan=plan,
        title=title,
        back=_item_anchor(item),
        intro="牵头部门是发文工会的内设部门，牵头单位是发文工会或其下级工会，二者选一。参与单位可像公文主送一样直接填写（如“各县（市）区教科文卫体工会”或组织名称），也可按单个组织、本级及下级、直属下级或层级逐个选择，两者合并计算。",
        template="workplans/assign_form.html",
    )


@console_view(MANAGE)
def participants_preview(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    """The orgs a 主送-style participants phrase reaches under the plan's union, shown while typing."""
    plan = plan_get_for_user(user=request.user, public_id=public_id, action=MANAGE)
    phrase = request.GET.get("phrase", "").strip()[:500]
    error, orgs = "", []
    if phrase:
        try:
            orgs = list(phrase_orgs(phrase, issuer=plan.org, field="phrase"))
        except ValidationError as exc:
            error = validation_error_text(exc)
    return render(request, "workplans/partials/participants_preview.html", {"orgs": orgs, "error": error})


@console_view(MANAGE)
def item_assign(request: AuthedRequest, pk: int) -> HttpResponse:
    item = item_get_for_user(user=request.user, pk=pk, action=MANAGE)
    return _assign_page(request, item, item.section.plan, f"分工：条目 {item.number}")


@console_view(MANAGE)
def item_merge_view(request: AuthedRequest, pk: int) -> HttpResponse:
    item = item_get_for_user(user=request.user, pk=pk, action=MANAGE)
    plan = item.section.plan
    candidates = plan_item_choices(plan=plan).exclude(pk=item.pk)
    following = candidates.filter(section=item.section, order__gt=item.order).first()
    form = MergeForm(
        posted_data(request), candidates=candidates, initial={"other": following.pk if following else None}
    )

    title = f"合并条目：并入 {item.number}"
    done = form_perform(
        request,
        form,
        lambda data: item_merge(item=item, other=data["other"], actor=request.user),
        success=_saved(title),
        then=_item_anchor(item),
    )
    return done or _form_render(
        request,
        form=form,
        plan=plan,
        title=title,
        back=_item_anchor(item),
        intro="所选条目的内容接在本条之后，其具体工作、进展报告和参与单位一并移入本条，所选条目随后删除。",
        confirm="确定合并吗？合并后不能撤销。",
        danger=True,
    )


@console_view(MANAGE)
def item_split_view(request: AuthedRequest, pk: int) -> HttpResponse:
    item = item_get_for_user(user=request.user, pk=pk, action=MANAGE)
    plan = item.section.plan
    form = SplitForm(posted_data(request), item=item, initial={"first_text": item.text})

    title = f"拆分条目 {item.number}"
    done = form_perform(
        request,
        form,
        lambda data: item_split(
            item=item,
            actor=request.user,
            first_text=data["first_text"],
            second_text=data["second_text"],
            second_number=data["second_number"],
            activity_ids=data["activity_ids"],
        ),
        success=_saved(title),
        then=_item_anchor(item),
    )
    return done or _form_render(
        request,
        form=form,
        plan=plan,
        title=title,
        back=_item_anchor(item),
        intro="把本条内容分成两段：本条保留前一段，后一段成为紧随其后的新条目。拆分后可对本部分重新编号。",
    )


@console_view(MANAGE)
def item_move_view(request: AuthedRequest, pk: int) -> HttpResponse:
    item = item_get_for_user(user=request.user, pk=pk, action=MANAGE)
    plan = item.section.plan
    form = ItemMoveForm(
        posted_data(request),
        sections=plan_section_choices(plan=plan),
        initial={"section": item.section_id, "position": item.order},
    )

    title = f"移动条目 {item.number}"
    done = form_perform(
        request,
        form,
        lambda data: item_move(
            item=item, actor=request.user, section=data["section"], position=data["position"]
        ),
        success=_saved(title),
        then=_item_anchor(item),
    )
    return done or _form_render(request, form=form, plan=plan, title=title, back=_item_anchor(item))


@console_view(MANAGE)
def item_delete_view(request: AuthedRequest, pk: int) -> HttpResponse:
    item = item_get_for_user(user=request.user, pk=pk, action=MANAGE)
    plan = item.section.plan
    form = ConfirmForm(posted_data(request))

    title = f"删除条目 {item.number}"
    done = form_perform(
        request,
        form,
        lambda _data: item_delete(item=item, actor=request.user),
        success=_saved(title),
        then=_plan_url(plan),
    )
    return done or _form_render(
        request,
        form=form,
        plan=plan,
        title=title,
        back=_item_anchor(item),
        intro=f"将删除条目“{item.number}{item.text[:60]}”及其具体工作。已有进展报告的条目不能删除。",
        confirm="确定删除吗？",
        danger=True,
    )


@console_view(MANAGE)
def activity_create_view(request: AuthedRequest, pk: int) -> HttpResponse:
    item = item_get_for_user(user=request.user, pk=pk, action=MANAGE)
    plan = item.section.plan
    form = ActivityForm(posted_data(request))

    title = f"新增具体工作：条目 {item.number}"
    done = form_perform(
        request,
        form,
        lambda data: activity_create(item=item, actor=request.user, text=data["text"]),
        success=_saved(title),
        then=_item_anchor(item),
    )
    return done or _form_render(request, form=form, plan=plan, title=title, back=_item_anchor(item))


@console_view(REPORT)
def report_create(request: AuthedRequest, pk: int) -> HttpResponse:
    item = item_get_for_user(user=request.user, pk=pk, action=REPORT)
    plan = item.section.plan
    orgs = report_orgs_for_user(user=request.user, plan=plan)
    here = current_org(request)
    initial = {"org": here.pk if here is not None and here in orgs else orgs[0].pk}
    form = ReportForm(posted_data(request), request.FILES or None, orgs=orgs, initial=initial)
    back = reverse("workplans:item_detail", args=[item.pk])

    title = f"报告进展：条目 {item.number}"
    done = form_perform(
        request,
        form,
        lambda data: progress_report_submit(
            item=item,
            org=data["org"],
            actor=request.user,
            status=data["status"],
            text=data["text"],
            uploads=data["attachments"],
        ),
        success=_saved(title),
        then=back,
    )
    return done or _form_render(request, form=form, plan=plan, title=title, back=back, intro=item.text[:200])


# ---- activities ------------------------------------------------------------------------------------------


@console_view(MANAGE)
def activity_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    activity = activity_get_for_user(user=request.user, pk=pk)
    plan = activity.item.section.plan
    form = ActivityForm(posted_data(request), initial={"text": activity.text})

    title = "修改具体工作"
    done = form_perform(
        request,
        form,
        lambda data: activity_update(activity=activity, actor=request.user, text=data["text"]),
        success=_saved(title),
        then=_item_anchor(activity.item),
    )
    return done or _form_render(request, form=form, plan=plan, title=title, back=_item_anchor(activity.item))


@console_view(MANAGE)
def activity_assign(request: AuthedRequest, pk: int) -> HttpResponse:
    activity = activity_get_for_user(user=request.user, pk=pk)
    return _assign_page(request, activity, activity.item.section.plan, f"分工：{activity.text[:30]}")


@console_view(MANAGE)
def activity_move_view(request: AuthedRequest, pk: int) -> HttpResponse:
    activity = activity_get_for_user(user=request.user, pk=pk)
    plan = activity.item.section.plan
    form = ActivityMoveForm(
        posted_data(request),
        items=plan_item_choices(plan=plan),
        initial={"item": activity.item_id, "position": activity.order},
    )

    title = "移动具体工作"
    back = _item_anchor(activity.item)
    done = form_perform(
        request,
        form,
        lambda data: activity_move(
            activity=activity, actor=request.user, item=data["item"], position=data["position"]
        ),
        success=_saved(title),
        then=lambda moved: _item_anchor(moved.item),
    )
    return done or _form_render(request, form=form, plan=plan, title=title, back=back)


@console_view(MANAGE)
def activity_delete_view(request: AuthedRequest, pk: int) -> HttpResponse:
    activity = activity_get_for_user(user=request.user, pk=pk)
    plan = activity.item.section.plan
    item = activity.item
    form = ConfirmForm(posted_data(request))

    title = "删除具体工作"
    done = form_perform(
        request,
        form,
        lambda _data: activity_delete(activity=activity, actor=request.user),
        success=_saved(title),
        then=_item_anchor(item),
    )
    return done or _form_render(
        request,
        form=form,
        plan=plan,
        title=title,
        back=_item_anchor(item),
        intro=f"将删除具体工作“{activity.text[:80]}”。",
        confirm="确定删除吗？",
        danger=True,
    )
