"""File responses for downloads: one place for the content types and the RFC 5987 file name."""

from urllib.parse import quote

from django.http import HttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """`attachment; filename*=UTF-8''…` — Chinese file names survive every browser."""
    return f"{'inline' if inline else 'attachment'}; filename*=UTF-8''{quote(filename)}"


def file_response(content: bytes, filename: str, *, content_type: str, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    return response


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    return file_response(content, filename, content_type=XLSX)
