from gonghui.core.crawler import CrawlRoute, declare

for name in ["dashboards:dashboard_org", "dashboards:dashboard_export"]:
    declare(CrawlRoute(name, params=lambda w: {"code": w.org_a.code}))
