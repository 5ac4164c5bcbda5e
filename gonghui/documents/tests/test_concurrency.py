"""签发 under real concurrency on PostgreSQL: documents signed at the same moment get distinct, gap-free
文号 from the issuer's sequence."""

import datetime as dt
from functools import partial

import pytest

from conftest import make_cadre
from gonghui.documents.models import Document
from gonghui.documents.services import document_create, document_issue, document_review, document_submit
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.models import Org
from gonghui.orgs.tests.factories import OrgFactory

WORKERS = 6
PER_WORKER = 4


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_signings_never_share_or_skip_a_number(run_concurrently):
    # given a union with documents waiting for 签发
    city = OrgFactory.create(code="PC", name="并发市工会", level=OrgLevel.CITY)
    OrgFactory.create(
        parent=Org.objects.get(pk=city.pk), code="PC1", name="并发县工会", level=OrgLevel.COUNTY
    )
    city = Org.objects.get(pk=city.pk)
    signer = make_cadre("pc_admin", city)  # 工会管理员: the one role that signs
    drafter, reviewer = (
        make_cadre("pc_drafter", city),
        make_cadre("pc_reviewer", city),
    )  # the city separates duties
    pending = []
    for n in range(WORKERS * PER_WORKER):
        document = document_create(
            org=city, actor=drafter, series="并发", title=f"通知{n}", body="正文", main_to="并发县工会"
        )
        document_submit(document=document, actor=drafter)
        document_review(document=document, actor=reviewer)
        pending.append(document.pk)

    def issue_all(ids: list[int]) -> None:
        for pk in ids:
            document_issue(document=Document.objects.get(pk=pk), actor=signer, issued_on=dt.date(2020, 5, 1))

    # when several signers issue at once
    _results, errors = run_concurrently(*[partial(issue_all, pending[i::WORKERS]) for i in range(WORKERS)])
    # then every document has its own number and none is skipped
    assert errors == []
    numbers = list(Document.objects.filter(org=city).order_by("number").values_list("number", flat=True))
    assert numbers == list(range(1, WORKERS * PER_WORKER + 1))
    assert Document.objects.filter(org=city, document_number="并发〔2020〕24号").count() == 1
