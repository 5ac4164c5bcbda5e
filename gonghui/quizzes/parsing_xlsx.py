"""Questions from a spreadsheet: the sheet whose header names a stem column (题干 / 题目 / 试题 …) is used, any
other sheet (填写说明, instructions) is ignored; columns are found by header name in any order, on whichever of
the first rows holds the header (`core.excel.locate_columns`). A .csv is read the same way. A formula cell in a
column the import reads is refused with its row: the file holds only the value Excel last computed (or none, when
another program wrote it), which is not what the person sees as the formula's text."""

import csv
import io
from typing import Any

from gonghui.core.excel import (
    Column,
    SpreadsheetError,
    cell_text,
    formula_cells,
    locate_columns,
    read_rows,
    sheet_names,
)
from gonghui.quizzes.parsing import (
    LETTERS,
    MAX_OPTIONS,
    OPTION_START,
    Draft,
    QuestionsReadError,
    match_form,
    split_options,
)

OPTION_LETTERS = LETTERS[:MAX_OPTIONS]
COLUMNS = (
    Column("type", "题型", ("题目类型", "试题类型", "类型", "题类", "type")),
    Column(
        "stem",
        "题干",
        ("题目", "试题", "问题", "题目内容", "试题内容", "题干内容", "内容", "stem", "question"),
    ),
    *(
        Column(
            f"option_{letter}",
            f"选项{letter}",
            (letter, f"{letter}选项", f"选项 {letter}", f"option{letter}"),
        )
        for letter in OPTION_LETTERS
    ),
    Column("options", "选项", ("备选项", "选项内容", "options")),
    Column("answer", "答案", ("正确答案", "参考答案", "标准答案", "answer")),
    Column("explanation", "解析", ("答案解析", "试题解析", "题目解析", "explanation")),
    Column("category", "分类", ("类别", "题目分类", "试题分类", "知识点", "标签", "category")),
    Column("difficulty", "难度", ("难易程度", "难度等级", "difficulty")),
    Column("source", "来源", ("出处", "依据", "source")),
)
_UNREADABLE = "无法读取该 Excel 文件：请确认是 .xlsx 格式且未损坏"


def spreadsheet_drafts(data: bytes) -> list[Draft]:
    rows, header_index, mapping, sheet = _question_sheet(data)
    _refuse_formulas(data, sheet, header_index, mapping)
    return _drafts_below(rows, header_index, mapping)


def csv_drafts(text: str) -> list[Draft]:
    """Drafts from a .csv (comma or tab separated) with a question header row."""
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    rows: list[list[Any]] = [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    drafts = table_drafts(rows)
    if drafts is None:
        raise QuestionsReadError(
            "没有找到题目表头：CSV 文件的前几行中应有“题干”（或“题目”“试题”）列和“答案”列"
        )
    return drafts


def table_drafts(rows: list[list[Any]]) -> list[Draft] | None:
    """Drafts from a table with a question header (a Word table: 题干 | 选项A … | 答案); None when the table
    has no such header (then it is read as text)."""
    try:
        header_index, mapping = locate_columns(rows, COLUMNS)
    except SpreadsheetError:
        return None
    if "stem" not in mapping or not ({"answer", "options", "option_A"} & mapping.keys()):
        return None
    return _drafts_below(rows, header_index, mapping)


def _drafts_below(rows: list[list[Any]], header_index: int, mapping: dict[str, int]) -> list[Draft]:
    drafts: list[Draft] = []
    for offset, row in enumerate(rows[header_index + 1 :]):
        record = {key: (row[pos] if pos < len(row) else None) for key, pos in mapping.items()}
        draft = _draft(header_index + 2 + offset, record)
        if draft is not None:
            drafts.append(draft)
    return drafts


def _question_sheet(data: bytes) -> tuple[list[list[Any]], int, dict[str, int], int]:
    """The sheet with the best question header: a stem column and the most other known columns; its rows, header
    row index, column mapping and sheet index."""
    try:
        names = sheet_names(data)
    except SpreadsheetError as exc:
        raise QuestionsReadError(_UNREADABLE) from exc
    best: tuple[list[list[Any]], int, dict[str, int], int] | None = None
    for index in range(len(names)):
        try:
            rows = read_rows(data, sheet=index)
            header_index, mapping = locate_columns(rows, COLUMNS)
        except SpreadsheetError:
            continue
        if "stem" in mapping and (best is None or len(mapping) > len(best[2])):
            best = (rows, header_index, mapping, index)
    if best is None:
        raise QuestionsReadError("没有找到题目表：需要一个表头含“题干”（或“题目”“试题”）列的工作表")
    return best


def _draft(row_number: int, record: dict[str, Any]) -> Draft | None:
    text = {key: _cell(value) for key, value in record.items()}
    if not any(text.values()):
        return None
    options = [text.get(f"option_{letter}", "") for letter in OPTION_LETTERS]
    options = [
        _without_letter(option, letter) for letter, option in zip(OPTION_LETTERS, options, strict=True)
    ]
    while options and not options[-1]:
        options.pop()
    if not options and text.get("options"):
        options = split_option_cell(text["options"])
    return Draft(
        line=row_number,
        stem=text.get("stem", ""),
        options=options,
        answer=text.get("answer", ""),
        type_hint=text.get("type", ""),
        explanation=text.get("explanation", ""),
        category=text.get("category", ""),
        difficulty=text.get("difficulty", ""),
        source=text.get("source", ""),
    )


def _cell(value: Any) -> str:
    if isinstance(value, bool):  # a TRUE/FALSE cell in a judge question's answer column
        return "true" if value else "false"
    return cell_text(value)


def _without_letter(option: str, letter: str) -> str:
    """ "A. 工会" typed into the 选项A column loses its "A."."""
    match = OPTION_START.match(match_form(option))
    if match and (match["paren"] or match["letter"] or "").upper() == letter:
        return option[match.end() :].strip()
    return option


def split_option_cell(text: str) -> list[str]:
    """All options in one cell: one per line, or "A.xx B.xx …", or separated by |."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) > 1:
        return [_without_letter(line, letter) for letter, line in zip(LETTERS, lines, strict=False)]
    head, options = split_options(text)
    if len(options) >= 2 and not head.strip():
        return options
    for separator in ("|", "｜"):
        if separator in text:
            return [part.strip() for part in text.split(separator)]
    return [text]


# ---- formula cells (`core.excel.formula_cells`: python-calamine gives only the cached values) ----------------

_LABELS = {column.key: column.label for column in COLUMNS}


def _refuse_formulas(data: bytes, sheet: int, header_index: int, mapping: dict[str, int]) -> None:
    """QuestionsReadError naming the first formula cell below the header in a column the import reads."""
    read_columns = {position: key for key, position in mapping.items()}
    for row, column in formula_cells(data, sheet):
        if row > header_index + 1 and column in read_columns:
            label = _LABELS[read_columns[column]]
            raise QuestionsReadError(
                f"第 {row} 行“{label}”列是公式：请选中这些单元格，复制后“选择性粘贴为数值”，再导入"
            )
