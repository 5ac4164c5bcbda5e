"""Member-card services: the application state machine, editability until batched, reissue, batches, the
bank export and the import of the bank's result file."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ProtectedError
from python_calamine import CalamineWorkbook

from conftest import make_cadre, make_member_user
from gonghui.accounts.identity import decrypt_identifier
from gonghui.accounts.roles import SYSADMIN, UNION_STAFF
from gonghui.core.excel import SheetSpec, cell_text, workbook_bytes
from gonghui.core.models import AuditLog
from gonghui.members.choices import CardBatchStatus, CardKind, CardStatus, MemberStatus
from gonghui.members.models import CardApplication, CardBankTemplate, CardBatch, Member
from gonghui.members.selectors import (
    card_batch_candidates,
    card_eligible_members_for_user,
)
from gonghui.members.services import (
    DEFAULT_BANK_COLUMNS,
    card_application_update,
    card_apply,
    card_apply_bulk,
    card_bank_template_default,
    card_bank_template_save,
    card_batch_add,
    card_batch_add_all,
    card_batch_create,
    card_batch_export,
    card_batch_import_result,
    card_batch_remove,
    card_batch_send,
    card_collect,
    card_collect_many,
    card_reissue,
    card_report_lost,
    card_templates,
    cards,
)
from gonghui.members.tests.factories import MemberFactory
from gonghui.orgs.tests.side_effects import timeline_rows

pytestmark = pytest.mark.django_db


def _fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def _result_file(rows, headers=("证件号码", "卡号")) -> bytes:
    return workbook_bytes([SheetSpec(name="制卡结果", headers=list(headers), rows=rows)])


def _id(member: Member) -> str:
    return decrypt_identifier(member.id_number_encrypted)


@pytest.fixture
def second_member(world):
    _user, member = make_member_user("13700002222", world.org_a, name="乙会员")
    return member


@pytest.fixture
def sent_batch(world, second_member):
    """A sent batch of org A holding the applications of member_a and second_member."""
    first = card_apply(member=world.member_a, actor=world.org_admin)
    second = card_apply(member=second_member, actor=world.org_admin)
    batch = card_batch_create(org=world.org_a, actor=world.org_admin)
    card_batch_add(batch=batch, applications=[first, second], actor=world.org_admin)
    return card_batch_send(batch=batch, actor=world.org_admin)


# ---- applying -------------------------------------------------------------------------------------------


def test_member_applies_for_their_own_card(world):
    # when
    application = card_apply(
        member=world.member_a, actor=world.org_member, mailing_address=" 学校工会办公室 "
    )
    # then
    assert (application.status, application.kind, application.org, application.applied_by) == (
        CardStatus.APPLIED,
        CardKind.NEW,
        world.org_a,
        world.org_member,
    )
    assert application.mailing_address == "学校工会办公室"
    assert timeline_rows(application) == [("apply", "", "applied", "会员本人申请（新办）")]


def test_union_applies_for_a_member(world):
    # when
    application = card_apply(member=world.member_a, actor=world.org_admin)
    # then
    assert timeline_rows(application) == [("apply", "", "applied", "工会代为申请（新办）")]


@pytest.mark.parametrize(
    ("_case", "actor"),
    [("another union's admin", "outsider"), ("a member for someone else", "other_member")],
)
def test_apply_is_refused_to_strangers(world, _case, actor):
    # given
    other_user, _other = make_member_user("13700003333", world.org_a, name="丙会员")
    user = other_user if actor == "other_member" else world.outsider
    # when / then
    with pytest.raises(PermissionDenied):
        card_apply(member=world.member_a, actor=user)
    assert CardApplication.objects.count() == 0


def test_one_open_application_per_member(world):
    # given
    card_apply(member=world.member_a, actor=world.org_member)
    # when / then
    with pytest.raises(ValidationError, match="已有办理中的会员卡申请"):
        card_apply(member=world.member_a, actor=world.org_admin)
    assert CardApplication.objects.count() == 1


def test_a_member_holding_a_card_must_report_it_lost_first(world, sent_batch):
    # given: member_a's card is made
    card_batch_import_result(
        batch=sent_batch,
        actor=world.org_admin,
        content=_result_file([[_id(world.member_a), "6231580000000001"]]),
    )
    # when / then
    with pytest.raises(ValidationError, match="已办理会员卡；如卡片遗失，请先挂失再补办"):
        card_apply(member=_fresh(world.member_a), actor=world.org_member)


@pytest.mark.parametrize("status", [MemberStatus.LEFT, MemberStatus.TRANSFERRED_OUT, MemberStatus.DECEASED])
def test_only_holding_members_may_apply(world, status):
    # given
    Member.objects.filter(pk=world.member_a.pk).update(status=status)
    # when / then
    with pytest.raises(ValidationError, match="不是在籍会员"):
        card_apply(member=_fresh(world.member_a), actor=world.org_admin)


def test_a_retired_member_keeping_membership_may_apply(world):
    # given
    Member.objects.filter(pk=world.member_a.pk).update(status=MemberStatus.RETIRED_KEPT)
    # when
    application = card_apply(member=_fresh(world.member_a), actor=world.org_admin)
    # then
    assert application.status == CardStatus.APPLIED


def test_bulk_apply_skips_members_who_cannot_apply(world, second_member):
    # given: member_a already applied
    card_apply(member=world.member_a, actor=world.org_member)
    third = MemberFactory.create(org=world.org_a, name="丙会员")
    # when
    result = card_apply_bulk(members=[world.member_a, second_member, third], actor=world.org_admin)
    # then
    assert [a.member for a in result.created] == [second_member, third]
    assert result.skipped == [("甲会员", "甲会员 已有办理中的会员卡申请")]


def test_bulk_apply_is_refused_outside_the_actors_unions(world):
    # given
    member_b = MemberFactory.create(org=world.org_b)
    # when / then
    with pytest.raises(PermissionDenied):
        card_apply_bulk(members=[member_b], actor=world.org_admin)
    assert CardApplication.objects.count() == 0


def test_eligible_members_exclude_those_with_a_card_or_an_open_application(world, second_member):
    # given
    third = MemberFactory.create(org=world.org_a, name="丙会员")
    MemberFactory.create(org=world.org_a, name="丁会员", status=MemberStatus.LEFT)
    MemberFactory.create(org=world.org_a, name="戊会员", card_number="6231589999999999")
    MemberFactory.create(org=world.org_b, name="乙院会员")
    card_apply(member=second_member, actor=world.org_admin)
    # when
    eligible = list(card_eligible_members_for_user(user=world.org_admin))
    # then
    assert eligible == [third, world.member_a]  # ordered by union, then name
    assert list(card_eligible_members_for_user(user=world.outsider)) == [Member.objects.get(name="乙院会员")]


# ---- editing --------------------------------------------------------------------------------------------


def test_application_is_editable_until_batched(world):
    # given
    application = card_apply(member=world.member_a, actor=world.org_member)
    # when
    card_application_update(
        application=application, actor=world.org_member, mailing_address="甲县第一中学传达室", note="下午领取"
    )
    # then
    fresh = _fresh(application)
    assert (fresh.mailing_address, fresh.note) == ("甲县第一中学传达室", "下午领取")
    assert timeline_rows(application)[-1] == ("edit", "", "", "修改了：领卡地址、备注")
    # when: the union batches it
    batch = card_batch_create(org=world.org_a, actor=world.org_admin)
    card_batch_add(batch=batch, applications=[fresh], actor=world.org_admin)
    # then
    with pytest.raises(ValidationError, match="当前状态“已报送银行”下不能执行“修改申请信息”"):
        card_application_update(application=fresh, actor=world.org_member, mailing_address="别处", note="")
    assert _fresh(application).mailing_address == "甲县第一中学传达室"


def test_an_unchanged_edit_writes_no_timeline_row(world):
    application = card_apply(member=world.member_a, actor=world.org_member, mailing_address="传达室")
    card_application_update(
        application=application, actor=world.org_member, mailing_address="传达室", note=""
    )
    assert len(timeline_rows(application)) == 1


def test_edit_is_refused_to_another_union(world):
    application = card_apply(member=world.member_a, actor=world.org_member)
    with pytest.raises(PermissionDenied):
        card_application_update(application=application, actor=world.outsider, mailing_address="x", note="")


# ---- batches --------------------------------------------------------------------------------------------


def test_batch_numbers_come_from_the_numbering_service(world):
    first = card_batch_create(org=world.org_a, actor=world.org_admin)
    second = card_batch_create(org=world.org_a, actor=world.org_admin)
    year = first.created_at.year
    assert (first.number, second.number) == (f"ORGA-HYK-{year}-001", f"ORGA-HYK-{year}-002")
    assert first.bank_template == card_bank_template_default()
    assert timeline_rows(first) == [("create", "", "draft", "银行模板：郑州银行（默认）")]


def test_batch_create_is_refused_to_another_union_and_to_plain_members(world):
    with pytest.raises(PermissionDenied):
        card_batch_create(org=world.org_a, actor=world.outsider)
    with pytest.raises(PermissionDenied):
        card_batch_create(org=world.org_a, actor=world.org_member)
    assert CardBatch.objects.count() == 0


def test_a_batch_takes_only_a_card_template(world):
    from gonghui.members.choices import BankTemplateKind

    payment = CardBankTemplate.objects.create(
        name="代发格式",
        kind=BankTemplateKind.PAYMENT,
        columns=[{"header": "账号", "field": "bank_account"}, {"header": "金额", "field": "amount"}],
    )
    with pytest.raises(ValidationError) as refused:
        card_batch_create(org=world.org_a, actor=world.org_admin, bank_template=payment)
    assert refused.value.message_dict == {"bank_template": ["请选择制卡模板（代发模板用于资金发放）"]}
    assert CardBatch.objects.count() == 0


def test_adding_to_a_batch_moves_applications_to_sent_to_bank(world, second_member):
    # given
    first = card_apply(member=world.member_a, actor=world.org_admin)
    second = card_apply(member=second_member, actor=world.org_admin)
    batch = card_batch_create(org=world.org_a, actor=world.org_admin)
    # when
    added = card_batch_add(batch=batch, applications=[first, second], actor=world.org_admin)
    # then
    assert added == 2
    assert list(CardApplication.objects.values_list("status", "batch")) == [
        (CardStatus.SENT_TO_BANK, batch.pk),
        (CardStatus.SENT_TO_BANK, batch.pk),
    ]
    assert timeline_rows(first)[-1] == ("batch", "applied", "sent_to_bank", f"加入批次 {batch.number}")
    assert timeline_rows(batch)[-1] == ("add", "", "draft", "加入 2 份申请")


def test_a_county_batch_takes_applications_of_its_subtree_only(world):
    # given
    county_admin = make_cadre("county_x_admin", world.county_x)
    mine = card_apply(member=world.member_a, actor=world.org_admin)
    member_b = MemberFactory.create(org=world.org_b)
    other = card_apply(member=member_b, actor=world.outsider)
    batch = card_batch_create(org=world.county_x, actor=county_admin)
    # when
    candidates = list(card_batch_candidates(batch=batch))
    # then
    assert candidates == [mine]
    with pytest.raises(ValidationError, match="不属于 甲县教育工会 及其下级工会"):
        card_batch_add(batch=batch, applications=[other], actor=county_admin)
    assert _fresh(other).status == CardStatus.APPLIED
    assert card_batch_add_all(batch=batch, actor=county_admin) == 1
    assert _fresh(mine).batch == batch


def test_an_application_cannot_be_in_two_batches(world):
    application = card_apply(member=world.member_a, actor=world.org_admin)
    first = card_batch_create(org=world.org_a, actor=world.org_admin)
    second = card_batch_create(org=world.org_a, actor=world.org_admin)
    card_batch_add(batch=first, applications=[application], actor=world.org_admin)
    with pytest.raises(ValidationError, match="当前为“已报送银行”，不能加入批次"):
        card_batch_add(batch=second, applications=[application], actor=world.org_admin)
    assert _fresh(application).batch == first


def test_removing_from_a_draft_batch_makes_the_application_editable_again(world):
    # given
    application = card_apply(member=world.member_a, actor=world.org_member)
    batch = card_batch_create(org=world.org_a, actor=world.org_admin)
    card_batch_add(batch=batch, applications=[application], actor=world.org_admin)
    # when
    card_batch_remove(batch=batch, application=application, actor=world.org_admin)
    # then
    fresh = _fresh(application)
    assert (fresh.status, fresh.batch) == (CardStatus.APPLIED, None)
    assert timeline_rows(application)[-1] == (
        "unbatch",
        "sent_to_bank",
        "applied",
        f"移出批次 {batch.number}",
    )
    card_application_update(application=fresh, actor=world.org_member, mailing_address="新地址", note="")
    assert _fresh(application).mailing_address == "新地址"


def test_a_sent_batch_is_frozen(world, sent_batch):
    # given
    application = CardApplication.objects.filter(batch=sent_batch).order_by("id")[0]
    late = card_apply(member=MemberFactory.create(org=world.org_a), actor=world.org_admin)
    # when / then
    assert sent_batch.status == CardBatchStatus.SENT
    assert sent_batch.sent_on is not None
    with pytest.raises(ValidationError, match="批次已报送银行"):
        card_batch_add(batch=sent_batch, applications=[late], actor=world.org_admin)
    with pytest.raises(ValidationError, match="批次已报送银行"):
        card_batch_remove(batch=sent_batch, application=application, actor=world.org_admin)
    with pytest.raises(ValidationError, match="当前状态“已报送银行”下不能执行“报送银行”"):
        card_batch_send(batch=sent_batch, actor=world.org_admin)
    assert timeline_rows(sent_batch)[-1] == ("send", "draft", "sent", "共 2 份申请")


def test_an_empty_batch_cannot_be_sent(world):
    batch = card_batch_create(org=world.org_a, actor=world.org_admin)
    with pytest.raises(ValidationError, match="批次中还没有申请"):
        card_batch_send(batch=batch, actor=world.org_admin)
    assert _fresh(batch).status == CardBatchStatus.DRAFT


# ---- export ---------------------------------------------------------------------------------------------


def _sheet(content: bytes) -> list[list[str]]:
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
    return [[cell_text(v) for v in row] for row in workbook.get_sheet_by_index(0).to_python()]


def test_export_uses_the_default_bank_columns_with_unmasked_id_numbers(world, sent_batch, second_member):
    # when
    content = card_batch_export(batch=sent_batch, actor=world.org_admin)
    # then
    rows = _sheet(content)
    assert rows[0] == [c["header"] for c in DEFAULT_BANK_COLUMNS]
    assert rows[0] == [
        "序号", "姓名", "性别", "证件类型", "证件号码", "出生日期", "手机号", "工作单位", "会员编号", "领卡地址", "所属工会", "备注",
    ]  # fmt: skip
    assert rows[1][:8] == [
        "1", "甲会员", "男", "居民身份证", _id(world.member_a), "1988-05-17", "13700001111", "甲县第一中学",
    ]  # fmt: skip
    assert rows[2][1] == "乙会员"
    assert len(rows) == 3
    log = AuditLog.objects.get(action="export")
    assert log.summary == f"导出会员卡批次 {sent_batch.number} 的银行制卡文件（2 人，含完整证件号码）"
    assert log.org_id == world.org_a.pk


def test_export_follows_a_configured_mapping_and_keeps_formulas_inert(world, sent_batch):
    # given
    sysadmin = make_cadre("root", world.city, role=SYSADMIN)
    template = card_bank_template_save(
        actor=sysadmin,
        name="某银行",
        columns=[{"header": "客户姓名", "field": "name"}, {"header": "备注", "field": "note"}],
        is_default=False,
    )
    CardBatch.objects.filter(pk=sent_batch.pk).update(bank_template=template)
    CardApplication.objects.filter(member=world.member_a).update(note="=1+1")
    # when
    content = card_batch_export(batch=_fresh(sent_batch), actor=world.org_admin)
    # then
    rows = _sheet(content)
    assert rows[0] == ["客户姓名", "备注"]
    assert rows[1] == ["甲会员", "=1+1"]
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
    assert workbook.get_sheet_by_index(0).to_python()[1][1] == "=1+1"  # a text cell, never a formula


def test_export_needs_the_reveal_permission(world, sent_batch):
    staff = make_cadre("staff_x", world.org_a, role=UNION_STAFF)
    with pytest.raises(PermissionDenied):
        card_batch_export(batch=sent_batch, actor=staff)
    assert AuditLog.objects.filter(action="export").count() == 0


def test_default_template_is_created_once_and_columns_are_validated(world):
    # when
    first = card_bank_template_default()
    again = card_bank_template_default()
    # then
    assert first == again
    assert (first.name, first.is_default, first.columns) == ("郑州银行（默认）", True, DEFAULT_BANK_COLUMNS)
    sysadmin = make_cadre("root", world.city, role=SYSADMIN)
    with pytest.raises(ValidationError, match="第 2 列：未知字段“salary”"):
        card_bank_template_save(
            actor=sysadmin,
            name="坏模板",
            columns=[{"header": "姓名", "field": "name"}, {"header": "工资", "field": "salary"}],
            is_default=False,
        )
    with pytest.raises(ValidationError, match="表头“姓名”重复"):
        card_bank_template_save(
            actor=sysadmin,
            name="坏模板",
            columns=[{"header": "姓名", "field": "name"}, {"header": "姓名", "field": "name"}],
            is_default=False,
        )
    with pytest.raises(PermissionDenied):
        card_bank_template_save(
            actor=world.org_admin, name="x", columns=DEFAULT_BANK_COLUMNS, is_default=False
        )
    assert CardBankTemplate.objects.count() == 1


def test_a_new_default_template_replaces_the_old_default(world):
    sysadmin = make_cadre("root", world.city, role=SYSADMIN)
    old = card_bank_template_default()
    new = card_bank_template_save(
        actor=sysadmin, name="新模板", columns=DEFAULT_BANK_COLUMNS, is_default=True
    )
    assert (_fresh(old).is_default, _fresh(new).is_default) == (False, True)
    assert card_bank_template_default() == new


# ---- result import --------------------------------------------------------------------------------------


def test_result_import_sets_card_numbers_and_reports_unmatched_rows(world, sent_batch, second_member):
    # given: a stranger, a duplicate, a bad card number and a lower-case x are in the file
    outsider_member = MemberFactory.create(org=world.org_b)
    content = _result_file(
        [
            [_id(world.member_a), "6231 5800 0000 0001"],
            [_id(outsider_member), "6231580000000009"],
            [_id(world.member_a), "6231580000000002"],
            [_id(second_member).lower(), "62315X"],
            ["", "6231580000000003"],
        ],
        headers=("公民身份号码", "会员卡号"),
    )
    # when
    report = card_batch_import_result(batch=sent_batch, actor=world.org_admin, content=content)
    # then
    assert (report.rows, report.matched) == (5, 1)
    assert [(e.row, e.column, e.message) for e in report.unmatched] == [
        (3, "证件号码", f"本批次中没有证件号码为 {outsider_member.id_number_masked} 的申请"),
        (4, "证件号码", "证件号码与第 2 行重复"),
        (5, "卡号", "卡号应为8至32位数字"),
        (6, "证件号码", "证件号码为空"),
    ]
    first = CardApplication.objects.get(member=world.member_a)
    assert (first.status, first.card_number) == (CardStatus.MADE, "6231580000000001")
    assert _fresh(world.member_a).card_number == "6231580000000001"
    assert CardApplication.objects.get(member=second_member).status == CardStatus.SENT_TO_BANK
    assert timeline_rows(first)[-1] == (
        "made",
        "sent_to_bank",
        "made",
        f"卡号 6231580000000001（批次 {sent_batch.number} 回盘文件第 2 行）",
    )
    batch = _fresh(sent_batch)
    assert (batch.status, batch.returned_on is not None) == (CardBatchStatus.RETURNED, True)
    assert timeline_rows(batch)[-1] == ("return", "sent", "returned", "回盘 5 行：登记卡号 1 人，未匹配 4 行")


def test_a_second_result_file_completes_the_batch(world, sent_batch, second_member):
    # given
    card_batch_import_result(
        batch=sent_batch,
        actor=world.org_admin,
        content=_result_file([[_id(world.member_a), "6231580000000001"]]),
    )
    # when
    report = card_batch_import_result(
        batch=sent_batch,
        actor=world.org_admin,
        content=_result_file(
            [[_id(world.member_a), "6231580000000001"], [_id(second_member), "6231580000000002"]]
        ),
    )
    # then
    assert report.matched == 1
    assert [(e.row, e.message) for e in report.unmatched] == [(2, "该申请当前为“已制卡”，未重复登记卡号")]
    assert _fresh(second_member).card_number == "6231580000000002"
    assert timeline_rows(sent_batch)[-1] == (
        "return",
        "",
        "returned",
        "回盘 2 行：登记卡号 1 人，未匹配 1 行",
    )


def test_result_import_refuses_card_numbers_of_other_members_and_names_that_differ(
    world, sent_batch, second_member
):
    # given
    MemberFactory.create(org=world.org_b, card_number="6231580000000009")
    content = _result_file(
        [
            [_id(world.member_a), "6231580000000009", "甲会员"],
            [_id(second_member), "6231580000000002", "别人"],
        ],
        headers=("身份证号", "卡号", "姓名"),
    )
    # when
    report = card_batch_import_result(batch=sent_batch, actor=world.org_admin, content=content)
    # then
    assert report.matched == 0
    assert [(e.row, e.column, e.message) for e in report.unmatched] == [
        (2, "卡号", "卡号已被其他会员使用"),
        (3, "姓名", "姓名与证件号码对应的会员（乙会员）不一致"),
    ]
    assert _fresh(sent_batch).status == CardBatchStatus.SENT  # nothing matched: the batch is unchanged
    assert set(CardApplication.objects.values_list("status", flat=True)) == {CardStatus.SENT_TO_BANK}


def test_result_import_is_all_or_nothing(world, sent_batch, second_member, monkeypatch):
    # given: writing the second matched row fails
    original = cards.card_workflow.apply
    calls = []

    def failing_apply(obj, **kwargs):
        calls.append(obj.pk)
        if len(calls) == 2:
            raise RuntimeError("database went away")
        return original(obj, **kwargs)

    monkeypatch.setattr(cards.card_workflow, "apply", failing_apply)
    content = _result_file(
        [[_id(world.member_a), "6231580000000001"], [_id(second_member), "6231580000000002"]]
    )
    # when
    with pytest.raises(RuntimeError):
        card_batch_import_result(batch=sent_batch, actor=world.org_admin, content=content)
    # then: the first row was rolled back too
    assert list(CardApplication.objects.values_list("status", "card_number")) == [
        (CardStatus.SENT_TO_BANK, ""),
        (CardStatus.SENT_TO_BANK, ""),
    ]
    assert list(Member.objects.exclude(card_number="").values_list("name", flat=True)) == []
    assert _fresh(sent_batch).status == CardBatchStatus.SENT


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a spreadsheet", "无法读取该文件"),
        (
            workbook_bytes([SheetSpec(name="x", headers=["姓名", "卡号"], rows=[["甲", "1"]])]),
            "缺少必填列：证件号码",
        ),
    ],
)
def test_an_unreadable_result_file_is_refused_with_a_message(world, sent_batch, content, message):
    with pytest.raises(ValidationError, match=message):
        card_batch_import_result(batch=sent_batch, actor=world.org_admin, content=content)


def test_result_import_needs_a_sent_batch_and_the_union(world):
    batch = card_batch_create(org=world.org_a, actor=world.org_admin)
    with pytest.raises(ValidationError, match="批次报送银行后才能导入"):
        card_batch_import_result(batch=batch, actor=world.org_admin, content=_result_file([]))
    with pytest.raises(PermissionDenied):
        card_batch_import_result(batch=batch, actor=world.outsider, content=_result_file([]))


# ---- collecting, losing, reissuing ----------------------------------------------------------------------


@pytest.fixture
def made(world, sent_batch, second_member):
    card_batch_import_result(
        batch=sent_batch,
        actor=world.org_admin,
        content=_result_file(
            [[_id(world.member_a), "6231580000000001"], [_id(second_member), "6231580000000002"]]
        ),
    )
    return list(CardApplication.objects.order_by("id"))


def test_collect_one_and_many(world, made):
    # when
    card_collect(application=made[0], actor=world.org_admin)
    # then
    assert _fresh(made[0]).status == CardStatus.COLLECTED
    assert timeline_rows(made[0])[-1] == ("collect", "made", "collected", "卡号 6231580000000001")
    # a collected card cannot be collected again, and a bulk run is all or nothing
    with pytest.raises(ValidationError, match="当前状态“已领取”下不能执行“领取”"):
        card_collect_many(applications=[made[1], made[0]], actor=world.org_admin)
    assert _fresh(made[1]).status == CardStatus.MADE
    assert card_collect_many(applications=[made[1]], actor=world.org_admin) == 1
    assert _fresh(made[1]).status == CardStatus.COLLECTED


def test_collect_is_refused_to_the_member_and_another_union(world, made):
    for actor in (world.org_member, world.outsider):
        with pytest.raises(PermissionDenied):
            card_collect(application=made[0], actor=actor)
    assert _fresh(made[0]).status == CardStatus.MADE


def test_an_applied_card_cannot_be_collected_or_lost(world):
    application = card_apply(member=world.member_a, actor=world.org_member)
    with pytest.raises(ValidationError, match="当前状态“已申请”下不能执行“领取”"):
        card_collect(application=application, actor=world.org_admin)
    with pytest.raises(ValidationError, match="当前状态“已申请”下不能执行“挂失”"):
        card_report_lost(application=application, actor=world.org_member)
    with pytest.raises(ValidationError, match="当前状态“已申请”下不能执行“补办”"):
        card_reissue(application=application, actor=world.org_member)


def test_lost_card_then_reissue(world, made):
    # given
    card_collect(application=made[0], actor=world.org_admin)
    # when: the member reports it lost
    card_report_lost(application=made[0], actor=world.org_member, note="丢失")
    # then
    lost = _fresh(made[0])
    assert (lost.status, lost.card_number) == (CardStatus.LOST, "6231580000000001")
    assert _fresh(world.member_a).card_number == ""
    assert timeline_rows(lost)[-1] == ("report_lost", "collected", "lost", "丢失")
    # when: and applies for a new one
    fresh = card_reissue(application=lost, actor=world.org_member, mailing_address="工会办公室")
    # then
    assert (fresh.kind, fresh.status, fresh.mailing_address) == (
        CardKind.REISSUE,
        CardStatus.APPLIED,
        "工会办公室",
    )
    assert timeline_rows(fresh) == [("reissue", "", "applied", "会员本人申请（补办）")]
    assert timeline_rows(lost)[-1] == ("reissue", "", "", "已提交补办申请")
    with pytest.raises(ValidationError, match="已有办理中的会员卡申请"):
        card_reissue(application=_fresh(lost), actor=world.org_member)


def test_reissue_of_a_held_card_reports_it_lost_first(world, made):
    # when
    fresh = card_reissue(application=made[1], actor=world.org_admin)
    # then
    assert _fresh(made[1]).status == CardStatus.LOST
    assert fresh.kind == CardKind.REISSUE
    assert [row[0] for row in timeline_rows(made[1])][-2:] == ["report_lost", "reissue"]


def test_a_reissue_goes_through_a_batch_like_a_new_card(world, made):
    # given
    fresh = card_reissue(application=made[0], actor=world.org_member)
    batch = card_batch_create(org=world.org_a, actor=world.org_admin)
    card_batch_add(batch=batch, applications=[fresh], actor=world.org_admin)
    card_batch_send(batch=batch, actor=world.org_admin)
    # when
    card_batch_import_result(
        batch=batch, actor=world.org_admin, content=_result_file([[_id(world.member_a), "6231580000000011"]])
    )
    # then
    assert _fresh(fresh).card_number == "6231580000000011"
    assert _fresh(world.member_a).card_number == "6231580000000011"


def test_report_lost_is_refused_to_another_member(world, made):
    other_user, _other = make_member_user("13700004444", world.org_a, name="丁会员")
    with pytest.raises(PermissionDenied):
        card_report_lost(application=made[0], actor=other_user)
    assert _fresh(made[0]).status == CardStatus.MADE


# ---- QR code --------------------------------------------------------------------------------------------


def test_the_static_qr_payload_is_gone():
    """The signed, never-changing 会员码 a screenshot could replay was removed; the rotating code lives in
    gonghui/checkins (codes.py, 我的会员码), whose tests show a static payload is refused at check-in."""
    from gonghui.members import selectors
    from gonghui.members.selectors import cards

    for name in ("card_qr_payload", "card_qr_member", "card_qr_svg"):
        assert not hasattr(selectors, name)
        assert not hasattr(cards, name)


# ---- deleting a bank template ------------------------------------------------------------------------------


def _other_template(sysadmin, name: str = "某银行") -> CardBankTemplate:
    return card_bank_template_save(
        actor=sysadmin, name=name, columns=[{"header": "客户姓名", "field": "name"}], is_default=False
    )


def test_an_unused_template_is_deleted_and_audited(world):
    # given
    sysadmin = make_cadre("root", world.city, role=SYSADMIN)
    template = _other_template(sysadmin)
    # when
    card_templates.card_bank_template_delete(actor=sysadmin, template=template)
    # then
    assert not CardBankTemplate.objects.filter(pk=template.pk).exists()
    log = AuditLog.objects.get(summary__startswith="删除银行制卡模板")
    assert (log.action, log.actor, log.summary, log.object_id) == (
        "admin_edit",
        sysadmin,
        "删除银行制卡模板 某银行（1 列）",
        str(template.pk),
    )


@pytest.mark.parametrize("batch_status", [CardBatchStatus.DRAFT, CardBatchStatus.SENT])
def test_a_template_used_by_a_batch_is_kept_and_the_batch_still_exports(world, sent_batch, batch_status):
    # given a batch made with the template
    sysadmin = make_cadre("root", world.city, role=SYSADMIN)
    template = _other_template(sysadmin)
    CardBatch.objects.filter(pk=sent_batch.pk).update(bank_template=template, status=batch_status)
    # when
    with pytest.raises(ValidationError) as exc:
        card_templates.card_bank_template_delete(actor=sysadmin, template=template)
    # then
    assert exc.value.messages == ["该模板已被 1 个制卡批次使用，不能删除（删除后这些批次将无法按原格式导出）"]
    assert CardBankTemplate.objects.filter(pk=template.pk).exists()
    assert not AuditLog.objects.filter(summary__startswith="删除银行制卡模板").exists()
    rows = _sheet(card_batch_export(batch=_fresh(sent_batch), actor=world.org_admin))
    assert rows[0] == ["客户姓名"]


def test_the_database_protects_a_used_template(world, sent_batch):
    with pytest.raises(ProtectedError):
        _fresh(sent_batch).bank_template.delete()


def test_the_default_template_is_not_deleted(world):
    sysadmin = make_cadre("root", world.city, role=SYSADMIN)
    default = card_bank_template_default()
    with pytest.raises(ValidationError) as exc:
        card_templates.card_bank_template_delete(actor=sysadmin, template=default)
    assert exc.value.messages == ["默认模板不能删除，请先将其他模板设为默认"]
    assert CardBankTemplate.objects.filter(pk=default.pk).exists()


def test_only_the_sysadmin_deletes_templates(world):
    template = _other_template(make_cadre("root", world.city, role=SYSADMIN))
    for actor in (world.org_admin, world.org_member, world.outsider):
        with pytest.raises(PermissionDenied):
            card_templates.card_bank_template_delete(actor=actor, template=template)
    assert CardBankTemplate.objects.filter(pk=template.pk).exists()
