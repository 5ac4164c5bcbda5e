"""The portal's display preference: 长辈版 (关怀模式), kept on the person's own account (`User.portal_care_mode`).

A person's own display setting, not a record of the union: nobody else's data changes, so no audit row."""

from typing import Any


def care_mode_set(*, user: Any, on: bool) -> bool:
    """Turn 长辈版 on or off for `user`; returns whether it changed."""
    if user.portal_care_mode == on:
        return False
    user.portal_care_mode = on
    user.save(update_fields=["portal_care_mode"])
    return True
