"""The console pages of 荣誉档案 (part `records`): the list of the honours of the user's subtrees (search, filters,
pagination, the audited xlsx export), an honour's page (facts, story, photo, certificate, timeline), recording an
honour by hand, editing its story and facts, its photo, and 撤销 (asked first). Whoever may not keep the honour's
union's records gets 403 on the edit, photo and revoke pages (GET and POST alike)."""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.core.audit import AuditContext
from gonghui.core.downloads import xlsx_response
from gonghui.core.forms import form_perform, posted_data
from gonghui.core.htmx import htmx_partial
from gonghui.core.http import sensitive_response
from gonghui.core.models import TimelineEntry
from gonghui.core.pagination import paginate, query_without_page
from gonghui.core.timeline import timeline_for

from ..choices import NominationStatus
from ..forms.records import (
    HonourEditForm,
    HonourFilterForm,
    HonourPhotoForm,
    HonourRecordForm,
    HonourRevokeForm,
)
from ..models import Honour
from ..permissions import MANAGE, VIEW
from ..selectors.records import (
    HOLDER_PERSON,
    can_manage_honour,
    honour_certificate,
    honour_for_user_or_404,
    honour_photo,
    honours_for_user,
    orgs_user_may_record_for,
    record_member_find,
    year_choices,
)
from ..services.records import honour_photo_add, honour_record, honour_revoke, honour_update, honours_export

STATE_LABELS = {"valid": "有效", "revoked": "已撤销"}


def _filters(request: AuthedRequest) -> tuple[HonourFilterForm, dict[str, Any]]:
    form = HonourFilterForm(request.GET, years=year_choices(request.user))
    return form, (form.cleaned_data if form.is_valid() else {})


def _detail_url(honour: Honour) -> str:
    return reverse("honours:honour_detail", args=[honour.pk])


@console_view(VIEW)
def honour_list(request: AuthedRequest) -> HttpResponse:
    form, filters = _filters(request)
    honours = honours_for_user(request.user, filters)
    context = {
        "form": form,
        "page": paginate(request, honours),
        "querystring": query_without_page(request),
        "filtered": any(filters.values()),
        "can_record": orgs_user_may_record_for(request.user).exists(),
    }
    if htmx_partial(request):
        return render(request, "honours/honour_table.html", context)
    return render(request, "honours/honour_list.html", context)


@sensitive_response
@require_POST
@console_view(VIEW)
def honour_export(request: AuthedRequest) -> HttpResponse:
    """荣誉档案 (xlsx, audited, no-store): the honours the list shows with the same filters."""
    _form, filters = _filters(request)
    content = honours_export(
        honours=honours_for_user(request.user, filters),
        actor=request.user,
        context=AuditContext.of(request),
    )
    return xlsx_response(content, "荣誉档案.xlsx")


@console_view(MANAGE)
def honour_create(request: AuthedRequest) -> HttpResponse:
    """登记荣誉 by hand, for a member or a union the user keeps records of (`?member=<会员编号>` fills the member)."""
    orgs = orgs_user_may_record_for(request.user)
    initial: dict[str, Any] = {"holder": HOLDER_PERSON}
    if request.GET.get("member"):
        initial["member"] = request.GET["member"][:50]
    form = HonourRecordForm(
        posted_data(request),
        orgs=orgs,
        find_member=lambda text: record_member_find(request.user, text),
        initial=initial,
    )

    def perform(data: dict[str, Any]) -> Honour:
        member = data.get("member_obj") if data["holder"] == HOLDER_PERSON else None
        holder_org = None if member is not None else data["holder_org"]
        return honour_record(
            org=member.org if member is not None else holder_org,
            actor=request.user,
            member=member,
            holder_org=holder_org,
            title=data["title"],
            level=data["level"],
            year=data["year"],
            awarded_by=data["awarded_by"],
            awarded_on=data["awarded_on"],
            story=data["story"],
            holder_unit=data["holder_unit"],
            context=AuditContext.of(request),
        )

    done = form_perform(
        request,
        form,
        perform,
        success=lambda honour: f"已登记：{honour.holder_name}·{honour.title}",
        then=_detail_url,
    )
    if done:
        return done
    return render(request, "honours/honour_form.html", {"form": form, "title": "登记荣誉"})


@console_view(VIEW)
def honour_detail(request: AuthedRequest, honour_id: int) -> HttpResponse:
    honour = honour_for_user_or_404(request.user, honour_id)
    context = {
        "honour": honour,
        "photo": honour_photo(honour),
        "certificate": honour_certificate(honour),
        "can_manage": can_manage_honour(request.user, honour) and honour.revoked_on is None,
        "timeline": _history(honour),
        "state_labels": {**dict(NominationStatus.choices), **STATE_LABELS},
    }
    return render(request, "honours/honour_detail.html", context)


def _history(honour: Honour) -> list[TimelineEntry]:
    """The honour's own rows (事迹, 照片, 撤销) after those of the nomination it was named from (推荐 … 命名)."""
    rows = list(timeline_for(honour))
    if honour.nomination is not None:
        rows = sorted(
            [*timeline_for(honour.nomination), *rows], key=lambda entry: (entry.created_at, entry.pk)
        )
    return rows


@console_view(VIEW)
def honour_edit(request: AuthedRequest, honour_id: int) -> HttpResponse:
    honour = honour_for_user_or_404(request.user, honour_id, demand=MANAGE)
    named = honour.campaign_id is not None
    initial = {
        name: getattr(honour, name)
        for name in ("title", "level", "year", "awarded_by", "awarded_on", "holder_unit", "story")
    }
    form = HonourEditForm(posted_data(request), named=named, initial=initial)
    done = form_perform(
        request,
        form,
        lambda data: honour_update(
            honour=honour, actor=request.user, data=dict(data), context=AuditContext.of(request)
        ),
        success="已保存",
        then=_detail_url(honour),
    )
    if done:
        return done
    context = {"form": form, "honour": honour, "named": named, "title": "修改荣誉"}
    return render(request, "honours/honour_edit.html", context)


@console_view(VIEW)
def honour_photo_add_view(request: AuthedRequest, honour_id: int) -> HttpResponse:
    honour = honour_for_user_or_404(request.user, honour_id, demand=MANAGE)
    form = HonourPhotoForm(posted_data(request), request.FILES if request.method == "POST" else None)
    done = form_perform(
        request,
        form,
        lambda data: honour_photo_add(honour=honour, actor=request.user, upload=data["photo"]),
        success="已上传事迹照片",
        then=_detail_url(honour),
    )
    if done:
        return done
    context = {"form": form, "honour": honour, "photo": honour_photo(honour)}
    return render(request, "honours/honour_photo.html", context)


@console_view(VIEW)
def honour_revoke_view(request: AuthedRequest, honour_id: int) -> HttpResponse:
    honour = honour_for_user_or_404(request.user, honour_id, demand=MANAGE)
    form = HonourRevokeForm(posted_data(request))
    done = form_perform(
        request,
        form,
        lambda data: honour_revoke(
            honour=honour, actor=request.user, reason=data["reason"], context=AuditContext.of(request)
        ),
        success="已撤销该荣誉",
        then=_detail_url(honour),
    )
    if done:
        return done
    return render(request, "honours/honour_revoke.html", {"form": form, "honour": honour})
