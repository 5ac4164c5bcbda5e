"""Crawler declarations of 评选表彰 — part `nominations`. 甲县教育工会 runs a campaign (without quotas) in which org
A's admin puts forward org A's plain member (甲会员) as a draft with its materials: the campaign's nominations, the
form, the export, the nomination's page, its edit page and its actions are org A's (org B's admin, in the other
county, cannot see the campaign: 404). For the lookup check a city campaign is open to both counties' unions: org
B's admin reaches its nomination form and posts org A's member as the nominee."""

from gonghui.core.crawler import CrawlLookup, CrawlRoute, build_world, declare, declare_lookup

from ..services.nominations import nomination_create, nomination_material_add
from .factories import make_campaign


@build_world("honours_nominations")
def _nominations_world(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    admin = world.org_admin
    campaign = make_campaign(org=world.county_x, actor=admin, title="甲县优秀教师评选")
    nomination = nomination_create(
        campaign=campaign,
        nominating_org=world.org_a,
        member=world.member_a,
        actor=admin,
        deeds="甲会员推荐事迹",
    )
    upload = SimpleUploadedFile("审批表.txt", "推荐审批表".encode(), content_type="text/plain")
    nomination_material_add(nomination=nomination, material="推荐审批表", upload=upload, actor=admin)
    world.extra.update(honours_campaign_nominations=campaign, honours_nomination_a=nomination)
    world.extra.setdefault("markers", []).append("甲会员推荐事迹")


@build_world("honours_nominations_lookup", kinds=("lookup",))
def _city_campaign_world(world):
    world.extra["honours_campaign_city"] = make_campaign(
        org=world.city, actor=world.org_admin, title="全市焦作标兵评选"
    )


def _campaign(w):
    return {"pk": w.extra["honours_campaign_nominations"].pk}


def _nomination(w):
    return {"nomination_id": w.extra["honours_nomination_a"].pk}


for name in ("honours:nominations", "honours:nomination_create", "honours:nominations_export"):
    declare(CrawlRoute(name, params=_campaign))
for name in (
    "honours:nomination_detail",
    "honours:nomination_edit",
    "honours:nomination_submit",
    "honours:nomination_withdraw",
    "honours:nomination_return",
    "honours:nomination_review",
    "honours:nomination_material_add",
    "honours:nomination_material_remove",
):
    declare(CrawlRoute(name, params=_nomination))

declare_lookup(
    CrawlLookup(
        url_name="honours:nomination_create",
        field="member",
        value=lambda w: str(w.member_a.pk),
        secrets=lambda w: [w.member_a.name, w.member_a.phone, w.member_a.id_number_masked],
        data=lambda w: {"nominating_org": w.org_b.pk, "deeds": "事迹"},
        params=lambda w: {"pk": w.extra["honours_campaign_city"].pk},
        world=("honours_nominations_lookup",),
    )
)
