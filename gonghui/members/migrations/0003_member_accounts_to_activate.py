# Data migration: members enrolled one at a time (新增会员) before every member got a portal account have a phone
# but no account, so the activation page could never find them. Give each such member holding membership the
# account an import or an approval would have made: login m<phone>, no usable password (the member sets one by
# SMS code), the member role on the member's union. A phone that is already another account's login is left
# alone (the union sorts it out on the member page). Reversing keeps the accounts.

import secrets

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import migrations

HOLDING = ("active", "retired_kept")


def accounts_for_members(apps, schema_editor):
    Member = apps.get_model("members", "Member")
    User = apps.get_model("accounts", "User")
    RoleGrant = apps.get_model("accounts", "RoleGrant")
    waiting = Member.objects.filter(user__isnull=True, status__in=HOLDING).exclude(phone="").order_by("pk")
    for member in waiting.iterator():
        username = f"m{member.phone}"
        if User.objects.filter(phone=member.phone).exists():
            continue
        if User.objects.filter(username=username).exists():
            username = f"m{member.phone}-{member.public_id.hex[:6]}"
        user = User.objects.create(
            username=username,
            name=member.name,
            phone=member.phone,
            password=UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30),
        )
        RoleGrant.objects.get_or_create(user=user, role="member", org_id=member.org_id)
        Member.objects.filter(pk=member.pk).update(user=user)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_sms_code_join_purpose"),
        ("members", "0002_member_registry_joining_transfers_cards"),
    ]

    operations = [
        migrations.RunPython(accounts_for_members, migrations.RunPython.noop),
    ]
