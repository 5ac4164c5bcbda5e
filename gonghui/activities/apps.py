from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "gonghui.activities"
    label = "activities"
    verbose_name = "活动与志愿服务"

    def ready(self) -> None:
        from gonghui.core.registry import MenuItem, Seeder, UrlInclude, menu, seeders, url_includes

        from .demo import seed_activities
        from .permissions import VIEW
        from .registrations import attendance, events, exercise, signup, teams, volunteers

        url_includes.register(
            "activities", UrlInclude(prefix="activities/", module="gonghui.activities.urls", order=95)
        )
        # the member's pages, inside the service worker's scope (/portal/)
        url_includes.register(
            "activities.portal",
            UrlInclude(prefix="portal/activities/", module="gonghui.activities.portal_urls", order=95),
        )
        for order, (key, label, url_name, icon) in enumerate(
            (
                ("activities", "活动", "activities:list", "calendar-event"),
                ("activities.stats", "活动统计", "activities:stats", "chart-bar"),
                ("activities.teams", "组队参赛", "activities:delegation_list", "trophy"),
                ("activities.exercise", "工间操", "activities:routine_list", "users"),
                ("activities.volunteers", "志愿服务", "activities:team_list", "user-plus"),
            )
        ):
            menu.register(
                key,
                MenuItem(
                    key=key,
                    label=label,
                    url_name=url_name,
                    icon=icon,
                    action=VIEW,
                    order=121 + order,
                    section="活动与志愿服务",
                ),
            )
        events.register()
        signup.register()
        attendance.register()
        teams.register()
        exercise.register()
        volunteers.register()
        if "activities" not in seeders:
            seeders.register("activities", Seeder(key="activities", func=seed_activities, order=99))
