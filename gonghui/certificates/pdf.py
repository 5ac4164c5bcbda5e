"""The certificate as a PDF: the kind's template (extending `certificates/pdf/base.html`) rendered with core.pdf,
with a QR code of the public check page. The QR code points at `PUBLIC_BASE_URL` — the address phones reach —
and falls back to the base URL of the request that asked for the PDF."""

from typing import Any

from django.conf import settings
from django.urls import reverse

from gonghui.core.pdf import render_pdf

from .kinds import certificate_kinds
from .models import Certificate


def verify_url(certificate: Certificate, *, base_url: str) -> str:
    """The absolute address of the certificate's public check page."""
    root = (settings.PUBLIC_BASE_URL or base_url).rstrip("/")
    return root + reverse("certificates:verify", args=[certificate.code])


def qr_data_uri(text: str) -> str:
    """An SVG QR code as a data: URI WeasyPrint embeds (segno, offline)."""
    import segno

    return str(segno.make(text, error="m").svg_data_uri(scale=4, border=2))


def certificate_fields(certificate: Certificate) -> list[tuple[str, Any]]:
    """The kind's `data` fields to print, as (label, value), in the kind's order; missing ones are left out."""
    kind = certificate_kinds.get(certificate.kind) if certificate.kind in certificate_kinds else None
    if kind is None:
        return []
    return [
        (kind.field_labels.get(key, key), certificate.data[key])
        for key in kind.fields
        if key in certificate.data
    ]


def certificate_pdf(certificate: Certificate, *, base_url: str) -> bytes:
    kind = certificate_kinds.get(certificate.kind) if certificate.kind in certificate_kinds else None
    template = kind.pdf_template if kind is not None else "certificates/pdf/base.html"
    url = verify_url(certificate, base_url=base_url)
    context = {
        "title": certificate.title,
        "certificate": certificate,
        "kind": kind,
        "fields": certificate_fields(certificate),
        "verify_url": url,
        "qr": qr_data_uri(url),
    }
    return render_pdf(template, context)
