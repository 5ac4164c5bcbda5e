"""Files attached to any object of a union (a 公文's 附件, a case's evidence, a scan).

Video and audio (lessons, 工间操) are attachments too. An app saves one with
`attachment_save(owner=lesson, org=lesson.org, upload=f, actor=actor, policy=media_policy(f.name))` from a form
posted to a URL ending in `/media-upload/` (nginx lets 520 MB through there only), registers who may play it with
`attachment_access.register("learning.lesson", check)`, and puts `<video src="{{ attachment.stream_url }}" controls
preload="metadata">` in its page. `attachments:attachment_stream` answers after that check: behind nginx with
X-Accel-Redirect (MEDIA_ACCEL_REDIRECT_PREFIX), else streamed by Django with one HTTP byte range; see `streaming`."""

import uuid
from typing import ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core.models import BaseModel

from .policies import INLINE_TYPES, MEDIA_TYPES


class Attachment(BaseModel):
    """An uploaded file: checked for size and real type, stored through Django storage, served only after the
    owner object's access check."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("所属组织"), on_delete=models.PROTECT, related_name="+"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64)
    owner = GenericForeignKey("content_type", "object_id")
    file = models.FileField(_("文件"), upload_to="attachments/%Y/%m/")
    original_name = models.CharField(_("文件名"), max_length=200)
    extension = models.CharField(_("类型"), max_length=10)
    mime_type = models.CharField(_("MIME 类型"), max_length=100)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering: ClassVar[list[str]] = ["created_at", "id"]
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("attachments:attachment_download", args=[self.public_id])

    @property
    def is_media(self) -> bool:
        """A video or audio file (policies.MEDIA_TYPES), played through `stream_url`."""
        return self.extension in MEDIA_TYPES

    @property
    def stream_url(self) -> str:
        return reverse("attachments:attachment_stream", args=[self.public_id])

    @property
    def is_viewable(self) -> bool:
        """A PDF or picture (policies.INLINE_TYPES) the browser opens itself through `view_url`."""
        return self.extension in INLINE_TYPES

    @property
    def view_url(self) -> str:
        return reverse("attachments:attachment_view", args=[self.public_id])
