"""Reads of 困难职工帮扶 — part `cycle`."""

from typing import Any

from ..models import HardshipFile


def cycle_panel(*, user: Any, file: HardshipFile) -> dict[str, Any]:
    """The context of this part's card on the file page (`welfare/files/_cycle.html`)."""
    return {"file": file}
