from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "gonghui.documents"
    label = "documents"
    verbose_name = "公文"

    def ready(self) -> None:
        from gonghui.attachments.policies import attachment_access
        from gonghui.core.registry import (
            FirstStep,
            HomeCounter,
            MenuItem,
            Seeder,
            UrlInclude,
            first_steps,
            home_counters,
            menu,
            seeders,
            url_includes,
        )
        from gonghui.quotas.sources import IncomingDocumentSource, incoming_document_sources

        from .demo import seed_documents
        from .models import Document, IncomingDocument
        from .permissions import MANAGE, SIGN, VIEW, register_roles
        from .selectors import (
            inbox_unsigned_count,
            issuer_settings_of,
            quota_incoming_document,
            quota_incoming_documents,
        )
        from .spreadsheets import register as register_exports

        register_roles()
        register_exports()
        url_includes.register(
            "documents", UrlInclude(prefix="documents/", module="gonghui.documents.urls", order=50)
        )
        for key, label, url_name, icon, action, order in (
            ("documents.inbox", "收件箱", "documents:inbox", "inbox", VIEW, 50),
            ("documents.sent", "发文管理", "documents:document_list", "file-text", VIEW, 51),
            ("documents.incoming", "收文登记", "documents:incoming_list", "file-import", MANAGE, 52),
        ):
            menu.register(
                key,
                MenuItem(
                    key=key,
                    label=label,
                    url_name=url_name,
                    icon=icon,
                    action=action,
                    order=order,
                    section="网上办公",
                ),
            )
        home_counters.register(
            "documents.unsigned",
            HomeCounter(
                key="documents.unsigned",
                label="待签收公文",
                count=lambda user, org: inbox_unsigned_count(user=user, org=org),
                action=VIEW,
                url_name="documents:inbox",
                order=50,
            ),
        )
        first_steps.register(
            "documents.series",
            FirstStep(
                key="documents.series",
                label="设置发文机关代字",
                done=lambda org: bool(issuer_settings_of(org).series),
                action=SIGN,
                url_name="documents:issuer_settings",
                hint="如“焦教工”，发文时文号按“代字〔年份〕序号”自动编排",
                order=10,
            ),
        )
        if "documents" not in incoming_document_sources:
            incoming_document_sources.register(
                "documents",
                IncomingDocumentSource(
                    key="documents", documents=quota_incoming_documents, describe=quota_incoming_document
                ),
            )
        attachment_access.register(
            "documents.document",
            lambda user, owner: Document.objects.visible_to(user, VIEW).filter(pk=owner.pk).exists(),
        )
        attachment_access.register(
            "documents.incomingdocument",
            lambda user, owner: IncomingDocument.objects.visible_to(user, VIEW).filter(pk=owner.pk).exists(),
        )
        seeders.register("documents", Seeder(key="documents", func=seed_documents, order=60))
