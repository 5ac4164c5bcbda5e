"""Saving attachments: checked against an upload policy (`policies.attachment_check`), hashed and stored.

The check and the hash read the upload in chunks (a video over FILE_UPLOAD_MAX_MEMORY_SIZE is a temporary file on
disk, never read whole) and run before the transaction opens, so hashing 500 MB holds no database write lock (on
SQLite every transaction takes the write lock when it begins). A caller that wraps `attachment_save` in its own
transaction holds the lock for that time: save a large video before the owner's other writes, or in a service
of its own."""

import hashlib
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction

from .models import Attachment
from .policies import DEFAULT_POLICY, MEDIA_TYPES, UploadPolicy, attachment_check


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
    return _attachment_store(
        owner=owner, org=org, upload=upload, actor=actor, extension=extension, sha256=digest.hexdigest()
    )


@transaction.atomic
def _attachment_store(
    *, owner: models.Model, org: Any, upload: UploadedFile[bytes], actor: Any, extension: str, sha256: str
) -> Attachment:
    attachment = Attachment(
        org=org,
        content_type=ContentType.objects.get_for_model(owner),
        object_id=str(owner.pk),
        original_name=(upload.name or "")[:200],
        extension=extension,
        # media is served with the type its bytes proved, never the one the uploader's browser claimed
        mime_type=MEDIA_TYPES.get(extension) or (upload.content_type or "application/octet-stream")[:100],
        size=upload.size or 0,
        sha256=sha256,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    attachment.file.save(f"{attachment.public_id}.{extension}", upload, save=False)
    attachment.save()
    return attachment
