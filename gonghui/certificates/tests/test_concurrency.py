"""PostgreSQL: ten concurrent issues by one issuer in one series and year get distinct consecutive serials (the
numbering row is locked inside each issuing transaction); ten concurrent issues of the same certificate give one."""

import pytest

from conftest import make_member_user
from gonghui.certificates.models import Certificate

from .factories import issue_certificate

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]
THREADS = 10


def test_ten_concurrent_issues_get_consecutive_serials(world, run_concurrently):
    # given ten members of org A
    members = [make_member_user(f"1390000{n:04d}", world.org_a, name=f"会员{n}")[1] for n in range(THREADS)]
    # when each gets a certificate of the same issuer, series and year at the same instant
    results, errors = run_concurrently(
        *[lambda m=m: issue_certificate(issuer=world.org_a, holder=m) for m in members]
    )
    # then
    assert errors == []
    assert sorted(c.serial for c in results) == list(range(1, THREADS + 1))
    numbers = set(Certificate.objects.values_list("number", flat=True))
    assert numbers == {f"测荣证〔2026〕{n}号" for n in range(1, THREADS + 1)}


def test_ten_concurrent_issues_of_one_certificate_give_one(world, run_concurrently):
    results, errors = run_concurrently(
        *[lambda: issue_certificate(issuer=world.org_a, holder=world.member_a) for _ in range(THREADS)]
    )
    assert errors == []
    assert Certificate.objects.count() == 1
    assert {c.pk for c in results} == {Certificate.objects.get().pk}
