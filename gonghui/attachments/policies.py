"""What may be uploaded, and who may download what. Apps register an access check per owner model:
`attachment_access.register("orgs.org", lambda user, owner: ...)`."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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
