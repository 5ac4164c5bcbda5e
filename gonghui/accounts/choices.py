"""Choices of accounts: the kinds of personal identifier and gender (members and every app that stores a person
use them) and the purposes of a one-time SMS code."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IdType(models.TextChoices):
    RESIDENT = "resident", _("居民身份证")
    HK_MACAO = "hk_macao", _("港澳居民来往内地通行证")
    TAIWAN = "taiwan", _("台湾居民来往大陆通行证")
    FOREIGN_PERMANENT = "foreign_permanent", _("外国人永久居留身份证")
    PASSPORT = "passport", _("护照")


class Gender(models.TextChoices):
    MALE = "M", _("男")
    FEMALE = "F", _("女")


class SmsCodePurpose(models.TextChoices):
    ACTIVATE = "activate", _("激活账号")
    RESET = "reset", _("重置密码")
    JOIN = "join", _("网上入会")
    LOGIN = "login", _("会员登录")
