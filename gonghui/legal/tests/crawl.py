"""Crawler declarations for 法律服务. The crawler's org A admin and org B admin are made 法律服务干事 of
their unions besides their 工会管理员 grant (so the app role is crawled too); org A's
admin is also a lawyer with one consultation and one application of org A assigned to them."""

from collections.abc import Callable
from typing import Any

from gonghui.accounts.tests.factories import RoleGrantFactory
from gonghui.core.crawler import (
    CrawlLookup,
    CrawlRoute,
    CrawlShared,
    build_world,
    declare,
    declare_lookup,
    declare_shared,
)
from gonghui.legal.choices import AidStatus, ConsultationStatus

from .factories import make_application, make_consultation, make_lawyer


@build_world("legal")
def _legal_world(world):
    RoleGrantFactory.create(user=world.org_admin, role="legal_handler", org=world.org_a)
    RoleGrantFactory.create(user=world.outsider, role="legal_handler", org=world.org_b)
    lawyer = make_lawyer(world.org_a, name="甲律师", user=world.org_admin)
    world.extra["legal_lawyer_a"] = lawyer
    world.extra["legal_consultation_a"] = make_consultation(
        world.org_a, member=world.member_a, title="甲会员的咨询", lawyer=lawyer
    )
    world.extra["legal_published_a"] = make_consultation(
        world.org_a, status=ConsultationStatus.PUBLISHED, title="公开的咨询"
    )
    world.extra["legal_application_a"] = make_application(
        world.org_a,
        member=world.member_a,
        status=AidStatus.APPROVED,
        lawyer=lawyer,
        applicant_name="援助申请人甲",
    )
    world.extra.setdefault("markers", []).extend(["甲会员的咨询", "援助申请人甲", "甲律师"])


def _consultation(w):
    return {"public_id": w.extra["legal_consultation_a"].public_id}


def _application(w):
    return {"public_id": w.extra["legal_application_a"].public_id}


def _lawyer(w):
    return {"public_id": w.extra["legal_lawyer_a"].public_id}


for name in [
    "legal:consultation_detail",
    "legal:consultation_answer",
    "legal:consultation_assign",
    "legal:consultation_publish",
    "legal:consultation_unpublish",
]:
    declare(CrawlRoute(name, params=_consultation))
for name in [
    "legal:application_detail",
    "legal:application_approve",
    "legal:application_reject",
    "legal:application_reassign",
    "legal:application_outcome",
]:
    declare(CrawlRoute(name, params=_application))
for name in [
    "legal:lawyer_detail",
    "legal:lawyer_edit",
    "legal:lawyer_deactivate",
    "legal:lawyer_reactivate",
]:
    declare(CrawlRoute(name, params=_lawyer))

# the lawyer's desk: only the lawyer a case is assigned to reaches it (org A's admin in the crawler's world)
declare(CrawlRoute("legal:assigned_consultation", kind="personal", params=_consultation))
declare(CrawlRoute("legal:assigned_application", kind="personal", params=_application))

for name in ["legal:portal_home", "legal:consultation_ask", "legal:aid_apply", "legal:faq"]:
    declare(CrawlRoute(name, kind="portal"))
declare(CrawlRoute("legal:my_consultation", kind="portal", params=_consultation))
declare(CrawlRoute("legal:my_application", kind="portal", params=_application))
declare(
    CrawlRoute(
        "legal:faq_detail",
        kind="portal",
        params=lambda w: {"public_id": w.extra["legal_published_a"].public_id},
    )
)


# ---- shared objects: a city lawyer, shared down, with a case of org A and one of org B assigned ----------------


@build_world("legal_shared", kinds=("shared_object",))
def _legal_shared_world(world):
    lawyer = make_lawyer(world.city, name="市律师（共享）")
    make_consultation(world.org_a, title="甲中教师的劳动合同咨询", lawyer=lawyer)
    make_consultation(world.org_b, title="乙院护士的工伤咨询", lawyer=lawyer)
    make_application(world.org_b, status=AidStatus.APPROVED, lawyer=lawyer, applicant_name="乙院援助申请人")
    world.extra["legal_shared_lawyer"] = lawyer


declare_shared(
    CrawlShared(
        "legal:lawyer_detail",
        params=lambda w: {"public_id": w.extra["legal_shared_lawyer"].public_id},
        viewers=lambda w: [
            (w.org_admin, ["甲中教师的劳动合同咨询"]),
            (w.outsider, ["乙院护士的工伤咨询", "乙院援助申请人"]),
        ],
        world=("legal", "legal_shared"),
    )
)


# ---- lookups by POST body: org B's 法律服务干事 types org A's member's phone, org A's lawyer -----------------------


@build_world("legal_lookups", kinds=("lookup",))
def _legal_lookup_world(world):
    world.extra["legal_consultation_b"] = make_consultation(world.org_b, title="乙院的咨询")
    world.extra["legal_application_b"] = make_application(world.org_b, applicant_name="乙院申请人")


def _member_a_data(w):
    return [w.member_a.name, "甲会员的咨询", "援助申请人甲"]


def _lawyer_a_data(w):
    lawyer = w.extra["legal_lawyer_a"]
    return [lawyer.name, lawyer.licence_number]


declare_lookup(
    CrawlLookup(
        "legal:consultation_create",
        field="asker_phone",
        value=lambda w: w.member_a.phone,
        data=lambda w: {
            "org": str(w.org_b.pk),
            "asker_name": "来电人",
            "channel": "phone",
            "category": "wages",
            "title": "来电咨询工资",
            "question": "单位拖欠工资怎么办",
        },
        secrets=_member_a_data,
        world=("legal",),
    )
)
declare_lookup(
    CrawlLookup(
        "legal:application_create",
        field="applicant_phone",
        value=lambda w: w.member_a.phone,
        data=lambda w: {
            "org": str(w.org_b.pk),
            "applicant_name": "来访人",
            "channel": "visit",
            "dispute_type": "wages",
            "opposing_party": "乙县某公司",
            "facts": "拖欠工资三个月",
        },
        secrets=_member_a_data,
        world=("legal",),
    )
)
_NEW_LAWYER = {"name": "乙院新律师", "firm": "乙县律师事务所", "phone": "03910000001"}
declare_lookup(
    CrawlLookup(
        "legal:lawyer_create",
        field="licence_number",
        value=lambda w: w.extra["legal_lawyer_a"].licence_number,
        data=lambda w: {**_NEW_LAWYER, "org": str(w.org_b.pk)},
        secrets=lambda w: [w.extra["legal_lawyer_a"].name],
        world=("legal",),
    )
)
declare_lookup(
    CrawlLookup(
        "legal:lawyer_create",
        field="username",
        value=lambda w: w.org_member.username,
        data=lambda w: {**_NEW_LAWYER, "org": str(w.org_b.pk), "licence_number": "14108000000099999"},
        secrets=lambda w: [w.member_a.name],
        world=("legal",),
    )
)


def _case_params(key: str) -> Callable[[Any], dict[str, Any]]:
    return lambda w: {"public_id": w.extra[key].public_id}


for name, key in (
    ("legal:consultation_assign", "legal_consultation_b"),
    ("legal:application_approve", "legal_application_b"),
):
    declare_lookup(
        CrawlLookup(
            name,
            field="lawyer",
            value=lambda w: str(w.extra["legal_lawyer_a"].pk),
            params=_case_params(key),
            secrets=_lawyer_a_data,
            world=("legal", "legal_lookups"),
        )
    )
