"""The 公文 demo data: the seed notice 焦教工〔2020〕8号 to the demo unions with part of the 签收 done."""

import pytest

from gonghui.accounts.demo import seed_accounts
from gonghui.accounts.models import RoleGrant, User
from gonghui.documents.choices import DocumentStatus
from gonghui.documents.demo import seed_documents
from gonghui.documents.models import Document, IncomingDocument, IssuerSettings, Receipt
from gonghui.orgs.demo import seed_orgs
from gonghui.orgs.models import Org

pytestmark = pytest.mark.django_db


def test_the_seed_notice_is_issued_to_the_demo_unions_and_partly_signed():
    # given the demo tree and accounts
    seed_orgs()
    seed_accounts()
    users, grants = User.objects.count(), RoleGrant.objects.count()
    # when the seeder runs twice
    first = seed_documents()
    counts = (Document.objects.count(), Receipt.objects.count(), IncomingDocument.objects.count())
    second = seed_documents()
    # then the notice carries 文号 8 after seven earlier ones, reaches the 11 county and 10 市属 unions
    seed = Document.objects.get(document_number="焦教工〔2020〕8号")
    assert seed.title == "关于印发《焦作市教科文卫体工会2020年工作要点》的通知"
    assert seed.main_to == "各县（市）区教科文卫体工会、教育工会，市属各基层工会"
    assert str(seed.issued_on) == "2020-04-17"
    assert seed.receipts.filter(forward__isnull=True).count() == 21
    forward = seed.forwards.get()
    assert forward.note == "请各校结合实际认真贯彻落实。"
    assert (
        seed.receipts.filter(forward=forward).count()
        == Org.objects.get_children(forward.from_org).filter(level="grassroots").count()
    )
    assert seed.receipts.filter(signed_at__isnull=False).count() == 6  # the forwarder had signed already
    assert seed.receipts.filter(read_at__isnull=False, signed_at__isnull=True).count() == 2
    numbers = list(
        Document.objects.filter(status=DocumentStatus.ISSUED)
        .order_by("number")
        .values_list("number", flat=True)
    )
    assert numbers == [1, 2, 3, 4, 5, 6, 7, 8]
    joint = Document.objects.get(status=DocumentStatus.REVIEWING)
    assert joint.document_number == ""
    assert joint.issuers == ["焦作市教科文卫体工会", "焦作市教育局"]  # 联合行文, the city union leading
    assert "已签收 6 个" in first
    # 拟稿, 核稿 and 签发 by three different people of the city union, as its 发文设置 requires
    people = (seed.drafted_by, seed.reviewed_by, seed.signed_by)
    assert [u.username if u else "" for u in people] == ["shi_ganshi", "shi_shenhe", "shi_admin"]
    settings = {
        s.org.code: (s.series, s.separate_duties) for s in IssuerSettings.objects.select_related("org")
    }
    assert settings["JZJKWT"] == ("焦教工", True)
    assert settings["JFQ"] == ("解教工", True)
    assert len(settings) == 12
    assert len({series for series, _on in settings.values()}) == 12
    # and a second run adds nothing, no user and no grant
    assert second == "公文演示数据已存在，跳过"
    assert (Document.objects.count(), Receipt.objects.count(), IncomingDocument.objects.count()) == counts
    assert IssuerSettings.objects.count() == 12
    assert (User.objects.count(), RoleGrant.objects.count()) == (users, grants)
