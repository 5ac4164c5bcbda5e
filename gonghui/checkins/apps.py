from django.apps import AppConfig


class CheckinsConfig(AppConfig):
    name = "gonghui.checkins"
    label = "checkins"
    verbose_name = "签到"
