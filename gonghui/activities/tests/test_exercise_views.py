"""工间操 pages (part `exercise`): the three actors, the video upload's size cap, the video played through its
stream URL with HTTP Range after the routine's access check, the day page (confirm, scan), the member's page and
the rates with their export."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from conftest import make_cadre, make_member_user
from gonghui.activities.models import (
    ExerciseAdoption,
    ExerciseParticipation,
    ExerciseRoutine,
    ExerciseSession,
)
from gonghui.activities.selectors.exercise import video_of
from gonghui.activities.tests.factories_exercise import (
    code_payload,
    make_adoption,
    make_routine,
    upload_video,
)
from gonghui.attachments.tests.media_files import mp4

pytestmark = pytest.mark.django_db
PAYLOAD = 1000
SIZE = len(mp4(payload_bytes=PAYLOAD))


@pytest.fixture
def county_admin(world):
    return make_cadre("admin_cx", world.county_x)


@pytest.fixture
def routine(world, county_admin):
    return make_routine(org=world.county_x, actor=county_admin)


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_three_actors_on_the_routine_and_the_adoption(client, world, routine):
    client.force_login(world.org_admin)
    assert "第九套广播体操" in client.get(reverse("activities:routine_list")).content.decode()
    url = reverse("activities:adoption_create", args=[routine.public_id])
    data = {"org": world.org_a.pk, "weekdays": ["1", "3", "5"], "time_of_day": "10:00", "place": "操场"}
    response = client.post(url, {**data, "started_on": timezone.localdate().isoformat()})
    adoption = ExerciseAdoption.objects.get(routine=routine, org=world.org_a)
    assert response.status_code == 302
    assert adoption.weekdays == "135"
    refused = client.post(url, {**data, "weekdays": [], "started_on": ""})
    assert "请选择每周哪几天做工间操" in refused.content.decode()
    assert "请填写开始日期" in refused.content.decode()

    client.force_login(world.org_member)  # a plain member: no console
    assert client.get(reverse("activities:routine_list")).status_code == 403

    client.force_login(
        world.outsider
    )  # org B's admin: neither the routine (乙县 is not under 甲县) nor the adoption
    assert client.get(reverse("activities:routine_detail", args=[routine.public_id])).status_code == 404
    assert client.get(reverse("activities:adoption_detail", args=[adoption.public_id])).status_code == 404
    assert client.post(reverse("activities:adoption_stop", args=[adoption.public_id])).status_code == 404
    adoption.refresh_from_db()
    assert adoption.stopped_on is None

    client.force_login(world.org_admin)
    client.post(reverse("activities:adoption_stop", args=[adoption.public_id]))
    adoption.refresh_from_db()
    assert adoption.stopped_on == timezone.localdate()


def test_the_routine_is_published_on_its_form(client, world):
    client.force_login(world.org_admin)
    response = client.post(
        reverse("activities:routine_create"),
        {"org": world.org_a.pk, "name": "八段锦", "minutes": "12", "description": "", "active": "on"},
    )
    routine = ExerciseRoutine.objects.get(name="八段锦")
    assert response["Location"] == reverse("activities:routine_video", args=[routine.public_id])
    refused = client.post(
        reverse("activities:routine_create"), {"org": world.org_a.pk, "name": "", "minutes": "0"}
    )
    assert "请填写名称" in refused.content.decode()
    assert "至少 1 分钟" in refused.content.decode()


def test_a_video_over_the_cap_is_refused_and_one_within_plays_in_the_page(client, world, routine, settings):
    settings.MEDIA_VIDEO_MAX_MB = 1
    client.force_login(make_cadre("admin_cx2", world.county_x))
    url = reverse("activities:routine_video", args=[routine.public_id])
    assert url.endswith("/media-upload/")
    big = SimpleUploadedFile("操.mp4", mp4(payload_bytes=1024 * 1024))
    response = client.post(url, {"file": big})
    assert response.status_code == 422
    assert "文件超过 1 MB 的上限" in response.content.decode()
    wrong = client.post(url, {"file": SimpleUploadedFile("操.mp4", b"not a video at all")})
    assert "文件内容与扩展名 .mp4 不符" in wrong.content.decode()
    assert client.post(url, {"file": SimpleUploadedFile("操.mp4", mp4())}).status_code == 302
    page = client.get(reverse("activities:routine_detail", args=[routine.public_id])).content.decode()
    video = video_of(routine)
    assert video is not None
    assert f'src="{video.stream_url}"' in page


def test_the_video_answers_byte_ranges_to_a_member_below_and_404_outside(
    client, world, routine, county_admin
):
    video = upload_video(routine=routine, actor=county_admin, payload_bytes=PAYLOAD)
    client.force_login(world.org_member)  # 甲会员: a member of org A, under 甲县
    first = client.get(video.stream_url, headers={"Range": "bytes=0-99"})
    assert first.status_code == 206
    assert first["Content-Range"] == f"bytes 0-99/{SIZE}"
    assert _body(first) == mp4(payload_bytes=PAYLOAD)[:100]
    past = client.get(video.stream_url, headers={"Range": f"bytes={SIZE + 10}-"})
    assert past.status_code == 416
    assert past["Content-Range"] == f"bytes */{SIZE}"

    other_user, _member = make_member_user("13700002222", world.org_b, name="乙会员")
    client.force_login(other_user)
    assert client.get(video.stream_url, headers={"Range": "bytes=0-99"}).status_code == 404
    client.force_login(world.outsider)
    assert client.get(video.stream_url).status_code == 404
    client.force_login(world.org_admin)  # a cadre of a union under 甲县
    assert client.get(video.stream_url, headers={"Range": "bytes=0-99"}).status_code == 206


def test_the_day_page_confirms_a_count_or_checks_members_in(client, world, routine):
    adoption = make_adoption(routine=routine, org=world.org_a, actor=world.org_admin)
    url = reverse("activities:exercise_session_detail", args=[adoption.public_id])
    client.force_login(world.org_admin)
    assert "这一天还没有登记" in client.get(url).content.decode()
    assert not ExerciseSession.objects.exists()  # GET never writes
    payload = code_payload(world.member_a, actor=world.org_admin)
    scanned = client.post(url, {"step": "scan", "payload": payload})
    assert scanned.status_code == 200
    assert "签到成功" in scanned.content.decode()
    assert ExerciseParticipation.objects.filter(member=world.member_a, session__adoption=adoption).exists()
    again = client.post(url, {"step": "scan", "payload": payload})
    assert again.status_code == 422
    assert "已签到" in again.content.decode()
    refused = client.post(url, {"step": "confirm_count", "count": "1"})
    assert "已有会员扫码签到" in refused.content.decode()

    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    done = client.post(f"{url}?day={yesterday}", {"step": "confirm_count", "count": "1", "note": "室内"})
    assert done.status_code == 302
    assert ExerciseSession.objects.get(adoption=adoption, held_on=yesterday).confirmed_count == 1

    client.force_login(world.outsider)
    assert client.post(url, {"step": "scan", "payload": payload}).status_code == 404


def test_the_member_sees_the_unit_routine_with_video_and_schedule(client, world, routine, county_admin):
    upload_video(routine=routine, actor=county_admin)
    make_adoption(routine=routine, org=world.org_a, actor=world.org_admin, place="教学楼前广场")
    client.force_login(world.org_member)
    page = client.get(reverse("activities_portal:exercise")).content.decode()
    assert "第九套广播体操" in page
    assert "教学楼前广场" in page
    assert "data-routine-video" in page
    tile = reverse("activities_portal:exercise")
    assert tile in client.get(reverse("portal:services")).content.decode()
    other_user, _member = make_member_user("13700003333", world.org_b, name="乙会员")
    client.force_login(other_user)
    assert "本单位暂未开展工间操" in client.get(tile).content.decode()
    assert tile not in client.get(reverse("portal:services")).content.decode()


def test_rates_page_and_export(client, world, routine):
    make_adoption(routine=routine, org=world.org_a, actor=world.org_admin)
    client.force_login(make_cadre("admin_city", world.city))
    page = client.get(reverse("activities:exercise_rates")).content.decode()
    assert "甲县教育工会" in page
    assert "50.0%" in page
    assert "&lt;10" in page
    export = client.get(reverse("activities:exercise_rates_export"))
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    client.force_login(world.outsider)
    assert "甲县" not in client.get(reverse("activities:exercise_rates")).content.decode()
