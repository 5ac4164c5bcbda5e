"""The rotating 会员码: RFC 6238 TOTP (SHA-1, 8 digits) in Python and in the phone's JavaScript, the QR text
format, and the acceptance of the current and previous step only."""

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from gonghui.checkins.codes import matching_step, parse_payload, payload_of, step_of, totp

# RFC 6238 appendix B, the SHA-1 rows: the ASCII secret "12345678901234567890", T0 = 0, X = 30 s, 8 digits.
RFC_SECRET = b"12345678901234567890"
RFC_VECTORS = [
    (59, "94287082"),
    (1111111109, "07081804"),
    (1111111111, "14050471"),
    (1234567890, "89005924"),
    (2000000000, "69279037"),
    (20000000000, "65353130"),
]
MEMBER_CODE_JS = Path(__file__).resolve().parents[3] / "static" / "js" / "member_code.js"


@pytest.mark.parametrize(("unix_time", "expected"), RFC_VECTORS)
def test_totp_matches_the_rfc_6238_sha1_vectors(unix_time, expected):
    moment = dt.datetime.fromtimestamp(unix_time, tz=dt.UTC)
    assert totp(RFC_SECRET, step_of(moment)) == expected


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node to run the phone's JavaScript")
def test_the_phone_script_computes_the_same_vectors():
    script = (
        "global.window={};global.document={querySelector:()=>null};"
        f"require({json.dumps(str(MEMBER_CODE_JS))});"
        "const key=[...Buffer.from('12345678901234567890')];"
        f"const times={json.dumps([t for t, _ in RFC_VECTORS])};"
        "console.log(JSON.stringify(times.map(t=>window.GonghuiMemberCode.totp(key,Math.floor(t/30),8))));"
    )
    out = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True)  # noqa: S603, S607
    assert json.loads(out.stdout) == [code for _, code in RFC_VECTORS]


def test_the_qr_text_carries_the_public_id_and_the_code_only():
    payload = payload_of(member_public_hex="0" * 31 + "a", code="01234567")
    assert payload == "GH1:" + "0" * 31 + "a:01234567"
    scanned = parse_payload(payload)
    assert scanned is not None
    assert (scanned.member_public_hex, scanned.code) == ("0" * 31 + "a", "01234567")


@pytest.mark.parametrize(
    "payload",
    [
        "",
        "hello",
        # the old static card code: a signed public id (django.core.signing), never changing
        "3f2a9c1b7d4e4b0c9a1d2e3f4a5b6c7d:Xy3kZ8bQ1pVw9sT4uR7eN2mL5oK",
        "GH1:3f2a9c1b7d4e4b0c9a1d2e3f4a5b6c7d:1234567",
        "GH2:3f2a9c1b7d4e4b0c9a1d2e3f4a5b6c7d:12345678",
    ],
)
def test_anything_else_is_not_a_member_code(payload):
    assert parse_payload(payload) is None


def test_the_current_and_the_previous_step_are_accepted_and_no_older_one():
    now = dt.datetime(2026, 12, 6, 8, 0, 10, tzinfo=dt.UTC)
    current = step_of(now)
    assert matching_step(RFC_SECRET, totp(RFC_SECRET, current), now=now) == current
    assert matching_step(RFC_SECRET, totp(RFC_SECRET, current - 1), now=now) == current - 1
    assert matching_step(RFC_SECRET, totp(RFC_SECRET, current - 2), now=now) is None
    assert matching_step(RFC_SECRET, totp(RFC_SECRET, current + 1), now=now) is None
