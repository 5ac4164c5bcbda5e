"""Crawler declarations of 困难职工帮扶 — part `classing` (routes of `views/classing.py`). Org A (where org A's admin
is 帮扶干事) keeps a 低保 line: its 修改 page is org A's (org B's officer: 404). The
file pages (刚性支出与事件, 核定类别) are those of org A's filed file."""

from django.utils import timezone

from gonghui.core.crawler import CrawlRoute, build_world, declare
from gonghui.welfare.tests.crawl_world import file_params
from gonghui.welfare.tests.factories import make_line


@build_world("welfare_classing")
def _classing_world(world):
    world.extra["welfare_line_a"] = make_line(
        org=world.org_a,
        actor=world.org_admin,
        year=timezone.localdate().year,
        monthly_line="600",
        source="甲县低保标准文件",
    )


def _line(world):
    return {"line_id": world.extra["welfare_line_a"].pk}


declare(CrawlRoute("welfare:line_edit", params=_line))
for name in ("welfare:expenses", "welfare:classify"):
    declare(CrawlRoute(name, params=file_params))
