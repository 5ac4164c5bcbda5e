"""A kind registered only in these tests (owner: an Org, e.g. a union awarding its members), proving the block
without any module that uses it."""

import pytest

from gonghui.certificates.kinds import Candidate, CertificateKind, certificate_kinds
from gonghui.members.models import Member
from gonghui.orgs.models import Org

TEST_KIND = "test_org_award"


def _candidates(owner: Org) -> list[Candidate]:
    return [
        Candidate(holder=member, holder_name=member.name, holder_org=member.org, data={"rank": n})
        for n, member in enumerate(Member.objects.filter(org=owner).order_by("pk"), start=1)
    ]


if TEST_KIND not in certificate_kinds:
    certificate_kinds.register(
        TEST_KIND,
        CertificateKind(
            key=TEST_KIND,
            label="测试荣誉证书",
            series_default="测荣证",
            fields=("rank",),
            field_labels={"rank": "名次"},
            candidates=_candidates,
            owner_model="orgs.org",
            issuer_of=lambda org: org,
        ),
    )


@pytest.fixture
def test_kind() -> str:
    return TEST_KIND
