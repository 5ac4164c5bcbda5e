"""Writes of the certificates block: issue one (numbered inside the issuing transaction, idempotent per kind,
owner and holder), issue a batch as a background task with progress on its `IssueJob` row, and revoke with a
reason (audited). Keyword-only, typed, the actor passed explicitly."""

import secrets
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.actors import Actor
from gonghui.accounts.models import User
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.choices import AuditAction
from gonghui.core.locking import lock
from gonghui.core.numbering import document_number, number_next
from gonghui.notifications.services import notify
from gonghui.orgs.models import Org

from .choices import CertificateStatus, IssueJobStatus
from .kinds import certificate_kinds
from .models import Certificate, IssueJob
from .permissions import can_manage_certificate, can_manage_owner

# Unambiguous base32: no 0/O, 1/I/L. 12 characters of 32 symbols = 60 random bits.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12


def certificate_code_new() -> str:
    """A fresh verification code: 12 symbols of a 32-letter alphabet (60 bits from `secrets`)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _content_type(obj: models.Model) -> ContentType:
    return ContentType.objects.get_for_model(obj, for_concrete_model=True)


def _existing(*, kind: str, owner: models.Model, holder: models.Model) -> Certificate | None:
    return (
        Certificate.objects.filter(
            kind=kind,
            owner_type=_content_type(owner),
            owner_id=owner.pk,
            holder_type=_content_type(holder),
            holder_id=holder.pk,
        )
        .select_related("issuer")
        .first()
    )


@transaction.atomic
def certificate_issue(
    *,
    kind: str,
    issuer: Org,
    owner: models.Model,
    holder: models.Model,
    holder_name: str,
    holder_org: Org | None = None,
    title: str,
    awarded_on: date,
    data: dict[str, Any] | None = None,
    actor: Actor | None,
    code: str | None = None,
    series: str | None = None,
    year: int | None = None,
) -> Certificate:
    """Issue the certificate of `kind` for `owner` to `holder`, numbered 〔year〕serial in the issuer's `series`
    (the kind's default series, the year of `awarded_on`, unless given). Idempotent: the holder's existing
    certificate for the same kind and owner is returned as it is (a revoked one too: revocation is final).
    `code` keeps an existing verification code (a migration of old certificates); otherwise a new one is drawn."""
    if kind not in certificate_kinds:
        raise ValueError(f"unknown certificate kind {kind!r}")
    existing = _existing(kind=kind, owner=owner, holder=holder)
    if existing is not None:
        return existing
    if not holder_name.strip():
        raise ValidationError({"holder_name": _("持证人姓名不能为空")})
    if not title.strip():
        raise ValidationError({"title": _("证书事由不能为空")})
    certificate_kind = certificate_kinds.get(kind)
    series = (series or certificate_kind.series_default).strip()
    year = year or awarded_on.year
    serial = number_next(issuer_id=issuer.pk, series=series, year=year)
    fields: dict[str, Any] = {
        "issuer": issuer,
        "kind": kind,
        "series": series,
        "year": year,
        "serial": serial,
        "number": document_number(series, year, serial),
        "holder_type": _content_type(holder),
        "holder_id": holder.pk,
        "holder_name": holder_name.strip()[:100],
        "holder_org": holder_org,
        "owner_type": _content_type(owner),
        "owner_id": owner.pk,
        "title": title.strip()[:200],
        "awarded_on": awarded_on,
        "data": data or {},
        "issued_by": actor if getattr(actor, "is_authenticated", False) else None,
    }
    for _attempt in range(5):
        try:
            with transaction.atomic():  # a savepoint: a code collision (or a concurrent twin) is recoverable
                return Certificate.objects.create(code=code or certificate_code_new(), **fields)
        except IntegrityError:
            twin = _existing(kind=kind, owner=owner, holder=holder)
            if twin is not None:
                return twin
            if code is not None:
                raise ValidationError({"code": _("验证码已被其他证书使用")}) from None
    raise RuntimeError("could not draw a unique certificate code")


@transaction.atomic
def certificate_revoke(
    *, certificate: Certificate, reason: str, actor: Actor, context: AuditContext | None = None
) -> Certificate:
    """撤销: the certificate stays (its number is never reused) but the check page says 已撤销 with the date.
    A reason is required; the audit log records who, why and from where."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("请填写撤销原因")})
    certificate = lock(Certificate, pk=certificate.pk, related=("issuer",))
    if not can_manage_certificate(actor, certificate):
        raise PermissionDenied
    if certificate.status == CertificateStatus.REVOKED:
        raise ValidationError({"reason": _("该证书已撤销")})
    certificate.status = CertificateStatus.REVOKED
    certificate.revoked_reason = reason[:1000]
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = actor
    certificate.save(update_fields=["status", "revoked_reason", "revoked_at", "revoked_by", "updated_at"])
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        summary=_("撤销证书 %(number)s：%(reason)s") % {"number": certificate.number, "reason": reason[:200]},
        actor=actor,
        context=context,
        subject=certificate,
        org_id=certificate.issuer_id,
        detail={"code": certificate.code, "reason": reason},
    )
    _holder_notify_revoked(certificate)
    return certificate


def _holder_notify_revoked(certificate: Certificate) -> None:
    """Tell the holder when it is a person with an account (a member's `user`); a union holder is not told."""
    holder_user = getattr(certificate.holder, "user", None)
    if not isinstance(holder_user, User) or not holder_user.is_active:
        return
    revoked_on = (
        timezone.localdate(certificate.revoked_at) if certificate.revoked_at else timezone.localdate()
    )
    notify(
        recipients=[holder_user],
        title=_("您的证书已被撤销"),
        body=_("%(title)s（%(number)s）已于%(date)s撤销，原因：%(reason)s")
        % {
            "title": certificate.title,
            "number": certificate.number,
            "date": f"{revoked_on.year}年{revoked_on.month}月{revoked_on.day}日",
            "reason": certificate.revoked_reason[:200],
        },
        url=reverse("certificates:verify", args=[certificate.code]),
        category="certificates",
    )


# ---- 批量发证: a job row with progress, run by a django task (the immediate backend in tests)


@transaction.atomic
def certificate_issue_batch(
    *,
    kind: str,
    issuer: Org,
    owner: models.Model,
    title: str,
    awarded_on: date,
    actor: Actor,
    context: AuditContext | None = None,
) -> IssueJob:
    """Start issuing `kind` certificates to every candidate the kind offers for `owner`; the task runs after
    commit and records its progress on the job (the job page polls it)."""
    certificate_kind = certificate_kinds.get(kind)
    if certificate_kind.candidates is None:
        raise ValidationError({"kind": _("该类证书不支持批量发证")})
    if not can_manage_owner(actor, kind=kind, issuer=issuer, owner=owner):
        raise PermissionDenied
    if not title.strip():
        raise ValidationError({"title": _("证书事由不能为空")})
    job = IssueJob.objects.create(
        issuer=issuer,
        kind=kind,
        owner_type=_content_type(owner),
        owner_id=owner.pk,
        title=title.strip()[:200],
        awarded_on=awarded_on,
        created_by=actor,
    )
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        summary=_("批量发证：%(title)s") % {"title": job.title},
        actor=actor,
        context=context,
        subject=job,
        org_id=issuer.pk,
    )
    transaction.on_commit(lambda: issue_batch_task.enqueue(job.pk))
    return job


def issue_job_run(job_id: int) -> IssueJob:
    """Run a batch: claim the job (pending → running, a conditional UPDATE so a repeated task does nothing), then
    issue each candidate's certificate in its own transaction, counting progress on the row."""
    claimed = IssueJob.objects.filter(pk=job_id, status=IssueJobStatus.PENDING).update(
        status=IssueJobStatus.RUNNING
    )
    job = IssueJob.objects.select_related("issuer", "owner_type", "created_by").get(pk=job_id)
    if not claimed:
        return job
    owner = job.owner
    if owner is None:  # the owner was deleted before the task ran
        IssueJob.objects.filter(pk=job.pk).update(
            status=IssueJobStatus.FAILED, error=_("发证对象已不存在"), finished_at=timezone.now()
        )
        job.refresh_from_db()
        return job
    certificate_kind = certificate_kinds.get(job.kind)
    try:
        candidates = list(certificate_kind.candidates(owner)) if certificate_kind.candidates else []
        IssueJob.objects.filter(pk=job.pk).update(total=len(candidates))
        for candidate in candidates:
            with transaction.atomic():
                before = _existing(kind=job.kind, owner=owner, holder=candidate.holder)
                certificate_issue(
                    kind=job.kind,
                    issuer=job.issuer,
                    owner=owner,
                    holder=candidate.holder,
                    holder_name=candidate.holder_name,
                    holder_org=candidate.holder_org,
                    title=job.title,
                    awarded_on=job.awarded_on,
                    data=candidate.data,
                    actor=job.created_by,
                )
                IssueJob.objects.filter(pk=job.pk).update(
                    done=models.F("done") + 1, issued=models.F("issued") + (0 if before else 1)
                )
    except (ValidationError, ValueError, IntegrityError) as error:
        IssueJob.objects.filter(pk=job.pk).update(
            status=IssueJobStatus.FAILED, error=str(error)[:1000], finished_at=timezone.now()
        )
    else:
        IssueJob.objects.filter(pk=job.pk).update(status=IssueJobStatus.DONE, finished_at=timezone.now())
    job.refresh_from_db()
    return job


@task()
def issue_batch_task(job_id: int) -> None:
    issue_job_run(job_id)
