"""Personal identifiers: 身份证号 validation (GB 11643), encryption at rest, keyed lookup hash,
masking; mobile numbers. Used by members and every app that stores an identifier."""

import base64
import datetime as dt
import hashlib
import hmac
import re
from dataclasses import dataclass
from functools import cache

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .choices import Gender, IdType

_FULL_WIDTH = str.maketrans(
    "０１２３４５６７８９ＸｘＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＹＺ",
    "0123456789XXABCDEFGHIJKLMNOPQRSTUVWYZ",
)
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
_OTHER_FORMATS = {
    IdType.HK_MACAO: re.compile(r"^[HM]\d{8}(\d{2})?$"),
    IdType.TAIWAN: re.compile(r"^\d{8}(\d{2})?$"),
    IdType.FOREIGN_PERMANENT: re.compile(r"^([A-Z]{3}\d{12}|9\d{17})$"),
    IdType.PASSPORT: re.compile(r"^[A-Z0-9]{5,17}$"),
}
_MOBILE = re.compile(r"^1[3-9]\d{9}$")


def normalize_identifier(raw: object) -> str:
    """Strip spaces, turn full-width characters half-width, upper-case; spreadsheets hand us
    floats ("410802199001011234.0") and full-width digits."""
    # Upper-case first so full-width lower-case letters (ｅ → Ｅ) are translated too.
    text = str(raw if raw is not None else "").strip().upper().translate(_FULL_WIDTH)
    text = re.sub(r"\s+", "", text)
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    return text


def resident_id_check_char(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


@dataclass(frozen=True)
class ResidentId:
    number: str
    birth_date: dt.date
    gender: str  # Gender value


def parse_resident_id(raw: object, *, gender: str | None = None) -> ResidentId:
    """Validate a 居民身份证号 (GB 11643): 18 characters, real birth date, check character,
    and (when given) a gender that matches the 17th digit. Raises ValidationError in Chinese."""
    number = normalize_identifier(raw)
    if not number:
        raise ValidationError(_("请填写身份证号"), code="required")
    if len(number) == 15 and number.isdigit():
        raise ValidationError(_("不支持15位旧身份证号，请填写18位身份证号"), code="legacy_15")
    if len(number) != 18:
        raise ValidationError(_("身份证号应为18位，当前为%(n)d位") % {"n": len(number)}, code="length")
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError(_("身份证号前17位应为数字，最后一位为数字或X"), code="format")
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(
            _("身份证号中的出生日期 %(d)s 不存在") % {"d": number[6:14]}, code="birth_date"
        ) from None
    today = dt.date.today()  # noqa: DTZ011 - a calendar date, not an instant
    if birth > today or birth.year < 1900:
        raise ValidationError(
            _("身份证号中的出生日期 %(d)s 不合理") % {"d": birth.isoformat()},
            code="birth_date",
        )
    if resident_id_check_char(number[:17]) != number[17]:
        raise ValidationError(_("身份证号校验位不正确，请核对"), code="checksum")
    id_gender = Gender.MALE if int(number[16]) % 2 == 1 else Gender.FEMALE
    if gender and gender != id_gender:
        raise ValidationError(
            _("身份证号第17位表示性别为%(g)s，与所填性别不一致") % {"g": Gender(id_gender).label},
            code="gender",
        )
    return ResidentId(number=number, birth_date=birth, gender=id_gender)


def validate_identifier(id_type: str, raw: object, *, gender: str | None = None) -> str:
    """Return the normalised identifier or raise ValidationError naming the problem."""
    if id_type == IdType.RESIDENT:
        return parse_resident_id(raw, gender=gender).number
    number = normalize_identifier(raw)
    pattern = _OTHER_FORMATS.get(IdType(id_type))
    if not number:
        raise ValidationError(_("请填写证件号码"), code="required")
    if pattern is not None and not pattern.match(number):
        raise ValidationError(_("%(type)s号码格式不正确") % {"type": IdType(id_type).label}, code="format")
    return number


def validate_mobile(value: str) -> None:
    if not _MOBILE.match(normalize_identifier(value)):
        raise ValidationError(_("请输入11位中国大陆手机号"), code="mobile")


def normalize_mobile(raw: object) -> str:
    number = normalize_identifier(raw)
    if number.startswith("+86"):
        number = number[3:]
    validate_mobile(number)
    return number


@cache
def _fernet(secret: str) -> Fernet:
    key = hashlib.sha256(f"gonghui-encrypt:{secret}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


@cache
def _hash_key(secret: str) -> bytes:
    return hashlib.sha256(f"gonghui-lookup:{secret}".encode()).digest()


def encrypt_identifier(number: str) -> str:
    return _fernet(settings.PERSONAL_DATA_KEY).encrypt(number.encode()).decode()


def decrypt_identifier(token: str) -> str:
    try:
        return _fernet(settings.PERSONAL_DATA_KEY).decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("identifier cannot be decrypted with the configured key") from exc


def identifier_hash(id_type: str, number: str) -> str:
    """Keyed hash for lookup and dedupe; the same number always gives the same hash."""
    message = f"{id_type}:{number}".encode()
    return hmac.new(_hash_key(settings.PERSONAL_DATA_KEY), message, hashlib.sha256).hexdigest()


def mask_identifier(number: str) -> str:
    """4108**********1234 for an 18-character number; shorter numbers (passes, passports) keep less, so at
    least half of every number stays hidden."""
    if len(number) <= 8:
        return number[:2] + "*" * max(len(number) - 2, 0)
    keep = 4 if len(number) >= 15 else 2
    return number[:keep] + "*" * (len(number) - 2 * keep) + number[-keep:]


def mask_phone(number: str | None) -> str:
    if not number:
        return ""
    if len(number) != 11:
        return mask_identifier(number)
    return f"{number[:3]}****{number[-4:]}"


def mask_name(name: str) -> str:
    """张*明 for 张三明, 张* for 张三, 欧**锋 for 欧阳峰锋: the first and the last character stay."""
    name = name.strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Completed years of age on `day` (a 29 February birthday completes on 1 March in common years)."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))
