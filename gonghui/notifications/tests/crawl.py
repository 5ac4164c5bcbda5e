from gonghui.core.crawler import CrawlRoute, build_world, declare
from gonghui.notifications.services import notify


@build_world("notifications")
def _notifications_world(world):
    world.extra["notification_admin_a"] = notify(recipients=[world.org_admin], title="测试通知", url="/")[0]


declare(
    CrawlRoute(
        "notifications:notification_open",
        kind="personal",
        params=lambda w: {"pk": w.extra["notification_admin_a"].pk},
    )
)

for name in ["notifications:inbox", "notifications:inbox_mark_all_read"]:
    declare(CrawlRoute(name, kind="personal"))
