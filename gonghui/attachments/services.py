"""Saving attachments: checked against an upload policy (`policies.attachment_check`), hashed and stored."""

import hashlib
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction

from .models import Attachment
from .policies import DEFAULT_POLICY, UploadPolicy, attachment_check


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
