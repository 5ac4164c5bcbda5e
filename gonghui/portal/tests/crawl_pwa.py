from gonghui.core.crawler import CrawlRoute, declare

MANIFEST_FIELDS = (
    "id",
    "name",
    "short_name",
    "description",
    "lang",
    "dir",
    "start_url",
    "scope",
    "display",
    "orientation",
    "theme_color",
    "background_color",
    "icons",
)

declare(
    CrawlRoute(
        "portal:manifest",
        kind="public",
        reason="会员端的 Web 应用清单：名称、图标、颜色，人人相同，不含任何会员数据",
        public_fields=MANIFEST_FIELDS,
    )
)
declare(
    CrawlRoute(
        "portal:sw", kind="public", reason="会员端的 Service Worker 脚本：只缓存静态文件和离线页，人人相同"
    )
)
declare(CrawlRoute("portal:offline", kind="public", reason="断网时显示的提示页：人人相同，不含任何会员数据"))
