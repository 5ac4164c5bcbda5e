"""Pages of the certificates block: the public check (查验, no login, noindex, limited per client address), the
console's 证书管理 (list, detail, PDF, 撤销, 批量发证 with its progress) and `certificate_pdf_response`, the
download helper the portal's 我的证书 uses too."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.accounts.identity import mask_name
from gonghui.core.audit import AuditContext
from gonghui.core.forms import form_perform, posted_data
from gonghui.core.htmx import htmx_partial
from gonghui.core.pagination import paginate, query_without_page
from gonghui.core.pdf import pdf_response

from .forms import BatchIssueForm, CertificateFilterForm, RevokeForm, VerifyForm
from .kinds import certificate_kinds, kind_label
from .models import Certificate
from .pdf import certificate_fields, certificate_pdf, verify_url
from .permissions import MANAGE, VIEW, can_manage_certificate, can_manage_owner
from .selectors import (
    certificate_by_code,
    certificate_get_visible_or_404,
    certificate_list_for_user,
    code_normalise,
    issue_job_get_visible_or_404,
)
from .services import certificate_issue_batch, certificate_revoke
from .verification import retry_after_seconds, verify_rate_limited

NOINDEX = "noindex, nofollow"


def certificate_pdf_response(request: HttpRequest, certificate: Certificate) -> HttpResponse:
    """The certificate's PDF as a download, its QR code pointing at PUBLIC_BASE_URL (else this request's host)."""
    pdf = certificate_pdf(certificate, base_url=request.build_absolute_uri("/"))
    return pdf_response(pdf, f"证书-{certificate.number}.pdf", inline=False)


# ---- public check -------------------------------------------------------------------------------------------


def _public(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = NOINDEX
    return response


def verify_form(request: HttpRequest) -> HttpResponse:
    """查验 form: a typed code goes to its check page (the count is taken there)."""
    form = VerifyForm(request.GET or None)
    if form.is_valid():
        code = code_normalise(form.cleaned_data["code"])
        if code:
            return redirect("certificates:verify", code=code)
        form.add_error("code", "请输入证书上的验证码")
    return _public(render(request, "certificates/verify.html", {"form": form, "searched": False}))


def _holder_shown(certificate: Certificate) -> str:
    kind = certificate_kinds.get(certificate.kind) if certificate.kind in certificate_kinds else None
    if kind is not None and not kind.holder_is_person:
        return certificate.holder_name
    return mask_name(certificate.holder_name)


def verify(request: HttpRequest, code: str) -> HttpResponse:
    """The public check page of one code: issuer, masked holder, what for, number, date, 有效 or 已撤销."""
    if verify_rate_limited(request):
        response = render(request, "certificates/verify_limited.html", status=429)
        response["Retry-After"] = str(retry_after_seconds())
        return _public(response)
    certificate = certificate_by_code(code)
    context: dict[str, Any] = {
        "form": VerifyForm(initial={"code": code_normalise(code)}),
        "searched": True,
        "code": code_normalise(code),
        "certificate": certificate,
        "holder_masked": _holder_shown(certificate) if certificate else "",
        "kind_label": kind_label(certificate.kind) if certificate else "",
    }
    status = 200 if certificate is not None else 404
    return _public(render(request, "certificates/verify.html", context, status=status))


# ---- console ------------------------------------------------------------------------------------------------


@console_view(VIEW)
def certificate_list(request: AuthedRequest) -> HttpResponse:
    form = CertificateFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    certificates = certificate_list_for_user(
        request.user,
        query=filters.get("q", ""),
        kind=filters.get("kind", ""),
        status=filters.get("status", ""),
    )
    context = {
        "form": form,
        "page": paginate(request, certificates),
        "querystring": query_without_page(request),
        "filtered": any(filters.values()),
        "kind_labels": {kind.key: kind.label for kind in certificate_kinds},
    }
    if htmx_partial(request):
        return render(request, "certificates/partials/certificate_table.html", context)
    return render(request, "certificates/certificate_list.html", context)


@console_view(VIEW)
def certificate_detail(request: AuthedRequest, public_id: Any) -> HttpResponse:
    certificate = certificate_get_visible_or_404(request.user, public_id)
    context = {
        "certificate": certificate,
        "kind_label": kind_label(certificate.kind),
        "fields": certificate_fields(certificate),
        "verify_url": verify_url(certificate, base_url=request.build_absolute_uri("/")),
        "can_revoke": certificate.is_valid and can_manage_certificate(request.user, certificate),
    }
    return render(request, "certificates/certificate_detail.html", context)


@console_view(VIEW)
def certificate_download(request: AuthedRequest, public_id: Any) -> HttpResponse:
    return certificate_pdf_response(request, certificate_get_visible_or_404(request.user, public_id))


@console_view(VIEW)
def certificate_revoke_view(request: AuthedRequest, public_id: Any) -> HttpResponse:
    certificate = certificate_get_visible_or_404(request.user, public_id)
    if not can_manage_certificate(request.user, certificate):
        raise PermissionDenied
    back = reverse("certificates:detail", args=[certificate.public_id])
    if not certificate.is_valid:
        return redirect(back)
    form = RevokeForm(posted_data(request))
    done = form_perform(
        request,
        form,
        lambda data: certificate_revoke(
            certificate=certificate,
            reason=data["reason"],
            actor=request.user,
            context=AuditContext.of(request),
        ),
        success=f"已撤销证书 {certificate.number}",
        then=back,
    )
    if done is not None:
        return done
    return render(request, "certificates/certificate_revoke.html", {"certificate": certificate, "form": form})


@console_view(MANAGE)
def batch_issue(request: AuthedRequest, kind: str, owner_id: int) -> HttpResponse:
    """批量发证 for one owner, offered by kinds with candidates (the owner's own page links here)."""
    if kind not in certificate_kinds:
        raise Http404
    certificate_kind = certificate_kinds.get(kind)
    if (
        certificate_kind.candidates is None
        or not certificate_kind.owner_model
        or certificate_kind.issuer_of is None
    ):
        raise Http404
    app_label, _dot, model = certificate_kind.owner_model.partition(".")
    model_class = ContentType.objects.get_by_natural_key(app_label, model).model_class()
    if model_class is None:
        raise Http404
    owner = model_class._default_manager.filter(pk=owner_id).first()
    if owner is None:
        raise Http404
    issuer = certificate_kind.issuer_of(owner)
    if not can_manage_owner(request.user, kind=kind, issuer=issuer, owner=owner):
        raise Http404
    form = BatchIssueForm(posted_data(request), initial={"awarded_on": timezone.localdate()})
    done = form_perform(
        request,
        form,
        lambda data: certificate_issue_batch(
            kind=kind,
            issuer=issuer,
            owner=owner,
            title=data["title"],
            awarded_on=data["awarded_on"],
            actor=request.user,
            context=AuditContext.of(request),
        ),
        success="已开始批量发证",
        then=lambda job: reverse("certificates:job", args=[job.public_id]),
    )
    if done is not None:
        return done
    context = {
        "form": form,
        "kind": certificate_kind,
        "owner": owner,
        "issuer": issuer,
        "candidate_count": len(list(certificate_kind.candidates(owner))),
    }
    return render(request, "certificates/batch_issue.html", context)


@console_view(MANAGE)
def issue_job(request: AuthedRequest, public_id: Any) -> HttpResponse:
    job = issue_job_get_visible_or_404(request.user, public_id)
    context = {"job": job, "kind_label": kind_label(job.kind)}
    if htmx_partial(request):
        return render(request, "certificates/partials/job_status.html", context)
    return render(request, "certificates/issue_job.html", context)
