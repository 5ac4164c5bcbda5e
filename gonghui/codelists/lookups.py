"""Looking values up in the code lists: full name, short form or code, ignoring spaces and width. Reads only:
the lists are reference data, loaded by a data migration and edited in the admin."""

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gonghui.core.excel import cell_text

from .lists import LIST_LABELS
from .models import CodeItem

_CACHE_SECONDS = 300


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


def code_resolve(list_key: str, value: object, *, required: bool = False) -> str:
    """The code for a typed value; '' when blank (unless required). Raises ValidationError in Chinese."""
    text = _normal(value)
    if not text:
        if required:
            raise ValidationError(_("请填写%(list)s") % {"list": LIST_LABELS.get(list_key, list_key)})
        return ""
    code = code_lookup(list_key).get(text)
    if code is None:
        raise ValidationError(
            _("“%(value)s”不在%(list)s代码表中")
            % {"value": cell_text(value), "list": LIST_LABELS.get(list_key, list_key)}
        )
    return code


def code_name(list_key: str, code: str) -> str:
    item = CodeItem.objects.filter(list_key=list_key, code=code).only("name").first()
    return item.name if item else code
