from django.apps import AppConfig


class SpreadsheetsConfig(AppConfig):
    name = "gonghui.spreadsheets"
    label = "spreadsheets"
    verbose_name = "导入导出"

    def ready(self) -> None:
        from gonghui.core.registry import ScheduledJob, UrlInclude, scheduled_jobs, url_includes

        from .error_reports import import_jobs_purge
        from .services import jobs_mark_stale

        url_includes.register(
            "spreadsheets", UrlInclude(prefix="data/", module="gonghui.spreadsheets.urls", order=75)
        )
        scheduled_jobs.register(
            "spreadsheets.stale_jobs",
            ScheduledJob(
                key="spreadsheets.stale_jobs",
                label="后台进程已停止的导入导出任务标记为失败",
                func=jobs_mark_stale,
                order=10,
            ),
        )
        scheduled_jobs.register(
            "spreadsheets.purge_imports",
            ScheduledJob(
                key="spreadsheets.purge_imports",
                label="删除超过 7 天的导入任务及其文件和错误报告",
                func=import_jobs_purge,
                order=11,
            ),
        )
