"""落实记录 pages of an item: 关联记录 (choose a kind, search the records the user sees, pick one) and 取消关联 (a
confirmation page). For the cadres who may link on the item (`permissions.can_link`: workplans.manage on the
issuing union or on the item's lead union). Thin: selectors read, services write."""

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.core.forms import button_perform, form_perform, posted_data

from .forms import ConfirmForm, LinkForm
from .models import MANAGE, VIEW
from .permissions import can_link
from .selectors import (
    item_get_for_user,
    item_links,
    link_candidates,
    link_get_for_user,
    link_kinds,
    plan_get_for_user,
)
from .services import item_link_add, item_link_remove, plan_summary_document_draft


@console_view(VIEW)
def item_link_view(request: AuthedRequest, pk: int) -> HttpResponse:
    """GET: the kind chooser and the search results (each with a 关联 button); POST: link the picked record."""
    item = item_get_for_user(user=request.user, pk=pk)
    plan = item.section.plan
    if not can_link(request.user, item, plan):
        raise PermissionDenied
    kinds = link_kinds()
    kind = request.GET.get("kind", "") or (kinds[0].key if kinds else "")
    query = request.GET.get("q", "").strip()
    form = LinkForm(posted_data(request))
    back = reverse("workplans:item_detail", args=[item.pk])
    done = form_perform(
        request,
        form,
        lambda data: item_link_add(
            item=item, actor=request.user, kind=data["kind"], object_id=data["object_id"]
        ),
        success=lambda link: f"已关联：{link.title}",
        then=back,
    )
    if done:
        return done
    linked = {(link.kind, link.object_id) for link in (row.link for row in item_links(item=item).rows)}
    candidates = link_candidates(user=request.user, kind=kind, query=query)
    context = {
        "plan": plan,
        "item": item,
        "kinds": kinds,
        "kind": kind,
        "query": query,
        "form": form,
        "rows": [(ref, (kind, ref.object_id) in linked) for ref in candidates],
        "back": back,
    }
    return render(request, "workplans/item_link.html", context)


@console_view(VIEW)
def item_unlink_view(request: AuthedRequest, pk: int) -> HttpResponse:
    link = link_get_for_user(user=request.user, pk=pk)
    item = link.item
    back = reverse("workplans:item_detail", args=[item.pk])
    form = ConfirmForm(posted_data(request))
    title = f"取消关联：{link.title}"
    done = form_perform(
        request,
        form,
        lambda _data: item_link_remove(link=link, actor=request.user),
        success=f"已取消关联：{link.title}",
        then=back,
    )
    context = {
        "form": form,
        "plan": item.section.plan,
        "title": title,
        "back": back,
        "intro": f"将取消条目 {item.number} 与“{link.title}”的关联，记录本身不受影响。",
        "confirm": "确定取消关联吗？",
        "danger": True,
        # not 确认 / 取消: on a 取消关联 page a 取消 link reads like the action itself
        "submit_label": "取消关联",
        "back_label": "返回条目",
    }
    return done or render(request, "workplans/plan_form.html", context)


@require_POST
@console_view(MANAGE)
def plan_summary_draft(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    """起草年终总结 (a button on the plan page): the 公文 draft opens for editing in 公文."""
    plan = plan_get_for_user(user=request.user, public_id=public_id, action=MANAGE)
    return button_perform(
        request,
        lambda: plan_summary_document_draft(plan=plan, actor=request.user),
        success=lambda document: f"已起草公文：{document.title}",
        back=reverse("workplans:plan_detail", args=[plan.public_id]),
        then=lambda document: reverse("documents:document_detail", args=[document.public_id]),
        error_prefix="起草年终总结未成功：",
    )
