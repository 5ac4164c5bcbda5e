"""Fills `Org.search_text` (the union search key) for the unions that existed before it."""

from django.db import migrations

from gonghui.orgs.search import search_text_for


def fill(apps, schema_editor):
    Org = apps.get_model("orgs", "Org")
    changed = []
    for org in Org.objects.only("pk", "name", "short_name", "unit_name", "aliases").iterator():
        org.search_text = search_text_for(
            name=org.name, short_name=org.short_name, unit_name=org.unit_name, aliases=org.aliases or []
        )
        changed.append(org)
    Org.objects.bulk_update(changed, ["search_text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0005_org_aliases"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
