"""Crawler declarations for 法律服务. The crawler's org A admin and org B admin are made 法律服务干事 of
their unions (the built-in 工会管理员 role has no legal actions until accounts/roles.py lists them); org A's
admin is also a lawyer with one consultation and one application of org A assigned to them."""

from gonghui.accounts.tests.factories import RoleGrantFactory
from gonghui.core.crawler import CrawlRoute, build_world, declare
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
