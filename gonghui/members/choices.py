from django.db import models
from django.utils.translation import gettext_lazy as _


class MemberStatus(models.TextChoices):
    """会籍状态."""

    ACTIVE = "active", _("在籍")
    TRANSFERRED_OUT = "transferred_out", _("已转出")
    RETIRED_KEPT = "retired_kept", _("保留会籍(退休)")
    LEFT = "left", _("已退会")
    DECEASED = "deceased", _("已故")


# States in which the person counts as a member of the union (one union at a time).
HOLDING_STATUSES = (MemberStatus.ACTIVE, MemberStatus.RETIRED_KEPT)
