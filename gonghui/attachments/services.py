"""Saving attachments (size, extension and content sniffing) and checking downloads."""

import hashlib
from typing import Any

import filetype
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils.translation import gettext as _

from .models import Attachment
from .permissions import attachment_can_download
from .policies import DEFAULT_POLICY, SNIFFED_TYPES, UploadPolicy


def _sniff(head: bytes) -> str:
    kind = filetype.guess(head)
    return kind.extension if kind is not None else ""


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False


def attachment_check(upload: UploadedFile[bytes], policy: UploadPolicy = DEFAULT_POLICY) -> str:
    """Validate an upload; return its extension. Errors name the field 'file' in Chinese."""
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in policy.extensions:
        allowed = "、".join(sorted(policy.extensions))
        raise ValidationError({"file": _("不支持该文件类型，请上传 %(types)s 文件") % {"types": allowed}})
    size = upload.size or 0
    if size == 0:
        raise ValidationError({"file": _("文件是空的")})
    if size > policy.max_bytes:
        raise ValidationError(
            {"file": _("文件超过 %(mb)d MB 的上限") % {"mb": policy.max_bytes // (1024 * 1024)}}
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    sniffed = _sniff(head)
    expected = SNIFFED_TYPES.get(extension, frozenset())
    ok = (sniffed == "" and _looks_like_text(head)) if extension == "txt" else sniffed in expected
    if not ok:
        raise ValidationError({"file": _("文件内容与扩展名 .%(ext)s 不符，请检查文件") % {"ext": extension}})
    return extension


@transaction.atomic
def attachment_save(
    *,
    owner: models.Model,
    org: Any,
    upload: UploadedFile[bytes],
    actor: Any,
    policy: UploadPolicy = DEFAULT_POLICY,
) -> Attachment:
    """Store an upload against its owner object. The caller has already checked the actor may edit the owner."""
    extension = attachment_check(upload, policy)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    attachment = Attachment(
        org=org,
        content_type=ContentType.objects.get_for_model(owner),
        object_id=str(owner.pk),
        original_name=(upload.name or "")[:200],
        extension=extension,
        mime_type=(upload.content_type or "application/octet-stream")[:100],
        size=upload.size or 0,
        sha256=digest.hexdigest(),
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    attachment.file.save(f"{attachment.public_id}.{extension}", upload, save=False)
    attachment.save()
    return attachment


def attachment_for_download(*, user: Any, attachment: Attachment) -> Attachment:
    if not attachment_can_download(user, attachment):
        raise PermissionDenied
    return attachment
