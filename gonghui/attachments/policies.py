"""What may be uploaded (`attachment_check` checks an upload against a policy), and who may download what. Apps
register an access check per owner model: `attachment_access.register("orgs.org", lambda user, owner: ...)`."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import filetype
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from gonghui.core.registry import Registry

MB = 1024 * 1024


@dataclass(frozen=True)
class UploadPolicy:
    max_bytes: int
    extensions: frozenset[str]


# Office documents, PDF and images; never HTML, SVG, scripts or executables (they could run in a browser or
# on a cadre's desktop).
DEFAULT_POLICY = UploadPolicy(
    max_bytes=20 * MB,
    extensions=frozenset(
        {"pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "jpg", "jpeg", "png", "zip", "txt"}
    ),
)
IMAGE_POLICY = UploadPolicy(max_bytes=10 * MB, extensions=frozenset({"jpg", "jpeg", "png"}))

# The real type found in the bytes must be one of these for the claimed extension.
SNIFFED_TYPES: dict[str, frozenset[str]] = {
    "pdf": frozenset({"pdf"}),
    "jpg": frozenset({"jpg"}),
    "jpeg": frozenset({"jpg"}),
    "png": frozenset({"png"}),
    "doc": frozenset({"doc"}),
    "xls": frozenset({"xls", "doc"}),  # old Office files share one container signature
    "ppt": frozenset({"ppt", "doc"}),
    "docx": frozenset({"docx", "zip"}),
    "xlsx": frozenset({"xlsx", "zip"}),
    "pptx": frozenset({"pptx", "zip"}),
    "zip": frozenset({"zip"}),
    "txt": frozenset({""}),  # no signature: must decode as text
}

AccessCheck = Callable[[Any, Any], bool]
attachment_access: Registry[AccessCheck] = Registry("attachment access check")


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
