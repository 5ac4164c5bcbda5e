"""No-store on every response that carries unmasked personal data or an export (gonghui.core.http).

The guard in tests/sensitive_responses.py checks every request of every test: one that writes a reveal or
export audit row must answer `Cache-Control: no-store`. These tests show the guard catches a view without the
decorator, and cover the downloads that write no audit row when they are fetched (export job files, import error
reports, which echo the rows' ID numbers)."""

from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import path, reverse

from gonghui.core.audit import audit_log
from gonghui.core.http import sensitive_response
from gonghui.core.models import AuditAction, AuditLog
from gonghui.spreadsheets.tests.crawl import _spreadsheets_world

from .sensitive_responses import UncachedResponseMissing


def _reveal(request):
    audit_log(action=AuditAction.REVEAL, actor=request.user, summary="查看会员 甲会员 的完整证件号码")
    return HttpResponse("410802199001011234")


def _export(request):
    audit_log(action=AuditAction.EXPORT, actor=request.user, summary="导出会员名册（未脱敏）")
    return HttpResponse(b"xlsx")


urlpatterns = [
    path("reveal/", _reveal),
    path("reveal/decorated/", sensitive_response(_reveal)),
    path("export/", _export),
    path("export/decorated/", sensitive_response(_export)),
]


def _assert_never_cached(response):
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "no-cache", "private", "max-age=0", "must-revalidate"} <= cache_control
    assert response["Pragma"] == "no-cache"
    assert response["X-Accel-Expires"] == "0"
    assert "Expires" in response


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("url", ["/reveal/", "/export/"])
def test_a_view_writing_a_reveal_or_export_row_without_the_decorator_fails(client, world, url):
    client.force_login(world.org_admin)
    with pytest.raises(UncachedResponseMissing, match="sensitive_response"):
        client.get(url)


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("url", ["/reveal/decorated/", "/export/decorated/"])
def test_the_decorated_view_is_never_cached(client, world, url):
    client.force_login(world.org_admin)
    response = client.get(url)
    assert response.status_code == 200
    _assert_never_cached(response)
    assert AuditLog.objects.count() == 1


def test_the_member_id_reveal_is_never_cached(client, world):
    client.force_login(world.org_admin)
    response = client.post(reverse("members:member_reveal", args=[world.member_a.public_id]))
    assert response.status_code == 200
    _assert_never_cached(response)


def test_an_unmasked_roster_export_is_never_cached(client, world):
    client.force_login(world.org_admin)
    response = client.post(reverse("spreadsheets:export_start", args=["members_unmasked"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    _assert_never_cached(response)


def test_export_job_files_and_import_error_reports_are_never_cached(client, world):
    _spreadsheets_world(world)
    client.force_login(world.org_admin)
    for method, url in [
        (
            client.get,
            reverse("spreadsheets:export_job_download", args=[world.extra["export_job_a"].public_id]),
        ),
        (
            client.post,
            reverse("spreadsheets:import_job_errors", args=[world.extra["import_job_a"].public_id]),
        ),
    ]:
        response = method(url)
        assert response.status_code == 200, url
        _assert_never_cached(response)


def test_the_member_verify_api_answer_is_never_cached(world):
    client = Client()
    client.force_login(world.org_admin)
    response = client.post(
        "/api/v1/members/verify",
        {"name": "甲会员", "id_number": "110101199003077777"},
        content_type="application/json",
    )
    assert response.status_code == 200
    _assert_never_cached(response)


def test_nginx_caches_nothing_from_the_application():
    conf = (Path(__file__).resolve().parents[1] / "deploy" / "nginx-gonghui.conf").read_text(encoding="utf-8")
    app = conf[conf.index("location / {") :]
    assert "proxy_cache off;" in app
    assert "proxy_ignore_headers" not in conf
    assert "proxy_cache_path" not in conf
