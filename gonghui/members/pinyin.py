"""The pinyin stored beside a member's name (`name_pinyin`, `name_initials`), so that `zs` or `zhangsan` finds 张三.

The reading is pypinyin's (`lazy_pinyin(name)`: its phrase segmentation, first reading per character, tones
dropped, ü as v), but read from pypinyin's own data files instead of through the package: importing pypinyin
loads and indexes both dictionaries (~0.4 s, seconds on a busy machine) and then costs ~40 µs per name.
Here the single-character table (`pinyin_dict.json`, ~40 ms) loads once per process on the first name; the
phrase table loads (once per process) only when a name has a character with several readings, since only
then can a phrase change the reading. Names with characters outside that table (·, Latin letters…) still go
through pypinyin itself. `test_pinyin` compares the two on thousands of names."""

import functools
import importlib.util
import json
import unicodedata
from pathlib import Path


def name_search_fields(name: str) -> dict[str, str]:
    """Pinyin and initials stored beside the name so that `zs` or `zhangsan` finds 张三."""
    syllables = _name_syllables(name)
    full = "".join(syllables).lower()
    initials = "".join(s[0] for s in syllables).lower()
    return {"name_pinyin": full[:200], "name_initials": initials[:50]}


@functools.cache
def _name_syllables(name: str) -> tuple[str, ...]:
    readings = [_readings(char) for char in name]
    if not name or None in readings:  # not a Chinese character pypinyin's table knows: pypinyin decides
        from pypinyin import lazy_pinyin

        return tuple(s for s in lazy_pinyin(name, errors="ignore") if s)
    if all(len(r) == 1 for r in readings):  # type: ignore[arg-type]
        return tuple(r[0] for r in readings)  # type: ignore[index]
    phrases, prefixes = _phrases()
    syllables: list[str] = []
    for word in _cut(name, phrases, prefixes):
        if word in phrases:
            syllables.extend(_toneless(item[0]) for item in phrases[word])
        else:
            syllables.extend(_readings(char)[0] for char in word)  # type: ignore[index]
    return tuple(s for s in syllables if s)


@functools.cache
def _readings(char: str) -> tuple[str, ...] | None:
    """The character's toneless readings, the one pypinyin uses first; None outside the common CJK blocks
    (pypinyin decides there) or if pypinyin's table lacks it."""
    if not ("\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"):
        return None
    raw = _char_table().get(str(ord(char)))
    if raw is None:
        return None
    readings = [_toneless(r) for r in raw.split(",")]
    return tuple(dict.fromkeys(readings))


def _toneless(syllable: str) -> str:
    """pypinyin's Style.NORMAL: tone marks dropped, ü written v, ê kept."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFD", syllable):
        if ch == "\u0308":  # the diaeresis of ü
            out[-1] = "v"
        elif "\u0300" <= ch <= "\u036f" and ch != "\u0302":  # a tone mark, but not the circumflex of ê
            continue
        else:
            out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def _data_file(name: str) -> Path:
    spec = importlib.util.find_spec("pypinyin")  # finds the package without importing it
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("pypinyin is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / name


@functools.cache
def _char_table() -> dict[str, str]:
    """{code point as decimal text: "zhāng,cháng"}: pypinyin's single-character dictionary."""
    with _data_file("pinyin_dict.json").open(encoding="utf-8") as handle:
        table: dict[str, str] = json.load(handle)
    return table


@functools.cache
def _phrases() -> tuple[dict[str, list[list[str]]], frozenset[str]]:
    """pypinyin's phrase dictionary and the prefixes of its phrases (what its segmenter matches against)."""
    with _data_file("phrases_dict.json").open(encoding="utf-8") as handle:
        phrases: dict[str, list[list[str]]] = json.load(handle)
    return phrases, frozenset(word[: i + 1] for word in phrases for i in range(len(word)))


def _cut(text: str, phrases: dict[str, list[list[str]]], prefixes: frozenset[str]) -> list[str]:
    """pypinyin's forward maximum matching (`seg.mmseg.Seg(no_non_phrases=True).cut`): the longest phrase
    at each position, else one character."""
    words: list[str] = []
    remain = text
    while remain:
        valid = ""
        for index in range(len(remain)):
            word = remain[: index + 1]
            if word not in prefixes:
                break
            if word in phrases:
                valid = word
        else:  # the whole rest is a prefix
            if not valid and remain not in phrases:
                words.extend(remain)
                break
            if not valid:
                words.append(remain)
                break
        if valid:
            words.append(valid)
            remain = remain[len(valid) :]
        else:
            words.append(remain[0])
            remain = remain[1:]
    return words
