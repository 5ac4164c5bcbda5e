from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "gonghui.portal"
    label = "portal"
    verbose_name = "会员端"

    def ready(self) -> None:
        from gonghui.core.registry import PortalTile, UrlInclude, portal_tiles, url_includes

        url_includes.register("portal", UrlInclude(prefix="portal/", module="gonghui.portal.urls", order=90))
        # 会员信息 is the 我的 tab (a tile for it would repeat the tab bar).
        portal_tiles.register(
            "password",
            PortalTile(
                key="password",
                label="修改密码",
                url_name="accounts:password_change",
                icon="lock",
                order=90,
                description="账号安全",
            ),
        )
