from django.apps import AppConfig


class CodelistsConfig(AppConfig):
    name = "gonghui.codelists"
    label = "codelists"
    verbose_name = "代码表"
