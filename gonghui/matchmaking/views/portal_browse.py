"""Portal (member) views of part browse (375 px first): 找对象 (the other active profiles, filtered by default to
whom the member seeks, with 性别 / 年龄段 / 学历 / 单位类型 filters), one profile (its card, 心动 / 取消心动, 屏蔽
after a confirmation, 举报, and the contact in a highlighted box once interest goes both ways), 我的心动 (我心动的,
对我心动的, 互相心动 with the contacts) and 我的屏蔽 with 解除屏蔽.

Only a member whose own profile is active sees any of this; anyone else is sent to the 婚恋交友 home with a
message. Another profile the member may not see (hidden, withdrawn, blocked either way) is a 404. Every page is
answered no-store (`sensitive_response`): it shows other members' profiles or contacts."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from gonghui.accounts.decorators import AuthedRequest
from gonghui.core.errors import validation_error_text
from gonghui.core.http import sensitive_response
from gonghui.core.pagination import paginate, query_without_page
from gonghui.members.decorators import portal_view
from gonghui.members.models import Member

from ..forms.browse import BrowseFilterForm
from ..models import MatchProfile
from ..selectors import browse as sel
from ..selectors.profiles import active_profile, profile_card
from ..services import browse as svc

SECTION = "services"
PER_PAGE = 20
NOT_ACTIVE = "加入婚恋交友并保持资料展示后，才能查看其他会员的资料"


def _viewer(request: AuthedRequest) -> MatchProfile | None:
    member: Member = request.member  # type: ignore[attr-defined]
    return active_profile(member)


def _to_home(request: AuthedRequest) -> HttpResponse:
    messages.info(request, NOT_ACTIVE)
    return redirect("matchmaking_portal:home")


@sensitive_response
@portal_view
def browse(request: AuthedRequest) -> HttpResponse:
    viewer = _viewer(request)
    if viewer is None:
        return _to_home(request)
    data = request.GET.copy()
    if "gender" not in data:
        data["gender"] = viewer.seeking
    form = BrowseFilterForm(data)
    form.is_valid()  # an invalid filter is ignored; the valid ones apply
    filters: dict[str, Any] = form.cleaned_data
    today = timezone.localdate()
    profiles = sel.browse_profiles(
        viewer,
        gender=filters.get("gender") or "",
        age_band=filters.get("age"),
        education=filters.get("education") or "",
        industry=filters.get("industry") or "",
        today=today,
    )
    page = paginate(request, profiles, per_page=PER_PAGE)
    context = {
        "form": form,
        "page": page,
        "cards": [profile_card(p, today) for p in page.object_list],
        "querystring": query_without_page(request),
        "tab": SECTION,
    }
    return render(request, "matchmaking/browse/portal_browse.html", context)


@sensitive_response
@portal_view
def profile_detail(request: AuthedRequest, public_id: Any) -> HttpResponse:
    viewer = _viewer(request)
    if viewer is None:
        return _to_home(request)
    profile = sel.visible_profile_or_404(viewer, public_id)
    sent, received = sel.interest_state(viewer, profile)
    context = {
        "card": profile_card(profile),
        "sent": sent,
        "received": received,
        "contact": sel.contact_for(viewer, profile),
        "tab": SECTION,
    }
    return render(request, "matchmaking/browse/portal_detail.html", context)


@sensitive_response
@portal_view
def interest(request: AuthedRequest, public_id: Any) -> HttpResponse:
    """心动 / 取消心动 (POST toggles); a GET goes back to the profile."""
    viewer = _viewer(request)
    if viewer is None:
        return _to_home(request)
    profile = sel.visible_profile_or_404(viewer, public_id)
    if request.method != "POST":
        return redirect("matchmaking_portal:profile_detail", public_id=profile.public_id)
    try:
        result = svc.interest_toggle(viewer=viewer, profile=profile, actor=request.user)
    except ValidationError as exc:
        messages.error(request, validation_error_text(exc))
    else:
        if result.mutual:
            messages.success(request, "你们互相心动了！现在可以看到对方留下的联系方式")
        elif result.interested:
            messages.success(request, "已心动。对方也心动时，你们可以看到彼此留下的联系方式")
        else:
            messages.info(request, "已取消心动")
    return redirect("matchmaking_portal:profile_detail", public_id=profile.public_id)


@sensitive_response
@portal_view
def block(request: AuthedRequest, public_id: Any) -> HttpResponse:
    """屏蔽: GET is the confirmation page, POST blocks."""
    viewer = _viewer(request)
    if viewer is None:
        return _to_home(request)
    profile = sel.visible_profile_or_404(viewer, public_id)
    if request.method == "POST":
        try:
            svc.block_add(viewer=viewer, profile=profile, actor=request.user)
        except ValidationError as exc:
            messages.error(request, validation_error_text(exc))
            return redirect("matchmaking_portal:profile_detail", public_id=profile.public_id)
        messages.success(request, "已屏蔽。你们将不会再看到彼此的资料，可在“我的屏蔽”中解除")
        return redirect("matchmaking_portal:browse")
    context = {"card": profile_card(profile), "tab": SECTION}
    return render(request, "matchmaking/browse/portal_block.html", context)


@sensitive_response
@portal_view
def interests(request: AuthedRequest) -> HttpResponse:
    """我的心动: 互相心动 (with the contacts), 对我心动的, 我心动的."""
    viewer = _viewer(request)
    if viewer is None:
        return _to_home(request)
    mine = sel.my_interests(viewer)
    context = {"sent": mine.sent, "received": mine.received, "mutual": mine.mutual, "tab": SECTION}
    return render(request, "matchmaking/browse/portal_interests.html", context)


@sensitive_response
@portal_view
def blocks(request: AuthedRequest) -> HttpResponse:
    viewer = _viewer(request)
    if viewer is None:
        return _to_home(request)
    context = {"rows": sel.my_blocks(viewer), "tab": SECTION}
    return render(request, "matchmaking/browse/portal_blocks.html", context)


@sensitive_response
@portal_view
def block_remove(request: AuthedRequest, public_id: Any) -> HttpResponse:
    """解除屏蔽: GET is the confirmation page, POST removes the viewer's own block."""
    viewer = _viewer(request)
    if viewer is None:
        return _to_home(request)
    profile = sel.blocked_profile_or_404(viewer, public_id)
    if request.method == "POST":
        try:
            svc.block_remove(viewer=viewer, profile=profile, actor=request.user)
        except ValidationError as exc:
            messages.error(request, validation_error_text(exc))
        else:
            messages.success(request, "已解除屏蔽")
        return redirect("matchmaking_portal:blocks")
    context = {
        "nickname": profile.nickname or "（资料已清除的会员）",
        "public_id": profile.public_id,
        "tab": SECTION,
    }
    return render(request, "matchmaking/browse/portal_unblock.html", context)
