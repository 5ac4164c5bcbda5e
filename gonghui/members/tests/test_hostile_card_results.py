"""The bank's result file of a 会员卡 batch (导入银行回盘) against hostile files (issue 13 item 19): an empty file, a
renamed executable, a file over 10 MB, an xlsx zip bomb, formula cells (=1+1, =HYPERLINK, =cmd| DDE), GBK /
GB18030 / UTF-8 CSV with or without a byte-order mark, 100 columns. Through the import page each is refused on the
file field with a Chinese message naming the row and column where one applies, and nothing is written: no card
number, no state change, no timeline row; the batch stays 已报送银行."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.accounts.identity import decrypt_identifier
from gonghui.core.models import TimelineEntry
from gonghui.members.choices import CardBatchStatus, CardStatus
from gonghui.members.forms.cards import MAX_RESULT_FILE
from gonghui.members.models import CardApplication, CardBatch, Member
from gonghui.members.services import card_apply, card_batch_add, card_batch_create, card_batch_send
from tests import hostile_files as hostile

pytestmark = pytest.mark.django_db

CARD = "6231580000000001"
UNREADABLE = "无法读取该文件，请上传 .xlsx 或 .xls 格式的 Excel 文件"
TEXT = "无法读取该文件：这是文本文件（CSV 或 TXT），不是 Excel 工作簿，请用 Excel 或 WPS 打开后另存为 .xlsx 再导入"
PASTE_VALUES = "是公式：请选中这些单元格，复制后“选择性粘贴为数值”，再导入"
BOMB = "文件解压后超过 200 MB，无法读取：请确认文件来源，或把数据复制到新建的工作簿中再导入"
NOT_EXCEL = "请上传 .xlsx 或 .xls 格式的 Excel 文件（CSV 或 TXT 请先用 Excel 另存为 .xlsx）"


@pytest.fixture
def sent(world):
    """Org A's batch with member A's application, sent to the bank; its ID number as the bank writes it."""
    application = card_apply(member=world.member_a, actor=world.org_member, mailing_address="传达室")
    batch = card_batch_create(org=world.org_a, actor=world.org_admin)
    card_batch_add(batch=batch, applications=[application], actor=world.org_admin)
    card_batch_send(batch=batch, actor=world.org_admin)
    return batch, decrypt_identifier(world.member_a.id_number_encrypted)


def _state():
    return (
        list(CardApplication.objects.values_list("status", "card_number")),
        list(Member.objects.exclude(card_number="").values_list("pk", flat=True)),
        list(CardBatch.objects.values_list("status", flat=True)),
        TimelineEntry.objects.count(),
    )


def _cases(id_number: str) -> list[tuple[str, str, bytes, str]]:
    headers = ["证件号码", "卡号", "姓名"]
    good = [id_number, CARD, "甲会员"]
    csv_rows = [headers, good]
    return [
        ("empty", "回盘.xlsx", hostile.empty(), "文件是空的：请选择银行回盘文件"),
        ("a Windows executable", "回盘.xlsx", hostile.renamed_executable("pe"), UNREADABLE),
        ("a Linux executable", "回盘.xls", hostile.renamed_executable("elf"), UNREADABLE),
        ("an executable by its name", "回盘.exe", hostile.renamed_executable("pe"), NOT_EXCEL),
        (
            "over 10 MB",
            "回盘.xlsx",
            hostile.oversize(MAX_RESULT_FILE + 1),
            "文件超过 10 MB 的上限：请拆分后分批导入",
        ),
        ("GBK CSV named .xlsx", "回盘.xlsx", hostile.gbk_csv(csv_rows), TEXT),
        ("GB18030 CSV with its BOM named .xlsx", "回盘.xlsx", hostile.gbk_csv(csv_rows, bom=True), TEXT),
        ("UTF-8 CSV with a BOM named .xlsx", "回盘.xlsx", hostile.utf8_csv(csv_rows), TEXT),
        ("a GBK CSV by its name", "回盘.csv", hostile.gbk_csv(csv_rows), NOT_EXCEL),
        (
            "=1+1 as a card number",
            "回盘.xlsx",
            hostile.formula_xlsx(headers, [[id_number, "=1+1", "甲会员"]]),
            f"第 2 行“卡号”列{PASTE_VALUES}",
        ),
        (
            "=HYPERLINK as a name",
            "回盘.xlsx",
            hostile.formula_xlsx(
                headers, [[id_number, CARD, '=HYPERLINK("http://example.invalid/","甲会员")']]
            ),
            f"第 2 行“姓名”列{PASTE_VALUES}",
        ),
        (
            "a DDE call as the ID number, below a good row",
            "回盘.xlsx",
            hostile.formula_xlsx(headers, [good, ["=cmd|' /C calc'!A0", "6231580000000002", ""]]),
            f"第 3 行“证件号码”列{PASTE_VALUES}",
        ),
        (
            "100 columns none the bank's",
            "回盘.xlsx",
            hostile.wide_xlsx(100, rows=[["x"]]),
            "没有找到表头行：前 10 行中没有可识别的列名",
        ),
        (
            "100 columns without 卡号",
            "回盘.xlsx",
            hostile.wide_xlsx(100, ["证件号码"], [[id_number]]),
            "缺少必填列：卡号",
        ),
    ]


CASE_NAMES = [case[0] for case in _cases("x")]


@pytest.mark.parametrize("case", CASE_NAMES)
def test_a_hostile_result_file_is_refused_on_the_file_field_and_nothing_is_written(client, world, sent, case):
    # given
    batch, id_number = sent
    _name, filename, content, message = next(c for c in _cases(id_number) if c[0] == case)
    before = _state()
    client.force_login(world.org_admin)
    # when
    response = client.post(
        reverse("members:card_batch_import", args=[batch.public_id]),
        {"file": SimpleUploadedFile(filename, content)},
    )
    # then
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [message]
    assert response.context["report"] is None
    assert _state() == before
    assert CardApplication.objects.get().status == CardStatus.SENT_TO_BANK
    assert CardBatch.objects.get().status == CardBatchStatus.SENT


def test_a_zip_bomb_is_refused_before_it_is_unpacked(client, world, sent):
    batch, _id_number = sent
    before = _state()
    client.force_login(world.org_admin)
    response = client.post(
        reverse("members:card_batch_import", args=[batch.public_id]),
        {"file": SimpleUploadedFile("回盘.xlsx", hostile.zip_bomb_xlsx())},
    )
    assert response.context["form"].errors["file"] == [BOMB]
    assert _state() == before


def test_a_100_column_result_file_registers_its_card_numbers(client, world, sent):
    # given: the bank's columns among 97 others
    batch, id_number = sent
    content = hostile.wide_xlsx(100, ["姓名", "卡号", "证件号码"], [["甲会员", CARD, id_number]])
    client.force_login(world.org_admin)
    # when
    response = client.post(
        reverse("members:card_batch_import", args=[batch.public_id]),
        {"file": SimpleUploadedFile("回盘.xlsx", content)},
    )
    # then
    report = response.context["report"]
    assert (report.rows, report.matched, report.unmatched) == (1, 1, [])
    assert CardApplication.objects.get().card_number == CARD


def test_formula_like_text_is_an_unmatched_row_naming_the_field(client, world, sent):
    # given: text cells (not formulas) that Excel would run if retyped
    batch, id_number = sent
    content = hostile.xlsx(["证件号码", "卡号"], [[id_number, "=1+1"], ["=cmd|' /C calc'!A0", CARD]])
    before = _state()
    client.force_login(world.org_admin)
    # when
    response = client.post(
        reverse("members:card_batch_import", args=[batch.public_id]),
        {"file": SimpleUploadedFile("回盘.xlsx", content)},
    )
    # then: both rows are reported, with their row and column, and nothing is registered
    report = response.context["report"]
    assert report.matched == 0
    assert [(e.row, e.column) for e in report.unmatched] == [(2, "卡号"), (3, "证件号码")]
    assert report.unmatched[0].message == "卡号应为8至32位数字"
    assert _state() == before
