"""What a cadre types into a 公文 or a 收文, checked and cleaned before a service stores it: a one-line field
(`text_checked`: whitespace collapsed, length, no leading formula character) and the body (`body_clean`: plain lines
become paragraphs, HTML keeps only formatting tags, nh3), the 发文机关代字 (`series_checked`: 汉字 only) and the
联合发文机关 of a 联合行文 (`co_issuers_checked`: ordered names, no duplicates, not the lead itself). Pure
functions, no database."""

import re
from collections.abc import Sequence

import nh3
from django.core.exceptions import ValidationError
from django.utils.html import escape

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "ol", "ul", "li", "h3", "h4", "table", "thead", "tbody",
    "tr", "td", "th", "blockquote", "span",
}  # fmt: skip
FORMULA_PREFIXES = ("=", "+", "-", "@")
_HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def body_clean(raw: str) -> str:
    """正文 as safe HTML: plain text becomes one paragraph per line; HTML keeps only formatting tags."""
    text = raw.replace("\r\n", "\n").strip()
    if not text:
        return ""
    if not _HTML_TAG.search(text):
        return "".join(f"<p>{escape(line.strip())}</p>" for line in text.split("\n") if line.strip())
    return nh3.clean(
        text, tags=ALLOWED_TAGS, attributes={"td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}
    )


def text_checked(value: str, *, field: str, label: str, max_length: int, required: bool = False) -> str:
    text = " ".join(value.split())
    if required and not text:
        raise ValidationError({field: f"请填写{label}"})
    if len(text) > max_length:
        raise ValidationError({field: f"{label}不能超过{max_length}字"})
    if text.startswith(FORMULA_PREFIXES):
        raise ValidationError({field: f"{label}不能以 = + - @ 开头"})
    return text


CO_ISSUERS_MAX = 9
CO_ISSUER_NAME_MAX = 60


def co_issuers_checked(
    names: Sequence[str], *, lead: str, field: str = "co_issuers", label: str = "联合发文机关"
) -> list[str]:
    """联合行文: the other 发文机关 in order, each a full name (whitespace collapsed, empty lines dropped). Refused: a
    name given twice, the lead organ itself (it heads the list already), a name over 60 characters or starting with
    a formula character, more than nine organs. Every problem names the field and the position."""
    cleaned: list[str] = []
    errors: list[str] = []
    position = 0
    for raw in names:
        name = " ".join(str(raw).split())
        if not name:
            continue
        position += 1
        where = f"{label}第{position}个“{name[:20]}”"
        if len(name) > CO_ISSUER_NAME_MAX:
            errors.append(f"{where}不能超过{CO_ISSUER_NAME_MAX}字")
        elif name.startswith(FORMULA_PREFIXES):
            errors.append(f"{where}不能以 = + - @ 开头")
        elif name == lead:
            errors.append(f"{where}是本单位（主办机关），已排在最前，不必重复填写")
        elif name in cleaned:
            errors.append(f"{where}与第{cleaned.index(name) + 1}个重复")
        else:
            cleaned.append(name)
    if len(cleaned) > CO_ISSUERS_MAX:
        errors.append(f"{label}最多{CO_ISSUERS_MAX}个（另加本单位）")
    if errors:
        raise ValidationError({field: errors})
    return cleaned


SERIES_MAX = 10
_HAN_ONLY = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")


def series_checked(value: str, *, field: str = "series", label: str = "发文机关代字") -> str:
    """A 发文机关代字 such as 焦教工: 1–10 汉字 and nothing else — a bracket, digit or space would break the 文号
    焦教工〔2020〕8号 it heads."""
    text = value.strip()
    if not text:
        raise ValidationError({field: f"请填写{label}"})
    if len(text) > SERIES_MAX:
        raise ValidationError({field: f"{label}不能超过{SERIES_MAX}个字"})
    if not _HAN_ONLY.fullmatch(text):
        raise ValidationError(
            {field: f"{label}只能由汉字组成（不含括号、数字、字母、空格和标点），如“焦教工”"}
        )
    return text
