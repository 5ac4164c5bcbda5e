"""Sealed personal data of 困难职工帮扶: health, disability, income, rigid spending, survey findings and accident
details are kept as one Fernet-encrypted JSON object per row (the key of the ID numbers, `PERSONAL_DATA_KEY`), so
no stored column holds them in plain text. Read them only through `unseal` in a service or selector that checks
`welfare.reveal` and writes the audit row (or, for the computation of a class, keeps them inside the server)."""

import json
from collections.abc import Mapping
from typing import Any

from gonghui.accounts.identity import decrypt_identifier, encrypt_identifier


def seal(values: Mapping[str, Any]) -> str:
    """The encrypted JSON of `values` ("" for an empty mapping). Decimals and dates become strings."""
    if not values:
        return ""
    return encrypt_identifier(json.dumps(dict(values), ensure_ascii=False, sort_keys=True, default=str))


def unseal(token: str) -> dict[str, Any]:
    """The mapping sealed in `token` ({} for ""). Raises ValueError when the configured key cannot open it."""
    if not token:
        return {}
    value = json.loads(decrypt_identifier(token))
    if not isinstance(value, dict):
        raise ValueError("sealed welfare data is not a mapping")
    return value
