"""Who may download an attachment: whoever the owner's registered access check admits (`policies.attachment_access`,
one per owner model); an owner kind with no registered check admits nobody."""

from typing import Any

from .models import Attachment
from .policies import attachment_access


def attachment_can_download(user: Any, attachment: Attachment) -> bool:
    label = f"{attachment.content_type.app_label}.{attachment.content_type.model}"
    if label not in attachment_access:
        return False
    owner = attachment.owner
    return owner is not None and attachment_access.get(label)(user, owner)
