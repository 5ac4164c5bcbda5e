from django.apps import AppConfig


class CalendarsConfig(AppConfig):
    name = "gonghui.calendars"
    label = "calendars"
    verbose_name = "工作日历"

    def ready(self) -> None:
        from gonghui.core.registry import HealthCheck, MenuItem, UrlInclude, health_checks, menu, url_includes

        from .permissions import MANAGE
        from .selectors import calendar_health_warning

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
        health_checks.register(
            # only those who may fill the calendar in hear about a missing year
            "calendar",
            HealthCheck(key="calendar", check=calendar_health_warning, order=20, action=MANAGE),
        )
