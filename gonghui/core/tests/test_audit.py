"""The audit log: what `audit_log` writes, and that rows can be appended but never changed or removed."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.test import RequestFactory

from gonghui.accounts.models import User
from gonghui.core.audit import AuditContext, audit_log, client_ip
from gonghui.core.choices import AuditAction
from gonghui.core.models import AuditLog
from gonghui.orgs.models import Org


def _request(**meta):
    return RequestFactory().get("/", **meta)


def test_audit_log_writes_every_field(world):
    # given
    request = _request(REMOTE_ADDR="192.0.2.10", HTTP_USER_AGENT="Mozilla/5.0 微信")
    # when
    log = audit_log(
        action=AuditAction.EXPORT,
        actor=world.org_admin,
        context=AuditContext.of(request),
        subject=world.org_a,
        org_id=world.org_a.pk,
        summary="导出会员名册",
        detail={"rows": 12},
    )
    # then
    stored = AuditLog.objects.get()
    assert stored == log
    assert stored.actor == world.org_admin
    assert stored.actor_label == "admin_a"
    assert stored.action == AuditAction.EXPORT
    assert stored.summary == "导出会员名册"
    assert stored.content_type == ContentType.objects.get_for_model(Org)
    assert stored.object_id == str(world.org_a.pk)
    assert stored.org_id == world.org_a.pk
    assert stored.ip_address == "192.0.2.10"
    assert stored.user_agent == "Mozilla/5.0 微信"
    assert stored.detail == {"rows": 12}
    assert str(stored) == "导出 导出会员名册"


def test_audit_log_without_context_subject_or_actor(db):
    # when
    audit_log(action=AuditAction.LOGIN_FAILED, actor=AnonymousUser(), actor_label="ghost", summary="登录失败")
    # then
    stored = AuditLog.objects.get()
    assert stored.actor is None
    assert stored.actor_label == "ghost"
    assert stored.content_type is None
    assert stored.object_id == ""
    assert stored.org_id is None
    assert stored.ip_address is None
    assert stored.user_agent == ""
    assert stored.detail == {}


def test_explicit_actor_label_wins(world):
    # when
    audit_log(action=AuditAction.ADMIN_EDIT, actor=world.org_admin, actor_label="代办：admin_a", summary="x")
    # then
    assert AuditLog.objects.get().actor_label == "代办：admin_a"


def test_long_summary_and_user_agent_are_cut_to_300(world):
    # when
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=world.org_admin,
        context=AuditContext.of(_request(HTTP_USER_AGENT="U" * 500)),
        summary="长" * 400,
    )
    # then
    stored = AuditLog.objects.get()
    assert stored.summary == "长" * 300
    assert stored.user_agent == "U" * 300


def test_client_ip_without_a_proxy(settings):
    # given no trusted proxy (development): X-Forwarded-For is the client's own claim
    settings.TRUSTED_PROXY_COUNT = 0
    # then
    assert client_ip(None) is None
    assert client_ip(_request(REMOTE_ADDR="2001:db8::1")) == "2001:db8::1"
    assert client_ip(_request(REMOTE_ADDR="")) is None
    assert client_ip(_request(REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR="198.51.100.7")) == "192.0.2.10"


@pytest.mark.parametrize(
    ("_case", "forwarded", "expected"),
    [
        ("nginx appended the client", "198.51.100.7", "198.51.100.7"),
        ("client-written entries are ignored", "10.0.0.1, 6.6.6.6, 198.51.100.7", "198.51.100.7"),
        ("spaces around entries", " 198.51.100.7 ", "198.51.100.7"),
        ("IPv6 client", "2001:db8::7", "2001:db8::7"),
        ("no header falls back to the proxy", "", "127.0.0.1"),
        ("garbage falls back to the proxy", "not-an-ip", "127.0.0.1"),
    ],
)
def test_client_ip_behind_one_proxy(settings, _case, forwarded, expected):
    # given nginx in front of the app
    settings.TRUSTED_PROXY_COUNT = 1
    meta = {"REMOTE_ADDR": "127.0.0.1"}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    # then
    assert client_ip(_request(**meta)) == expected


def test_client_ip_behind_two_proxies(settings):
    # given a load balancer and nginx, each appending the address it saw
    settings.TRUSTED_PROXY_COUNT = 2
    # then the entry the outer proxy appended is the client
    request = _request(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7, 10.0.0.2")
    assert client_ip(request) == "198.51.100.7"
    assert client_ip(_request(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.0.0.2")) == "127.0.0.1"


def test_audit_log_records_the_forwarded_client(world, settings):
    # given
    settings.TRUSTED_PROXY_COUNT = 1
    request = _request(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7")
    # when
    audit_log(
        action=AuditAction.LOGIN, actor=world.org_admin, context=AuditContext.of(request), summary="登录"
    )
    # then
    assert AuditLog.objects.get().ip_address == "198.51.100.7"


@pytest.fixture
def log(world) -> AuditLog:
    return audit_log(
        action=AuditAction.ADMIN_EDIT, actor=world.org_admin, org_id=world.org_a.pk, summary="原文"
    )


def test_saving_an_existing_row_is_refused(log):
    # given
    log.summary = "篡改"
    # when
    with pytest.raises(PermissionDenied) as exc_info:
        log.save()
    # then
    assert str(exc_info.value) == "审计日志只能追加，不能修改"
    assert AuditLog.objects.get().summary == "原文"


def test_saving_with_update_fields_is_refused(log):
    # given
    log.summary = "篡改"
    # when
    with pytest.raises(PermissionDenied):
        log.save(update_fields=["summary"])
    # then
    assert AuditLog.objects.get().summary == "原文"


def test_deleting_a_row_is_refused(log):
    # when
    with pytest.raises(PermissionDenied) as exc_info:
        log.delete()
    # then
    assert str(exc_info.value) == "审计日志只能追加，不能删除"
    assert AuditLog.objects.count() == 1


def test_queryset_update_is_refused(log):
    # when
    with pytest.raises(PermissionDenied) as exc_info:
        AuditLog.objects.filter(pk=log.pk).update(summary="篡改")
    # then
    assert str(exc_info.value) == "审计日志只能追加，不能修改"
    assert AuditLog.objects.get().summary == "原文"


def test_manager_update_is_refused(log):
    # when
    with pytest.raises(PermissionDenied):
        AuditLog.objects.update(summary="篡改")
    # then
    assert AuditLog.objects.get().summary == "原文"


def test_queryset_delete_is_refused(log):
    # when
    with pytest.raises(PermissionDenied) as exc_info:
        AuditLog.objects.all().delete()
    # then
    assert str(exc_info.value) == "审计日志只能追加，不能删除"
    assert AuditLog.objects.count() == 1


def test_bulk_update_is_refused(log):
    # given
    log.summary = "篡改"
    # when
    with pytest.raises(PermissionDenied), transaction.atomic():
        AuditLog.objects.bulk_update([log], ["summary"])
    # then
    assert AuditLog.objects.get().summary == "原文"


def test_update_or_create_on_an_existing_row_is_refused(log):
    # when
    with pytest.raises(PermissionDenied):
        AuditLog.objects.update_or_create(pk=log.pk, defaults={"summary": "篡改"})
    # then
    assert AuditLog.objects.get().summary == "原文"


def test_appending_more_rows_is_allowed(log, world):
    # when
    audit_log(action=AuditAction.LOGIN, actor=world.org_admin, summary="第二条")
    AuditLog.objects.bulk_create([AuditLog(action=AuditAction.LOGOUT, summary="第三条")])
    # then
    assert list(AuditLog.objects.order_by("id").values_list("summary", flat=True)) == [
        "原文",
        "第二条",
        "第三条",
    ]


def test_deleting_the_actor_keeps_the_row(log, world):
    # given
    actor_pk = world.org_admin.pk
    # when the account is removed
    User.objects.filter(pk=actor_pk).delete()
    # then the trail survives with the account name
    stored = AuditLog.objects.get()
    assert stored.actor is None
    assert stored.actor_label == "admin_a"
    assert stored.summary == "原文"


def test_newest_first_by_default(world):
    # given three rows written in order
    for summary in ["一", "二", "三"]:
        audit_log(action=AuditAction.ADMIN_EDIT, actor=world.org_admin, summary=summary)
    # then
    assert list(AuditLog.objects.values_list("summary", flat=True)) == ["三", "二", "一"]


def test_an_audit_context_built_in_the_view_records_what_the_request_would(world):
    request = _request(REMOTE_ADDR="192.0.2.30", HTTP_USER_AGENT="U" * 400)
    context = AuditContext.of(request)
    assert context == AuditContext(ip="192.0.2.30", user_agent="U" * 300)
    assert AuditContext.of(None) == AuditContext()
    stored = audit_log(action=AuditAction.EXPORT, summary="导出", actor=world.org_admin, context=context)
    assert (stored.ip_address, stored.user_agent) == ("192.0.2.30", "U" * 300)
