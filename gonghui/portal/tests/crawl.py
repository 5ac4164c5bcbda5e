from gonghui.core.crawler import CrawlRoute, declare

for name in ["portal:home", "portal:services", "portal:inbox", "portal:me"]:
    declare(CrawlRoute(name, kind="portal"))
