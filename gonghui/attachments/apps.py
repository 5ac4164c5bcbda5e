from django.apps import AppConfig


class AttachmentsConfig(AppConfig):
    name = "gonghui.attachments"
    label = "attachments"
    verbose_name = "附件"

    def ready(self) -> None:
        from gonghui.core.registry import UrlInclude, url_includes

        url_includes.register(
            "attachments", UrlInclude(prefix="files/", module="gonghui.attachments.urls", order=76)
        )
