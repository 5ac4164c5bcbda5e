"""What may be uploaded (`attachment_check` checks an upload against a policy), and who may download what. Apps
register an access check per owner model: `attachment_access.register("orgs.org", lambda user, owner: ...)`.

An upload is refused when empty, over the policy's size, of a type the policy does not list, when its bytes are
not what its name claims (a renamed program), when an archive (.docx/.xlsx/.pptx/.zip) would unpack to more than
MAX_UNPACKED_BYTES (a zip bomb, judged by what its directory declares) or an Office file lacks its
[Content_Types].xml part. Text must decode as UTF-8, GB18030 (GBK) or UTF-16 with its byte-order mark. An
attachment is kept as uploaded, never read: formula cells in an attached workbook stay what they are.

Video and audio (lessons, 工间操) use `VIDEO_POLICY` (.mp4) and `AUDIO_POLICY` (.m4a, .aac, .mp3), or
`media_policy(name)` for a form that takes either; their caps are the settings MEDIA_VIDEO_MAX_MB and
MEDIA_AUDIO_MAX_MB, read when a file is checked. Their bytes must be what the name says: an MP4/M4A `ftyp` box
with a known brand (isom, mp42, avc1, M4A …), an AAC ADTS frame header, an MPEG audio layer III (MP3) frame
header — after an ID3 tag, when there is one. Nothing is transcoded: a site uploads H.264/AAC files phones play."""

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import filetype
from django.conf import settings
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
    """What a form accepts. `max_mb_setting`, when given, names a setting holding the cap in MB (read when a file
    is checked, so a site changes it in its env); it replaces `max_bytes`."""

    max_bytes: int
    extensions: frozenset[str]
    max_mb_setting: str = ""

    def size_cap(self) -> int:
        if self.max_mb_setting:
            return int(getattr(settings, self.max_mb_setting)) * MB
        return self.max_bytes


# Office documents, PDF and images; never HTML, SVG, scripts or executables (they could run in a browser or
# on a cadre's desktop).
DEFAULT_POLICY = UploadPolicy(
    max_bytes=20 * MB,
    extensions=frozenset(
        {"pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "jpg", "jpeg", "png", "zip", "txt"}
    ),
)
IMAGE_POLICY = UploadPolicy(max_bytes=10 * MB, extensions=frozenset({"jpg", "jpeg", "png"}))
# Large media, played in the browser (`<video>` / `<audio>`) through attachments:attachment_stream.
VIDEO_POLICY = UploadPolicy(max_bytes=0, extensions=frozenset({"mp4"}), max_mb_setting="MEDIA_VIDEO_MAX_MB")
AUDIO_POLICY = UploadPolicy(
    max_bytes=0, extensions=frozenset({"m4a", "aac", "mp3"}), max_mb_setting="MEDIA_AUDIO_MAX_MB"
)
# The Content-Type a media file is served with (never the type the uploader's browser claimed).
MEDIA_TYPES: dict[str, str] = {
    "mp4": "video/mp4",
    "m4a": "audio/mp4",
    "aac": "audio/aac",
    "mp3": "audio/mpeg",
}

# Files a phone may open in the browser (查看) rather than download, with the type they are served as; the
# upload check has already matched each one's bytes to its extension (SNIFFED_TYPES).
INLINE_TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
}

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
    "mp4": frozenset({"mp4"}),
    "m4a": frozenset({"mp4"}),  # the same container: an M4A brand, or isom/mp42 as many encoders write
    "aac": frozenset({"aac"}),
    "mp3": frozenset({"mp3"}),
}
# ftyp brands of MP4 files browsers play (ISO base media, MPEG-4, H.264, Apple's M4V/M4A/M4B, DASH).
MP4_BRANDS = frozenset(
    {
        b"isom",
        b"iso2",
        b"iso4",
        b"iso5",
        b"iso6",
        b"mp41",
        b"mp42",
        b"avc1",
        b"M4V ",
        b"M4VH",
        b"M4VP",
        b"M4A ",
        b"M4B ",
        b"dash",
        b"mmp4",
        b"MSNV",
    }
)
_MPEG_SAMPLE_RATE_RESERVED = 3

AccessCheck = Callable[[Any, Any], bool]
attachment_access: Registry[AccessCheck] = Registry("attachment access check")


def media_policy(name: str) -> UploadPolicy:
    """The policy of a form that takes a video or an audio file: the file name's extension picks the cap."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return AUDIO_POLICY if extension in AUDIO_POLICY.extensions else VIDEO_POLICY


def _sniff(head: bytes) -> str:
    kind = filetype.guess(head)
    return kind.extension if kind is not None else ""


def _is_mp4(head: bytes) -> bool:
    """An ISO base media file: a leading `ftyp` box whose major or a compatible brand is one browsers play."""
    if len(head) < 16 or head[4:8] != b"ftyp":
        return False
    size = int.from_bytes(head[:4], "big")
    if size < 16 or (size - 16) % 4 or size > len(head):
        return False
    brands = {head[8:12]} | {head[i : i + 4] for i in range(16, size, 4)}
    return not brands.isdisjoint(MP4_BRANDS)


def _is_adts(frame: bytes) -> bool:
    """An AAC ADTS frame header: sync 0xFFF, layer 00, a valid sampling rate, a length that holds the header —
    and, when the sample reaches it, the next frame's sync right after."""
    if len(frame) < 7 or frame[0] != 0xFF or frame[1] & 0xF6 != 0xF0:
        return False
    if (frame[2] >> 2) & 0x0F > 12:  # sampling frequency index 13–15: reserved or forbidden
        return False
    length = ((frame[3] & 0x03) << 11) | (frame[4] << 3) | (frame[5] >> 5)
    if length < 7:
        return False
    following = frame[length : length + 2]
    return len(following) < 2 or (following[0] == 0xFF and following[1] & 0xF6 == 0xF0)


def _is_mp3_frame(frame: bytes) -> bool:
    """An MPEG audio layer III frame header: 11 sync bits, a known version, layer III, a usable bitrate and rate."""
    if len(frame) < 4 or frame[0] != 0xFF or frame[1] & 0xE0 != 0xE0:
        return False
    version, layer = (frame[1] >> 3) & 0x03, (frame[1] >> 1) & 0x03
    bitrate, rate = frame[2] >> 4, (frame[2] >> 2) & 0x03
    return version != 1 and layer == 1 and bitrate != 0x0F and rate != _MPEG_SAMPLE_RATE_RESERVED


def _id3_size(head: bytes) -> int:
    """The length of a leading ID3v2 tag (header, body and footer), or 0 when there is none."""
    if len(head) < 10 or not head.startswith(b"ID3") or head[3] not in (2, 3, 4) or head[4] == 0xFF:
        return 0
    if any(b & 0x80 for b in head[6:10]):  # the size is four 7-bit bytes
        return 0
    body = (head[6] << 21) | (head[7] << 14) | (head[8] << 7) | head[9]
    return 10 + body + (10 if head[5] & 0x10 else 0)


def _sniff_media(upload: UploadedFile[bytes], head: bytes) -> str:
    """What the start of a media upload is: "mp4", "aac", "mp3", or "" for anything else. An ID3 tag (cover art may
    make it large) is skipped by seeking past it, so only a few bytes after it are read."""
    if _is_mp4(head):
        return "mp4"
    if tag := _id3_size(head):
        upload.seek(tag)
        frame = upload.read(SNIFF_BYTES)
        upload.seek(0)
        if _is_mp3_frame(frame):
            return "mp3"
        return "aac" if _is_adts(frame) else ""
    if _is_adts(head):
        return "aac"
    return "mp3" if _is_mp3_frame(head) else ""


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
    if size > (cap := policy.size_cap()):
        raise ValidationError({"file": _("文件超过 %(mb)d MB 的上限") % {"mb": cap // MB}})
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    sniffed = _sniff_media(upload, head) if extension in MEDIA_TYPES else _sniff(head)
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
