"""HTTP answers for video and audio attachments, after the owner's access check has admitted the user.

Behind nginx (`MEDIA_ACCEL_REDIRECT_PREFIX` set, e.g. "/protected-media/") the answer is empty and carries
`X-Accel-Redirect: <prefix><storage name>`: nginx serves the file from an `internal` location aliased to
MEDIA_ROOT, answers Range and adds Accept-Ranges, ETag and Last-Modified itself, and keeps this answer's
Content-Type, Content-Disposition and Cache-Control (nginx drops the other headers of an X-Accel-Redirect answer,
so the internal location adds nosniff). X-Accel-Buffering is not sent: it does not apply to a file nginx serves,
and for the streamed fallback nginx's default buffering frees the gunicorn thread sooner. Without nginx
Django streams the file itself and honours one byte range (`bytes=0-99`, `bytes=100-`, `bytes=-100`): 206 with
Content-Range, or 416 with `Content-Range: bytes */<size>` when the range starts past the end. A Range header it
does not honour — several ranges, a malformed one, an `If-Range` that is not this file's ETag — gets the whole
file (200), as RFC 9110 allows. Nothing is transcoded; the file goes out as uploaded."""

import re
from typing import IO

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase

from gonghui.core.downloads import content_disposition

from .models import Attachment
from .policies import MEDIA_TYPES

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$", re.IGNORECASE)
UNSATISFIABLE = (-1, -1)


class _Slice:
    """A read-only window of an open file: FileResponse streams it block by block and closes the file."""

    def __init__(self, handle: IO[bytes], start: int, length: int) -> None:
        handle.seek(start)
        self._handle = handle
        self._left = length

    def read(self, size: int = -1) -> bytes:
        if self._left <= 0:
            return b""
        data = self._handle.read(self._left if size < 0 else min(size, self._left))
        self._left -= len(data)
        return data

    def close(self) -> None:
        self._handle.close()


def _etag(attachment: Attachment) -> str:
    return f'"{attachment.sha256[:32]}"'


def requested_range(header: str, size: int) -> tuple[int, int] | None:
    """The one range a `Range` header asks for, as (first, last) byte inclusive, clipped to the file; None for the
    whole file (no header, several ranges, a malformed one); UNSATISFIABLE when it starts past the end (→ 416)."""
    match = _RANGE.match(header.replace(" ", ""))
    if match is None:
        return None
    first, last = match.groups()
    if not first:
        if not last:
            return None
        suffix = int(last)
        return UNSATISFIABLE if suffix == 0 else (max(size - suffix, 0), size - 1)
    start = int(first)
    if last and int(last) < start:
        return None
    if start >= size:
        return UNSATISFIABLE
    return start, min(int(last), size - 1) if last else size - 1


def media_response(request: HttpRequest, attachment: Attachment) -> HttpResponseBase:
    """The answer that plays `attachment` (a file with a MEDIA_TYPES extension) inline in `<video>` / `<audio>`."""
    content_type = MEDIA_TYPES[attachment.extension]
    prefix = settings.MEDIA_ACCEL_REDIRECT_PREFIX
    response: HttpResponseBase
    if prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = f"{prefix.rstrip('/')}/{attachment.file.name}"
    else:
        response = _ranged_response(request, attachment, content_type)
    response["Content-Disposition"] = content_disposition(attachment.original_name, inline=True)
    response["Cache-Control"] = "private"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _ranged_response(request: HttpRequest, attachment: Attachment, content_type: str) -> HttpResponseBase:
    size = attachment.size
    header = request.headers.get("Range", "")
    if_range = request.headers.get("If-Range")
    wanted = requested_range(header, size) if header and if_range in (None, _etag(attachment)) else None
    if wanted == UNSATISFIABLE:
        response = HttpResponse(status=416, content_type=content_type)
        response["Content-Range"] = f"bytes */{size}"
        response["Accept-Ranges"] = "bytes"
        return response
    first, last = wanted if wanted is not None else (0, size - 1)
    streamed = FileResponse(
        _Slice(attachment.file.open("rb"), first, last - first + 1),
        content_type=content_type,
        status=206 if wanted is not None else 200,
    )
    streamed["Content-Length"] = str(last - first + 1)
    streamed["Accept-Ranges"] = "bytes"
    streamed["ETag"] = _etag(attachment)
    if wanted is not None:
        streamed["Content-Range"] = f"bytes {first}-{last}/{size}"
    return streamed
