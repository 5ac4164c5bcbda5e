from gonghui.core.crawler import CrawlRoute, declare

for name in ["members:member_detail", "members:member_reveal"]:
    declare(CrawlRoute(name, params=lambda w: {"public_id": w.member_a.public_id}))
