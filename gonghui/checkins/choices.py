from django.db import models
from django.utils.translation import gettext_lazy as _


class CheckinMethod(models.TextChoices):
    SCAN = "scan", _("扫码")
    MANUAL = "manual", _("手工")
