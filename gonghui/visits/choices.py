"""Occasions of a visit (走访慰问)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class VisitOccasion(models.TextChoices):
    FESTIVAL = "festival", _("节日慰问")
    ILLNESS = "illness", _("生病住院探望")
    HARDSHIP = "hardship", _("困难走访")
    BIRTHDAY = "birthday", _("生日慰问")
    RETIREMENT = "retirement", _("退休慰问")
    BEREAVEMENT = "bereavement", _("吊唁慰问")
    OTHER = "other", _("其他")
