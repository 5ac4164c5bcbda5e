"""统一社会信用代码 (GB 32100-2015) checksum and org code format."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gonghui.accounts.identity import normalize_identifier

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_CODE = re.compile(r"^[A-Z][A-Z0-9-]{1,19}$")


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_CHARS[(31 - total % 31) % 31]


def normalize_credit_code(raw: object) -> str:
    return normalize_identifier(raw)


def validate_credit_code(value: str) -> None:
    code = normalize_credit_code(value)
    if len(code) != 18:
        raise ValidationError(_("统一社会信用代码应为18位，当前为%(n)d位") % {"n": len(code)}, code="length")
    bad = [c for c in code if c not in USCC_CHARS]
    if bad:
        raise ValidationError(
            _("统一社会信用代码含有无效字符“%(c)s”（不使用 I、O、S、V、Z）") % {"c": bad[0]},
            code="charset",
        )
    if uscc_check_char(code[:17]) != code[17]:
        raise ValidationError(_("统一社会信用代码校验位不正确，请核对"), code="checksum")


def validate_org_code(value: str) -> None:
    if not _ORG_CODE.match(value):
        raise ValidationError(
            _("组织编码须以大写字母开头，由2–20位大写字母、数字或短横线组成"), code="org_code"
        )


def validate_aliases(value: object) -> None:
    """别名: a list of at most 20 short texts (the form splits what is typed; see `orgs.search.split_aliases`)."""
    from .search import ALIAS_MAX_LENGTH, ALIASES_MAX

    if not isinstance(value, list) or not all(isinstance(a, str) for a in value):
        raise ValidationError(_("别名格式不正确"), code="aliases")
    if len(value) > ALIASES_MAX:
        raise ValidationError(
            _("别名最多%(n)d个，当前为%(m)d个") % {"n": ALIASES_MAX, "m": len(value)}, code="aliases"
        )
    for alias in value:
        if not alias.strip():
            raise ValidationError(_("别名不能为空白"), code="aliases")
        if len(alias) > ALIAS_MAX_LENGTH:
            raise ValidationError(
                _("别名“%(a)s”过长：最多%(n)d个字") % {"a": alias[:10] + "…", "n": ALIAS_MAX_LENGTH},
                code="aliases",
            )
