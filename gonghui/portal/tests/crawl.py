from gonghui.core.crawler import CrawlRoute, declare

for name in ["portal:services", "portal:inbox", "portal:me"]:
    declare(CrawlRoute(name, kind="portal"))
# The home is everyone's own: a member sees their 待办 and services; a logged-in person without a member record
# (a cadre, an applicant) sees only the door to 网上入会. 长辈版 is the person's own display setting (POST only).
declare(CrawlRoute("portal:home", kind="personal"))
declare(CrawlRoute("portal:care_mode", kind="personal"))
