from gonghui.core.crawler import CrawlRoute, declare

# The member registry: every route naming a member of org A (the 会籍 changes answer GET with their form).
for name in [
    "members:member_detail",
    "members:member_reveal",
    "members:member_edit",
    "members:member_leave",
    "members:member_retire_keep",
    "members:member_death",
    "members:member_reinstate",
]:
    declare(CrawlRoute(name, params=lambda w: {"public_id": w.member_a.public_id}))
