"""Reads of the certificates block: by verification code (the public check), a holder's certificates (我的证书),
the console list scoped by the issuer's subtree, and one certificate by its public id."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404

from gonghui.accounts.actors import Actor

from .choices import CertificateStatus
from .models import Certificate, IssueJob
from .permissions import MANAGE, VIEW

CODE_MAX_LENGTH = 32


def code_normalise(raw: str) -> str:
    """What a person typed or scanned → the stored form: upper case, only ASCII letters and digits (spaces, dashes
    and anything else dropped, so a typed "/" never reaches a URL)."""
    return "".join(ch for ch in raw.strip().upper() if ch.isascii() and ch.isalnum())[:CODE_MAX_LENGTH]


def certificate_by_code(code: str) -> Certificate | None:
    code = code_normalise(code)
    if not code:
        return None
    return Certificate.objects.select_related("issuer", "holder_org").filter(code=code).first()


def certificates_of_holder(holder: models.Model) -> QuerySet[Certificate]:
    """我的证书: the holder's certificates of every kind, newest first."""
    return (
        Certificate.objects.filter(
            holder_type=ContentType.objects.get_for_model(holder, for_concrete_model=True),
            holder_id=holder.pk,
        )
        .select_related("issuer")
        .order_by("-awarded_on", "-created_at", "-pk")
    )


def certificates_of_owner(owner: models.Model) -> QuerySet[Certificate]:
    return Certificate.objects.filter(
        owner_type=ContentType.objects.get_for_model(owner, for_concrete_model=True), owner_id=owner.pk
    ).select_related("issuer")


def certificates_visible_to(user: Actor) -> QuerySet[Certificate]:
    """The console list: certificates issued in the user's subtrees for `certificates.view`."""
    return Certificate.objects.visible_to(user, VIEW).select_related("issuer", "holder_org")


def certificate_list_for_user(
    user: Actor, *, query: str = "", kind: str = "", status: str = ""
) -> QuerySet[Certificate]:
    certificates = certificates_visible_to(user)
    query = query.strip()
    if query:
        certificates = certificates.filter(
            Q(number__icontains=query) | Q(holder_name__icontains=query) | Q(code=query.upper())
        )
    if kind:
        certificates = certificates.filter(kind=kind)
    if status in CertificateStatus.values:
        certificates = certificates.filter(status=status)
    return certificates.order_by("-created_at", "-pk")


def certificate_get_visible_or_404(user: Actor, public_id: object) -> Certificate:
    return Certificate.objects.select_related("issuer", "holder_org", "revoked_by").get_visible_or_404(
        user, VIEW, public_id=public_id
    )


def issue_job_get_visible_or_404(user: Actor, public_id: object) -> IssueJob:
    return IssueJob.objects.select_related("issuer").get_visible_or_404(
        user, VIEW, demand=MANAGE, public_id=public_id
    )


def certificate_of_holder_or_404(holder: models.Model, public_id: Any) -> Certificate:
    """One of the holder's own certificates (我的证书's download); anything else, or a malformed id, is 404."""
    try:
        return certificates_of_holder(holder).select_related("holder_org").get(public_id=public_id)
    except (Certificate.DoesNotExist, ValueError, ValidationError):
        raise Http404 from None
