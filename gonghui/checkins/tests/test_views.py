"""Pages of 签到: three actors on the organiser pages; create and edit a session; the scanner (a scanned code, the
member-number fallback with the masked name, refusals shown big with their reason); the check-in list with count,
search and export; the member's 我的会员码 whose code changes with the 30-second step."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from conftest import make_member_user
from gonghui.checkins.codes import payload_of, step_of, totp
from gonghui.checkins.models import CheckIn, CheckinSession, MemberCodeSecret
from gonghui.checkins.selectors import member_code_secret_of
from gonghui.checkins.services import checkin_manual

from .factories import code_of


def _digits(page: str) -> str:
    found = re.search(r"data-member-code-digits>(\d{8})<", page)
    assert found is not None
    return found.group(1)


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("org admin", "org_admin", 200),
        ("plain member", "org_member", 403),
        ("admin of org B", "outsider", 404),
    ],
)
@pytest.mark.parametrize("url_name", ["checkins:detail", "checkins:scan", "checkins:edit"])
def test_session_pages_three_actors(client, request, session_a, _case, actor, status, url_name):
    client.force_login(request.getfixturevalue(actor))
    r = client.get(reverse(url_name, args=[session_a.public_id]))
    assert r.status_code == status


def test_the_list_shows_own_sessions_only(client, world, session_a):
    client.force_login(world.outsider)
    assert "甲单位工会干部培训签到" not in client.get(reverse("checkins:list")).content.decode()
    client.force_login(world.org_admin)
    page = client.get(reverse("checkins:list"), {"q": "干部"}).content.decode()
    assert "甲单位工会干部培训签到" in page
    page = client.get(reverse("checkins:list"), {"q": "不存在的"}).content.decode()
    assert "没有符合条件的签到场次" in page


def test_a_plain_member_is_refused_the_console(client, world):
    client.force_login(world.org_member)
    assert client.get(reverse("checkins:list")).status_code == 403
    assert client.get(reverse("checkins:create")).status_code == 403


def test_create_and_edit_a_session(client, world):
    client.force_login(world.org_admin)
    data = {
        "org": world.org_a.pk,
        "title": "教代会代表签到",
        "place": "礼堂",
        "starts_at": "2026-12-06T08:00",
        "ends_at": "2026-12-06T07:00",
        "target_list": "",
    }
    r = client.post(reverse("checkins:create"), data)
    assert r.status_code == 200
    assert "签到结束时间须晚于开始时间" in r.content.decode()
    data["ends_at"] = "2026-12-06T12:00"
    r = client.post(reverse("checkins:create"), data)
    session = CheckinSession.objects.get()
    assert r.status_code == 302
    assert r["Location"] == reverse("checkins:detail", args=[session.public_id])
    r = client.post(
        reverse("checkins:edit", args=[session.public_id]),
        {**data, "title": "教代会代表报到"},
    )
    assert r.status_code == 302
    session.refresh_from_db()
    assert session.title == "教代会代表报到"


def test_the_outsider_cannot_create_a_session_for_org_a(client, world):
    client.force_login(world.outsider)
    r = client.post(
        reverse("checkins:create"),
        {
            "org": world.org_a.pk,
            "title": "越权",
            "starts_at": "2026-12-06T08:00",
            "ends_at": "2026-12-06T12:00",
        },
    )
    assert r.status_code == 200
    assert "请选择您可以组织签到的工会" in r.content.decode()
    assert CheckinSession.objects.count() == 0


def test_a_scanned_code_shows_success_big(client, world, session_a):
    client.force_login(world.org_admin)
    r = client.post(
        reverse("checkins:scan", args=[session_a.public_id]), {"payload": code_of(world.member_a)}
    )
    page = r.content.decode()
    assert r.status_code == 200
    assert 'data-checkin-result="ok"' in page
    assert "签到成功" in page
    assert "甲*员" in page
    assert CheckIn.objects.get().member == world.member_a


def test_a_refused_code_shows_its_reason(client, world, session_a):
    client.force_login(world.org_admin)
    payload = code_of(world.member_a)
    client.post(reverse("checkins:scan", args=[session_a.public_id]), {"payload": payload})
    r = client.post(reverse("checkins:scan", args=[session_a.public_id]), {"payload": payload})
    page = r.content.decode()
    assert r.status_code == 422
    assert 'data-checkin-result="refused"' in page
    assert re.search(r"data-checkin-reason>已签到（\d\d:\d\d）<", page)
    assert CheckIn.objects.count() == 1


def test_the_scanner_offers_the_camera_and_always_the_number_fallback(client, world, session_a):
    client.force_login(world.org_admin)
    page = client.get(reverse("checkins:scan", args=[session_a.public_id])).content.decode()
    assert "/static/vendor/jsqr/jsQR" in page
    assert "/static/js/scanner" in page
    assert reverse("checkins:scan_find", args=[session_a.public_id]) in page
    assert 'name="number"' in page


def test_the_number_fallback_shows_the_masked_name_then_confirms(client, world, session_a):
    world.member_a.member_number = "4108000000123"
    world.member_a.save(update_fields=["member_number"])
    client.force_login(world.org_admin)
    r = client.post(reverse("checkins:scan_find", args=[session_a.public_id]), {"number": "4108000000123"})
    page = r.content.decode()
    assert r.status_code == 200
    assert "甲*员" in page
    assert "甲会员" not in page
    assert "甲县第一中学工会" in page
    assert "确认签到" in page
    assert CheckIn.objects.count() == 0
    r = client.post(
        reverse("checkins:scan_confirm", args=[session_a.public_id]),
        {"member": str(world.member_a.public_id)},
    )
    assert 'data-checkin-result="ok"' in r.content.decode()
    assert CheckIn.objects.get().method == "manual"


def test_the_number_of_a_member_of_another_union_reads_like_an_unknown_one(client, world, session_a):
    _user, member_b = make_member_user("13700002222", world.org_b, name="乙会员")
    member_b.member_number = "4108000000999"
    member_b.save(update_fields=["member_number"])
    client.force_login(world.org_admin)
    for number in ("4108000000999", "0000"):
        r = client.post(reverse("checkins:scan_find", args=[session_a.public_id]), {"number": number})
        page = r.content.decode()
        assert r.status_code == 422
        assert "没有找到该会员编号或会员卡号，或该会员不在本次签到范围" in page
        assert "乙*员" not in page


@pytest.mark.parametrize("url_name", ["checkins:scan_find", "checkins:scan_confirm"])
def test_fallback_posts_three_actors(client, request, world, session_a, url_name):
    for actor, status in (("org_member", 403), ("outsider", 404)):
        client.force_login(request.getfixturevalue(actor))
        r = client.post(
            reverse(url_name, args=[session_a.public_id]),
            {"number": "x", "member": str(world.member_a.public_id)},
        )
        assert r.status_code == status
    assert CheckIn.objects.count() == 0


def test_the_detail_lists_check_ins_with_count_search_and_export(client, world, session_a):
    _user, other = make_member_user("13700003333", world.org_a, name="丙会员")
    checkin_manual(target=session_a, member=world.member_a, actor=world.org_admin)
    checkin_manual(target=session_a, member=other, actor=world.org_admin)
    client.force_login(world.org_admin)
    page = client.get(reverse("checkins:detail", args=[session_a.public_id])).content.decode()
    assert "data-checkin-total>2 人<" in page
    assert "甲会员" in page
    assert "丙会员" in page
    page = client.get(reverse("checkins:detail", args=[session_a.public_id]), {"q": "丙"}).content.decode()
    assert "丙会员" in page
    assert "甲会员" not in page
    r = client.post(reverse("checkins:export", args=[session_a.public_id]))
    assert r.status_code == 200
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "no-store" in r["Cache-Control"]
    assert client.get(reverse("checkins:export", args=[session_a.public_id])).status_code == 405


def test_export_three_actors(client, world, session_a):
    for actor, status in ((world.org_member, 403), (world.outsider, 404)):
        client.force_login(actor)
        assert client.post(reverse("checkins:export", args=[session_a.public_id])).status_code == status


# ---- 我的会员码 ----------------------------------------------------------------------------------------------


def test_the_member_first_generates_a_code(client, world):
    client.force_login(world.org_member)
    page = client.get(reverse("checkins_portal:member_code")).content.decode()
    assert "生成我的会员码" in page
    assert MemberCodeSecret.objects.count() == 0  # a GET never writes
    r = client.post(reverse("checkins_portal:member_code_issue"))
    assert r.status_code == 302
    assert MemberCodeSecret.objects.filter(member=world.member_a).count() == 1


def test_the_member_code_changes_with_the_step(client, world):
    # given
    client.force_login(world.org_member)
    client.post(reverse("checkins_portal:member_code_issue"))
    secret = member_code_secret_of(world.member_a)
    assert secret is not None
    start = dt.datetime(2026, 12, 6, 9, 0, 5, tzinfo=dt.UTC)
    pages = []
    # when: the page is opened in two consecutive 30-second steps
    for moment in (start, start + dt.timedelta(seconds=30)):
        with time_machine.travel(moment, tick=False):
            pages.append(client.get(reverse("checkins_portal:member_code")).content.decode())
    # then: each shows the code of its own step, in the QR text format, with the phone's script and secret
    codes = [_digits(page) for page in pages]
    assert codes == [totp(secret, step_of(start)), totp(secret, step_of(start) + 1)]
    assert codes[0] != codes[1]
    assert f'data-member="{world.member_a.public_id.hex}"' in pages[0]
    assert f'data-secret="{secret.hex()}"' in pages[0]
    assert "25 秒后更新" in pages[0]
    assert "/static/js/member_code" in pages[0]
    assert "/static/vendor/qrcode-generator/qrcode" in pages[0]
    assert 'aria-label="会员码"' in pages[0]
    assert world.member_a.phone not in pages[0]


def test_the_member_code_page_is_never_cached_and_only_for_members(client, world):
    client.force_login(world.org_member)
    r = client.get(reverse("checkins_portal:member_code"))
    assert "no-store" in r["Cache-Control"]
    client.force_login(world.org_admin)
    assert client.get(reverse("checkins_portal:member_code")).status_code == 403


def test_the_member_code_scans_at_a_session(client, world, session_a):
    # the code the page shows is one the scanner accepts
    client.force_login(world.org_member)
    client.post(reverse("checkins_portal:member_code_issue"))
    page = client.get(reverse("checkins_portal:member_code")).content.decode()
    code = _digits(page)
    client.force_login(world.org_admin)
    payload = payload_of(member_public_hex=world.member_a.public_id.hex, code=code)
    r = client.post(reverse("checkins:scan", args=[session_a.public_id]), {"payload": payload})
    assert 'data-checkin-result="ok"' in r.content.decode()


def test_the_portal_tile_and_the_card_page_link_the_member_code(client, world):
    client.force_login(world.org_member)
    url = reverse("checkins_portal:member_code")
    assert url == "/portal/member-code/"
    assert url in client.get(reverse("members:card_mine")).content.decode()
    assert url in client.get(reverse("portal:services")).content.decode()


def test_a_member_who_left_gets_no_code(client, world):
    world.member_a.status = "left"
    world.member_a.save(update_fields=["status"])
    client.force_login(world.org_member)
    r = client.post(reverse("checkins_portal:member_code_issue"))
    assert r.status_code in {302, 403}
    assert MemberCodeSecret.objects.count() == 0


def test_session_times_are_shown_in_local_time(client, world, session_a):
    client.force_login(world.org_admin)
    page = client.get(reverse("checkins:detail", args=[session_a.public_id])).content.decode()
    assert timezone.localtime(session_a.starts_at).strftime("%Y-%m-%d %H:%M") in page
