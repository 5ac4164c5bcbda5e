from django.apps import AppConfig


class ResponsesConfig(AppConfig):
    name = "gonghui.responses"
    label = "responses"
    verbose_name = "匿名答卷"
