"""Parse a 工作要点 document (.txt UTF-8/GB18030 or .docx) into sections → numbered items → activities.

Pure functions, no database: `workplan_parse_file(path)` / `workplan_parse_bytes(data, filename)` return a
`ParsedPlan`; `ParsedPlan.as_json()` is the document printed by `manage.py import_workplan --json`.
`WorkplanReadError` (with a Chinese message) means the file could not be read at all (.doc, bad encoding...)."""

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class WorkplanReadError(Exception):
    """The file could not be read as a work plan; the message is shown to the user."""


@dataclass
class ParsedItem:
    number: str  # the marker as printed: "（一）", "1", "一是", "3月", "7—8月"
    text: str  # without the marker
    activities: list[str] = field(default_factory=list)


@dataclass
class ParsedSection:
    title: str  # without its number or trailing punctuation
    items: list[ParsedItem] = field(default_factory=list)


@dataclass
class ParsedPlan:
    title: str
    doc_number: str | None
    issuer: str
    date: datetime.date | None
    sections: list[ParsedSection] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "doc_number": self.doc_number,
            "issuer": self.issuer,
            "date": self.date.isoformat() if self.date else None,
            "sections": [
                {
                    "title": s.title,
                    "items": [
                        {"number": i.number, "text": i.text, "activities": list(i.activities)}
                        for i in s.items
                    ],
                }
                for s in self.sections
            ],
        }


def workplan_parse_bytes(data: bytes, filename: str) -> ParsedPlan:
    raise NotImplementedError  # implemented by the parser work


def workplan_parse_file(path: str | Path) -> ParsedPlan:
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise WorkplanReadError(f"无法读取文件：{p.name}（{exc.strerror}）") from exc
    return workplan_parse_bytes(data, p.name)
