import datetime as dt

import pytest
from django.urls import reverse

from conftest import make_cadre
from gonghui.accounts.roles import SYSADMIN
from gonghui.calendars.models import CalendarDay

pytestmark = pytest.mark.django_db
URL = "/calendar/"


def test_any_cadre_reads_the_calendar_with_a_warning_for_missing_years(client, org_admin):
    client.force_login(org_admin)
    response = client.get(URL, {"year": 2025})
    assert response.status_code == 200
    assert "国庆节调休" in response.content.decode()
    assert "data-calendar-warning" not in response.content.decode()
    missing = client.get(URL, {"year": 2040})
    assert "2040年的法定节假日和调休尚未维护" in missing.content.decode()


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("member refused", "org_member", 403),
        ("union admin may not edit", "org_admin", 403),
        ("sysadmin edits", "sysadmin", 302),
    ],
)
def test_setting_a_day_needs_calendar_manage(request, client, world, _case, actor, status):
    # given
    user = (
        make_cadre("root_admin", world.city, role=SYSADMIN)
        if actor == "sysadmin"
        else request.getfixturevalue(actor)
    )
    client.force_login(user)
    # when
    response = client.post(URL, {"date": "2040-03-05", "kind": "holiday", "name": "测试"})
    # then
    assert response.status_code == status
    assert CalendarDay.objects.filter(date=dt.date(2040, 3, 5)).exists() is (status == 302)


def test_a_saved_day_is_flashed_and_shown_in_its_year(client, world):
    # given
    client.force_login(make_cadre("root_admin", world.city, role=SYSADMIN))
    # when
    response = client.post(URL + "?year=2025", {"date": "2040-03-05", "kind": "holiday", "name": "测试假日"})
    # then
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?year=2040"
    page = client.get(response["Location"]).content.decode()
    assert "已保存 2040年03月05日" in page
    assert "测试假日" in page


def test_an_empty_post_names_the_missing_date(client, world):
    client.force_login(make_cadre("root_admin", world.city, role=SYSADMIN))
    days = CalendarDay.objects.count()
    response = client.post(URL, {})
    assert response.status_code == 200
    assert "请选择日期" in response.content.decode()
    assert CalendarDay.objects.count() == days


def test_bad_date_shows_a_field_error(client, world):
    client.force_login(make_cadre("root_admin", world.city, role=SYSADMIN))
    response = client.post(URL, {"date": "2040-02-30", "kind": "holiday"})
    assert response.status_code == 200
    assert "日期格式不正确，请使用 年-月-日" in response.content.decode()


def test_delete_a_day(client, world):
    client.force_login(make_cadre("root_admin", world.city, role=SYSADMIN))
    response = client.post(reverse("calendars:calendar_day_delete", args=["2025-10-11"]))
    assert response.status_code == 302
    assert not CalendarDay.objects.filter(date=dt.date(2025, 10, 11)).exists()
    assert client.post(reverse("calendars:calendar_day_delete", args=["2025-10-11"])).status_code == 404
