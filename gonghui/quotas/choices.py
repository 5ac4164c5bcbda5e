"""Choices of the quotas block."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class QuotaSource(models.TextChoices):
    """Where a set's places come from: fixed by the holding union itself, or handed down by a higher union."""

    LOCAL = "local", _("本级设定")
    ISSUED = "issued", _("上级下达")
