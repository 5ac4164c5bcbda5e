"""Portal (member) views of part profiles (375 px first): the 婚恋交友 home (what it is, the privacy promises, the
承诺, the member's own status and card), joining, editing the profile (with a preview of what others see),
withdrawal (a confirmation page first), and the photo — served only to its member or to a member who may see the
profile, 404 to anyone else. Every page is the member's own and answered no-store (`portal_view`), the photo and
the pages that show a contact or a card also through `sensitive_response`."""

import uuid

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from gonghui.accounts.decorators import AuthedRequest
from gonghui.attachments.policies import INLINE_TYPES
from gonghui.core.downloads import content_disposition
from gonghui.core.forms import button_perform, form_perform, posted_data
from gonghui.core.htmx import htmx_partial
from gonghui.core.http import sensitive_response
from gonghui.members.decorators import portal_view
from gonghui.members.models import Member

from ..choices import ProfileStatus
from ..forms.profiles import JoinForm, ProfileForm
from ..models import ERASE_AFTER_DAYS
from ..registrations.profiles import may_view_photo
from ..selectors import profiles as sel
from ..selectors.profiles import SHOW_FIELDS
from ..services.profiles import profile_edit as edit_service
from ..services.profiles import profile_join, profile_withdraw

SECTION = "services"
HOME = "matchmaking_portal:home"


def _member(request: AuthedRequest) -> Member:
    member: Member = request.member  # type: ignore[attr-defined]
    return member


@sensitive_response
@portal_view
def home(request: AuthedRequest) -> HttpResponse:
    """What 婚恋交友 is, who may join, the privacy promises and the 承诺; then the member's own state: join, their
    card and its links, 已退出 with the day their data will be gone, or 已暂停展示."""
    member = _member(request)
    profile = sel.my_profile(member)
    context = {
        "profile": profile,
        "card": sel.profile_card(profile) if profile is not None else None,
        "may_join": sel.may_join(member),
        "erase_days": ERASE_AFTER_DAYS,
        "statuses": ProfileStatus,
        "tab": SECTION,
    }
    return render(request, "matchmaking/profiles/portal_home.html", context)


@sensitive_response
@portal_view
def join(request: AuthedRequest) -> HttpResponse:
    """加入: the two declarations, a nickname, the contact for this purpose and what to show."""
    member = _member(request)
    profile = sel.my_profile(member)
    if profile is not None and profile.status in (ProfileStatus.ACTIVE, ProfileStatus.SUSPENDED):
        return redirect(HOME)
    form = JoinForm(posted_data(request), initial={"show_age_band": True, "show_unit_type": True})
    done = form_perform(
        request,
        form,
        lambda data: profile_join(member=member, actor=request.user, data=data),
        success="您已加入婚恋交友，承诺已签署。可以完善资料、浏览其他会员了",
        then=reverse(HOME) + "#mm-receipt",
    )
    context = {"form": form, "may_join": sel.may_join(member), "erase_days": ERASE_AFTER_DAYS, "tab": SECTION}
    return done or render(request, "matchmaking/profiles/portal_join.html", context)


@sensitive_response
@portal_view
def profile_edit(request: AuthedRequest) -> HttpResponse:
    """修改资料: every field, the photo (replace or remove), what to show, and beside it what others see. An HTMX
    post with `preview` only redraws that card."""
    member = _member(request)
    profile = sel.my_profile(member)
    if profile is None or profile.status not in (ProfileStatus.ACTIVE, ProfileStatus.SUSPENDED):
        messages.info(request, "请先加入婚恋交友")
        return redirect(HOME)
    initial = {
        "nickname": profile.nickname,
        "about": profile.about,
        "height_cm": profile.height_cm,
        "education": profile.education,
        "seeking": profile.seeking,
        "contact": sel.contact_of(profile),
        **{f: getattr(profile, f) for f in SHOW_FIELDS},
    }
    data = posted_data(request)
    form = ProfileForm(data, request.FILES if data is not None else None, initial=initial)
    if profile.photo_id is None:
        del form.fields["remove_photo"]  # nothing to remove: no dangling 删除现有照片 box
    if data is not None and "preview" in data and htmx_partial(request):
        return render(
            request,
            "matchmaking/profiles/_card.html",
            {"card": sel.profile_card_preview(profile, form.cleaned_data if form.is_valid() else None)},
        )
    done = form_perform(
        request,
        form,
        lambda d: edit_service(
            profile=profile,
            actor=request.user,
            data=d,
            photo=d.get("photo"),
            remove_photo=bool(d.get("remove_photo")),
        ),
        success="资料已保存",
        then=reverse(HOME),
    )
    context = {
        "form": form,
        "profile": profile,
        "card": sel.profile_card(profile),
        "tab": SECTION,
    }
    return done or render(request, "matchmaking/profiles/portal_edit.html", context)


@portal_view
def withdraw(request: AuthedRequest) -> HttpResponse:
    """退出: a confirmation page (GET), then the withdrawal (POST)."""
    member = _member(request)
    profile = sel.my_profile(member)
    if profile is None or profile.status not in (ProfileStatus.ACTIVE, ProfileStatus.SUSPENDED):
        return redirect(HOME)
    if request.method == "POST":
        return button_perform(
            request,
            lambda: profile_withdraw(profile=profile, actor=request.user),
            success="您已退出婚恋交友",  # the page below says when the data is erased
            back=reverse("matchmaking_portal:withdraw"),
            then=lambda _p: reverse(HOME),
        )
    context = {"profile": profile, "erase_days": ERASE_AFTER_DAYS, "tab": SECTION}
    return render(request, "matchmaking/profiles/portal_withdraw.html", context)


@sensitive_response
@portal_view
def photo(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    """A profile's photo (by the profile's public id): to its member, or to a member who may see the profile and
    whose member chose to show it; 404 otherwise."""
    profile = sel.profile_with_photo(public_id)
    if not may_view_photo(_member(request), profile):
        raise Http404
    attachment = profile.photo
    if attachment is None:  # profile_with_photo answers 404 without one already
        raise Http404
    with attachment.file.open("rb") as stored:  # at most 5 MB (PHOTO_POLICY)
        response = HttpResponse(
            stored.read(), content_type=INLINE_TYPES.get(attachment.extension, "image/jpeg")
        )
    response["Content-Disposition"] = content_disposition(f"{public_id}.{attachment.extension}", inline=True)
    response["X-Content-Type-Options"] = "nosniff"
    return response
