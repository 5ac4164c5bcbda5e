from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "gonghui.certificates"
    label = "certificates"
    verbose_name = "证书"

    def ready(self) -> None:
        from gonghui.core.registry import MenuItem, Seeder, UrlInclude, menu, seeders, url_includes

        from .demo import register_demo_kind, seed_certificates
        from .permissions import VIEW, register_roles
        from .spreadsheets import register as register_exports

        register_roles()
        register_exports()
        register_demo_kind()
        url_includes.register(
            "certificates", UrlInclude(prefix="certificates/", module="gonghui.certificates.urls", order=85)
        )
        menu.register(
            "certificates",
            MenuItem(
                key="certificates",
                label="证书管理",
                url_name="certificates:list",
                icon="certificate",
                action=VIEW,
                order=90,
                section="组织与会员",
            ),
        )
        # after quizzes (80) so the demo shows quiz certificates beside this app's own kind
        seeders.register("certificates", Seeder(key="certificates", func=seed_certificates, order=86))
