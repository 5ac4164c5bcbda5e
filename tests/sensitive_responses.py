"""A pytest plugin (loaded by conftest.py) that guards every test's requests: a request that writes a reveal or
export audit row (unmasked personal data or an export leaving the platform) must answer with
`Cache-Control: no-store`, i.e. its view uses `gonghui.core.http.sensitive_response`. So a new reveal or export
view that forgets the decorator fails the first test that requests it."""

from collections.abc import Callable
from typing import Any

import pytest
from django.db.models.signals import post_save
from django.test import Client

from gonghui.core.http import is_sensitive
from gonghui.core.models import AuditAction, AuditLog

SENSITIVE_AUDIT_ACTIONS = frozenset({AuditAction.REVEAL, AuditAction.EXPORT})


class UncachedResponseMissing(AssertionError):
    pass


def guarded(request: Callable[..., Any]) -> Callable[..., Any]:
    def guarded_request(self: Client, **environ: Any) -> Any:
        written: list[str] = []

        def collect(sender: Any, instance: AuditLog, created: bool, **kwargs: Any) -> None:
            if created and instance.action in SENSITIVE_AUDIT_ACTIONS:
                written.append(f"{instance.action}: {instance.summary}")

        uid = f"sensitive-responses-{id(written)}"
        post_save.connect(collect, sender=AuditLog, weak=False, dispatch_uid=uid)
        try:
            response = request(self, **environ)
        finally:
            post_save.disconnect(sender=AuditLog, dispatch_uid=uid)
        if written and not is_sensitive(response):
            raise UncachedResponseMissing(
                f"{environ.get('REQUEST_METHOD')} {environ.get('PATH_INFO')} wrote the audit rows {written} but "
                "answered without Cache-Control: no-store; decorate the view with "
                "gonghui.core.http.sensitive_response"
            )
        return response

    return guarded_request


@pytest.fixture(autouse=True)
def _sensitive_responses_are_never_cached(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Client, "request", guarded(Client.request))
