"""Reads of 困难职工帮扶 — part `classing`."""

from typing import Any

from ..models import HardshipFile


def classing_panel(*, user: Any, file: HardshipFile) -> dict[str, Any]:
    """The context of this part's card on the file page (`welfare/files/_classing.html`)."""
    return {"file": file}
