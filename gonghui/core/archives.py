"""Zip archives (.xlsx, .docx) are read into memory by their readers, so what they unpack to is bounded before any
reader opens them: a "zip bomb" (a small file that expands a thousandfold) is refused by what its directory
declares. A damaged archive passes here; the reader of its type then says so in its own words."""

import io
import zipfile

ZIP_MAGIC = b"PK\x03\x04"
MAX_ARCHIVE_MEMBERS = 2_000


def archive_too_large(data: bytes, *, max_unpacked: int, max_members: int = MAX_ARCHIVE_MEMBERS) -> bool:
    """Would this zip archive unpack to more than `max_unpacked` bytes or hold more than `max_members` files?
    False for anything that is not a readable zip archive."""
    if not data.startswith(ZIP_MAGIC):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError):
        return False
    return len(members) > max_members or sum(member.file_size for member in members) > max_unpacked
