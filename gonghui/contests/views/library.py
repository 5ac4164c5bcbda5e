"""Pages of the results library (竞赛成果): the console list (search, kind and contest filters; `?contest=<pk>` from
the contest hub), the item form, one item with its files, publishing and withdrawing; the member's list and one
item on the portal. A member opening an item on the portal counts a read, in the cache only (a GET writes no row);
the console page shows the count without adding to it (organisers checking their item are not readers). An outside
account granted a contest (合作单位联系人) reads that contest's published items in the console."""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.accounts.scoping import has_action_anywhere
from gonghui.core.forms import button_perform, form_perform, posted_data
from gonghui.core.pagination import paginate, query_without_page
from gonghui.core.timeline import timeline_for
from gonghui.members.decorators import portal_view

from ..choices import LibraryKind
from ..forms.library import LibraryFileForm, LibraryFilterForm, LibraryItemForm
from ..models import LibraryItem
from ..permissions import MANAGE, VIEW
from ..selectors.library import (
    library_awarded_entries,
    library_contest_visible,
    library_contests_for_user,
    library_file_get_or_404,
    library_files,
    library_granted_only,
    library_item_can_manage,
    library_item_get_for_member_or_404,
    library_item_get_for_user,
    library_item_list_for_user,
    library_items_for_member,
    library_orgs_for_manager,
    library_read_total,
    library_with_read_totals,
)
from ..services.library import (
    STATE_LABELS,
    library_file_add,
    library_file_remove,
    library_item_create,
    library_item_publish,
    library_item_unpublish,
    library_item_update,
    library_read_record,
)


def _filters(request: AuthedRequest) -> tuple[str, str]:
    form = LibraryFilterForm(request.GET)
    if not form.is_valid():
        return "", ""
    return form.cleaned_data["q"].strip(), form.cleaned_data["kind"]


@console_view(VIEW)
def library_list(request: AuthedRequest) -> HttpResponse:
    query, kind = _filters(request)
    contest = library_contest_visible(request.user, request.GET.get("contest"))
    items = library_item_list_for_user(
        request.user, query=query, kind=kind, contest_id=contest.pk if contest else None
    )
    page = paginate(request, items)
    library_with_read_totals(list(page.object_list))
    context = {
        "page": page,
        "querystring": query_without_page(request),
        "query": query,
        "kind": kind,
        "kinds": LibraryKind.choices,
        "contest": contest,
        "contests": library_contests_for_user(request.user),
        "can_create": has_action_anywhere(request.user, MANAGE),
        "filtered": bool(query or kind or contest),
        "granted_only": library_granted_only(request.user),
    }
    return render(request, "contests/library_list.html", context)


def _form(request: AuthedRequest, *, initial: dict[str, Any]) -> LibraryItemForm:
    return LibraryItemForm(
        posted_data(request),
        initial=initial,
        orgs=library_orgs_for_manager(request.user),
        contests=library_contests_for_user(request.user),
        entries=library_awarded_entries(request.user),
    )


def _fields(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "org": data["org"],
        "title": data["title"],
        "kind": data["kind"],
        "authors": data["authors"],
        "contest": data["contest"],
        "entry": data["entry"],
        "summary": data["summary"],
        "tags": data["tags"],
    }


@console_view(MANAGE)
def library_create_view(request: AuthedRequest) -> HttpResponse:
    contest = library_contest_visible(request.user, request.GET.get("contest"))
    initial: dict[str, Any] = {"kind": LibraryKind.LESSON}
    if contest is not None:
        initial["contest"] = contest.pk
    form = _form(request, initial=initial)
    done = form_perform(
        request,
        form,
        lambda data: library_item_create(actor=request.user, **_fields(data)),
        success=lambda item: f"已新增成果“{item.title}”，上传文件后即可发布",
        then=lambda item: reverse("contests:library_detail", args=[item.pk]),
    )
    return done or render(request, "contests/library_form.html", {"form": form, "item": None})


@console_view(VIEW)
def library_edit_view(request: AuthedRequest, item_id: int) -> HttpResponse:
    item = library_item_get_for_user(request.user, item_id, demand=MANAGE)
    initial = {
        "org": item.org_id,
        "title": item.title,
        "kind": item.kind,
        "authors": item.authors,
        "contest": item.contest_id,
        "entry": item.entry_id,
        "summary": item.summary,
        "tags": "、".join(item.tags),
    }
    form = _form(request, initial=initial)
    done = form_perform(
        request,
        form,
        lambda data: library_item_update(item=item, actor=request.user, **_fields(data)),
        success="成果已保存",
        then=reverse("contests:library_detail", args=[item.pk]),
    )
    return done or render(request, "contests/library_form.html", {"form": form, "item": item})


@console_view(VIEW)
def library_detail(request: AuthedRequest, item_id: int) -> HttpResponse:
    item = library_item_get_for_user(request.user, item_id)
    context = {
        "item": item,
        "files": library_files(item),
        "read_total": library_read_total(item),
        "can_manage": library_item_can_manage(request.user, item),
        "file_form": LibraryFileForm(),
        "timeline": timeline_for(item),
        "state_labels": STATE_LABELS,
    }
    return render(request, "contests/library_detail.html", context)


@require_POST
@console_view(VIEW)
def library_publish_view(request: AuthedRequest, item_id: int) -> HttpResponse:
    item = library_item_get_for_user(request.user, item_id, demand=MANAGE)
    return button_perform(
        request,
        lambda: library_item_publish(item=item, actor=request.user),
        success="成果已发布，会员可在会员端“竞赛成果”中查看",
        back=reverse("contests:library_detail", args=[item.pk]),
    )


@require_POST
@console_view(VIEW)
def library_unpublish_view(request: AuthedRequest, item_id: int) -> HttpResponse:
    item = library_item_get_for_user(request.user, item_id, demand=MANAGE)
    return button_perform(
        request,
        lambda: library_item_unpublish(item=item, actor=request.user),
        success="已撤回发布，会员端不再显示该成果",
        back=reverse("contests:library_detail", args=[item.pk]),
    )


@require_POST
@console_view(VIEW)
def library_file_add_view(request: AuthedRequest, item_id: int) -> HttpResponse:
    item = library_item_get_for_user(request.user, item_id, demand=MANAGE)
    form = LibraryFileForm(request.POST, request.FILES)
    return button_perform(
        request,
        lambda: library_file_add(item=item, actor=request.user, upload=form.cleaned_data["file"]),
        success=lambda attachment: f"已上传 {attachment.original_name}",
        back=reverse("contests:library_detail", args=[item.pk]),
        form=form,
        error_prefix="上传失败：",
    )


@require_POST
@console_view(VIEW)
def library_file_remove_view(request: AuthedRequest, item_id: int, attachment_id: Any) -> HttpResponse:
    item = library_item_get_for_user(request.user, item_id, demand=MANAGE)
    found = library_file_get_or_404(item, attachment_id)
    back = reverse("contests:library_detail", args=[item.pk])
    return button_perform(
        request,
        lambda: library_file_remove(item=item, actor=request.user, attachment=found),
        success=f"已删除 {found.original_name}",
        back=back,
    )


# ---- the member's pages ------------------------------------------------------------------------------------


@portal_view
def portal_library_list(request: AuthedRequest) -> HttpResponse:
    query, kind = _filters(request)
    page = paginate(request, library_items_for_member(request.user, query=query, kind=kind), per_page=10)
    library_with_read_totals(list(page.object_list))
    context = {
        "page": page,
        "querystring": query_without_page(request),
        "query": query,
        "kind": kind,
        "kinds": LibraryKind.choices,
        "tab": "services",
    }
    return render(request, "contests/portal/library_list.html", context)


@portal_view
def portal_library_detail(request: AuthedRequest, public_id: Any) -> HttpResponse:
    item: LibraryItem = library_item_get_for_member_or_404(request.user, public_id)
    library_read_record(item=item)
    context = {
        "item": item,
        "files": library_files(item),
        "read_total": library_read_total(item),
        "tab": "services",
    }
    return render(request, "contests/portal/library_detail.html", context)
