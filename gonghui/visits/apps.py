from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "gonghui.visits"
    label = "visits"
    verbose_name = "走访慰问"
