from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "gonghui.notifications"
    label = "notifications"
    verbose_name = "消息通知"

    def ready(self) -> None:
        from gonghui.core.registry import MenuItem, UrlInclude, menu, url_includes

        url_includes.register(
            "notifications",
            UrlInclude(prefix="notifications/", module="gonghui.notifications.urls", order=70),
        )
        menu.register(
            "notifications",
            MenuItem(
                key="notifications",
                label="站内消息",
                url_name="notifications:inbox",
                icon="bell",
                action="console.access",
                order=5,
                section="工作台",
            ),
        )
