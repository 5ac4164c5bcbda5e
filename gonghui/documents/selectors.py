"""Reads of 公文: the sent list (issued in the user's subtrees), the inbox of one union (its receipts), one
document through `Document.objects.get_visible_or_404`, the sender's board (per recipient org), who a delivery
notifies, the reads of 收文 (list, one, its readers and the cadres it may be circulated to), and a union's 发文设置."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse

from gonghui.accounts.actors import Actor
from gonghui.accounts.models import User
from gonghui.accounts.scoping import has_action, user_grants
from gonghui.attachments.models import Attachment
from gonghui.attachments.selectors import attachments_of
from gonghui.core.registry import roles
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.models import Org

from .choices import DocumentStatus
from .models import Document, Forward, IncomingDocument, IncomingReader, IssuerSettings, Receipt
from .permissions import MANAGE, RECEIVE, VIEW, role_codes_allowing

# 拟稿、核稿、签发须由不同人员 is on by default where a union has an office to share the work: city and county unions
SEPARATE_DUTIES_LEVELS = frozenset({OrgLevel.CITY, OrgLevel.COUNTY})


def issuer_settings_of(org: Org) -> IssuerSettings:
    """The union's 发文设置; a union that never saved them gets the defaults (unsaved): no 代字 yet, and the
    separation of duties on for city and county unions, off for grassroots ones."""
    found = IssuerSettings.objects.filter(org=org).first()
    if found is not None:
        return found
    return IssuerSettings(org=org, series="", separate_duties=org.level in SEPARATE_DUTIES_LEVELS)


def issuer_series_configured(org: Org) -> bool:
    """Has the union saved its 发文机关代字 (a first step of a new union)?"""
    return IssuerSettings.objects.filter(org=org).exclude(series="").exists()


def document_list_for_user(
    *, user: Actor, query: str = "", status: str = "", within: Any = None
) -> QuerySet[Document]:
    """发文: documents issued by the unions in the user's subtrees (not those merely delivered to them)."""
    qs = Document.objects.in_subtrees(user, VIEW)
    if within is not None:
        qs = qs.filter(org__path__startswith=within.path)
    if status:
        qs = qs.filter(status=status)
    if query:
        qs = qs.filter(Q(title__icontains=query) | Q(document_number__icontains=query))
    # the receipt counts are correlated subqueries, not a JOIN … GROUP BY: the database counts them for the rows of
    # the page only (after the sort and LIMIT), and the paginator's COUNT leaves them out
    direct = (
        Receipt.objects.filter(document=OuterRef("pk"), forward__isnull=True).order_by().values("document")
    )
    return (
        qs.select_related("org")
        .annotate(
            receipt_total=_count_of(direct),
            receipt_signed=_count_of(direct.filter(signed_at__isnull=False)),
        )
        .order_by("-created_at", "-id")
    )


def _count_of(rows: QuerySet[Receipt, Any]) -> Coalesce:
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")), 0)


def document_get_for_user(*, user: Actor, public_id: Any, action: str = VIEW) -> Document:
    """One document the user sees (issued in their subtrees or delivered to them), else 404; `action` other
    than VIEW is demanded on the issuing union (403)."""
    document = Document.objects.select_related(
        "org", "drafted_by", "reviewed_by", "signed_by"
    ).get_visible_or_404(user, VIEW, public_id=public_id)
    if action != VIEW and not has_action(user, action, document.org):
        raise PermissionDenied
    return document


def document_file_label(*, public_id: str) -> str:
    """The 文号, or the title of an unnumbered document, for an export's file name. Not scoped: the exporter asks
    only after it has read the document through `document_get_for_user`."""
    found = Document.objects.filter(public_id=public_id).values_list("document_number", "title").first()
    return (found[0] or found[1]) if found is not None else ""


def inbox_orgs(user: Actor) -> list[Any]:
    """The unions whose inbox the user keeps: orgs of their own grants that allow RECEIVE or VIEW."""
    seen: dict[int, Any] = {}
    for grant in user_grants(user):
        if grant.role in roles and (
            roles.get(grant.role).allows(RECEIVE) or roles.get(grant.role).allows(VIEW)
        ):
            seen.setdefault(grant.org_id, grant.org)
    return list(seen.values())


def receipt_list_for_user(*, user: Actor, org: Any, query: str = "", state: str = "") -> QuerySet[Receipt]:
    """收件箱 of one union (one of the user's own grant orgs): its deliveries, newest first. `state`:
    "unread", "unsigned" or "signed"."""
    if org is None or org.pk not in {o.pk for o in inbox_orgs(user)}:
        return Receipt.objects.none()
    qs = (
        Receipt.objects.visible_to(user, VIEW)
        .filter(org=org)
        .exclude(document__status=DocumentStatus.WITHDRAWN)
    )
    if query:
        qs = qs.filter(
            Q(document__title__icontains=query)
            | Q(document__document_number__icontains=query)
            | Q(document__org__name__icontains=query)
        )
    if state == "unread":
        qs = qs.filter(read_at__isnull=True)
    elif state == "unsigned":
        qs = qs.filter(signed_at__isnull=True)
    elif state == "signed":
        qs = qs.filter(signed_at__isnull=False)
    return qs.select_related("document", "document__org", "forward", "forward__from_org").order_by(
        "-delivered_at", "-id"
    )


def inbox_unread_count(*, user: Actor, org: Any) -> int:
    return receipt_list_for_user(user=user, org=org, state="unread").count()


def inbox_unsigned_count(*, user: Actor, org: Any) -> int:
    return receipt_list_for_user(user=user, org=org, state="unsigned").count()


def own_receipts(*, user: Actor, document: Document) -> list[Receipt]:
    """The document's deliveries to unions where the user holds a grant (those they read and sign for)."""
    own = [o.pk for o in inbox_orgs(user)]
    return list(
        Receipt.objects.filter(document=document, org_id__in=own).select_related(
            "org", "signed_by", "forward", "forward__from_org"
        )
    )


def receipt_get_for_user(*, user: Actor, public_id: Any) -> Receipt:
    """A delivery the user sees (to an org in their subtrees), else 404."""
    return Receipt.objects.select_related("document", "document__org", "org").get_visible_or_404(
        user, VIEW, public_id=public_id
    )


def forward_get_for_user(*, user: Actor, document: Document, public_id: Any) -> Forward:
    """One forward of the document made by a union in the user's subtrees, else 404."""
    return Forward.objects.select_related("from_org").get_visible_or_404(
        user, VIEW, document=document, public_id=public_id
    )


@dataclass(frozen=True)
class BoardSummary:
    total: int
    read: int
    signed: int
    forwarded: int

    @property
    def unsigned(self) -> int:
        return self.total - self.signed


def board_rows(*, document: Document, forward: Forward | None = None) -> QuerySet[Receipt]:
    """The sender's board: one row per recipient org of the issuer's deliveries (or of one forward)."""
    return (
        Receipt.objects.filter(document=document, forward=forward)
        .select_related("org", "read_by", "signed_by")
        .order_by("org__path")
    )


def board_summary(rows: QuerySet[Receipt]) -> BoardSummary:
    data = rows.aggregate(
        total=Count("pk"),
        read=Count("pk", filter=Q(read_at__isnull=False)),
        signed=Count("pk", filter=Q(signed_at__isnull=False)),
        forwarded=Count("pk", filter=Q(forwarded_at__isnull=False)),
    )
    return BoardSummary(**data)


def board_for_user(*, user: Actor, document: Document, forward: Forward | None = None) -> QuerySet[Receipt]:
    """The board the user may see: the issuer's (MANAGE or VIEW on the issuing union) or a forward's (its
    union's cadres); anything else is 403."""
    sender = forward.from_org if forward is not None else document.org
    if not (has_action(user, VIEW, sender) or has_action(user, MANAGE, sender)):
        raise PermissionDenied
    return board_rows(document=document, forward=forward)


def forwards_for_user(*, user: Actor, document: Document) -> QuerySet[Forward]:
    """Forwards of the document the user may follow: all of them for the issuer's cadres, otherwise those made
    by unions in the user's subtrees (one recipient does not read another's forwarding note)."""
    qs = Forward.objects.filter(document=document)
    if not has_action(user, VIEW, document.org):
        qs = Forward.objects.visible_to(user, VIEW).filter(document=document)
    return qs.select_related("from_org", "created_by").annotate(
        receipt_total=Count("receipts"),
        receipt_signed=Count("receipts", filter=Q(receipts__signed_at__isnull=False)),
    )


# --- receivers ---------------------------------------------------------------------------------------------


def receivers_of(orgs: list[Org]) -> list[User]:
    """Cadres holding RECEIVE through a grant on one of these orgs (each once): who a delivery notifies."""
    return list(
        User.objects.filter(
            grants__org__in=orgs, grants__role__in=role_codes_allowing(RECEIVE), is_active=True
        ).distinct()
    )


def document_attachment(*, document: Document, public_id: Any) -> Attachment:
    """One attachment of the document, else 404."""
    attachment = attachments_of(document).filter(public_id=public_id).first()
    if attachment is None:
        raise Http404
    return attachment


# --- 收文 --------------------------------------------------------------------------------------------------


def incoming_list_for_user(*, user: Actor, query: str = "", status: str = "") -> QuerySet[IncomingDocument]:
    qs = IncomingDocument.objects.visible_to(user, VIEW)
    if status:
        qs = qs.filter(status=status)
    if query:
        qs = qs.filter(
            Q(title__icontains=query) | Q(source_number__icontains=query) | Q(source_issuer__icontains=query)
        )
    return qs.select_related("org").order_by("-received_on", "-id")


def incoming_get_for_user(*, user: Actor, public_id: Any, action: str = VIEW) -> IncomingDocument:
    incoming = IncomingDocument.objects.select_related(
        "org", "proposed_by", "instructed_by", "registered_by"
    ).get_visible_or_404(user, VIEW, public_id=public_id)
    if action != VIEW and not has_action(user, action, incoming.org):
        raise PermissionDenied
    return incoming


def incoming_reader_candidates(incoming: IncomingDocument) -> QuerySet[User]:
    """Cadres of the receiving union who may read documents (the people a 收文 is circulated to)."""
    return (
        User.objects.filter(
            grants__org=incoming.org, grants__role__in=role_codes_allowing(VIEW), is_active=True
        )
        .distinct()
        .order_by("username")
    )


def incoming_readers(incoming: IncomingDocument) -> list[IncomingReader]:
    """The cadres the 收文 is circulated to, with their 阅毕 stamps."""
    return list(incoming.readers.select_related("user"))


def incoming_is_reader(incoming: IncomingDocument, user: Actor) -> bool:
    """Is the user one of the named readers (who may mark it 阅毕)?"""
    return incoming.readers.filter(user=user.pk or 0).exists()


def incoming_forward_documents(incoming: IncomingDocument) -> QuerySet[Document]:
    """The 转发 notices drafted from the 收文."""
    return incoming.forward_documents.all()


def document_record_origin(document: Document) -> dict[str, str] | None:
    """由记录生成: what the draft was made from, for its issuer's page — {"label": 竞赛“…”, "url": the record's page
    or ""}; None for a document typed by hand or whose record is gone."""
    if document.record_type_id is None:
        return None
    model = ContentType.objects.get_for_id(document.record_type_id).model_class()  # cached, no query
    record = model._default_manager.filter(pk=document.record_id).first() if model is not None else None
    if record is None:
        return None
    url = record.get_absolute_url() if hasattr(record, "get_absolute_url") else ""
    return {"label": f"{record._meta.verbose_name}“{record}”", "url": url}


def quota_incoming_documents(user: Actor, orgs: Sequence[Org]) -> list[tuple[int, str]]:
    """The 收文 of these unions the user may read, newest first, as 关联收文 choices of a 上级下达 quota set."""
    documents = (
        IncomingDocument.objects.visible_to(user, VIEW)
        .filter(org__in=orgs)
        .select_related("org")
        .order_by("-created_at", "-pk")[:200]
    )
    return [
        (d.pk, f"{d.org.name}：{d.title}（{' '.join(p for p in (d.source_issuer, d.source_number) if p)}）")
        for d in documents
    ]


def quota_incoming_document(user: Actor, pk: int) -> tuple[str, str] | None:
    """A linked 收文 as (title, url) for a quota set's page, or None when the user may not read it."""
    found = IncomingDocument.objects.visible_to(user, VIEW).filter(pk=pk).first()
    if found is None:
        return None
    return found.title, reverse("documents:incoming_detail", args=[found.public_id])
