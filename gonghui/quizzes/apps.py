from django.apps import AppConfig


class QuizzesConfig(AppConfig):
    name = "gonghui.quizzes"
    label = "quizzes"
    verbose_name = "网上答题"

    def ready(self) -> None:
        pass
