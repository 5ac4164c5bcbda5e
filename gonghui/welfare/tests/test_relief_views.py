"""送温暖慰问 pages: the three actors on the list, the campaign page and its actions (org A's admin acts, org A's
plain member 403, org B's admin 404, and nothing happens for them); creating a campaign with amounts by category;
the submitter sees no 审批 button; 发放 from the page once; the bank file (POST, audited, no-store); the results
upload naming bad rows; the member's receipt (their own only)."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from conftest import make_member_user
from gonghui.core.choices import AuditAction
from gonghui.core.excel import read_rows
from gonghui.core.models import AuditLog
from gonghui.ledger.models import LedgerEntry
from gonghui.ledger.services import ledger_pay
from gonghui.ledger.tests.factories import make_line
from gonghui.members.models import MemberTag
from gonghui.welfare.choices import AmountMode, CampaignStatus, RecipientStatus
from gonghui.welfare.models import ReliefCampaign
from gonghui.welfare.services.relief import relief_pay_all, relief_recipients_add_by_tag, relief_submit

from .factories_relief import TAG, approved_campaign, make_campaign, second_admin, tagged_members, xlsx

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def draft(world):
    campaign = make_campaign(world, name="甲中2026年春节送温暖")
    tagged_members(world.org_a, 2)
    relief_recipients_add_by_tag(campaign=campaign, actor=world.org_admin, tag=TAG)
    return campaign


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("org B's admin sees nothing", "outsider", 404),
        ("the plain member may not use the console", "org_member", 403),
        ("org A's admin opens and submits", "org_admin", 200),
    ],
)
def test_campaign_pages_and_submit_by_actor(request, world, draft, _case, actor, status):
    # given
    client = _client(request.getfixturevalue(actor))
    # when
    pages = [
        client.get(reverse(name, args=[draft.pk]))
        for name in ("welfare:relief_detail", "welfare:relief_edit", "welfare:relief_recipients_add")
    ]
    submitted = client.post(reverse("welfare:relief_submit", args=[draft.pk]))
    listed = client.get(reverse("welfare:relief_list"))
    # then
    assert [p.status_code for p in pages] == [status] * 3
    assert submitted.status_code == (302 if status == 200 else status)
    draft.refresh_from_db()
    assert draft.status == (CampaignStatus.SUBMITTED if status == 200 else CampaignStatus.DRAFT)
    assert listed.status_code == (403 if status == 403 else 200)
    assert ("甲中2026年春节送温暖" in listed.content.decode()) is (status == 200)


def test_create_a_campaign_with_amounts_by_category(world):
    line = make_line(world.org_a, amount="50000", purpose="援鄂医疗队慰问", year=2020)
    client = _client(world.org_admin)
    page = client.get(reverse("welfare:relief_create"))
    assert "甲县第一中学工会 · 2020年 本级经费 · 援鄂医疗队慰问（余 50000.00 元）" in page.content.decode()
    data = {
        "org": world.org_a.pk,
        "name": "支援湖北医疗队队员慰问",
        "kind": "condolence",
        "year": "2020",
        "budget_line": line.pk,
        "amount_mode": AmountMode.CATEGORY,
        "category_amounts": "一线医护人员=2000\n后勤=abc",
    }
    refused = client.post(reverse("welfare:relief_create"), data)
    assert "第2行：“abc”不是金额" in refused.content.decode()
    done = client.post(
        reverse("welfare:relief_create"), {**data, "category_amounts": "一线医护人员=2000\n后勤保障=1000"}
    )
    campaign = ReliefCampaign.objects.get()
    assert done["Location"] == reverse("welfare:relief_detail", args=[campaign.pk])
    assert campaign.category_amounts == {"一线医护人员": "2000.00", "后勤保障": "1000.00"}


def test_the_submitter_is_offered_no_approval_and_a_second_admin_approves(world, draft):
    relief_submit(campaign=draft, actor=world.org_admin)
    url = reverse("welfare:relief_detail", args=[draft.pk])
    assert "审批通过</button>" not in _client(world.org_admin).get(url).content.decode()
    refused = _client(world.org_admin).post(reverse("welfare:relief_approve", args=[draft.pk]), follow=True)
    assert "提交人不能审批自己提交的活动" in refused.content.decode()
    approver = _client(second_admin(world))
    assert "审批通过</button>" in approver.get(url).content.decode()
    approver.post(reverse("welfare:relief_approve", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == CampaignStatus.APPROVED


def test_paying_from_the_page_twice_pays_once_and_an_overspend_says_who_stays_paid(world):
    campaign = approved_campaign(world, people=3, budget="1500")
    url = reverse("welfare:relief_pay", args=[campaign.pk])
    client = _client(world.org_admin)
    ledger_pay(
        budget_line=campaign.budget_line,
        amount=Decimal("600"),
        payee_name="他人",
        idempotency_key="other:1",
        actor=world.org_admin,
    )
    first = client.post(url, follow=True).content.decode()
    assert "发放中止：医护2（500.00 元）未能发放" in first
    assert "本次已发放的 1 人（500.00 元）保持已发放" in first
    client.post(url)
    assert LedgerEntry.objects.filter(idempotency_key__startswith="welfare-relief:").count() == 1


def test_the_bank_file_is_a_post_audited_and_never_cached(world):
    # given two people paid, one holding a 工会会员服务卡 (a bank card: its number is the account)
    campaign = approved_campaign(world, people=2)
    carded = campaign.recipients.order_by("pk")[0].member
    carded.card_number = "6230580000000001234"
    carded.save(update_fields=["card_number"])
    relief_pay_all(campaign=campaign, actor=world.org_admin)
    url = reverse("welfare:relief_bank_file", args=[campaign.pk])
    client = _client(world.org_admin)
    assert client.get(url).status_code == 405
    response = client.post(url, {"layout": "default"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "no-store" in response["Cache-Control"]
    log = AuditLog.objects.get(action=AuditAction.EXPORT)
    assert log.detail["rows"] == 2
    rows = read_rows(response.content)
    assert rows[0] == ["序号", "户名", "账号", "开户行", "金额", "用途", "业务编号"]
    assert rows[1][1:4] == ["医护1", "6230580000000001234", "工会会员服务卡"]
    assert rows[2][1:3] == ["医护2", ""]


def test_the_results_upload_names_bad_rows(world):
    campaign = approved_campaign(world, people=1)
    relief_pay_all(campaign=campaign, actor=world.org_admin)
    content = xlsx(["业务编号", "结果", "失败原因"], [["no-such-key", "成功", ""]])
    upload = SimpleUploadedFile("回盘.xlsx", content)
    response = _client(world.org_admin).post(
        reverse("welfare:relief_results", args=[campaign.pk]), {"file": upload}
    )
    assert response.status_code == 422
    assert "第2行：业务编号“no-such-key”不是本活动的发放" in response.content.decode()


def test_the_member_reads_their_own_receipt_only(world):
    # given 甲会员 and another member with a portal account, both paid in one campaign
    tag = MemberTag.objects.create(name=TAG)
    world.member_a.tags.add(tag)
    other_user, other = make_member_user("13700002222", world.org_a, name="乙会员")
    other.tags.add(tag)
    campaign = approved_campaign(world, people=0)
    relief_pay_all(campaign=campaign, actor=world.org_admin)
    mine = campaign.recipients.get(member=world.member_a)
    theirs = campaign.recipients.get(member=other)
    client = _client(world.org_member)
    # when / then
    listing = client.get(reverse("welfare_portal:relief_mine")).content.decode()
    assert "2020年支援湖北医疗队慰问" in listing
    receipt = client.get(reverse("welfare_portal:relief_receipt", args=[mine.public_id]))
    assert receipt.status_code == 200
    assert "500.00 元" in receipt.content.decode()
    assert mine.status == RecipientStatus.PAID
    assert client.get(reverse("welfare_portal:relief_receipt", args=[theirs.public_id])).status_code == 404
    assert (
        _client(other_user).get(reverse("welfare_portal:relief_receipt", args=[theirs.public_id])).status_code
        == 200
    )
