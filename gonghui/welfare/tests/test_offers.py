"""普惠 offers: the offer's life (dates checked, draft → 发布 → 撤下), the member's offers (their union and its
ancestors, published and valid today), redemption rules (会员码 current or stale, per-member limit, single-use
coupons of this offer only, the member's subtree), the scanner page (masked name and uses left, then 确认核销 once),
the merchant account (its own offer's scanner only, landing on the console home), the three-actor matrix, the portal
pages and card, and the member's API."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import make_cadre, make_member_user
from gonghui.accounts.api_tokens import api_token_create
from gonghui.accounts.object_grants import object_grants_url
from gonghui.accounts.roles import AUDITOR
from gonghui.orgs.tests.factories import OrgFactory
from gonghui.welfare.choices import OfferStatus, RedemptionMethod
from gonghui.welfare.models import Offer, OfferCoupon, OfferRedemption
from gonghui.welfare.selectors.offers import (
    offer_card_items,
    offer_counts,
    offer_rows_for_member,
    offers_for_member,
)
from gonghui.welfare.services.offers import (
    offer_coupon_take,
    offer_publish,
    offer_redeem,
    offer_save,
    offer_withdraw,
    redeem_check,
)
from gonghui.welfare.tests.factories_offers import code_payload, make_merchant, make_offer

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _redeem_url(offer) -> str:
    return reverse("welfare:offer_redeem", args=[offer.pk])


def test_offer_dates_are_checked_and_named(world):
    # given: an until date before the from date
    today = timezone.localdate()
    # when / then: the service and the form both name 截止日期
    with pytest.raises(ValidationError) as caught:
        offer_save(
            actor=world.org_admin,
            org=world.org_a,
            title="健身日",
            kind="fitness",
            merchant_name="健身房",
            summary="免费",
            valid_from=today,
            valid_until=today - dt.timedelta(days=1),
            per_member_limit=None,
            coupons=False,
        )
    assert "valid_until" in caught.value.message_dict
    assert "不能早于开始日期" in caught.value.message_dict["valid_until"][0]
    response = _client(world.org_admin).post(
        reverse("welfare:offer_create"),
        {
            "org": world.org_a.pk,
            "title": "健身日",
            "kind": "fitness",
            "merchant_name": "健身房",
            "summary": "免费",
            "valid_from": today.isoformat(),
            "valid_until": (today - dt.timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "截止日期不能早于开始日期" in response.content.decode()
    assert Offer.objects.count() == 0


def test_publish_and_withdraw_rules(world):
    # given: a draft
    offer = make_offer(org=world.org_a, actor=world.org_admin, publish=False)
    # then: only a published offer can be withdrawn
    with pytest.raises(ValidationError, match="只有已发布的优惠可以撤下"):
        offer_withdraw(offer=offer, actor=world.org_admin, reason="商户停业")
    # when: published, it cannot be published again; withdrawn, it keeps the reason on the timeline
    offer = offer_publish(offer=offer, actor=world.org_admin)
    assert offer.status == OfferStatus.PUBLISHED
    assert offer.published_at is not None
    with pytest.raises(ValidationError, match="只有草稿可以发布"):
        offer_publish(offer=offer, actor=world.org_admin)
    offer = offer_withdraw(offer=offer, actor=world.org_admin, reason="商户停业")
    assert offer.status == OfferStatus.WITHDRAWN
    detail = _client(world.org_admin).get(reverse("welfare:offer_detail", args=[offer.pk])).content.decode()
    assert "商户停业" in detail
    assert "撤下" in detail
    assert "发布" in detail
    # and a draft whose until date has passed is not published
    old = make_offer(org=world.org_a, actor=world.org_admin, publish=False, title="旧优惠")
    with pytest.raises(ValidationError, match="已过"):
        offer_publish(offer=old, actor=world.org_admin, today=old.valid_until + dt.timedelta(days=1))


def test_publish_page_confirms_then_publishes(world):
    offer = make_offer(org=world.org_a, actor=world.org_admin, publish=False)
    client = _client(world.org_admin)
    url = reverse("welfare:offer_publish", args=[offer.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "确认发布" in page.content.decode()
    assert Offer.objects.get(pk=offer.pk).status == OfferStatus.DRAFT
    assert client.post(url).status_code == 302
    assert Offer.objects.get(pk=offer.pk).status == OfferStatus.PUBLISHED
    detail = client.get(reverse("welfare:offer_detail", args=[offer.pk])).content.decode()
    assert object_grants_url(offer) in detail
    assert _redeem_url(offer) in detail


def test_member_sees_the_offers_of_their_union_and_its_ancestors_only(world):
    # given: offers of the city, the county above org A, org A, a union below org A, org B; a draft; an expired one
    below_a = OrgFactory.create(parent=world.org_a, code="OFRA1", name="甲校分会")
    city_admin = make_cadre("ofr_city", world.city)
    for org, title in (
        (world.city, "市总观影"),
        (world.county_x, "甲县健身"),
        (world.org_a, "甲校保险"),
        (below_a, "分会专享"),
        (world.org_b, "乙院折扣"),
    ):
        make_offer(org=org, actor=city_admin, title=title)
    make_offer(org=world.org_a, actor=city_admin, title="草稿优惠", publish=False)
    expired = make_offer(org=world.org_a, actor=city_admin, title="过期优惠")
    Offer.objects.filter(pk=expired.pk).update(valid_until=timezone.localdate() - dt.timedelta(days=1))
    # then
    titles = set(offers_for_member(world.member_a).values_list("title", flat=True))
    assert titles == {"市总观影", "甲县健身", "甲校保险"}
    page = _client(world.org_member).get(reverse("welfare_portal:offer_mine")).content.decode()
    assert "市总观影" in page
    assert "乙院折扣" not in page
    assert "分会专享" not in page
    assert offer_card_items(world.org_member)[0].detail.startswith("3 项优惠可用")


def test_coupon_is_single_use(world):
    # given: a coupon offer (two uses each) and the member's coupon
    offer = make_offer(org=world.org_a, actor=world.org_admin, coupons=True, limit=2)
    coupon = offer_coupon_take(offer=offer, member=world.member_a)
    assert len(coupon.code) >= 8
    assert set(coupon.code) <= set("ABCDEFGHJKMNPQRSTUVWXYZ23456789")
    assert offer_coupon_take(offer=offer, member=world.member_a) == coupon  # one live coupon
    # when: used once, then again
    redemption = offer_redeem(offer=offer, actor=world.org_admin, coupon_code=coupon.code.lower())
    assert redemption.method == RedemptionMethod.COUPON
    assert redemption.coupon == coupon
    with pytest.raises(ValidationError, match="券码已于 .* 使用"):
        offer_redeem(offer=offer, actor=world.org_admin, coupon_code=coupon.code)
    # then: one redemption; the member may take a new coupon for the second use
    assert OfferRedemption.objects.filter(offer=offer).count() == 1
    assert offer_coupon_take(offer=offer, member=world.member_a).code != coupon.code


def test_coupon_of_another_offer_is_refused(world):
    cinema = make_offer(org=world.org_a, actor=world.org_admin, coupons=True, title="观影")
    gym = make_offer(org=world.org_a, actor=world.org_admin, coupons=True, title="健身")
    coupon = offer_coupon_take(offer=cinema, member=world.member_a)
    with pytest.raises(ValidationError, match="不属于本优惠"):
        offer_redeem(offer=gym, actor=world.org_admin, coupon_code=coupon.code)
    assert OfferRedemption.objects.count() == 0
    assert OfferCoupon.objects.get(pk=coupon.pk).redeemed_at is None


def test_per_member_limit(world):
    offer = make_offer(org=world.org_a, actor=world.org_admin, limit=2, days=10)
    later = make_offer(org=world.org_a, actor=world.org_admin, title="健身", limit=None, days=20)
    for _ in range(2):
        offer_redeem(offer=offer, actor=world.org_admin, member=world.member_a)
    with pytest.raises(ValidationError, match=r"已用完本优惠（每人限 2 次）"):
        offer_redeem(offer=offer, actor=world.org_admin, member=world.member_a)
    assert OfferRedemption.objects.filter(offer=offer, member=world.member_a).count() == 2
    # the used-up offer is listed after the usable one (though it ends sooner) and the home card counts only the latter
    assert offer_rows_for_member(world.member_a) == [(later, None), (offer, 0)]
    assert offer_card_items(world.org_member)[0].detail.startswith("1 项优惠可用")


def test_scan_with_a_current_code_and_with_a_stale_one(world):
    offer = make_offer(org=world.org_a, actor=world.org_admin, limit=3)
    check = redeem_check(
        offer=offer, actor=world.org_admin, payload=code_payload(world.member_a, actor=world.org_admin)
    )
    assert (check.member, check.masked_name, check.uses_left) == (world.member_a, "甲*员", 3)
    stale = code_payload(world.member_a, actor=world.org_admin, at=timezone.now() - dt.timedelta(minutes=3))
    with pytest.raises(ValidationError, match="会员码已过期"):
        redeem_check(offer=offer, actor=world.org_admin, payload=stale)
    with pytest.raises(ValidationError, match="不是有效的会员码"):
        redeem_check(offer=offer, actor=world.org_admin, payload="4108000099001")


def test_member_outside_the_subtree_and_a_withdrawn_offer_are_refused(world):
    offer = make_offer(org=world.org_a, actor=world.org_admin)
    _user, member_b = make_member_user("13700002222", world.org_b, name="乙会员")
    with pytest.raises(ValidationError, match="乙\\*员 不在本优惠的适用范围"):
        offer_redeem(offer=offer, actor=world.org_admin, member=member_b)
    offer_withdraw(offer=offer, actor=world.org_admin, reason="活动结束")
    with pytest.raises(ValidationError, match="未发布或已撤下"):
        offer_redeem(offer=Offer.objects.get(pk=offer.pk), actor=world.org_admin, member=world.member_a)
    assert OfferRedemption.objects.count() == 0


def test_scanner_page_shows_the_masked_name_then_records_once(world):
    # given: an unlimited offer and the member's current code
    offer = make_offer(org=world.org_a, actor=world.org_admin, limit=None)
    client = _client(world.org_admin)
    # when: scanned
    found = client.post(
        _redeem_url(offer), {"step": "check", "payload": code_payload(world.member_a, actor=world.org_admin)}
    )
    # then: the masked name and the uses left, nothing recorded yet
    body = found.content.decode()
    assert found.status_code == 200
    assert "甲*员" in body
    assert "甲会员" not in body
    assert "不限次数" in body
    assert OfferRedemption.objects.count() == 0
    # when: 确认核销 posted twice (a double click)
    token = found.context["found"]["token"]
    done = client.post(_redeem_url(offer), {"step": "confirm", "token": token})
    again = client.post(_redeem_url(offer), {"step": "confirm", "token": token})
    # then: one redemption, by scan, counted per union on the detail page
    assert "核销成功" in done.content.decode()
    assert again.status_code == 422
    assert "本次已核销" in again.content.decode()
    redemption = OfferRedemption.objects.get()
    assert (redemption.method, redemption.org, redemption.redeemed_by) == (
        RedemptionMethod.SCAN,
        world.org_a,
        world.org_admin,
    )
    counts = offer_counts(offer)
    assert counts["total"] == 1
    assert counts["by_union"] == [{"name": world.org_a.name, "people": "<10", "uses": "<10"}]


def test_merchant_sees_only_its_offers_scanner(world):
    # given: two offers of org A, a merchant account on the first
    offer = make_offer(org=world.org_a, actor=world.org_admin, coupons=True, limit=2)
    other = make_offer(org=world.org_a, actor=world.org_admin, title="另一优惠")
    merchant = make_merchant(offer, actor=world.org_admin)
    client = _client(merchant)
    # then: it lands on the home with a link to its scanner
    home = client.get(reverse("home"))
    assert {c["label"]: c["value"] for c in home.context["counters"]} == {"今日核销": 0}
    assert f'<a href="{_redeem_url(offer)}">' in home.content.decode()  # 您的账号被授权处理 links the scanner
    assert "我的评审" not in home.content.decode()
    assert client.get(reverse("welfare:offer_merchant_home"))["Location"] == _redeem_url(offer)
    # and scans: the masked name only, recorded as 商户核销
    found = client.post(
        _redeem_url(offer), {"step": "check", "payload": code_payload(world.member_a, actor=world.org_admin)}
    )
    assert "甲*员" in found.content.decode()
    assert world.org_a.name not in found.content.decode()
    client.post(_redeem_url(offer), {"step": "confirm", "token": found.context["found"]["token"]})
    assert OfferRedemption.objects.get().method == RedemptionMethod.MERCHANT
    assert "本账号已核销 1 次" in client.get(_redeem_url(offer)).content.decode()
    # but nothing else: another offer 404, the offers' pages and member pages refused
    assert client.get(_redeem_url(other)).status_code == 404
    assert client.post(_redeem_url(other), {"step": "check", "payload": "x"}).status_code == 404
    assert client.get(reverse("welfare:offer_list")).status_code == 403
    assert client.get(reverse("welfare:offer_detail", args=[offer.pk])).status_code == 403
    member_page = client.get(reverse("members:member_detail", args=[world.member_a.public_id]))
    assert member_page.status_code in {403, 404}


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("org admin publishes", "org_admin", 302),
        ("plain member may not", "org_member", 403),
        ("auditor of the city reads only", "auditor", 403),
        ("merchant of the offer may not", "merchant", 403),
        ("outsider sees nothing", "outsider", 404),
    ],
)
def test_publish_access(world, _case, actor, status):
    # given
    offer = make_offer(org=world.org_a, actor=world.org_admin, publish=False)
    users = {
        "org_admin": world.org_admin,
        "org_member": world.org_member,
        "outsider": world.outsider,
        "auditor": make_cadre("ofr_auditor", world.city, AUDITOR) if actor == "auditor" else None,
        "merchant": make_merchant(offer, actor=world.org_admin) if actor == "merchant" else None,
    }
    # when
    response = _client(users[actor]).post(reverse("welfare:offer_publish", args=[offer.pk]))
    # then
    assert response.status_code == status
    assert (Offer.objects.get(pk=offer.pk).status == OfferStatus.PUBLISHED) is (status == 302)


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("org admin scans", "org_admin", 200),
        ("plain member may not", "org_member", 403),
        ("auditor of the city reads only", "auditor", 403),
        ("merchant of another offer sees nothing", "merchant", 404),
        ("outsider sees nothing", "outsider", 404),
    ],
)
def test_scanner_access(world, _case, actor, status):
    offer = make_offer(org=world.org_a, actor=world.org_admin)
    users = {
        "org_admin": world.org_admin,
        "org_member": world.org_member,
        "outsider": world.outsider,
        "auditor": make_cadre("ofr_auditor", world.city, AUDITOR) if actor == "auditor" else None,
        "merchant": make_merchant(
            make_offer(org=world.org_a, actor=world.org_admin, title="别家"), actor=world.org_admin
        )
        if actor == "merchant"
        else None,
    }
    client = _client(users[actor])
    assert client.get(_redeem_url(offer)).status_code == status
    payload = code_payload(world.member_a, actor=world.org_admin)
    found = client.post(_redeem_url(offer), {"step": "check", "payload": payload})
    assert found.status_code == status
    if status == 200:
        client.post(_redeem_url(offer), {"step": "confirm", "token": found.context["found"]["token"]})
    assert OfferRedemption.objects.filter(offer=offer).count() == (1 if status == 200 else 0)


def test_portal_offer_page_and_coupon(world):
    offer = make_offer(
        org=world.county_x, actor=make_cadre("ofr_county", world.county_x), coupons=True, limit=1
    )
    client = _client(world.org_member)
    url = reverse("welfare_portal:offer_view", args=[offer.public_id])
    page = client.get(url).content.decode()
    assert "领取券码" in page
    assert "1 次" in page
    assert reverse("checkins_portal:member_code") in page
    response = client.post(reverse("welfare_portal:offer_coupon", args=[offer.public_id]), follow=True)
    coupon = OfferCoupon.objects.get(offer=offer, member=world.member_a)
    assert coupon.code in response.content.decode()
    # an offer of another union is a 404
    foreign = make_offer(org=world.org_b, actor=world.outsider, title="乙院折扣")
    assert client.get(reverse("welfare_portal:offer_view", args=[foreign.public_id])).status_code == 404


def test_api_lists_only_the_members_offers(world, client):
    make_offer(org=world.org_a, actor=world.org_admin, title="甲校保险", limit=2)
    make_offer(org=world.org_b, actor=world.outsider, title="乙院折扣")
    _token, secret = api_token_create(user=world.org_member, name="app", scopes=["welfare:offers"])
    response = client.get("/api/v1/welfare/offers", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200
    assert [(o["title"], o["uses_left"], o["merchant"]) for o in response.json()] == [
        ("甲校保险", 2, "星光影城")
    ]
    _token, other = api_token_create(user=world.org_member, name="me", scopes=["me:read"])
    assert client.get("/api/v1/welfare/offers", HTTP_AUTHORIZATION=f"Bearer {other}").status_code == 403
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/welfare/offers" in schema["paths"]


def test_list_filters_and_empty_state(world):
    client = _client(world.org_admin)
    assert "还没有普惠优惠" in client.get(reverse("welfare:offer_list")).content.decode()
    make_offer(org=world.org_a, actor=world.org_admin, title="观影优惠")
    make_offer(org=world.org_a, actor=world.org_admin, title="健身日", kind="fitness", publish=False)
    page = client.get(reverse("welfare:offer_list"), {"kind": "fitness"}).content.decode()
    assert "健身日" in page
    assert "观影优惠" not in page
    page = client.get(reverse("welfare:offer_list"), {"status": "published", "q": "健身"}).content.decode()
    assert "没有符合条件的优惠" in page
