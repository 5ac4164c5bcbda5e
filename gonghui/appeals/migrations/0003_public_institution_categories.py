"""诉求类别 for the staff of 事业单位 (schools, hospitals, institutes, troupes): product defaults beside the company
ones, added to existing installs too. A category an install already has under the same name is left as it is."""

from django.db import migrations

PUBLIC_INSTITUTION_CATEGORIES = (
    ("employment_contract", "聘用合同"),
    ("professional_title", "职称评聘"),
    ("performance_pay", "绩效工资"),
    ("establishment_reform", "编制与事业单位改革"),
)


def load(apps, schema_editor):
    category = apps.get_model("appeals", "AppealCategory")
    # after 人事争议 (order 70) and before 心理援助 (80) of 0002; an install's own order is kept
    for index, (code, name) in enumerate(PUBLIC_INSTITUTION_CATEGORIES, start=1):
        if category.objects.filter(code=code).exists() or category.objects.filter(name=name).exists():
            continue
        category.objects.create(code=code, name=name, order=70 + index)


class Migration(migrations.Migration):
    dependencies = [("appeals", "0002_default_categories")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
