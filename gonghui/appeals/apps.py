from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "gonghui.appeals"
    label = "appeals"
    verbose_name = "网上维权"

    def ready(self) -> None:
        pass
