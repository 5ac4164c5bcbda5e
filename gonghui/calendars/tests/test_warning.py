"""The 工作日历 warning (a year without holiday data) on every console page goes to those who may fix it —
holders of calendar.manage — and to nobody else, not even a union's administrator."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from conftest import make_cadre
from gonghui.accounts.roles import SYSADMIN
from gonghui.calendars.models import CalendarYear
from gonghui.calendars.workdays import calendar_version

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("actor", "role", "warned"),
    [
        ("sysadmin", SYSADMIN, True),
        ("union_admin", "union_admin", False),
        ("union_staff", "union_staff", False),
    ],
)
def test_the_calendar_warning_shows_only_to_who_may_edit_the_calendar(client, world, actor, role, warned):
    # given: this year's holidays are missing
    year = timezone.localdate().year
    CalendarYear.objects.filter(year=year).delete()
    cache.delete(f"calendars:health:{year}:v{calendar_version()}")
    client.force_login(
        make_cadre(f"cal_{actor}", world.city if actor == "sysadmin" else world.org_a, role=role)
    )
    # when
    response = client.get(reverse("notifications:inbox"))
    # then
    assert response.status_code == 200
    assert (f"工作日历缺少 {year}年" in response.content.decode()) is warned
