"""Crawler declarations of 困难职工帮扶 — part `intake` (routes of `views/intake.py` and the portal pages of
`views/portal.py`). The console pages name org A's filed file (`file_params`: its 修改 redirects to the file, its
upload page is open) and org A's 诉求 (`appeals` world: 由诉求建档 is a POST); the portal pages are 甲会员's own
(the receipt names his filed file)."""

from gonghui.core.crawler import CrawlRoute, declare
from gonghui.welfare.tests.crawl_world import file_params


def _appeal(world):
    return {"appeal_id": world.extra["appeal_a"].pk}


def _receipt(world):
    return {"public_id": world.extra["welfare_file_a"].public_id}


declare(CrawlRoute("welfare:edit", params=file_params))
declare(CrawlRoute("welfare:consent_upload", params=file_params))
declare(CrawlRoute("welfare:from_appeal", params=_appeal))
for name in ("welfare_portal:mine", "welfare_portal:apply", "welfare_portal:resubmit"):
    declare(CrawlRoute(name, kind="portal"))
declare(CrawlRoute("welfare_portal:receipt", kind="portal", params=_receipt))
