"""core.excel's readers against hostile files (issue 13 item 19): every importer that reads through
`read_records` (the roster, the card-batch bank results, orgs) gets the same Chinese refusal for an empty file, a
renamed executable, text (CSV/TXT, UTF-8 or GBK/GB18030, with or without a byte-order mark), an xlsx zip bomb
and formula cells in the columns it reads; a 100-column sheet still reads its own columns."""

import pytest

from gonghui.core import excel
from gonghui.core.excel import Column, SpreadsheetError, formula_cells, read_records, read_rows
from tests import hostile_files as hostile

COLUMNS = (
    Column("name", "姓名", required=True),
    Column("id_number", "证件号码", ("身份证号",), required=True),
    Column("phone", "手机号"),
)
ROW = ["张三", "110101199003011234", "13800000000"]
UNREADABLE = "无法读取该文件，请上传 .xlsx 或 .xls 格式的 Excel 文件"
TEXT = "无法读取该文件：这是文本文件（CSV 或 TXT），不是 Excel 工作簿，请用 Excel 或 WPS 打开后另存为 .xlsx 再导入"
EMPTY = "文件是空的：请选择填好数据的 Excel 文件"
CSV_ROWS = [["姓名", "证件号码"], ROW[:2]]


@pytest.mark.parametrize(
    ("_case", "data", "message"),
    [
        ("empty", hostile.empty(), EMPTY),
        ("blank bytes", b" \r\n\t", EMPTY),
        ("a Windows executable named .xlsx", hostile.renamed_executable("pe"), UNREADABLE),
        ("a Linux executable named .xlsx", hostile.renamed_executable("elf"), UNREADABLE),
        ("a zip that is no workbook", b"PK\x03\x04" + b"\x00" * 64, UNREADABLE),
        ("GBK CSV", hostile.gbk_csv(CSV_ROWS), TEXT),
        ("GB18030 CSV with its BOM", hostile.gbk_csv(CSV_ROWS, bom=True), TEXT),
        ("UTF-8 CSV with a BOM", hostile.utf8_csv(CSV_ROWS), TEXT),
        ("UTF-16 text with a BOM", "\ufeff姓名\t证件号码\r\n".encode("utf-16-le"), TEXT),
        (
            "GBK text cut inside a character at the end of the sample",
            ("姓名,证件号码\r\n" * 400).encode("gbk")[:4095],
            TEXT,
        ),
        (
            "100 columns none of them known",
            hostile.wide_xlsx(100, rows=[["x"]]),
            "没有找到表头行：前 10 行中没有可识别的列名",
        ),
        ("the needed columns missing", hostile.xlsx(["姓名"], [["张三"]]), "缺少必填列：证件号码"),
    ],
)
def test_a_hostile_file_is_refused_in_chinese(_case, data, message):
    with pytest.raises(SpreadsheetError) as refused:
        read_records(data, COLUMNS)
    assert str(refused.value) == message


def test_an_xlsx_bomb_is_refused_before_it_is_unpacked():
    bomb = hostile.zip_bomb_xlsx()
    assert len(bomb) < 1024 * 1024
    mb = excel.MAX_UNPACKED_BYTES // 1024 // 1024
    for read in (lambda: read_rows(bomb), lambda: read_records(bomb, COLUMNS)):
        with pytest.raises(SpreadsheetError) as refused:
            read()
        assert str(refused.value) == (
            f"文件解压后超过 {mb} MB，无法读取：请确认文件来源，或把数据复制到新建的工作簿中再导入"
        )


@pytest.mark.parametrize("formula", hostile.FORMULAS)
def test_a_formula_in_a_column_read_is_refused_naming_row_and_column(formula):
    data = hostile.formula_xlsx(["姓名", "证件号码", "手机号"], [ROW, [formula, ROW[1], ROW[2]]])
    with pytest.raises(SpreadsheetError) as refused:
        read_records(data, COLUMNS)
    assert str(refused.value) == "第 3 行“姓名”列是公式：请选中这些单元格，复制后“选择性粘贴为数值”，再导入"


def test_many_formula_cells_are_counted_after_the_first_five():
    data = hostile.formula_xlsx(["姓名", "证件号码"], [["=1+1", "=1+2"]] * 4)
    with pytest.raises(SpreadsheetError) as refused:
        read_records(data, COLUMNS)
    assert str(refused.value) == (
        "第 2 行“姓名”列、第 2 行“证件号码”列、第 3 行“姓名”列、第 3 行“证件号码”列、第 4 行“姓名”列等 8 处"
        "是公式：请选中这些单元格，复制后“选择性粘贴为数值”，再导入"
    )


def test_formulas_outside_the_columns_read_and_formula_like_text_are_read():
    # given: a formula in a column no importer reads, and text cells that merely start like formulas
    data = hostile.formula_xlsx(["姓名", "证件号码", "备注"], [[*ROW[:2], "=1+1"]])
    text = hostile.xlsx(["姓名", "证件号码"], [["=1+1", ROW[1]]])
    # then
    assert formula_cells(data) == [(2, 2)]
    assert read_records(data, COLUMNS).records == [(2, {"name": "张三", "id_number": ROW[1]})]
    assert formula_cells(text) == []
    assert read_records(text, COLUMNS).records == [(2, {"name": "=1+1", "id_number": ROW[1]})]


def test_a_100_column_sheet_reads_its_columns_and_lists_the_others():
    sheet = read_records(hostile.wide_xlsx(100, ["证件号码", "姓名"], [ROW[1::-1]]), COLUMNS)
    assert sheet.records == [(2, {"id_number": ROW[1], "name": "张三"})]
    assert sheet.unused == [f"第{n}列" for n in range(3, 101)]
