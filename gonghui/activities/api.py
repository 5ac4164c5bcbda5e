"""JSON API of part signup (read-only): the activities open to the calling member.

`GET /api/v1/activities/open` lists the published activities of the member's unions (their union and every union
above it) whose audience admits the member and whose sign-up window is open now, soonest first, each with the places
left (null: no limit) and the member's own registration state (null: not signed up). A bearer token needs the scope
`activities:open`; an account without a member record gets 404."""

import datetime as dt
from typing import Any

from django.http import Http404
from django.utils import timezone
from ninja import Field, Router, Schema

from gonghui.accounts.api_tokens import require_scope
from gonghui.accounts.decorators import AuthedRequest
from gonghui.members.selectors.registry import member_for_user

from .selectors.signup import my_statuses, open_for_member, places_left, signup_closes

router = Router(tags=["活动与志愿服务"])
OPEN_SCOPE = "activities:open"


class OpenActivityOut(Schema):
    public_id: str = Field(description="活动编号（UUID）")
    title: str = Field(description="活动名称")
    kind: str = Field(
        description="活动类型代码：sports / report / lecture / social / volunteer / exercise / other"
    )
    kind_label: str = Field(description="活动类型名称")
    org: str = Field(description="主办工会")
    place: str = Field(description="地点")
    starts_at: dt.datetime = Field(description="开始时间")
    ends_at: dt.datetime = Field(description="结束时间")
    signup_closes_at: dt.datetime = Field(description="报名截止时间")
    places_left: int | None = Field(description="剩余名额；null 表示不限名额")
    waitlist: bool = Field(description="名额满后是否可候补")
    approval_required: bool = Field(description="报名是否需要审核")
    my_status: str | None = Field(
        description="本人报名状态：pending 待审核 / confirmed 已报名 / waitlisted 候补中 / cancelled 已取消 / "
        "rejected 未通过；null 表示未报名"
    )


@router.get(
    "/open",
    response=list[OpenActivityOut],
    operation_id="activities_open_mine",
    url_name="activities_open_mine",
    summary="本人可报名的活动",
)
def activities_open_mine(request: AuthedRequest) -> Any:
    require_scope(request, OPEN_SCOPE)
    member = member_for_user(request.user)
    if member is None:
        raise Http404
    activities = open_for_member(member, now=timezone.now())
    mine = my_statuses(member, activities)
    return [
        {
            "public_id": str(a.public_id),
            "title": a.title,
            "kind": a.kind,
            "kind_label": a.get_kind_display(),
            "org": a.org.name,
            "place": a.place,
            "starts_at": a.starts_at,
            "ends_at": a.ends_at,
            "signup_closes_at": signup_closes(a),
            "places_left": places_left(a, a.confirmed),  # type: ignore[attr-defined]
            "waitlist": a.waitlist,
            "approval_required": a.approval_required,
            "my_status": mine.get(a.pk),
        }
        for a in activities
    ]
