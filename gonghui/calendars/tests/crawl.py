from gonghui.core.crawler import CrawlRoute, declare

declare(
    CrawlRoute(
        "calendars:calendar_day_delete",
        kind="global",
        params=lambda w: {"date": "2025-10-01"},
        reason="工作日历是全平台的参考数据，不属于任何组织；只有系统管理员（calendar.manage）可以修改",
    )
)
