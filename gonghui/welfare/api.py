"""JSON API of 帮扶慰问 (read-only): the calling member's 普惠 offers.

`GET /api/v1/welfare/offers` lists the offers published to the member's unions (their union and every union above
it) valid today, each with the uses left (null: unlimited). A bearer token needs the scope `welfare:offers`; an
account without a member record gets 404."""

import datetime as dt
from typing import Any

from django.http import Http404
from ninja import Field, Router, Schema

from gonghui.accounts.api_tokens import require_scope
from gonghui.accounts.decorators import AuthedRequest
from gonghui.members.selectors.registry import member_for_user

from .selectors.offers import offer_rows_for_member

router = Router(tags=["帮扶慰问"])
OFFERS_SCOPE = "welfare:offers"


class OfferOut(Schema):
    public_id: str = Field(description="优惠编号（UUID）")
    title: str = Field(description="标题")
    kind: str = Field(
        description="类别代码：merchant 商户折扣 / cinema 观影 / fitness 健身 / insurance 会员专享保险 / other"
    )
    kind_label: str = Field(description="类别名称")
    merchant: str = Field(description="商户名称")
    summary: str = Field(description="优惠内容")
    valid_until: dt.date = Field(description="截止日期")
    uses_left: int | None = Field(description="本人剩余可用次数；null 表示不限次数")
    coupons: bool = Field(description="是否需领取券码")


@router.get(
    "/offers",
    response=list[OfferOut],
    operation_id="welfare_offers_mine",
    url_name="welfare_offers_mine",
    summary="本人可用的普惠优惠",
)
def welfare_offers_mine(request: AuthedRequest) -> Any:
    require_scope(request, OFFERS_SCOPE)
    member = member_for_user(request.user)
    if member is None:
        raise Http404
    return [
        {
            "public_id": str(offer.public_id),
            "title": offer.title,
            "kind": offer.kind,
            "kind_label": offer.get_kind_display(),
            "merchant": offer.merchant_name,
            "summary": offer.summary,
            "valid_until": offer.valid_until,
            "uses_left": left,
            "coupons": offer.coupons,
        }
        for offer, left in offer_rows_for_member(member)
    ]
