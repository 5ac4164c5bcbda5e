"""The question-file parser's entry points: pick the reader by the file's suffix (`parsing_text` for .txt and
.docx, `parsing_xlsx` for spreadsheets) and finish the drafts with `parsing.drafts_finish`. They sit above the three
parsing modules, which build on `parsing` only, so that no parsing module imports another that imports it back."""

from pathlib import Path

from gonghui.quizzes.parsing import ParseResult, QuestionsReadError, drafts_finish
from gonghui.quizzes.parsing_text import docx_lines, text_decode, text_drafts
from gonghui.quizzes.parsing_xlsx import spreadsheet_drafts

# ---- entry points ---------------------------------------------------------------------------------------

TEXT_SUFFIXES = (".txt", ".text", ".md")
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls")


def questions_parse_bytes(data: bytes, filename: str) -> ParseResult:
    """Parse a question file by its extension (.txt, .docx, .xlsx); QuestionsReadError when it cannot be read."""
    suffix = Path(filename).suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return drafts_finish(text_drafts(text_decode(data).splitlines()))
    if suffix == ".docx":
        return drafts_finish(text_drafts(docx_lines(data)))
    if suffix in SPREADSHEET_SUFFIXES:
        return drafts_finish(spreadsheet_drafts(data))
    if suffix == ".doc":
        raise QuestionsReadError("不支持旧版 Word（.doc）文件，请在 Word 中另存为 .docx 后再导入")
    raise QuestionsReadError(
        f"不支持的文件类型“{suffix or filename}”：请上传 .txt（UTF-8 或 GB18030 编码）、.docx 或 .xlsx 文件"
    )


def questions_parse_file(path: str | Path) -> ParseResult:
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise QuestionsReadError(f"无法读取文件：{p.name}（{exc.strerror}）") from exc
    return questions_parse_bytes(data, p.name)
