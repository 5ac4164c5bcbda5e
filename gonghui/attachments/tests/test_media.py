"""Large media (issue 15 item 7): video and audio sniffed by their headers and capped per kind by the settings,
stored from Django's temporary file without reading it whole, and played through attachments:attachment_stream
after the owner's access check — handed to nginx with X-Accel-Redirect when MEDIA_ACCEL_REDIRECT_PREFIX is set,
otherwise streamed by Django with one HTTP byte range (206 / 416)."""

import hashlib
import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.db import connection
from django.urls import reverse

from gonghui.accounts.scoping import has_action
from gonghui.attachments.models import Attachment
from gonghui.attachments.policies import AUDIO_POLICY, VIDEO_POLICY, attachment_access, media_policy
from gonghui.attachments.services import attachment_save
from gonghui.attachments.streaming import UNSATISFIABLE, requested_range
from gonghui.core.registry import member_union_of
from gonghui.orgs.models import Department
from tests import hostile_files as hostile

from .media_files import adts, id3, mp3, mp4

pytestmark = pytest.mark.django_db

MISMATCH = "文件内容与扩展名 .{} 不符，请检查文件"
VIDEO = mp4(payload_bytes=1000)
SIZE = len(VIDEO)


def _save(world, name: str, content: bytes, owner=None) -> Attachment:
    return attachment_save(
        owner=owner or world.org_a,
        org=world.org_a,
        upload=SimpleUploadedFile(name, content),
        actor=world.org_admin,
        policy=media_policy(name),
    )


def _lesson_rule(user, department) -> bool:
    """The test-only owner's rule, as a lesson's would be: the union's cadres and its own members may play it."""
    union = member_union_of(user)
    return has_action(user, "orgs.view", department.org) or (
        union is not None and union.pk == department.org_id
    )


@pytest.fixture
def lesson(world, monkeypatch):
    """A department of org A standing in for a lesson: its access check is registered for this test only."""
    monkeypatch.setitem(attachment_access._items, "orgs.department", _lesson_rule)
    return Department.objects.create(org=world.org_a, name="宣教部")


@pytest.fixture
def video(world, lesson) -> Attachment:
    return _save(world, "工间操.mp4", VIDEO, owner=lesson)


def _stream(client, attachment: Attachment, **headers):
    return client.get(reverse("attachments:attachment_stream", args=[attachment.public_id]), headers=headers)


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


# --- sniffing and caps ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "name", "content"),
    [
        ("mp4 written by ffmpeg (isom)", "工间操.mp4", mp4(b"isom")),
        ("mp4 from a phone (mp42)", "课程.mp4", mp4(b"mp42", compatible=(b"mp42",))),
        ("mp4 branded avc1", "课程.mp4", mp4(b"avc1", compatible=(b"avc1",))),
        ("m4a with its own brand", "讲座.m4a", mp4(b"M4A ", compatible=(b"M4A ",))),
        ("m4a branded isom", "讲座.m4a", mp4(b"isom", compatible=(b"isom",))),
        (
            "m4a of an audio book (M4B, compatible mp42)",
            "讲座.m4a",
            mp4(b"M4B ", compatible=(b"mp42", b"isom")),
        ),
        ("aac as ADTS frames", "广播.aac", adts()),
        ("mp3 frames", "歌曲.mp3", mp3()),
        ("mp3 after an ID3 tag larger than the sniffed sample", "歌曲.mp3", id3(20_000) + mp3()),
        ("aac after an ID3 tag", "广播.aac", id3(100) + adts()),
    ],
)
def test_media_is_recognised_by_its_headers(world, _case, name, content):
    attachment = _save(world, name, content)
    assert attachment.extension == name.rsplit(".", 1)[1]
    assert attachment.is_media
    with attachment.file.open("rb") as handle:
        assert handle.read() == content


@pytest.mark.parametrize(
    ("_case", "name", "content", "message"),
    [
        (
            "a Windows program renamed .mp4",
            "课程.mp4",
            hostile.renamed_executable("pe"),
            MISMATCH.format("mp4"),
        ),
        (
            "a Linux program renamed .m4a",
            "讲座.m4a",
            hostile.renamed_executable("elf"),
            MISMATCH.format("m4a"),
        ),
        ("a program renamed .mp3", "歌曲.mp3", hostile.renamed_executable("pe"), MISMATCH.format("mp3")),
        ("a program renamed .aac", "广播.aac", hostile.renamed_executable("pe"), MISMATCH.format("aac")),
        (
            "an ID3 tag before a program",
            "歌曲.mp3",
            id3(64) + hostile.renamed_executable("pe"),
            MISMATCH.format("mp3"),
        ),
        ("an mp3 named .mp4", "课程.mp4", mp3(), MISMATCH.format("mp4")),
        ("an mp4 named .mp3", "歌曲.mp3", mp4(), MISMATCH.format("mp3")),
        ("ADTS named .mp3 (layer 00 is not layer III)", "歌曲.mp3", adts(), MISMATCH.format("mp3")),
        (
            "a QuickTime movie named .mp4",
            "课程.mp4",
            mp4(b"qt  ", compatible=(b"qt  ",)),
            MISMATCH.format("mp4"),
        ),
        (
            "a 3GP phone video named .mp4",
            "课程.mp4",
            mp4(b"3gp4", compatible=(b"3gp4", b"3gp5")),
            MISMATCH.format("mp4"),
        ),
        ("a PDF named .mp4", "课程.mp4", b"%PDF-1.4\n%%EOF\n" + b"\x00" * 64, MISMATCH.format("mp4")),
        ("a .mov is not offered", "课程.mov", mp4(), "不支持该文件类型，请上传 mp4 文件"),
        ("an empty video", "课程.mp4", b"", "文件是空的"),
    ],
)
def test_refused_media_names_the_field_and_stores_nothing(world, _case, name, content, message):
    with pytest.raises(ValidationError) as exc:
        _save(world, name, content)
    assert exc.value.message_dict["file"][0].startswith(message)
    assert Attachment.objects.count() == 0


def test_each_kind_has_its_own_cap_read_from_the_settings(world, settings):
    settings.MEDIA_VIDEO_MAX_MB = 2
    settings.MEDIA_AUDIO_MAX_MB = 1
    one_and_a_half_mb = 3 * 1024 * 1024 // 2
    video = _save(world, "课程.mp4", mp4(payload_bytes=one_and_a_half_mb))
    assert video.size > 1024 * 1024
    with pytest.raises(ValidationError) as exc:
        _save(world, "讲座.mp3", mp3(frames=one_and_a_half_mb // 417))
    assert exc.value.message_dict == {"file": ["文件超过 1 MB 的上限"]}
    assert (VIDEO_POLICY.size_cap(), AUDIO_POLICY.size_cap()) == (2 * 1024 * 1024, 1024 * 1024)


def test_a_video_one_byte_over_the_cap_is_refused_naming_the_limit(world, settings):
    settings.MEDIA_VIDEO_MAX_MB = 1
    with pytest.raises(ValidationError) as exc:
        _save(world, "课程.mp4", mp4(payload_bytes=1024 * 1024 - 32 + 1))
    assert exc.value.message_dict == {"file": ["文件超过 1 MB 的上限"]}
    assert Attachment.objects.count() == 0


def test_the_default_caps_are_500_and_100_mb():
    assert (settings.MEDIA_VIDEO_MAX_MB, settings.MEDIA_AUDIO_MAX_MB) == (500, 100)
    assert media_policy("课程.MP4") is VIDEO_POLICY
    assert media_policy("讲座.m4a") is AUDIO_POLICY


class _CountingTemporaryUpload(TemporaryUploadedFile):
    """What Django makes of an upload over FILE_UPLOAD_MAX_MEMORY_SIZE, remembering every read's size and how many
    transactions were open then."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.reads: list[tuple[int, int]] = []

    def read(self, size=-1):
        self.reads.append((size, len(connection.atomic_blocks)))
        return super().read(size)


def test_a_large_upload_is_sniffed_hashed_and_stored_from_its_temporary_file_in_chunks(world):
    content = mp4(payload_bytes=settings.FILE_UPLOAD_MAX_MEMORY_SIZE + 512 * 1024)
    upload = _CountingTemporaryUpload("课程.mp4", "application/octet-stream", len(content), None)
    upload.write(content)
    upload.flush()
    temporary = upload.temporary_file_path()
    open_before = len(connection.atomic_blocks)  # the test's own transaction

    attachment = _save_upload(world, upload)

    assert upload.reads
    assert all(0 < size <= 64 * 1024 for size, _ in upload.reads), upload.reads
    # checked and hashed before the service's transaction opens: no write lock held while 3 MB are read
    assert {blocks for _, blocks in upload.reads} == {open_before}
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    assert attachment.size == len(content)
    assert attachment.mime_type == "video/mp4"  # what the bytes proved, not what the browser claimed
    assert Path(attachment.file.path).read_bytes() == content
    assert not os.path.exists(temporary)  # moved into MEDIA_ROOT, not copied through memory


def _save_upload(world, upload) -> Attachment:
    return attachment_save(
        owner=world.org_a, org=world.org_a, upload=upload, actor=world.org_admin, policy=VIDEO_POLICY
    )


# --- who may play ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("the union's admin plays the lesson", "org_admin", 200),
        ("a member of the union plays it: the lesson's rule admits members", "org_member", 200),
        ("another union's admin sees nothing", "outsider", 404),
    ],
)
def test_stream_follows_the_owner_access_check(client, request, video, _case, actor, status):
    client.force_login(request.getfixturevalue(actor))
    response = _stream(client, video)
    assert response.status_code == status
    if status == 200:
        assert _body(response) == VIDEO


def test_a_member_cannot_play_what_the_owner_rule_keeps_from_members(client, world):
    # orgs.org's rule admits the union's cadres (orgs.view), not its members
    attachment = _save(world, "内部培训.mp4", VIDEO)
    client.force_login(world.org_admin)
    assert _stream(client, attachment).status_code == 200
    client.force_login(world.org_member)
    assert _stream(client, attachment).status_code == 404


def test_only_media_is_streamed(client, world):
    pdf = attachment_save(
        owner=world.org_a,
        org=world.org_a,
        upload=SimpleUploadedFile("批复.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"),
        actor=world.org_admin,
    )
    client.force_login(world.org_admin)
    assert _stream(client, pdf).status_code == 404
    assert client.get(pdf.get_absolute_url()).status_code == 200


def test_a_visitor_is_sent_to_the_login_page(client, video):
    response = _stream(client, video)
    assert response.status_code == 302
    assert "/login" in response["Location"]


def test_stream_answers_get_and_head_only(client, world, video):
    client.force_login(world.org_admin)
    url = reverse("attachments:attachment_stream", args=[video.public_id])
    assert client.post(url).status_code == 405
    head = client.head(url)
    assert head.status_code == 200
    assert head["Content-Length"] == str(SIZE)


# --- without nginx: Django streams with HTTP Range ---------------------------------------------------------------


def test_the_whole_file_plays_inline_and_announces_ranges(client, world, video):
    client.force_login(world.org_admin)
    response = _stream(client, video)
    assert response.status_code == 200
    assert _body(response) == VIDEO
    assert response["Content-Length"] == str(SIZE)
    assert response["Content-Type"] == "video/mp4"
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Disposition"] == "inline; filename*=UTF-8''%E5%B7%A5%E9%97%B4%E6%93%8D.mp4"
    assert response["Cache-Control"] == "private"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "X-Accel-Redirect" not in response


@pytest.mark.parametrize(
    ("_case", "header", "first", "last"),
    [
        ("the first 100 bytes", "bytes=0-99", 0, 99),
        ("Safari's first probe before it plays", "bytes=0-1", 0, 1),
        ("from byte 100 to the end", "bytes=100-", 100, SIZE - 1),
        ("the last 100 bytes", "bytes=-100", SIZE - 100, SIZE - 1),
        ("an end past the file is clipped", "bytes=1000-99999999", 1000, SIZE - 1),
        ("a suffix longer than the file is the whole file", "bytes=-99999999", 0, SIZE - 1),
        ("the last byte", f"bytes={SIZE - 1}-", SIZE - 1, SIZE - 1),
    ],
)
def test_one_range_answers_206_with_exactly_those_bytes(client, world, video, _case, header, first, last):
    client.force_login(world.org_admin)
    response = _stream(client, video, Range=header)
    assert response.status_code == 206
    body = _body(response)
    assert body == VIDEO[first : last + 1]
    assert response["Content-Length"] == str(last - first + 1) == str(len(body))
    assert response["Content-Range"] == f"bytes {first}-{last}/{SIZE}"
    assert response["Content-Type"] == "video/mp4"
    assert response["Accept-Ranges"] == "bytes"


def test_the_first_hundred_bytes_are_exactly_a_hundred(client, world, video):
    client.force_login(world.org_admin)
    response = _stream(client, video, Range="bytes=0-99")
    assert (response.status_code, len(_body(response)), response["Content-Range"]) == (
        206,
        100,
        f"bytes 0-99/{SIZE}",
    )


@pytest.mark.parametrize("header", [f"bytes={SIZE}-", f"bytes={SIZE + 500}-{SIZE + 600}", "bytes=-0"])
def test_a_range_past_the_end_answers_416_with_the_size(client, world, video, header):
    client.force_login(world.org_admin)
    response = _stream(client, video, Range=header)
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{SIZE}"
    assert response.content == b""


@pytest.mark.parametrize(
    ("_case", "header"),
    [
        ("several ranges get the whole file", "bytes=0-9,20-29"),
        ("another unit", "items=0-9"),
        ("a malformed range", "bytes=abc"),
        ("an end before the start", "bytes=50-10"),
    ],
)
def test_a_range_not_honoured_gets_the_whole_file(client, world, video, _case, header):
    client.force_login(world.org_admin)
    response = _stream(client, video, Range=header)
    assert response.status_code == 200
    assert _body(response) == VIDEO
    assert "Content-Range" not in response


def test_if_range_is_honoured_only_for_this_file(client, world, video):
    client.force_login(world.org_admin)
    etag = _stream(client, video)["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag)
    assert _stream(client, video, Range="bytes=0-9", If_Range=etag).status_code == 206
    changed = _stream(client, video, Range="bytes=0-9", If_Range='"something-else"')
    assert changed.status_code == 200
    assert _body(changed) == VIDEO


@pytest.mark.parametrize(
    ("header", "size", "expected"),
    [
        ("bytes=0-0", 1, (0, 0)),
        ("bytes=0-", 1, (0, 0)),
        ("bytes=1-", 1, UNSATISFIABLE),
        ("BYTES=0-4", 10, (0, 4)),
        ("bytes= 2-3", 10, (2, 3)),
        ("bytes=-", 10, None),
        ("bytes=--5", 10, None),
        ("bytes=0-1, 3-4", 10, None),
    ],
)
def test_requested_range_edges(header, size, expected):
    assert requested_range(header, size) == expected


# --- behind nginx: X-Accel-Redirect ---------------------------------------------------------------------------


def test_behind_nginx_the_answer_hands_the_file_to_nginx_without_reading_it(client, world, video, settings):
    settings.MEDIA_ACCEL_REDIRECT_PREFIX = "/protected-media/"
    stored = Path(video.file.path)
    stored.unlink()  # any attempt to open the file would now fail
    client.force_login(world.org_member)
    response = _stream(client, video, Range="bytes=0-99")
    assert response.status_code == 200  # nginx answers the range itself
    assert response.content == b""
    assert response["X-Accel-Redirect"] == f"/protected-media/{video.file.name}"
    assert re.fullmatch(
        r"/protected-media/attachments/\d{4}/\d{2}/[0-9a-f-]{36}\.mp4", response["X-Accel-Redirect"]
    )
    assert response["Content-Type"] == "video/mp4"
    assert response["Content-Disposition"].startswith("inline; ")
    assert response["Cache-Control"] == "private"
    assert "Content-Range" not in response


def test_behind_nginx_the_check_still_comes_first(client, world, video, settings):
    settings.MEDIA_ACCEL_REDIRECT_PREFIX = "/protected-media/"
    client.force_login(world.outsider)
    response = _stream(client, video)
    assert response.status_code == 404
    assert "X-Accel-Redirect" not in response


def test_audio_is_served_with_its_own_type(client, world, lesson, settings):
    settings.MEDIA_ACCEL_REDIRECT_PREFIX = "/protected-media"  # with or without the trailing slash
    song = _save(world, "工会之歌.mp3", mp3(), owner=lesson)
    client.force_login(world.org_admin)
    response = _stream(client, song)
    assert response["Content-Type"] == "audio/mpeg"
    assert response["X-Accel-Redirect"] == f"/protected-media/{song.file.name}"
