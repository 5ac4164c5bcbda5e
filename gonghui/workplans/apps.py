from django.apps import AppConfig


class WorkplansConfig(AppConfig):
    name = "gonghui.workplans"
    label = "workplans"
    verbose_name = "工作要点"

    def ready(self) -> None:
        pass
