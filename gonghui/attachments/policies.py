"""What may be uploaded (`attachment_check` checks an upload against a policy), and who may download what. Apps
register an access check per owner model: `attachment_access.register("orgs.org", lambda user, owner: ...)`.

An upload is refused when empty, over the policy's size, of a type the policy does not list, when its bytes are
not what its name claims (a renamed program), when an archive (.docx/.xlsx/.pptx/.zip) would unpack to more than
MAX_UNPACKED_BYTES (a zip bomb, judged by what its directory declares) or an Office file lacks its
[Content_Types].xml part. Text must decode as UTF-8, GB18030 (GBK) or UTF-16 with its byte-order mark. An
attachment is kept as uploaded, never read: formula cells in an attached workbook stay what they are."""

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import filetype
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from gonghui.core.archives import ZIP_MAGIC, archive_too_large
from gonghui.core.registry import Registry

MB = 1024 * 1024
MAX_UNPACKED_BYTES = 200 * MB
SNIFF_BYTES = 8192
ARCHIVE_TYPES = frozenset({"docx", "xlsx", "pptx", "zip"})
OFFICE_ARCHIVES = frozenset({"docx", "xlsx", "pptx"})
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


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


def _looks_like_text(head: bytes, *, whole: bool) -> bool:
    """Does the start of a file decode as text? A character cut by the end of the sample (`whole` False) does
    not count against it; UTF-16 (Notepad's "Unicode") is recognised by its byte-order mark."""
    if head.startswith(_UTF16_BOMS):
        try:
            head[: len(head) - len(head) % 2].decode("utf-16")
        except UnicodeDecodeError as exc:
            return not whole and exc.start >= len(head) - 4
        return True
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
        except UnicodeDecodeError as exc:
            if whole or exc.start < len(head) - 4:
                continue
        return True
    return False


def _archive_refusal(upload: UploadedFile[bytes], extension: str) -> str:
    """Why an archive upload is refused ("" when it is not): a zip bomb, or an Office file that is a bare zip."""
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if not data.startswith(ZIP_MAGIC):
        return ""
    if archive_too_large(data, max_unpacked=MAX_UNPACKED_BYTES):
        return _("文件解压后超过 %(mb)d MB，不能作为附件上传：请确认文件来源，或压缩图片后重新保存") % {
            "mb": MAX_UNPACKED_BYTES // MB
        }
    if extension in OFFICE_ARCHIVES:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError):
            names = set()
        if "[Content_Types].xml" not in names:
            return _("文件内容与扩展名 .%(ext)s 不符，请检查文件") % {"ext": extension}
    return ""


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
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    sniffed = _sniff(head)
    expected = SNIFFED_TYPES.get(extension, frozenset())
    if extension == "txt":
        ok = sniffed == "" and _looks_like_text(head, whole=size <= len(head))
    else:
        ok = sniffed in expected
    if not ok:
        raise ValidationError({"file": _("文件内容与扩展名 .%(ext)s 不符，请检查文件") % {"ext": extension}})
    if extension in ARCHIVE_TYPES and (refusal := _archive_refusal(upload, extension)):
        raise ValidationError({"file": refusal})
    return extension
