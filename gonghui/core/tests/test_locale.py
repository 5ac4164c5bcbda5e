"""The project's own catalogue (locale/zh_Hans) fills what Django's zh_Hans lacks, and its compiled .mo matches
the .po beside it."""

import gettext
import re
from pathlib import Path

from django.conf import settings
from django.db.models.fields import BLANK_CHOICE_LABEL
from django.utils import translation

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES"


def _po_entries() -> dict[str, str]:
    text = (CATALOGUE / "django.po").read_text(encoding="utf-8")
    pairs = re.findall(r'^msgid "(.+)"\nmsgstr "(.*)"$', text, flags=re.MULTILINE)
    return dict(pairs)


def test_the_compiled_catalogue_matches_its_source():
    with (CATALOGUE / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    entries = _po_entries()
    assert entries
    assert {msgid: compiled.gettext(msgid) for msgid in entries} == entries


def test_a_select_without_a_choice_asks_in_chinese():
    with translation.override("zh-hans"):
        assert str(BLANK_CHOICE_LABEL) == "请选择"
