"""The question-file parser's entry points: refuse what is no question file at all (empty, over the size limit,
an archive that would unpack to far more than it weighs), pick the reader by the file's suffix (`parsing_text`
for .txt and .docx, `parsing_xlsx` for spreadsheets and .csv) and finish the drafts with
`parsing.drafts_finish`. They sit above the three parsing modules, which build on `parsing` only, so that no
parsing module imports another that imports it back."""

from pathlib import Path

from gonghui.core.archives import archive_too_large
from gonghui.quizzes.parsing import ParseResult, QuestionsReadError, drafts_finish
from gonghui.quizzes.parsing_text import docx_lines, text_decode, text_drafts
from gonghui.quizzes.parsing_xlsx import csv_drafts, spreadsheet_drafts

# ---- entry points ---------------------------------------------------------------------------------------

TEXT_SUFFIXES = (".txt", ".text", ".md")
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls")
MAX_FILE_BYTES = 10 * 1024 * 1024
# .xlsx and .docx are zip archives: what they unpack to is read into memory, so it is bounded too (a question
# bank of 10,000 questions unpacks to about 15 MB)
MAX_UNPACKED_BYTES = 100 * 1024 * 1024


def questions_parse_bytes(data: bytes, filename: str) -> ParseResult:
    """Parse a question file by its extension (.txt, .csv, .docx, .xlsx); QuestionsReadError when it cannot be
    read or holds no question at all."""
    suffix = Path(filename).suffix.lower()
    if not data.strip():
        raise QuestionsReadError("文件是空的：请选择填好试题的文件")
    if len(data) > MAX_FILE_BYTES:
        raise QuestionsReadError(f"文件超过 {MAX_FILE_BYTES // 1024 // 1024} MB 的上限：请拆分后分批导入")
    if archive_too_large(data, max_unpacked=MAX_UNPACKED_BYTES):
        raise QuestionsReadError(
            f"文件解压后超过 {MAX_UNPACKED_BYTES // 1024 // 1024} MB，无法导入：请确认文件来源，"
            "或把试题复制到新建的文件中再导入"
        )
    if suffix in TEXT_SUFFIXES:
        result = drafts_finish(text_drafts(text_decode(data).splitlines()))
    elif suffix == ".csv":
        result = drafts_finish(csv_drafts(text_decode(data)))
    elif suffix == ".docx":
        result = drafts_finish(text_drafts(docx_lines(data)))
    elif suffix in SPREADSHEET_SUFFIXES:
        result = drafts_finish(spreadsheet_drafts(data))
    elif suffix == ".doc":
        raise QuestionsReadError("不支持旧版 Word（.doc）文件，请在 Word 中另存为 .docx 后再导入")
    else:
        raise QuestionsReadError(
            f"不支持的文件类型“{suffix or filename}”：请上传 .txt（UTF-8 或 GB18030 编码）、.csv、.docx 或 .xlsx 文件"
        )
    if not result.questions and not result.problems:
        raise QuestionsReadError("文件中没有找到试题：请对照页面上的格式示例整理后再导入")
    return result


def questions_parse_file(path: str | Path) -> ParseResult:
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise QuestionsReadError(f"无法读取文件：{p.name}（{exc.strerror}）") from exc
    return questions_parse_bytes(data, p.name)
