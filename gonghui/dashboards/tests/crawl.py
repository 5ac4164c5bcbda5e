from gonghui.core.crawler import CrawlRoute, declare

declare(CrawlRoute("dashboards:dashboard_org", params=lambda w: {"code": w.org_a.code}))
declare(CrawlRoute("dashboards:women_org", params=lambda w: {"code": w.org_a.code}))
declare(CrawlRoute("dashboards:overview_org", params=lambda w: {"code": w.org_a.code}))
declare(CrawlRoute("dashboards:overview_screen", params=lambda w: {"code": w.org_a.code}))
