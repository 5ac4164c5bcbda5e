from django.apps import AppConfig


class QuotasConfig(AppConfig):
    name = "gonghui.quotas"
    label = "quotas"
    verbose_name = "名额分配"
