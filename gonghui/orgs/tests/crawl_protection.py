"""Crawler declarations for the 女职工特殊保护检查表 pages of orgs: org A (a 基层工会) has no checklist yet, so the
form page is 填写; org A's admin reaches both pages, org A's plain member is refused and org B's admin gets 404."""

from django.utils import timezone

from gonghui.core.crawler import CrawlRoute, declare

declare(CrawlRoute("orgs:protection_list", params=lambda w: {"code": w.org_a.code}))
declare(
    CrawlRoute(
        "orgs:protection_edit", params=lambda w: {"code": w.org_a.code, "year": timezone.localdate().year}
    )
)
