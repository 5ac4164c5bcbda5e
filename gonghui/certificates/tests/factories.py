"""Certificates for tests, issued through the service with the test-only kind of conftest.py (owner: an Org)."""

import datetime as dt
from typing import Any

from gonghui.certificates.models import Certificate
from gonghui.certificates.services import certificate_issue

TEST_KIND = "test_org_award"


def ensure_test_kind() -> str:
    """The test-only kind, registered once (crawl.py runs without this package's conftest)."""
    from gonghui.certificates.tests.conftest import TEST_KIND as key

    return key


def issue_certificate(
    *, issuer: Any, holder: Any, holder_name: str | None = None, **extra: Any
) -> Certificate:
    ensure_test_kind()
    fields: dict[str, Any] = {
        "kind": TEST_KIND,
        "issuer": issuer,
        "owner": issuer,
        "holder": holder,
        "holder_name": holder_name or holder.name,
        "holder_org": getattr(holder, "org", None),
        "title": "2026年优秀会员",
        "awarded_on": dt.date(2026, 5, 4),
        "data": {"rank": 1},
        "actor": None,
    }
    fields.update(extra)
    return certificate_issue(**fields)
