from gonghui.core.crawler import CrawlRoute, declare

# 我的办理: a member page (the member of org A reaches it; cadres without a member record do not)
declare(CrawlRoute("portal:requests", kind="portal"))
