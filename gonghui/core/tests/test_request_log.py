"""A 403 is logged as one line (path, user id, reason) without a traceback."""

import logging

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import path, reverse


def _refused(request):
    raise PermissionDenied("只有维权督办可以查看匿名诉求人的身份\n（第二行）")


urlpatterns = [path("refused/", _refused)]


def _request_records(caplog):
    return [r for r in caplog.records if r.name == "django.request"]


def test_a_403_is_one_line_with_path_user_and_reason(world, caplog):
    client = Client()
    client.force_login(world.org_member)
    url = reverse("accounts:user_list")
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get(url)
    assert response.status_code == 403
    [record] = _request_records(caplog)
    assert record.levelname == "WARNING"
    assert record.exc_info is None
    line = logging.Formatter("%(levelname)s %(name)s %(message)s").format(record)
    assert (
        line
        == f"WARNING django.request Forbidden (Permission denied): {url} user={world.org_member.pk} reason=-"
    )
    assert "Traceback" not in caplog.text


@pytest.mark.urls(__name__)
def test_the_reason_of_the_refusal_is_kept_on_the_same_line(world, caplog):
    client = Client()
    client.force_login(world.org_admin)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/refused/")
    assert response.status_code == 403
    [record] = _request_records(caplog)
    line = logging.Formatter().format(record)
    assert "\n" not in line
    assert line == (
        f"Forbidden (Permission denied): /refused/ user={world.org_admin.pk} "
        "reason=只有维权督办可以查看匿名诉求人的身份 （第二行）"
    )
