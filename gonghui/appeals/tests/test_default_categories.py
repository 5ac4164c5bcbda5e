"""The product's default 诉求类别 include those of 事业单位 staff, for new and existing installs alike."""

import importlib

import pytest
from django.apps import apps

from gonghui.appeals.models import AppealCategory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("gonghui.appeals.migrations.0003_public_institution_categories")


def test_the_public_institution_categories_follow_personnel_disputes():
    names = list(AppealCategory.objects.filter(is_active=True).values_list("name", flat=True))
    assert names[names.index("人事争议") + 1 : names.index("人事争议") + 5] == [
        "聘用合同",
        "职称评聘",
        "绩效工资",
        "编制与事业单位改革",
    ]
    assert not AppealCategory.objects.filter(code="professional_title", is_restricted=True).exists()


def test_an_install_that_named_one_already_keeps_its_own():
    # given an install that removed the defaults and had made its own 绩效工资 category
    AppealCategory.objects.filter(code__in=[c for c, _n in migration.PUBLIC_INSTITUTION_CATEGORIES]).delete()
    own = AppealCategory.objects.create(code="jixiao", name="绩效工资", reply_days=20, order=5)
    # when the data migration runs (again)
    migration.load(apps, None)
    migration.load(apps, None)
    # then it adds the three missing ones once and leaves the install's own category alone
    assert AppealCategory.objects.filter(name="绩效工资").get() == own
    assert AppealCategory.objects.get(name="绩效工资").reply_days == 20
    assert AppealCategory.objects.filter(name__in=["聘用合同", "职称评聘", "编制与事业单位改革"]).count() == 3
