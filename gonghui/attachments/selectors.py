from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet
from django.http import Http404

from .models import Attachment
from .permissions import attachment_can_download
from .policies import INLINE_TYPES, MEDIA_TYPES


def attachments_of(owner: models.Model) -> QuerySet[Attachment]:
    return Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(owner), object_id=str(owner.pk)
    ).order_by("created_at", "id")


def attachment_get_for_user(*, user: Any, public_id: Any) -> Attachment:
    """An attachment the user may download; anything else answers 404 (its existence is not revealed)."""
    attachment = Attachment.objects.select_related("content_type").filter(public_id=public_id).first()
    if attachment is None or not attachment_can_download(user, attachment):
        raise Http404
    return attachment


def media_get_for_user(*, user: Any, public_id: Any) -> Attachment:
    """A video or audio attachment the user may play; any other file, or one the user may not download, is 404."""
    attachment = attachment_get_for_user(user=user, public_id=public_id)
    if attachment.extension not in MEDIA_TYPES:
        raise Http404
    return attachment


def viewable_get_for_user(*, user: Any, public_id: Any) -> Attachment:
    """A PDF or picture the user may download, to open in the browser; any other file, or one the user may not
    download, is 404."""
    attachment = attachment_get_for_user(user=user, public_id=public_id)
    if attachment.extension not in INLINE_TYPES:
        raise Http404
    return attachment
