"""The pinyin stored beside a member's name (`name_pinyin`, `name_initials`), so that `zs` or `zhangsan` finds 张三."""

import functools


def name_search_fields(name: str) -> dict[str, str]:
    """Pinyin and initials stored beside the name so that `zs` or `zhangsan` finds 张三."""
    syllables = [_single_reading(char) for char in name]
    if None in syllables:  # a polyphonic or non-Chinese character: let pypinyin read the name as a phrase
        from pypinyin import lazy_pinyin

        syllables = list(lazy_pinyin(name, errors="ignore"))
    full = "".join(s for s in syllables if s).lower()
    initials = "".join(s[0] for s in syllables if s).lower()
    return {"name_pinyin": full[:200], "name_initials": initials[:50]}


@functools.cache
def _single_reading(char: str) -> str | None:
    """The toneless pinyin of a Chinese character that has only one (cached: names repeat characters, and a
    100,000-row roster spends most of its pinyin time on the phrase segmenter otherwise)."""
    from pypinyin import Style, pinyin

    readings = pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")
    if len(readings) != 1 or len(set(readings[0])) != 1 or not readings[0][0].isalpha():
        return None
    return str(readings[0][0])
