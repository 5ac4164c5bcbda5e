"""Member-card pages: one happy path per page and its permission matrix (outsider 404, plain member 403,
admin 200/302), checking the side effect happened only when allowed; query-count guards on the lists."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from python_calamine import CalamineWorkbook

from conftest import make_cadre, make_member_user
from gonghui.accounts.identity import decrypt_identifier
from gonghui.accounts.roles import REVIEWER, SYSADMIN
from gonghui.core.excel import SheetSpec, workbook_bytes
from gonghui.core.models import AuditLog
from gonghui.core.timeline import timeline_record
from gonghui.members.choices import BankTemplateKind, CardBatchStatus, CardKind, CardStatus
from gonghui.members.models import CardApplication, CardBankTemplate, CardBatch
from gonghui.members.services import (
    card_apply,
    card_bank_template_default,
    card_bank_template_save,
    card_batch_add,
    card_batch_create,
    card_batch_import_result,
    card_batch_send,
)
from gonghui.members.tests.factories import MemberFactory
from gonghui.orgs.tests.side_effects import timeline_rows

pytestmark = pytest.mark.django_db


def _id(member) -> str:
    return decrypt_identifier(member.id_number_encrypted)


def _fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


@pytest.fixture
def application_a(world):
    return card_apply(member=world.member_a, actor=world.org_member, mailing_address="传达室")


@pytest.fixture
def batch_a(world):
    return card_batch_create(org=world.org_a, actor=world.org_admin)


@pytest.fixture
def sent_batch_a(world, application_a, batch_a):
    card_batch_add(batch=batch_a, applications=[application_a], actor=world.org_admin)
    return card_batch_send(batch=batch_a, actor=world.org_admin)


@pytest.fixture
def made_a(world, sent_batch_a, application_a):
    content = workbook_bytes(
        [SheetSpec(name="x", headers=["证件号码", "卡号"], rows=[[_id(world.member_a), "6231580000000001"]])]
    )
    card_batch_import_result(batch=sent_batch_a, actor=world.org_admin, content=content)
    return _fresh(application_a)


# ---- lists ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "actor", "status", "sees"),
    [
        ("outsider sees none of org A", "outsider", 200, False),
        ("plain member is refused", "org_member", 403, False),
        ("org admin sees the application", "org_admin", 200, True),
    ],
)
def test_application_list_access(request, client, application_a, _case, actor, status, sees):
    # given
    client.force_login(request.getfixturevalue(actor))
    # when
    r = client.get(reverse("members:card_application_list"))
    # then
    assert r.status_code == status
    assert ("甲会员" in r.content.decode()) is sees


def test_application_list_filters_and_serves_its_fragment(client, world, application_a):
    # given
    client.force_login(world.org_admin)
    # when
    applied = client.get(reverse("members:card_application_list"), {"status": "applied", "q": "甲"})
    made = client.get(reverse("members:card_application_list"), {"status": "made"}, HTTP_HX_REQUEST="true")
    # then
    assert "甲会员" in applied.content.decode()
    assert "没有符合条件的会员卡申请" in made.content.decode()
    assert "<html" not in made.content.decode()


def _count_queries(client, url, params=None) -> int:
    client.get(url, params or {})  # warm up: the first request of a session also touches the session row
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _more_applications(world, n: int) -> list[CardApplication]:
    return [card_apply(member=MemberFactory.create(org=world.org_a), actor=world.org_admin) for _ in range(n)]


@pytest.mark.parametrize("url_name", ["members:card_application_list", "members:card_batch_list"])
def test_lists_do_not_grow_queries_with_rows(client, world, url_name):
    # given
    client.force_login(world.org_admin)
    apps = _more_applications(world, 2)
    card_batch_add(
        batch=card_batch_create(org=world.org_a, actor=world.org_admin),
        applications=apps[:1],
        actor=world.org_admin,
    )
    url = reverse(url_name)
    few = _count_queries(client, url)
    # when
    more = _more_applications(world, 8)
    for application in more[:4]:
        card_batch_add(
            batch=card_batch_create(org=world.org_a, actor=world.org_admin),
            applications=[application],
            actor=world.org_admin,
        )
    many = _count_queries(client, url)
    # then
    assert many == few


def test_eligible_list_and_batch_detail_do_not_grow_queries_with_rows(client, world, batch_a):
    # given
    client.force_login(world.org_admin)
    MemberFactory.create_batch(2, org=world.org_a)
    card_batch_add(batch=batch_a, applications=_more_applications(world, 2), actor=world.org_admin)
    _more_applications(world, 2)
    eligible_url = reverse("members:card_eligible_list")
    batch_url = reverse("members:card_batch_detail", args=[batch_a.public_id])
    few = (_count_queries(client, eligible_url), _count_queries(client, batch_url))
    # when
    MemberFactory.create_batch(10, org=world.org_a)
    card_batch_add(batch=batch_a, applications=_more_applications(world, 6), actor=world.org_admin)
    _more_applications(world, 6)
    many = (_count_queries(client, eligible_url), _count_queries(client, batch_url))
    # then
    assert many == few


@pytest.mark.parametrize(
    ("_case", "actor", "status", "sees"),
    [
        ("outsider sees none of org A", "outsider", 200, False),
        ("plain member is refused", "org_member", 403, False),
        ("org admin sees the member without a card", "org_admin", 200, True),
    ],
)
def test_eligible_list_access(request, client, world, _case, actor, status, sees):
    client.force_login(request.getfixturevalue(actor))
    r = client.get(reverse("members:card_eligible_list"))
    assert r.status_code == status
    assert ("甲会员" in r.content.decode()) is sees


@pytest.mark.parametrize(
    ("_case", "actor", "status", "sees"),
    [
        ("outsider sees none of org A", "outsider", 200, False),
        ("plain member is refused", "org_member", 403, False),
        ("org admin sees the batch", "org_admin", 200, True),
    ],
)
def test_batch_list_access(request, client, batch_a, _case, actor, status, sees):
    client.force_login(request.getfixturevalue(actor))
    r = client.get(reverse("members:card_batch_list"))
    assert r.status_code == status
    assert (batch_a.number in r.content.decode()) is sees


# ---- bulk apply and bulk collect ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "actor", "status", "created"),
    [
        ("outsider cannot apply for org A's members", "outsider", 302, 0),
        ("plain member is refused", "org_member", 403, 0),
        ("org admin applies for the ticked members", "org_admin", 302, 2),
    ],
)
def test_bulk_apply(request, client, world, _case, actor, status, created):
    # given
    other = MemberFactory.create(org=world.org_a, name="丙会员")
    client.force_login(request.getfixturevalue(actor))
    # when
    r = client.post(
        reverse("members:card_apply_bulk"),
        {"members": [str(world.member_a.public_id), str(other.public_id)], "mailing_address": "工会办公室"},
    )
    # then
    assert r.status_code == status
    assert CardApplication.objects.count() == created
    if created:
        assert set(CardApplication.objects.values_list("mailing_address", flat=True)) == {"工会办公室"}


@pytest.mark.parametrize(
    ("_case", "actor", "status", "created"),
    [
        ("outsider gets 404 for org A", "outsider", 404, 0),
        ("plain member is refused", "org_member", 403, 0),
        ("org admin applies for everyone eligible in the subtree", "org_admin", 302, 3),
    ],
)
def test_bulk_apply_for_a_whole_subtree(request, client, world, _case, actor, status, created):
    # given
    MemberFactory.create_batch(2, org=world.org_a)
    MemberFactory.create(org=world.org_b)
    client.force_login(request.getfixturevalue(actor))
    # when
    r = client.post(reverse("members:card_apply_bulk"), {"all_in": world.org_a.code})
    # then
    assert r.status_code == status
    assert CardApplication.objects.count() == created


def test_bulk_apply_without_a_selection_says_so(client, world):
    client.force_login(world.org_admin)
    r = client.post(reverse("members:card_apply_bulk"), follow=True)
    assert "请先勾选要办理会员卡的会员" in r.content.decode()


@pytest.mark.parametrize(
    ("_case", "actor", "status", "collected"),
    [
        ("outsider cannot touch org A's cards", "outsider", 302, False),
        ("plain member is refused", "org_member", 403, False),
        ("org admin records the collection", "org_admin", 302, True),
    ],
)
def test_bulk_collect(request, client, made_a, _case, actor, status, collected):
    client.force_login(request.getfixturevalue(actor))
    r = client.post(reverse("members:card_collect_bulk"), {"applications": [str(made_a.public_id)]})
    assert r.status_code == status
    assert (_fresh(made_a).status == CardStatus.COLLECTED) is collected


# ---- application detail and steps -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [("outsider", "outsider", 404), ("plain member", "org_member", 403), ("org admin", "org_admin", 200)],
)
def test_application_detail_access(request, client, application_a, _case, actor, status):
    client.force_login(request.getfixturevalue(actor))
    r = client.get(reverse("members:card_application_detail", args=[application_a.public_id]))
    assert r.status_code == status
    if status == 200:
        body = r.content.decode()
        assert "修改申请信息" in body
        assert "会员本人申请（新办）" in body  # the timeline


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [("outsider", "outsider", 404), ("plain member", "org_member", 403), ("org admin", "org_admin", 302)],
)
def test_application_edit(request, client, application_a, _case, actor, status):
    client.force_login(request.getfixturevalue(actor))
    r = client.post(
        reverse("members:card_application_edit", args=[application_a.public_id]),
        {"mailing_address": "新地址", "note": "周五领取"},
    )
    assert r.status_code == status
    assert (_fresh(application_a).mailing_address == "新地址") is (status == 302)


def test_application_edit_after_batching_shows_the_reason(client, world, sent_batch_a, application_a):
    client.force_login(world.org_admin)
    r = client.post(
        reverse("members:card_application_edit", args=[application_a.public_id]),
        {"mailing_address": "新地址", "note": ""},
    )
    assert r.status_code == 200
    assert "申请已加入报送批次，不能再修改" in r.content.decode()
    assert _fresh(application_a).mailing_address == "传达室"


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [("outsider", "outsider", 404), ("plain member", "org_member", 403), ("org admin", "org_admin", 302)],
)
def test_application_collect(request, client, made_a, _case, actor, status):
    client.force_login(request.getfixturevalue(actor))
    r = client.post(reverse("members:card_application_collect", args=[made_a.public_id]))
    assert r.status_code == status
    assert (_fresh(made_a).status == CardStatus.COLLECTED) is (status == 302)


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [("outsider", "outsider", 404), ("plain member", "org_member", 403), ("org admin", "org_admin", 302)],
)
def test_application_report_lost(request, client, made_a, _case, actor, status):
    client.force_login(request.getfixturevalue(actor))
    r = client.post(
        reverse("members:card_application_report_lost", args=[made_a.public_id]), {"note": "遗失"}
    )
    assert r.status_code == status
    assert (_fresh(made_a).status == CardStatus.LOST) is (status == 302)


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [("outsider", "outsider", 404), ("plain member", "org_member", 403), ("org admin", "org_admin", 302)],
)
def test_application_reissue(request, client, made_a, _case, actor, status):
    client.force_login(request.getfixturevalue(actor))
    r = client.post(reverse("members:card_application_reissue", args=[made_a.public_id]))
    assert r.status_code == status
    reissues = CardApplication.objects.filter(kind=CardKind.REISSUE)
    assert reissues.count() == (1 if status == 302 else 0)
    if status == 302:
        assert r["Location"] == reverse("members:card_application_detail", args=[reissues.get().public_id])


def test_a_step_in_the_wrong_state_is_reported(client, world, application_a):
    client.force_login(world.org_admin)
    r = client.post(reverse("members:card_application_collect", args=[application_a.public_id]), follow=True)
    assert "当前状态“已申请”下不能执行“领取”" in r.content.decode()


# ---- batches --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "actor", "status", "created"),
    [
        ("outsider cannot name org A (the form offers only its own unions)", "outsider", 302, 0),
        ("plain member is refused", "org_member", 403, 0),
        ("org admin creates a batch", "org_admin", 302, 1),
    ],
)
def test_batch_create(request, client, world, _case, actor, status, created):
    # given
    client.force_login(request.getfixturevalue(actor))
    # when
    r = client.post(reverse("members:card_batch_create"), {"org": world.org_a.code})
    # then
    assert r.status_code == status
    assert CardBatch.objects.count() == created
    if created:
        batch = CardBatch.objects.get()
        assert r["Location"] == reverse("members:card_batch_detail", args=[batch.public_id])
        assert batch.org == world.org_a


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [("outsider", "outsider", 404), ("plain member", "org_member", 403), ("org admin", "org_admin", 200)],
)
def test_batch_detail_access(request, client, batch_a, application_a, _case, actor, status):
    client.force_login(request.getfixturevalue(actor))
    r = client.get(reverse("members:card_batch_detail", args=[batch_a.public_id]))
    assert r.status_code == status
    if status == 200:
        body = r.content.decode()
        assert "可加入的申请（1）" in body
        assert "列映射须与受理银行最新的制卡文件规范逐项核对" in body


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [("outsider", "outsider", 404), ("plain member", "org_member", 403), ("org admin", "org_admin", 302)],
)
def test_batch_add(request, client, batch_a, application_a, _case, actor, status):
    client.force_login(request.getfixturevalue(actor))
    r = client.post(
        reverse("members:card_batch_add", args=[batch_a.public_id]),
        {"applications": [str(application_a.public_id)]},
    )
    assert r.status_code == status
    assert (_fresh(application_a).batch_id == batch_a.pk) is (status == 302)


def test_batch_add_all(client, world, batch_a, application_a):
    client.force_login(world.org_admin)
    client.post(reverse("members:card_batch_add", args=[batch_a.public_id]), {"all": "1"})
    assert _fresh(application_a).status == CardStatus.SENT_TO_BANK


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [("outsider", "outsider", 404), ("plain member", "org_member", 403), ("org admin", "org_admin", 302)],
)
def test_batch_remove(request, client, world, batch_a, application_a, _case, actor, status):
    card_batch_add(batch=batch_a, applications=[application_a], actor=world.org_admin)
    client.force_login(request.getfixturevalue(actor))
    r = client.post(reverse("members:card_batch_remove", args=[batch_a.public_id, application_a.public_id]))
    assert r.status_code == status
    assert (_fresh(application_a).batch_id is None) is (status == 302)


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [("outsider", "outsider", 404), ("plain member", "org_member", 403), ("org admin", "org_admin", 302)],
)
def test_batch_send(request, client, world, batch_a, application_a, _case, actor, status):
    card_batch_add(batch=batch_a, applications=[application_a], actor=world.org_admin)
    client.force_login(request.getfixturevalue(actor))
    r = client.post(reverse("members:card_batch_send", args=[batch_a.public_id]))
    assert r.status_code == status
    assert (_fresh(batch_a).status == CardBatchStatus.SENT) is (status == 302)


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [("outsider", "outsider", 404), ("plain member", "org_member", 403), ("org admin", "org_admin", 200)],
)
def test_batch_export(request, client, world, sent_batch_a, _case, actor, status):
    client.force_login(request.getfixturevalue(actor))
    r = client.post(reverse("members:card_batch_export", args=[sent_batch_a.public_id]))
    assert r.status_code == status
    assert AuditLog.objects.filter(action="export").count() == (1 if status == 200 else 0)
    if status == 200:
        assert r["Content-Type"].startswith("application/vnd.openxmlformats")
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(r.content)).get_sheet_by_index(0).to_python()
        assert sheet[1][4] == _id(world.member_a)


def test_batch_export_needs_the_reveal_action(client, world, sent_batch_a, staff_a):
    client.force_login(staff_a)
    r = client.post(reverse("members:card_batch_export", args=[sent_batch_a.public_id]))
    assert r.status_code == 403
    assert AuditLog.objects.filter(action="export").count() == 0


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [("outsider", "outsider", 404), ("plain member", "org_member", 403), ("org admin", "org_admin", 200)],
)
def test_batch_import(request, client, world, sent_batch_a, application_a, _case, actor, status):
    # given
    content = workbook_bytes(
        [
            SheetSpec(
                name="x",
                headers=["身份证号", "卡号"],
                rows=[[_id(world.member_a), "6231580000000001"], ["410802199001010000", "6231580000000002"]],
            )
        ]
    )
    upload = io.BytesIO(content)
    upload.name = "回盘.xlsx"
    client.force_login(request.getfixturevalue(actor))
    # when
    r = client.post(reverse("members:card_batch_import", args=[sent_batch_a.public_id]), {"file": upload})
    # then
    assert r.status_code == status
    assert (_fresh(application_a).card_number == "6231580000000001") is (status == 200)
    if status == 200:
        body = r.content.decode()
        assert "登记卡号 <strong data-matched>1</strong> 人" in body
        assert "本批次中没有证件号码为 4108**********0000 的申请" in body


def test_batch_import_of_a_bad_file_names_the_field(client, world, sent_batch_a):
    upload = io.BytesIO(b"garbage")
    upload.name = "回盘.xlsx"
    client.force_login(world.org_admin)
    r = client.post(reverse("members:card_batch_import", args=[sent_batch_a.public_id]), {"file": upload})
    assert r.status_code == 200
    assert "无法读取该文件" in r.content.decode()
    assert timeline_rows(sent_batch_a)[-1][0] == "send"


# ---- bank templates -------------------------------------------------------------------------------------


def test_template_list_shows_the_default_and_the_notice(client, world):
    client.force_login(world.org_admin)
    r = client.get(reverse("members:card_template_list"))
    body = r.content.decode()
    assert r.status_code == 200
    assert "郑州银行（默认）" in body
    assert "列映射须与受理银行最新的制卡文件规范逐项核对" in body
    assert reverse("members:card_template_create") not in body


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("a union admin may not change platform data", "org_admin", 403),
        ("plain member is refused", "org_member", 403),
        ("the sysadmin edits the mapping", "sysadmin", 302),
    ],
)
def test_template_edit(request, client, world, _case, actor, status):
    # given
    template = card_bank_template_default()
    user = (
        make_cadre("root", world.city, role=SYSADMIN)
        if actor == "sysadmin"
        else request.getfixturevalue(actor)
    )
    client.force_login(user)
    # when
    r = client.post(
        reverse("members:card_template_edit", args=[template.pk]),
        {"name": "郑州银行", "columns": "姓名=name\n身份证号码=id_number\n", "is_default": "on"},
    )
    # then
    assert r.status_code == status
    expected = [{"header": "姓名", "field": "name"}, {"header": "身份证号码", "field": "id_number"}]
    assert (_fresh(template).columns == expected) is (status == 302)


def test_template_create_reports_a_bad_line(client, world):
    client.force_login(make_cadre("root", world.city, role=SYSADMIN))
    r = client.post(reverse("members:card_template_create"), {"name": "新", "columns": "姓名=name\n工资"})
    assert "第 2 行应写成“表头=字段”" in r.content.decode()
    r = client.post(reverse("members:card_template_create"), {"name": "新", "columns": "工资=salary"})
    assert "第 1 列：未知字段“salary”" in r.content.decode()
    assert CardBankTemplate.objects.count() == 1


def test_a_payment_template_is_saved_through_the_page(client, world):
    # given
    client.force_login(make_cadre("root", world.city, role=SYSADMIN))
    url = reverse("members:card_template_create")
    # when: the 代发 page shows the payment fields and starts from the platform's payment columns
    page = client.get(url, {"kind": "payment"}).content.decode()
    assert "代发模板可用字段" in page
    assert '<td class="font-monospace">bank_account</td>' in page
    assert '<td class="font-monospace">id_number</td>' not in page
    r = client.post(
        url,
        {
            "name": "中原银行代发",
            "kind": "payment",
            "columns": "收款人姓名=payee_name\n收款账号=bank_account\n代发金额=amount\n摘要=purpose",
        },
    )
    # then
    assert r.status_code == 302
    saved = CardBankTemplate.objects.get(name="中原银行代发")
    assert saved.kind == BankTemplateKind.PAYMENT
    assert [c["field"] for c in saved.columns] == ["payee_name", "bank_account", "amount", "purpose"]
    listing = client.get(reverse("members:card_template_list")).content.decode()
    assert "中原银行代发" in listing
    assert "收款账号" in listing


def test_a_payment_template_without_the_account_or_amount_is_refused_naming_it(client, world):
    client.force_login(make_cadre("root", world.city, role=SYSADMIN))
    url = reverse("members:card_template_create")
    r = client.post(url, {"name": "缺列", "kind": "payment", "columns": "户名=payee_name\n金额=amount"})
    assert "代发模板缺少必需的列：银行账号" in r.content.decode()
    r = client.post(url, {"name": "缺列", "kind": "payment", "columns": "户名=payee_name"})
    assert "代发模板缺少必需的列：银行账号、金额" in r.content.decode()
    # a card field means nothing in a payment file
    r = client.post(url, {"name": "缺列", "kind": "payment", "columns": "证件号码=id_number"})
    assert "第 1 列：未知字段“id_number”（代发模板没有这个字段）" in r.content.decode()
    assert not CardBankTemplate.objects.filter(name="缺列").exists()


def test_card_batches_do_not_offer_payment_templates(client, world):
    # given
    sysadmin = make_cadre("root", world.city, role=SYSADMIN)
    payment = card_bank_template_save(
        actor=sysadmin,
        name="中原银行代发",
        kind=BankTemplateKind.PAYMENT,
        columns=[{"header": "账号", "field": "bank_account"}, {"header": "金额", "field": "amount"}],
        is_default=True,
    )
    card = card_bank_template_default()
    client.force_login(world.org_admin)
    # when
    body = client.get(reverse("members:card_batch_list")).content.decode()
    r = client.post(
        reverse("members:card_batch_create"), {"org": world.org_a.code, "bank_template": payment.pk}
    )
    # then: the 代发 template is neither offered nor taken; the card default stays the card default
    assert card.name in body
    assert "中原银行代发" not in body
    assert not CardBatch.objects.filter(bank_template=payment).exists()
    assert r.status_code != 302 or not CardBatch.objects.exists()
    assert card_bank_template_default() == card


# ---- portal: 我的会员卡 -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("a cadre has no member record", "org_admin", 403),
        ("outsider", "outsider", 403),
        ("the member", "org_member", 200),
    ],
)
def test_card_mine_access(request, client, _case, actor, status):
    client.force_login(request.getfixturevalue(actor))
    r = client.get(reverse("members:card_mine"))
    assert r.status_code == status


def test_card_mine_links_the_member_code_and_lets_the_member_apply(client, world):
    # given
    client.force_login(world.org_member)
    # when
    page = client.get(reverse("members:card_mine"))
    # then
    body = page.content.decode()
    assert reverse("checkins_portal:member_code") in body
    assert "未申请" in body
    assert world.member_a.id_number_masked not in body
    # when
    r = client.post(reverse("members:card_mine"), {"mailing_address": "学校传达室", "note": ""})
    # then
    assert r.status_code == 302
    application = CardApplication.objects.get()
    assert (application.member, application.mailing_address, application.applied_by) == (
        world.member_a,
        "学校传达室",
        world.org_member,
    )
    assert "已申请（新办）" in client.get(reverse("members:card_mine")).content.decode()


def test_card_mine_edit_until_batched(client, world, application_a, batch_a):
    # given
    client.force_login(world.org_member)
    # when
    r = client.post(reverse("members:card_mine_edit"), {"mailing_address": "家里", "note": "请电话联系"})
    # then
    assert r.status_code == 302
    assert (_fresh(application_a).mailing_address, _fresh(application_a).note) == ("家里", "请电话联系")
    # when: batched
    card_batch_add(batch=batch_a, applications=[application_a], actor=world.org_admin)
    r = client.post(reverse("members:card_mine_edit"), {"mailing_address": "别处", "note": ""}, follow=True)
    # then
    assert r.redirect_chain == [(reverse("members:card_mine"), 302)]
    assert "当前状态“已报送银行”下不能执行“修改申请信息”" in r.content.decode()
    assert _fresh(application_a).mailing_address == "家里"


def test_card_mine_shows_numbers_and_reissues(client, world, made_a):
    # given
    client.force_login(world.org_member)
    body = client.get(reverse("members:card_mine")).content.decode()
    assert "6231580000000001" in body
    assert "卡片遗失：挂失并补办" in body
    # when
    r = client.post(reverse("members:card_mine_reissue"))
    # then
    assert r.status_code == 302
    assert _fresh(made_a).status == CardStatus.LOST
    assert CardApplication.objects.filter(kind=CardKind.REISSUE, status=CardStatus.APPLIED).count() == 1


@pytest.mark.parametrize("url_name", ["members:card_mine_edit", "members:card_mine_reissue"])
def test_portal_posts_are_refused_to_cadres_and_get_redirects(client, world, made_a, url_name):
    client.force_login(world.org_admin)
    assert client.post(reverse(url_name), {"mailing_address": "x"}).status_code == 403
    assert _fresh(made_a).status == CardStatus.MADE
    client.force_login(world.org_member)
    assert client.get(reverse(url_name)).status_code == 302


def test_another_member_cannot_touch_my_card(client, world, made_a):
    # given
    other_user, _other = make_member_user("13700005555", world.org_a, name="戊会员")
    client.force_login(other_user)
    # when
    client.post(reverse("members:card_mine_reissue"))
    # then: only the other member's own (absent) card is considered
    assert _fresh(made_a).status == CardStatus.MADE
    assert CardApplication.objects.count() == 1


def test_timelines_render_rows_with_and_without_an_actor(client, world, application_a, batch_a):
    # given the application's row by its member and a system row on each (the demo's states)
    for subject in (application_a, batch_a):
        timeline_record(subject=subject, actor=None, action="job", action_label="系统处理")
    client.force_login(world.org_admin)
    # when
    pages = [
        client.get(reverse("members:card_application_detail", args=[application_a.public_id])),
        client.get(reverse("members:card_batch_detail", args=[batch_a.public_id])),
    ]
    # then
    for response in pages:
        assert response.status_code == 200
        assert "系统处理" in response.content.decode()
        assert "系统" in response.content.decode().split("系统处理", 1)[1]


def test_the_card_tabs_offer_the_unissued_members_only_to_managers(client, world):
    # given a reviewer holds members.view but not members.manage
    reviewer = make_cadre("reviewer_a", world.org_a, role=REVIEWER)
    eligible = reverse("members:card_eligible_list")
    tabs = ("members:card_application_list", "members:card_batch_list", "members:card_template_list")
    # when / then
    client.force_login(reviewer)
    assert client.get(eligible).status_code == 403
    for name in tabs:
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert f'href="{eligible}"' not in response.content.decode()
    client.force_login(world.org_admin)
    for name in tabs:
        assert f'href="{eligible}"' in client.get(reverse(name)).content.decode()


# ---- deleting a bank template --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("a union admin may not change platform data", "org_admin", 403),
        ("plain member is refused", "org_member", 403),
        ("the sysadmin deletes after confirming", "sysadmin", 302),
    ],
)
def test_template_delete(request, client, world, _case, actor, status):
    # given an unused template
    sysadmin = make_cadre("root", world.city, role=SYSADMIN)
    template = CardBankTemplate.objects.create(name="某银行", columns=[{"header": "姓名", "field": "name"}])
    client.force_login(sysadmin if actor == "sysadmin" else request.getfixturevalue(actor))
    url = reverse("members:card_template_delete", args=[template.pk])
    # the confirmation page comes first
    page = client.get(url)
    assert page.status_code == (200 if status == 302 else status)
    if status == 302:
        assert "确认删除" in page.content.decode()
        assert CardBankTemplate.objects.filter(pk=template.pk).exists()
    # when
    r = client.post(url)
    # then
    assert r.status_code == status
    assert CardBankTemplate.objects.filter(pk=template.pk).exists() is (status != 302)
    assert AuditLog.objects.filter(summary="删除银行制卡模板 某银行（1 列）").count() == (status == 302)


def test_template_delete_refuses_a_template_of_a_batch(client, world, batch_a):
    # given the batch's template is no longer the default
    sysadmin = make_cadre("root", world.city, role=SYSADMIN)
    template = batch_a.bank_template
    CardBankTemplate.objects.filter(pk=template.pk).update(is_default=False)
    CardBankTemplate.objects.create(name="新默认", columns=template.columns, is_default=True)
    client.force_login(sysadmin)
    url = reverse("members:card_template_delete", args=[template.pk])
    # the page says why, without a delete button
    page = client.get(url).content.decode()
    assert "该模板已被 1 个制卡批次使用，不能删除" in page
    assert "确认删除" not in page
    # and a forced POST is refused in Chinese
    r = client.post(url)
    assert r.status_code == 200
    assert "该模板已被 1 个制卡批次使用，不能删除（删除后这些批次将无法按原格式导出）" in r.content.decode()
    assert _fresh(batch_a).bank_template == template


def test_template_list_offers_delete_only_for_other_templates(client, world):
    client.force_login(make_cadre("root", world.city, role=SYSADMIN))
    default = card_bank_template_default()
    other = CardBankTemplate.objects.create(name="某银行", columns=[{"header": "姓名", "field": "name"}])
    body = client.get(reverse("members:card_template_list")).content.decode()
    assert reverse("members:card_template_delete", args=[other.pk]) in body
    assert reverse("members:card_template_delete", args=[default.pk]) not in body
