from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "gonghui.certificates"
    label = "certificates"
    verbose_name = "证书"

    def ready(self) -> None:
        pass
