"""Parse question banks from the files people actually have: .xlsx (columns by header name), .docx and .txt
(UTF-8 or GB18030) in the pasted layouts that tests/test_parsing*.py cover.

Pure functions, no database: `questions_parse_file(path)` / `questions_parse_bytes(data, filename)` return a
`ParseResult` whose `as_json()` is the document printed by `manage.py import_questions --json`.
`QuestionsReadError` (Chinese message) means the file could not be read at all."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class QuestionsReadError(Exception):
    """The file could not be read; the message is shown to the user."""


QUESTION_TYPES = ("single", "multiple", "judge")


@dataclass
class ParsedQuestion:
    type: str  # "single" | "multiple" | "judge"
    stem: str
    options: list[str]  # no letter prefix, no correct-answer marker; [] for judge
    answer: str  # "B" | "ABD" | "true" | "false"
    explanation: str = ""
    category: str = ""
    difficulty: str = ""
    source: str = ""

    def as_json(self) -> dict[str, Any]:
        return {"type": self.type, "stem": self.stem, "options": list(self.options), "answer": self.answer}


@dataclass
class ParseProblem:
    index: int  # 1-based position among the file's questions
    message: str  # Chinese, e.g. "未找到答案"


@dataclass
class ParseResult:
    questions: list[ParsedQuestion] = field(default_factory=list)
    problems: list[ParseProblem] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "questions": [q.as_json() for q in self.questions],
            "problems": [{"index": p.index, "message": p.message} for p in self.problems],
        }


def questions_parse_bytes(data: bytes, filename: str) -> ParseResult:
    raise NotImplementedError  # implemented by the parser work


def questions_parse_file(path: str | Path) -> ParseResult:
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise QuestionsReadError(f"无法读取文件：{p.name}（{exc.strerror}）") from exc
    return questions_parse_bytes(data, p.name)
