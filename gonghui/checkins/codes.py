"""The rotating 会员码: a TOTP (RFC 6238: HMAC-SHA1, 30-second steps, 8 digits) from a per-member secret.

The phone computes the code itself (static/js/member_code.js) from the secret it received once online, so the code
can be redrawn without a network; a code is accepted for the current and the previous step (at most 60 s), so a
screenshot is useless a minute later. The QR code carries `GH1:<member public id hex>:<code>` — no personal
identifier."""

import datetime as dt
import hashlib
import hmac
import re
import struct
from dataclasses import dataclass

STEP_SECONDS = 30
DIGITS = 8
ACCEPTED_STEPS = 2  # the current step and the previous one: at most 60 s
PREFIX = "GH1"
SECRET_BYTES = 20
_PAYLOAD = re.compile(r"^GH1:([0-9a-f]{32}):(\d{8})$")


def step_of(moment: dt.datetime) -> int:
    """The TOTP counter of a moment: whole 30-second steps since the Unix epoch."""
    return int(moment.timestamp()) // STEP_SECONDS


def totp(secret: bytes, step: int) -> str:
    """RFC 4226 HOTP of the counter `step` (RFC 6238 TOTP when `step` comes from `step_of`), 8 digits."""
    digest = hmac.new(secret, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**DIGITS).zfill(DIGITS)


@dataclass(frozen=True)
class ScannedCode:
    member_public_hex: str
    code: str


def payload_of(*, member_public_hex: str, code: str) -> str:
    return f"{PREFIX}:{member_public_hex}:{code}"


def parse_payload(payload: str) -> ScannedCode | None:
    """The member and code of a scanned QR text, or None when it is not a 会员码 of this format."""
    found = _PAYLOAD.match(payload.strip().lower().replace("gh1:", "GH1:", 1))
    if found is None:
        return None
    return ScannedCode(member_public_hex=found.group(1), code=found.group(2))


def matching_step(
    secret: bytes, code: str, *, now: dt.datetime, look_back: int = ACCEPTED_STEPS
) -> int | None:
    """The step among the last `look_back` steps (current first) whose code is `code`, or None."""
    current = step_of(now)
    for step in range(current, current - look_back, -1):
        if hmac.compare_digest(totp(secret, step), code):
            return step
    return None
