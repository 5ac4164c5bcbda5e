from django.apps import AppConfig


class SpreadsheetsConfig(AppConfig):
    name = "gonghui.spreadsheets"
    label = "spreadsheets"
    verbose_name = "导入导出"

    def ready(self) -> None:
        from gonghui.core.registry import UrlInclude, url_includes

        url_includes.register(
            "spreadsheets", UrlInclude(prefix="data/", module="gonghui.spreadsheets.urls", order=75)
        )
