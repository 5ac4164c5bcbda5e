from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "gonghui.documents"
    label = "documents"
    verbose_name = "公文"

    def ready(self) -> None:
        pass
