"""One PDF service for every app that prints (介绍信, 公文, certificates): a Django template rendered to PDF
by WeasyPrint with embedded CJK fonts.

Faces. GB/T 9704 names 方正小标宋 and 仿宋_GB2312, which are proprietary. The body is set in FangSong: a face a
deployment names in `settings.PDF_FANGSONG_FONT` (a font file path) comes first, then a licensed face installed
under one of `FANGSONG_FAMILIES`, then the vendored FandolFang (GPL with the font exception, subset to GB 2312,
`core/fonts/README.md`), so every server prints 仿宋 without installing anything. Titles use
`settings.PDF_TITLE_FONT`, an installed 小标宋, else Noto Serif CJK SC in bold.

Titles. A browser breaks Chinese between any two characters; a 公文 title must break between words (工作 never
split over two lines) and its lines should be of even length. `title_lines` segments the title into words (ICU's
dictionary word breaker, from the system's libicu, else a conservative rule set), measures the words with the
title face's advance widths (fontTools) and chooses the fewest, most even lines."""

import ctypes
import ctypes.util
import logging
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.csp import CSP, build_policy

from .downloads import file_response

logger = logging.getLogger(__name__)

CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Serif CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "SimSun")
FANGSONG_FAMILIES = ("FangSong_GB2312", "仿宋_GB2312", "FangSong")
TITLE_FAMILIES = ("FZXiaoBiaoSong-B05S", "方正小标宋简体")
SERIF_FAMILIES = ("Noto Serif CJK SC", "Source Han Serif SC")

FONTS_DIR = Path(__file__).resolve().parent / "fonts"
VENDORED_FANGSONG = FONTS_DIR / "FandolFang-Regular-GB2312.otf"
VENDORED_FANGSONG_FAMILY = "FandolFang"
DEPLOYED_FANGSONG_FAMILY = "GonghuiFangSong"
DEPLOYED_TITLE_FAMILY = "GonghuiTitle"

# The 版心 of core/pdf/base.html: A4 (210 mm) less 28 mm left and 26 mm right; titles in 二号 (22 pt).
TEXT_WIDTH_PT = (210 - 28 - 26) * 72 / 25.4
TITLE_SIZE_PT = 22.0


@cache
def installed_font_families() -> frozenset[str]:
    """Font families fontconfig knows for Chinese text (empty when fc-list is missing)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return frozenset()
    result = subprocess.run(  # noqa: S603 - fixed arguments, no user input
        [fc_list, ":lang=zh", "family"], capture_output=True, text=True, timeout=10, check=False
    )
    families: set[str] = set()
    for line in result.stdout.splitlines():
        families.update(part.strip() for part in line.split(",") if part.strip())
    return frozenset(families)


def cjk_font_available() -> bool:
    return bool(installed_font_families())


def _configured_font(name: str) -> Path | None:
    """The font file a deployment names in settings `name`, or None (a missing file is logged, not fatal)."""
    raw = str(getattr(settings, name, "") or "")
    if not raw:
        return None
    path = Path(raw)
    if not path.is_file():
        logger.warning("%s=%s: no such font file; using the default face", name, raw)
        return None
    return path


def fangsong_font_available() -> bool:
    """Always true since the vendored FandolFang ships with the code; kept for callers that ask."""
    return VENDORED_FANGSONG.is_file() or _configured_font("PDF_FANGSONG_FONT") is not None


def _stack(families: tuple[str, ...]) -> str:
    return ", ".join(f'"{family}"' for family in families)


@dataclass(frozen=True)
class PdfFonts:
    """What core/pdf/base.html needs: @font-face rules and the font-family lists (CSS, already quoted)."""

    font_faces: str
    body: str
    title: str
    title_weight: int
    serif: str


def pdf_fonts() -> PdfFonts:
    faces = [
        f'@font-face {{ font-family: "{VENDORED_FANGSONG_FAMILY}"; src: url("{VENDORED_FANGSONG.as_uri()}"); }}'
    ]
    body: tuple[str, ...] = (
        *FANGSONG_FAMILIES,
        VENDORED_FANGSONG_FAMILY,
        *SERIF_FAMILIES,
        "Noto Sans CJK SC",
    )
    if deployed := _configured_font("PDF_FANGSONG_FONT"):
        faces.append(
            f'@font-face {{ font-family: "{DEPLOYED_FANGSONG_FAMILY}"; src: url("{deployed.as_uri()}"); }}'
        )
        body = (DEPLOYED_FANGSONG_FAMILY, *body)
    title: tuple[str, ...] = (*TITLE_FAMILIES, *SERIF_FAMILIES, VENDORED_FANGSONG_FAMILY)  # last: never tofu
    if deployed := _configured_font("PDF_TITLE_FONT"):
        faces.append(
            f'@font-face {{ font-family: "{DEPLOYED_TITLE_FAMILY}"; src: url("{deployed.as_uri()}"); }}'
        )
        title = (DEPLOYED_TITLE_FAMILY, *title)
    return PdfFonts(
        font_faces="\n".join(faces),
        body=f"{_stack(body)}, serif",
        title=f"{_stack(title)}, serif",
        title_weight=400 if _xiaobiaosong_available() else 700,
        serif=f"{_stack((*SERIF_FAMILIES, VENDORED_FANGSONG_FAMILY))}, serif",
    )


def _xiaobiaosong_available() -> bool:
    """小标宋 is a heavy face set in regular weight; the bold serif stands in for it otherwise."""
    configured = _configured_font("PDF_TITLE_FONT") is not None
    return configured or any(f in installed_font_families() for f in TITLE_FAMILIES)


def render_pdf(template_name: str, context: dict[str, Any], *, request: HttpRequest | None = None) -> bytes:
    """Render `template_name` (HTML with @page CSS) to PDF bytes. Fonts are embedded and subset."""
    from weasyprint import HTML

    html = render_to_string(
        template_name,
        {**context, "cjk_font_available": cjk_font_available(), "pdf_fonts": pdf_fonts()},
        request=request,
    )
    base_url = str(settings.BASE_DIR)
    return bytes(HTML(string=html, base_url=base_url).write_pdf())


# The Content-Security-Policy of a PDF response: the site policy (settings.SECURE_CSP) says object-src 'none', and
# Chromium-based browsers before the out-of-process PDF viewer show an inline PDF through an <embed> that this
# blocks. A PDF runs no page script, so only framing is restricted.
PDF_CSP = {"frame-ancestors": [CSP.NONE]}


def pdf_response(pdf: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    response = file_response(pdf, filename, content_type="application/pdf", inline=inline)
    # The CSP middleware keeps a header already set. str(): WSGI servers accept only plain str header names.
    response[str(CSP.HEADER_ENFORCE)] = build_policy(PDF_CSP)
    return response


# ---- title lines: break between words, measured with the title face ---------------------------------------

# 禁则: never at the start of a line / never at the end of one.
_NO_LINE_START = frozenset("、。，．：；？！）》」』〕】〗”’…—·%,.:;?!)]}")
_NO_LINE_END = frozenset("（《「『〔【〖“‘([{")
# Words a title is cut around without loss: 关于 … 的通知, A和B, 暨.
_BREAK_AFTER = frozenset({"关于", "和", "与", "及", "暨", "并", "或"})
_BREAK_BEFORE = frozenset({"的", "和", "与", "及", "暨", "并", "或"})
_DIGIT = re.compile(r"[0-9０-９]")


@dataclass(frozen=True)
class _Icu:
    open: Any
    next: Any
    close: Any


@cache
def _icu() -> _Icu | None:
    """ICU's word break iterator (the system's libicu: a dependency of libxml2 on Debian), or None."""
    name = ctypes.util.find_library("icuuc")
    if name is None:
        return None
    try:
        lib = ctypes.CDLL(name)
    except OSError:
        return None
    version = re.search(r"\.so\.(\d+)", name)
    suffixes = ([f"_{version.group(1)}"] if version else []) + [""]
    for suffix in suffixes:
        try:
            ubrk_open = getattr(lib, f"ubrk_open{suffix}")
            ubrk_next = getattr(lib, f"ubrk_next{suffix}")
            ubrk_close = getattr(lib, f"ubrk_close{suffix}")
        except AttributeError:
            continue
        ubrk_open.restype = ctypes.c_void_p
        ubrk_open.argtypes = [
            ctypes.c_int,
            ctypes.c_char_p,
            ctypes.c_void_p,
            ctypes.c_int32,
            ctypes.POINTER(ctypes.c_int),
        ]
        ubrk_next.restype = ctypes.c_int32
        ubrk_next.argtypes = [ctypes.c_void_p]
        ubrk_close.restype = None
        ubrk_close.argtypes = [ctypes.c_void_p]
        return _Icu(open=ubrk_open, next=ubrk_next, close=ubrk_close)
    return None


_UBRK_WORD = 1


def _icu_words(text: str, icu: _Icu) -> list[str] | None:
    encoded = text.encode("utf-16-le")
    units = len(encoded) // 2
    buffer = ctypes.create_string_buffer(encoded, len(encoded) + 2)
    status = ctypes.c_int(0)
    iterator = icu.open(_UBRK_WORD, b"zh", buffer, units, ctypes.byref(status))
    if status.value > 0 or not iterator:
        return None
    words: list[str] = []
    previous = 0
    try:
        while (boundary := icu.next(iterator)) != -1:
            words.append(encoded[previous * 2 : boundary * 2].decode("utf-16-le"))
            previous = boundary
    finally:
        icu.close(iterator)
    return words


def _is_han(char: str) -> bool:
    return unicodedata.category(char) == "Lo" and unicodedata.east_asian_width(char) == "W"


def _rule_words(text: str) -> list[str]:
    """Without ICU: runs of Latin/digits, punctuation marks, the function words of `_BREAK_AFTER`/`_BREAK_BEFORE`,
    and whatever Han text lies between them as one word (broken only as a last resort)."""
    words: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if text.startswith("关于", index):
            words.append("关于")
            index += 2
        elif char in _BREAK_BEFORE or char in _BREAK_AFTER or not _is_han(char):
            end = index + 1
            while (
                end < len(text)
                and char.isascii()
                and char.isalnum()
                and text[end].isascii()
                and text[end].isalnum()
            ):
                end += 1
            words.append(text[index:end])
            index = end
        else:
            end = index + 1
            while (
                end < len(text)
                and _is_han(text[end])
                and text[end] not in _BREAK_BEFORE
                and not text.startswith("关于", end)
            ):
                end += 1
            words.append(text[index:end])
            index = end
    return words


def title_words(text: str) -> list[str]:
    """The title cut into words: ICU's dictionary segmentation where libicu is present, else `_rule_words`."""
    icu = _icu()
    words = _icu_words(text, icu) if icu is not None else None
    return words if words is not None and "".join(words) == text else _rule_words(text)


_FORBIDDEN = None
_LAST_RESORT = 100.0
# One-character words ICU leaves loose that belong to the word before (委员|会, 劳动|者, 焦作|市, 规范|化) or
# after (总|工会, 新|就业, 大|比武): a break there splits a word.
_SUFFIXES = frozenset("会者厅化市省县区局处部委杯性员长家式型率度届级类期次项院校所站队组团办室科")
_PREFIXES = frozenset("总新大副全各非老第小")


def _break_penalty(before: str, after: str) -> float | None:
    """What breaking between two adjacent words costs (None: never). Free at punctuation, after 关于 and before
    的; cheap around 和/与/及/暨; dear next to a one-character word (ICU leaves unknown words such as 印发 and 帮扶
    in single characters) and dearer still before a suffix or after a prefix."""
    if before[-1] in _NO_LINE_END or after[0] in _NO_LINE_START:
        return _FORBIDDEN
    if _DIGIT.match(before[-1]) and (after[0].isalnum() or after[0] in "年月日号届次期个"):
        return _FORBIDDEN  # 2026年, 第3次
    if not before.strip() or not after.strip():
        return 0.0
    if not _is_han(before[-1]) or not _is_han(after[0]):
        return 0.0 if (before[-1] in _NO_LINE_START or after[0] in _NO_LINE_END) else 3.0
    if before == "关于" or after == "的":
        return 0.0
    if before in _BREAK_AFTER or after in _BREAK_BEFORE:
        return 1.0
    if (len(after) == 1 and after in _SUFFIXES) or (len(before) == 1 and before in _PREFIXES):
        return 40.0
    if len(before) == 1 or len(after) == 1:
        return 15.0
    return 3.0


@dataclass(frozen=True)
class _Metrics:
    units_per_em: int
    widths: dict[int, int]


@cache
def _metrics(path: str, index: int) -> _Metrics | None:
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]  # (a WeasyPrint dependency, untyped)

    try:
        font = TTFont(path, fontNumber=index, lazy=True)
        hmtx = font["hmtx"]
        widths = {codepoint: hmtx[glyph][0] for codepoint, glyph in font.getBestCmap().items()}
        return _Metrics(units_per_em=font["head"].unitsPerEm, widths=widths)
    except Exception:  # noqa: BLE001 - an unreadable font only costs measuring precision
        logger.warning("cannot read the advance widths of %s", path)
        return None


@cache
def _fc_match(pattern: str) -> tuple[str, str, int] | None:
    """(family, file, index) of the face fontconfig picks for `pattern`."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return None
    result = subprocess.run(  # noqa: S603 - fixed arguments, no user input
        [fc_match, "-f", "%{family}\n%{file}\n%{index}", pattern],
        capture_output=True,
        text=True,
        timeout=10,
        check=False,
    )
    parts = result.stdout.split("\n")
    if result.returncode != 0 or len(parts) < 3 or not parts[1]:
        return None
    return parts[0], parts[1], int(parts[2] or 0)


def title_metrics() -> _Metrics | None:
    """Advance widths of the face titles are set in (see `PdfFonts.title`), None when it cannot be found."""
    if deployed := _configured_font("PDF_TITLE_FONT"):
        return _metrics(str(deployed), 0)
    bold = not _xiaobiaosong_available()
    for family in (*TITLE_FAMILIES, *SERIF_FAMILIES):
        if family not in installed_font_families():
            continue
        match = _fc_match(f"{family}:bold" if bold else family)
        if match is not None and family in match[0].split(","):
            return _metrics(match[1], match[2])
    return _metrics(str(VENDORED_FANGSONG), 0)


def _advance(char: str, metrics: _Metrics | None) -> float:
    """A character's width in em."""
    if metrics is not None and (width := metrics.widths.get(ord(char))) is not None:
        return width / metrics.units_per_em
    return 1.0 if unicodedata.east_asian_width(char) in "WF" else 0.6


def title_lines(title: str, *, width_pt: float = TEXT_WIDTH_PT, size_pt: float = TITLE_SIZE_PT) -> list[str]:
    """The title's lines for a `width_pt` wide measure at `size_pt`: breaks only between words (never inside
    one, never against 禁则), the fewest lines, then the most even ones at the best break points."""
    title = " ".join(title.split())
    if not title:
        return []
    metrics = title_metrics()
    capacity = width_pt / size_pt - 0.25  # em, a quarter em spare for rounding and the face's side bearings
    words = title_words(title)
    widths = [sum(_advance(c, metrics) for c in word) for word in words]
    # penalties[i]: what breaking before words[i] costs
    penalties: list[float | None] = [
        None,
        *(_break_penalty(words[i - 1], words[i]) for i in range(1, len(words))),
    ]
    lines = _best_lines(widths, penalties, capacity)
    if lines is None:  # a word longer than a line: break inside words too, as a last resort (禁则 still hold)
        penalties = _character_penalties(title, words)
        words = list(title)
        widths = [_advance(char, metrics) for char in words]
        lines = _best_lines(widths, penalties, capacity)
    if lines is None:
        return [title]
    return ["".join(words[start:end]).strip() for start, end in lines]


def _character_penalties(title: str, words: list[str]) -> list[float | None]:
    """Break costs before each character: 禁则 still forbid, a word boundary costs little, inside a word a lot,
    before a suffix (委员|会) or after a prefix (总|工会) more."""
    boundaries = set(accumulate(len(word) for word in words))
    penalties: list[float | None] = [None]
    for index in range(1, len(title)):
        if title[index - 1] in _NO_LINE_END or title[index] in _NO_LINE_START:
            penalties.append(_FORBIDDEN)
        else:
            inside = _LAST_RESORT * (2 if title[index] in _SUFFIXES or title[index - 1] in _PREFIXES else 1)
            penalties.append(3.0 if index in boundaries else inside)
    return penalties


def _best_lines(
    widths: list[float], penalties: list[float | None], capacity: float
) -> list[tuple[int, int]] | None:
    """Dynamic programming over the break points: minimise (line count, squared slack + penalties)."""
    count = len(widths)
    best: dict[int, tuple[int, float, int]] = {0: (0, 0.0, -1)}  # end -> (lines, cost, previous end)
    for end in range(1, count + 1):
        if end < count and penalties[end] is None:
            continue
        candidates: list[tuple[int, float, int]] = []
        for start in range(end - 1, -1, -1):
            if start not in best:
                continue
            width = sum(widths[start:end])
            if width > capacity:
                break
            lines, cost, _ = best[start]
            penalty = penalties[end] if end < count else 0.0
            candidates.append((lines + 1, cost + (capacity - width) ** 2 + 4 * (penalty or 0.0), start))
        if candidates:
            best[end] = min(candidates)
    if count not in best:
        return None
    spans: list[tuple[int, int]] = []
    end = count
    while end > 0:
        start = best[end][2]
        spans.append((start, end))
        end = start
    return spans[::-1]
