from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gonghui.core"
    label = "core"
    verbose_name = "平台基础"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from . import checks  # noqa: F401 - registers the deploy checks
        from .health import register_core_checks

        register_core_checks()
        # every app's indicator sources (indicators.py) and plan record kinds (plan_links.py) register on import
        autodiscover_modules("indicators", "plan_links")
