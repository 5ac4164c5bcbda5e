"""Console pages of 普惠 offers (part `offers`): the list (filters by kind and state, search, pagination), 新建 and
修改, the detail (counts per method and per union of the redeeming member, coupons, the timeline, the link to the
merchant accounts), 发布 and 撤下 (each its own confirmation page), and the scanner (核销): the member's rotating
会员码 through the camera (the check-in block's vendored jsQR and scanner.js) or a scanner gun, or a typed coupon
code → the masked name and the uses left → 确认核销. The scanner is open to a cadre holding `welfare.care_manage`
on the offer's union and to the offer's merchant (an object grant), who sees nothing else."""

import datetime as dt
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.accounts.identity import mask_name
from gonghui.accounts.object_grants import object_grants_url
from gonghui.core.errors import validation_error_text
from gonghui.core.forms import form_perform, posted_data
from gonghui.core.pagination import paginate, query_without_page

from ..choices import OfferStatus
from ..forms.offers import (
    OfferFilterForm,
    OfferForm,
    PublishForm,
    RedeemCheckForm,
    RedeemConfirmForm,
    WithdrawForm,
)
from ..models import Offer
from ..permissions import CARE_MANAGE, CARE_VIEW, REDEEM
from ..selectors.offers import (
    STATUS_BADGES,
    can_manage_offer,
    is_merchant_of,
    may_grant_merchants,
    member_by_public_id,
    merchant_offers,
    offer_counts,
    offer_filters,
    offer_for,
    offer_for_redeemer,
    offer_list_for_user,
    offer_orgs,
    offer_timeline,
    recent_redemptions,
    redemptions_by,
)
from ..services.offers import (
    RedeemCheck,
    offer_publish,
    offer_redeem,
    offer_save,
    offer_withdraw,
    redeem_check,
)

CHECK_SALT = "welfare.offer_redeem"
CHECK_MAX_AGE = 300  # seconds between the scan and 确认核销


@console_view(CARE_VIEW)
def offer_list(request: AuthedRequest) -> HttpResponse:
    filters = offer_filters(request.GET)
    page = paginate(request, offer_list_for_user(request.user, filters))
    context = {
        "form": OfferFilterForm(request.GET),
        "page": page,
        "badges": STATUS_BADGES,
        "querystring": query_without_page(request),
        "filtered": filters.any(),
        "may_create": offer_orgs(request.user).exists(),
    }
    return render(request, "welfare/offers/offer_list.html", context)


OFFER_FIELDS = (
    "title",
    "kind",
    "merchant_name",
    "address",
    "summary",
    "terms",
    "valid_from",
    "valid_until",
    "per_member_limit",
    "coupons",
)


def _offer_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {name: data[name] for name in OFFER_FIELDS}


@console_view(CARE_MANAGE)
def offer_create(request: AuthedRequest) -> HttpResponse:
    orgs = offer_orgs(request.user)
    form = OfferForm(posted_data(request), orgs=orgs, initial={"org": orgs.first(), "per_member_limit": 1})
    done = form_perform(
        request,
        form,
        lambda data: offer_save(actor=request.user, org=data["org"], **_offer_fields(data)),
        success=lambda offer: f"已保存优惠“{offer.title}”（草稿），核对后请发布",
        then=lambda offer: reverse("welfare:offer_detail", args=[offer.pk]),
    )
    return done or render(request, "welfare/offers/offer_form.html", {"form": form, "offer": None})


@console_view(CARE_VIEW)
def offer_edit(request: AuthedRequest, offer_id: int) -> HttpResponse:
    offer = offer_for(request.user, offer_id, demand=CARE_MANAGE)
    initial = {name: getattr(offer, name) for name in OFFER_FIELDS}
    form = OfferForm(posted_data(request), editing=True, initial=initial)
    done = None
    if offer.status != OfferStatus.WITHDRAWN:
        done = form_perform(
            request,
            form,
            lambda data: offer_save(actor=request.user, offer=offer, **_offer_fields(data)),
            success=lambda saved: f"已保存优惠“{saved.title}”",
            then=reverse("welfare:offer_detail", args=[offer.pk]),
        )
    context = {"form": form, "offer": offer, "withdrawn": offer.status == OfferStatus.WITHDRAWN}
    return done or render(request, "welfare/offers/offer_form.html", context)


@console_view(CARE_VIEW)
def offer_detail(request: AuthedRequest, offer_id: int) -> HttpResponse:
    offer = offer_for(request.user, offer_id)
    may_manage = can_manage_offer(request.user, offer)
    context = {
        "offer": offer,
        "badge": STATUS_BADGES.get(offer.status, ""),
        "counts": offer_counts(offer),
        "timeline": offer_timeline(offer),
        "may_manage": may_manage,
        "grants_url": object_grants_url(offer)
        if may_manage and may_grant_merchants(request.user, offer)
        else "",
        "today": timezone.localdate(),
    }
    return render(request, "welfare/offers/offer_detail.html", context)


def _step_page(
    request: AuthedRequest, offer: Offer, form: Any, *, label: str, allowed: bool, intro: str, danger: bool
) -> HttpResponse:
    context = {
        "offer": offer,
        "form": form,
        "step_label": label,
        "state_allows": allowed,
        "intro": intro,
        "danger": danger,
    }
    return render(request, "welfare/offers/offer_step.html", context)


@console_view(CARE_VIEW)
def offer_publish_view(request: AuthedRequest, offer_id: int) -> HttpResponse:
    """发布: GET is the confirmation page, POST publishes the draft."""
    offer = offer_for(request.user, offer_id, demand=CARE_MANAGE)
    form = PublishForm(posted_data(request))
    allowed = offer.status == OfferStatus.DRAFT
    done = (
        form_perform(
            request,
            form,
            lambda _data: offer_publish(offer=offer, actor=request.user),
            success=lambda saved: f"已发布“{saved.title}”，{saved.org.name}及下级工会的会员可在会员端查看",
            then=reverse("welfare:offer_detail", args=[offer.pk]),
        )
        if allowed
        else None
    )
    intro = (
        f"发布后，{offer.org.name}及下级工会的会员可在会员端“普惠优惠”中看到本优惠，"
        f"有效期 {date_format(offer.valid_from, 'Y年n月j日')} 至 {date_format(offer.valid_until, 'Y年n月j日')}。"
    )
    return done or _step_page(request, offer, form, label="发布", allowed=allowed, intro=intro, danger=False)


@console_view(CARE_VIEW)
def offer_withdraw_view(request: AuthedRequest, offer_id: int) -> HttpResponse:
    """撤下: GET asks the reason, POST withdraws the published offer."""
    offer = offer_for(request.user, offer_id, demand=CARE_MANAGE)
    form = WithdrawForm(posted_data(request))
    allowed = offer.status == OfferStatus.PUBLISHED
    done = (
        form_perform(
            request,
            form,
            lambda data: offer_withdraw(offer=offer, actor=request.user, reason=data["reason"]),
            success=lambda saved: f"已撤下“{saved.title}”，会员端不再显示，也不能再核销",
            then=reverse("welfare:offer_detail", args=[offer.pk]),
        )
        if allowed
        else None
    )
    intro = "撤下后会员端不再显示本优惠，已领取的券码也不能再核销；已有的核销记录保留。撤下不可恢复。"
    return done or _step_page(request, offer, form, label="撤下", allowed=allowed, intro=intro, danger=True)


def _check_token(offer: Offer, check: RedeemCheck) -> str:
    return signing.dumps(
        {
            "o": offer.pk,
            "m": str(check.member.public_id),
            "c": check.coupon_code,
            "t": timezone.now().timestamp(),
        },
        salt=CHECK_SALT,
    )


def _scanner(request: AuthedRequest, offer: Offer, status: int = 200, **extra: Any) -> HttpResponse:
    merchant = is_merchant_of(request.user, offer)
    recent = recent_redemptions(offer, by=request.user if merchant else None)
    context: dict[str, Any] = {
        "offer": offer,
        "merchant": merchant,
        "mine": redemptions_by(offer, request.user),
        "recent": [
            {"name": mask_name(r.member.name), "unit": "" if merchant else r.org.name, "row": r}
            for r in recent
        ],
        "check_form": RedeemCheckForm(),
        "found": None,
        "result": None,
    }
    context.update(extra)
    return render(request, "welfare/offers/offer_redeem.html", context, status=status)


def _refused(request: AuthedRequest, offer: Offer, reason: str) -> HttpResponse:
    return _scanner(request, offer, status=422, result={"ok": False, "reason": reason})


@console_view()
def offer_redeem_view(request: AuthedRequest, offer_id: int) -> HttpResponse:
    """The scanner: GET shows the camera, the scanner-gun field and the coupon field; POST `step=check` shows the
    masked name and the uses left with 确认核销; POST `step=confirm` records the redemption."""
    offer = offer_for_redeemer(request.user, offer_id)
    if request.method != "POST":
        return _scanner(request, offer)
    if request.POST.get("step") == "confirm":
        confirm = RedeemConfirmForm(request.POST)
        try:
            signed = signing.loads(confirm.data.get("token", ""), salt=CHECK_SALT, max_age=CHECK_MAX_AGE)
        except signing.SignatureExpired:
            return _refused(request, offer, "确认超时，请重新扫描会员码或输入券码")
        except signing.BadSignature:
            return _refused(request, offer, "请先扫描会员码或输入券码")
        member = member_by_public_id(signed.get("m"))
        if signed.get("o") != offer.pk or member is None:
            return _refused(request, offer, "请先扫描会员码或输入券码")
        try:
            redemption = offer_redeem(
                offer=offer,
                actor=request.user,
                member=member,
                coupon_code=signed.get("c", ""),
                checked_at=dt.datetime.fromtimestamp(signed["t"], tz=dt.UTC),
            )
        except ValidationError as exc:
            return _refused(request, offer, validation_error_text(exc))
        result = {"ok": True, "name": mask_name(member.name), "method": redemption.get_method_display()}
        return _scanner(request, offer, result=result)
    form = RedeemCheckForm(request.POST)
    if not form.is_valid():
        return _refused(request, offer, "请扫描会员码或输入券码")
    try:
        check = redeem_check(
            offer=offer,
            actor=request.user,
            payload=form.cleaned_data["payload"],
            coupon_code=form.cleaned_data["coupon"],
        )
    except ValidationError as exc:
        return _refused(request, offer, validation_error_text(exc))
    found = {
        "name": check.masked_name,
        "unit": "" if is_merchant_of(request.user, offer) else check.member.org.name,
        "uses_left": check.uses_left,
        "coupon": check.coupon_code,
        "token": _check_token(offer, check),
    }
    return _scanner(request, offer, found=found)


@console_view(REDEEM)
def offer_merchant_home(request: AuthedRequest) -> HttpResponse:
    """A merchant account's way in (its home counter 今日核销): the scanner of its one offer, or its offers."""
    offers = list(merchant_offers(request.user))
    if len(offers) == 1:
        return redirect("welfare:offer_redeem", offer_id=offers[0].pk)
    return render(request, "welfare/offers/merchant_home.html", {"offers": offers})
