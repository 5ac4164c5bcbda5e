from django.apps import AppConfig


class CalendarsConfig(AppConfig):
    name = "gonghui.calendars"
    label = "calendars"
    verbose_name = "工作日历"

    def ready(self) -> None:
        from gonghui.core.registry import MenuItem, UrlInclude, menu, url_includes

        url_includes.register(
            "calendars", UrlInclude(prefix="calendar/", module="gonghui.calendars.urls", order=80)
        )
        menu.register(
            "calendar",
            MenuItem(
                key="calendar",
                label="工作日历",
                url_name="calendars:calendar_year",
                icon="calendar",
                action="console.access",
                order=85,
                section="系统",
            ),
        )
