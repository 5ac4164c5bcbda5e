"""The default 诉求类别 (editable afterwards): accept within 2 and reply within 15 working days; 女职工权益 and
心理援助 are restricted to designated handlers."""

from django.db import migrations

DEFAULT_CATEGORIES = (
    ("labour_contract", "劳动合同", False),
    ("wages", "工资待遇", False),
    ("social_insurance", "社会保险", False),
    ("rest_leave", "休息休假", False),
    ("women", "女职工权益", True),
    ("safety", "职业安全卫生", False),
    ("personnel", "人事争议", False),
    ("counselling", "心理援助", True),
    ("other", "其他", False),
)


def load(apps, schema_editor):
    category = apps.get_model("appeals", "AppealCategory")
    for index, (code, name, restricted) in enumerate(DEFAULT_CATEGORIES, start=1):
        category.objects.get_or_create(
            code=code, defaults={"name": name, "is_restricted": restricted, "order": index * 10}
        )


class Migration(migrations.Migration):
    dependencies = [("appeals", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
