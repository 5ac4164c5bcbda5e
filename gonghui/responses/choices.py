"""The choices of the anonymous-response store."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CollectionStatus(models.TextChoices):
    """Whether an owner still collects responses (`Collection.status`)."""

    OPEN = "open", _("收集中")
    CLOSED = "closed", _("已结束")


class QuestionKind(models.TextChoices):
    """The question types the form renderer and the tallies know."""

    SINGLE = "single", _("单选")
    MULTIPLE = "multiple", _("多选")
    TEXT = "text", _("填空")


class Attribute(models.TextChoices):
    """The coarse attributes an owner may ask to keep on its answers: the only ones the store can compute
    (`kinds.member_attribute`). Nothing finer (birth date, name, the exact union below the chosen level)."""

    GENDER = "gender", _("性别")
    AGE_BAND = "age_band", _("年龄段")
    EMPLOYMENT = "employment", _("用工性质")
    UNIT = "unit", _("所在单位")
    INDUSTRY = "industry", _("所属行业")
    JOB_CATEGORY = "job_category", _("岗位类别")
