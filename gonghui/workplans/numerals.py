"""Chinese numerals and dates as a 工作要点 writes them: 一 … 九十九, 二〇二三年二月二十日, 2020.4.17; item numbers in
the renumbering styles."""

import datetime
import re

from .choices import NumberStyle

_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "0": 0, "一": 1, "二": 2, "两": 2, "三": 3}
_CN_DIGITS |= {"四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_NAMES = "零一二三四五六七八九"


def cn_to_int(numeral: str) -> int | None:
    """一 → 1, 十二 → 12, 二十二 → 22, 一百零五 → 105; all digits read positionally: 二〇二三 → 2023."""
    if not numeral:
        return None
    if len(numeral) > 1 and all(ch in _CN_DIGITS for ch in numeral):
        return int("".join(str(_CN_DIGITS[ch]) for ch in numeral))
    total = current = 0
    for ch in numeral:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch in "十百":
            total += (current or 1) * (10 if ch == "十" else 100)
            current = 0
        else:
            return None
    return total + current


def int_to_cn(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (1–99)."""
    if not 1 <= n <= 99:
        raise ValueError(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else f"{_CN_NAMES[tens]}十")
    return head + (_CN_NAMES[ones] if ones else "")


def item_number(style: str, n: int) -> str:
    """The number of the n-th item in a numbering style: （一）, 一是 or 1 (`section_renumber`)."""
    if style == NumberStyle.PAREN_CHINESE:
        return f"（{int_to_cn(n)}）"
    if style == NumberStyle.CHINESE_SHI:
        return f"{int_to_cn(n)}是"
    return str(n)


CN_NUM = "[一二三四五六七八九十]"
_DATE_ARABIC = r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
_DATE_CHINESE = r"(?P<cy>[〇○零Ｏ0一二三四五六七八九]{4})\s*年\s*(?P<cm>[一二三四五六七八九十]{1,2})\s*月\s*(?P<cd>[一二三四五六七八九十]{1,3})\s*日"
_DATE_DOTTED = r"(?P<ny>\d{4})\s*[.．/\-]\s*(?P<nm>\d{1,2})\s*[.．/\-]\s*(?P<nd>\d{1,2})"
DATE_RE = re.compile(f"{_DATE_ARABIC}|{_DATE_CHINESE}|{_DATE_DOTTED}")


def date_in(text: str, *, whole: bool = False) -> datetime.date | None:
    """The first date written in `text` (2020年4月17日, 二〇二三年二月二十日, 2020.4.17); `whole`: `text` is
    only the date. Impossible dates (2月30日) are no dates."""
    match = DATE_RE.fullmatch(text) if whole else DATE_RE.search(text)
    if match is None:
        return None
    if match["y"]:
        parts: list[int | None] = [int(match["y"]), int(match["m"]), int(match["d"])]
    elif match["cy"]:
        parts = [cn_to_int(match["cy"]), cn_to_int(match["cm"]), cn_to_int(match["cd"])]
    else:
        parts = [int(match["ny"]), int(match["nm"]), int(match["nd"])]
    year, month, day = parts
    if year is None or month is None or day is None:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None
