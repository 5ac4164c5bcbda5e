"""Looking values up in the code lists: full name, short form or code, ignoring spaces and width. Reads only:
the lists are reference data, loaded by a data migration and edited in the admin."""

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gonghui.core.excel import cell_text

from .lists import LIST_LABELS
from .models import CodeItem

_CACHE_SECONDS = 300
ALLOWED_WITH_ALIASES_MAX = 8  # lists up to this size name every value with its common forms in an error
ALLOWED_NAMED_MAX = (
    20  # up to this size every value is named; longer lists (民族) give examples and the count
)


def _normal(value: object) -> str:
    return cell_text(value).replace(" ", "").upper()


def code_lookup(list_key: str) -> dict[str, str]:
    """{normalised code, name or alias: code} for one list, cached briefly."""
    key = f"codelists:{list_key}"
    table: dict[str, str] | None = cache.get(key)
    if table is None:
        table = {}
        for item in CodeItem.objects.filter(list_key=list_key, is_active=True):
            for text in (item.code, item.name, *item.aliases):
                table.setdefault(_normal(text), item.code)
        cache.set(key, table, _CACHE_SECONDS)
    return table


def code_items(list_key: str) -> list[tuple[str, str, list[str]]]:
    """The active values of one list in list order, as (code, name, common forms), cached briefly."""
    key = f"codelists:{list_key}:items"
    items: list[tuple[str, str, list[str]]] | None = cache.get(key)
    if items is None:
        items = [
            (item.code, item.name, list(item.aliases))
            for item in CodeItem.objects.filter(list_key=list_key, is_active=True)
        ]
        cache.set(key, items, _CACHE_SECONDS)
    return items


def code_allowed(list_key: str) -> str:
    """What a cell of this list may hold, for an error message: every name with its common forms for short
    lists ("在编（编制内、在编人员）、非在编（合同制、人事代理、编外）…"), every name for medium ones, examples and
    the count for long ones; codes are accepted too."""
    items = code_items(list_key)
    if not items:
        return ""
    if len(items) <= ALLOWED_WITH_ALIASES_MAX:
        named = "、".join(
            f"{name}（{'、'.join(aliases)}）" if aliases else name for _c, name, aliases in items
        )
        return _("可填写：%(values)s，或其代码") % {"values": named}
    if len(items) <= ALLOWED_NAMED_MAX:
        return _("可填写：%(values)s（常用简称和代码也可）") % {"values": "、".join(n for _c, n, _a in items)}
    return _("可填写该代码表中的名称、常用简称或代码（共 %(n)d 项，如%(examples)s）") % {
        "examples": "、".join(n for _c, n, _a in items[:3]),
        "n": len(items),
    }


def code_resolve(list_key: str, value: object, *, required: bool = False, allowed: bool = False) -> str:
    """The code for a typed value; '' when blank (unless required). Raises ValidationError in Chinese; with
    `allowed` (importers) the message also says what the cell may hold (`code_allowed`)."""
    text = _normal(value)
    if not text:
        if required:
            raise ValidationError(_("请填写%(list)s") % {"list": LIST_LABELS.get(list_key, list_key)})
        return ""
    code = code_lookup(list_key).get(text)
    if code is None:
        message = _("“%(value)s”不在%(list)s代码表中") % {
            "value": cell_text(value),
            "list": LIST_LABELS.get(list_key, list_key),
        }
        hint = code_allowed(list_key) if allowed else ""
        raise ValidationError(f"{message}；{hint}" if hint else message)
    return code


def code_name(list_key: str, code: str) -> str:
    item = CodeItem.objects.filter(list_key=list_key, code=code).only("name").first()
    return item.name if item else code
