"""Member registry pages for cadres: the filtered list (with exports and the way to the roster import), detail with the
会籍 timeline, 新增/修改, the 会籍 changes, 发送开通短信 and the audited reveal. Thin: selectors read, services write."""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from gonghui.accounts.choices import Gender
from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.accounts.workspace import current_org
from gonghui.core.audit import AuditContext
from gonghui.core.forms import button_perform, form_perform, posted_data
from gonghui.core.htmx import htmx_partial
from gonghui.core.http import sensitive_response
from gonghui.core.pagination import query_without_page
from gonghui.core.registry import record_panels_for
from gonghui.orgs.choices import OrgStatus
from gonghui.orgs.selectors import org_list_for_user

from ..choices import Employment, JobCategory, MemberAction, MemberStatus
from ..forms.registry import MemberForm, StatusChangeForm
from ..permissions import (
    MANAGE,
    REVEAL,
    VIEW,
    can_create_member,
    can_export_unmasked_members,
    can_manage_member,
    can_reveal_member,
)
from ..selectors.paging import capped_page
from ..selectors.registry import (
    AGE_BANDS,
    FILTER_KEYS,
    NAME_SUBSTRING_SCOPE_LIMIT,
    member_activation_pending,
    member_changes,
    member_code_names,
    member_get_for_user,
    member_is_activated,
    member_list_org_options,
    member_list_page_for_user,
    member_rows_sorted_after_matching,
    member_tags,
    member_timeline,
)
from ..services.membership import STATUS_SERVICES, member_actions_available
from ..services.registry import member_activation_invite, member_create, member_reveal, member_update

STATUS_LABELS = {str(value): str(label) for value, label in MemberStatus.choices}

STATUS_URL_NAMES = {
    MemberAction.LEAVE: "members:member_leave",
    MemberAction.RETIRE_KEEP: "members:member_retire_keep",
    MemberAction.DEATH: "members:member_death",
    MemberAction.REINSTATE: "members:member_reinstate",
}

STATUS_NOTES = {
    MemberAction.LEAVE: "退会后不再计入在籍会员；如之后回到本会，可在本页恢复会籍。",
    MemberAction.RETIRE_KEEP: "退休后保留会籍：仍计为会员，不再交纳会费，不参加表决。",
    MemberAction.DEATH: "登记后会籍状态为“已故”，记录保留，不能撤销。",
    MemberAction.REINSTATE: "恢复为在籍会员；如此人已在其他工会在籍，则不能恢复，应办理转会。",
}


def _filters(request: AuthedRequest) -> dict[str, str]:
    return {key: request.GET.get(key, "").strip() for key in FILTER_KEYS}


# The 查找工会 box asks for the options of this <select> only (HTMX, HX-Target).
ORG_SELECT_ID = "member-org-select"


@console_view(VIEW)
def member_list(request: AuthedRequest) -> HttpResponse:
    filters = _filters(request)
    org_query = request.GET.get("org_q", "").strip()[:50]
    chosen_org = filters["org"].upper()
    if htmx_partial(request) and request.headers.get("HX-Target") == ORG_SELECT_ID:
        options = member_list_org_options(user=request.user, chosen=chosen_org, query=org_query)
        return render(
            request,
            "members/partials/member_org_options.html",
            {"org_options": options, "chosen_org": chosen_org, "org_query": org_query},
        )
    found = member_list_page_for_user(user=request.user, params=filters)
    page = capped_page(
        found.members,
        request.GET.get("page"),
        when_exact=member_rows_sorted_after_matching,
        estimate=not filters["q"],  # the planner double-counts the overlap of the search's OR branches
    )
    querystring = query_without_page(request)
    context: dict[str, Any] = {
        "page": page,
        "name_substring_skipped": found.name_substring_skipped,
        "substring_scope_limit": NAME_SUBSTRING_SCOPE_LIMIT,
        "filters": filters,
        "query": filters["q"],
        "status": filters["status"],
        "querystring": querystring,
    }
    if htmx_partial(request):
        return render(request, "members/partials/member_table.html", context)
    context.update(
        statuses=MemberStatus.choices,
        employments=Employment.choices,
        job_categories=JobCategory.choices,
        genders=Gender.choices,
        age_bands=AGE_BANDS,
        org_options=member_list_org_options(user=request.user, chosen=chosen_org, query=org_query),
        chosen_org=chosen_org,
        org_query=org_query,
        tags=member_tags(),
        can_create=can_create_member(request.user),
        can_import=can_create_member(
            request.user
        ),  # the roster importer asks the same action (members.manage)
        can_export_unmasked=can_export_unmasked_members(request.user),
    )
    return render(request, "members/member_list.html", context)


def _manageable_orgs(request: AuthedRequest) -> Any:
    return org_list_for_user(user=request.user, action=MANAGE, status=OrgStatus.ACTIVE)


@console_view(MANAGE)
def member_create_view(request: AuthedRequest) -> HttpResponse:
    current = current_org(request)
    form = MemberForm(
        posted_data(request),
        orgs=_manageable_orgs(request),
        initial={"org": current.pk if current is not None else None, "employment": Employment.ESTABLISHED},
    )
    done = form_perform(
        request,
        form,
        lambda data: member_create(
            org=data["org"], actor=request.user, context=AuditContext.of(request), **form.service_data()
        ),
        success=lambda member: f"已登记会员 {member.name}，会员编号 {member.member_number}",
        then=lambda member: member.get_absolute_url(),
    )
    if done is not None:
        return done
    return render(request, "members/member_form.html", {"form": form, "title": "新增会员"})


@console_view(VIEW)
def member_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    member = member_get_for_user(user=request.user, public_id=public_id)
    can_manage = can_manage_member(request.user, member)
    actions = member_actions_available(member=member, actor=request.user) if can_manage else []
    timeline = [
        (
            entry,
            STATUS_LABELS.get(entry.from_state, entry.from_state),
            STATUS_LABELS.get(entry.to_state, entry.to_state),
        )
        for entry in member_timeline(member)
    ]
    return render(
        request,
        "members/member_detail.html",
        {
            "member": member,
            "names": member_code_names(member),
            "tags": list(member.tags.all()),
            "changes": list(member_changes(member)),
            "timeline": timeline,
            "can_reveal": can_reveal_member(request.user, member),
            "can_manage": can_manage,
            "actions": [(a, STATUS_URL_NAMES[a]) for a in actions],
            "is_activated": member_is_activated(member),
            "can_invite": can_manage and member_activation_pending(member),
            "record_panels": record_panels_for(request.user, member),
        },
    )


@console_view(MANAGE)
def member_edit(request: AuthedRequest, public_id: str) -> HttpResponse:
    member = member_get_for_user(user=request.user, public_id=public_id, action=MANAGE)
    form = MemberForm(posted_data(request), member=member)
    done = form_perform(
        request,
        form,
        lambda data: member_update(
            member=member, actor=request.user, data=form.service_data(), context=AuditContext.of(request)
        ),
        success="已保存",
        then=member.get_absolute_url(),
    )
    if done is not None:
        return done
    return render(
        request, "members/member_form.html", {"form": form, "member": member, "title": "修改会员信息"}
    )


@console_view(MANAGE)
def member_status_change(request: AuthedRequest, public_id: str, action: str) -> HttpResponse:
    member_action = MemberAction(action)
    member = member_get_for_user(user=request.user, public_id=public_id, action=MANAGE)
    form = StatusChangeForm(posted_data(request), action=member_action)
    done = form_perform(
        request,
        form,
        lambda data: STATUS_SERVICES[member_action](
            member=member,
            actor=request.user,
            happened_on=data["happened_on"],
            reason=data["reason"],
            context=AuditContext.of(request),
        ),
        success=f"已办理{member_action.label}：{member.name}",
        then=member.get_absolute_url(),
    )
    if done is not None:
        return done
    return render(
        request,
        "members/member_status_change.html",
        {
            "member": member,
            "form": form,
            "action": member_action,
            "allowed": member_action in member_actions_available(member=member, actor=request.user),
            "note": STATUS_NOTES[member_action],
        },
    )


@require_POST
@console_view(MANAGE)
def member_activation_invite_view(request: AuthedRequest, public_id: str) -> HttpResponse:
    """发送开通短信: an activation code to the member's phone (the SMS-code rate limits apply)."""
    member = member_get_for_user(user=request.user, public_id=public_id, action=MANAGE)
    return button_perform(
        request,
        lambda: member_activation_invite(member=member, actor=request.user, context=AuditContext.of(request)),
        success=lambda done: f"已向 {done.name} 发送会员端开通短信",
        back=member.get_absolute_url(),
    )


@sensitive_response
@require_POST
@console_view(REVEAL)
def member_reveal_view(request: AuthedRequest, public_id: str) -> HttpResponse:
    member = member_get_for_user(user=request.user, public_id=public_id, action=REVEAL)
    revealed = member_reveal(member=member, actor=request.user, context=AuditContext.of(request))
    return render(request, "members/partials/member_revealed.html", {"member": member, "revealed": revealed})
