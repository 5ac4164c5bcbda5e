"""The union search key: what a worker may type to find a union — its name, short name, unit name or one of its
别名 (焦作一中), as typed, in full pinyin (jiaozuoyizhong) or by initials (jzyz) — folded into one text column
(`Org.search_text`) that one query matches by substring.

The column holds segments separated by "|" and is wrapped in "|" too, so `|<key>|` finds a segment equal to the
query and `|<key>` one that starts with it (the ranking of `orgs.selectors.union_search`)."""

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

SEPARATOR = "|"
# What survives folding: CJK ideographs, ASCII letters and digits (after NFKC, full-width forms are ASCII).
_KEEP = re.compile(r"[^0-9a-z\u3400-\u9fff]+")
_CJK = re.compile(r"[\u3400-\u9fff]")
SEARCH_TEXT_MAX = 4000


def fold(text: str) -> str:
    """Lower case, half-width, without spaces or punctuation: the form both the stored key and a query take."""
    return _KEEP.sub("", unicodedata.normalize("NFKC", text).lower())


def pinyin_forms(text: str) -> tuple[str, str]:
    """The toneless full pinyin and the initials of a folded text; digits and letters stay as they are.
    (pypinyin reads phrases, so 重庆 is chongqing; a name's single characters take their common reading.)"""
    from pypinyin import lazy_pinyin

    # errors: other characters one by one (pypinyin accepts a list, its stubs say str), so 3 stays an initial
    split_others: Any = list
    syllables = [s for s in lazy_pinyin(text, errors=split_others) if s]
    return "".join(syllables), "".join(s[0] for s in syllables)


def search_segments(text: str) -> list[str]:
    """A name as it may be typed: folded, and (when it holds Chinese) its full pinyin and initials."""
    folded = fold(text)
    if not folded:
        return []
    if not _CJK.search(folded):
        return [folded]
    full, initials = pinyin_forms(folded)
    return [folded, full, initials]


def search_text_for(*, name: str, short_name: str, unit_name: str, aliases: Iterable[str]) -> str:
    """The stored key of a union (see the module docstring)."""
    segments: list[str] = []
    for text in (name, short_name, unit_name, *aliases):
        for segment in search_segments(text):
            if segment not in segments:
                segments.append(segment)
    if not segments:
        return ""
    return (SEPARATOR + SEPARATOR.join(segments) + SEPARATOR)[:SEARCH_TEXT_MAX]


def query_key(query: str) -> str:
    """A typed query in the key's form ("JZ YZ" → "jzyz", "焦作 一中" → "焦作一中")."""
    return fold(query)


ALIAS_SPLIT = re.compile(r"[\n\r,，、;；]+")
ALIAS_MAX_LENGTH = 30
ALIASES_MAX = 20


def split_aliases(raw: str) -> list[str]:
    """Aliases as typed in the form (one a line, or separated by 、，；), trimmed and without repeats."""
    aliases: list[str] = []
    for part in ALIAS_SPLIT.split(raw):
        alias = " ".join(part.split())
        if alias and alias not in aliases:
            aliases.append(alias)
    return aliases
