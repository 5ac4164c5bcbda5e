"""Quiz certificates move onto the certificates block (issue 15): every `quizzes.Certificate` becomes a
`certificates.Certificate` of kind `quiz` (owner the activity, holder the member, issuer the activity's union),
keeping its verification code, its score (`data["score"]`) and its date, numbered 答题证〔year〕n号 per (issuer,
series, year) in the order the certificates were issued, and the block's `core.NumberSequence` counters are set to
the last number given, so the block goes on from there (`core.numbering` semantics, replicated here on the
historical models: a migration does not import the app's code).

Reversible: backwards, every valid block certificate of kind `quiz` becomes a `quizzes.Certificate` again (code,
score, date) and leaves the block, and each counter goes down over the numbers so given back at its top, so forwards
again gives every certificate the number it had. A revoked certificate stays in the block (the old model cannot say
已撤销; making it valid again would be wrong), so its number stays taken.

Tested by `quizzes/tests/test_certificate_migration.py` (MigrationExecutor, on rows made there and on the quiz demo),
and on copies of the full demo database (SQLite, DATABASE_URL=sqlite:////tmp/demo.sqlite3):
- seeded before this change (quizzes at 0001, 219 certificates), then `manage.py migrate`: the block held the same
  219 (code, activity, member, score), numbered 答题证〔2026〕1号…219号, counter at 219; `migrate quizzes 0001` gave
  back the same 219 rows and set the counter to 0; `migrate` again gave every code its number again;
- seeded after it (`migrate` + `seed_demo`, 234 certificates in the block): `migrate quizzes 0001` and `migrate`
  again left the (code, activity, member, score) rows and the (code, number) pairs unchanged.
"""

import uuid

from django.db import migrations
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

KIND = "quiz"
SERIES = "答题证"  # `quizzes.certificates.QUIZ_SERIES` when this migration was written
BATCH = 1000


def _number(series, year, serial):
    return f"{series}〔{year}〕{serial}号"  # core.numbering.document_number


def _content_types(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    activity_type, _created = ContentType.objects.get_or_create(app_label="quizzes", model="quizactivity")
    member_type, _created = ContentType.objects.get_or_create(app_label="members", model="member")
    return activity_type, member_type


def certificates_to_block(apps, schema_editor):
    Old = apps.get_model("quizzes", "Certificate")
    New = apps.get_model("certificates", "Certificate")
    NumberSequence = apps.get_model("core", "NumberSequence")
    activity_type, member_type = _content_types(apps)
    present = set(
        New.objects.filter(kind=KIND, owner_type=activity_type, holder_type=member_type).values_list(
            "owner_id", "holder_id"
        )
    )
    last = {}  # (issuer_id, year) -> the last serial given
    rows = []
    old_rows = (
        Old.objects.order_by("created_at", "id")
        .values(
            "code",
            "score",
            "created_at",
            "activity_id",
            "activity__org_id",
            "activity__title",
            "member_id",
            "member__name",
            "member__org_id",
        )
        .iterator(chunk_size=BATCH)
    )
    for old in old_rows:
        if (old["activity_id"], old["member_id"]) in present:
            continue
        awarded_on = timezone.localdate(old["created_at"])
        key = (old["activity__org_id"], awarded_on.year)
        if key not in last:
            sequence = (
                NumberSequence.objects.select_for_update()
                .filter(issuer_id=key[0], series=SERIES, year=key[1])
                .first()
            )
            last[key] = sequence.last_number if sequence is not None else 0
        last[key] += 1
        rows.append(
            New(
                public_id=uuid.uuid4(),
                issuer_id=old["activity__org_id"],
                kind=KIND,
                series=SERIES,
                year=awarded_on.year,
                serial=last[key],
                number=_number(SERIES, awarded_on.year, last[key]),
                code=old["code"],
                holder_type=member_type,
                holder_id=old["member_id"],
                holder_name=(old["member__name"] or "")[:100],
                holder_org_id=old["member__org_id"],
                owner_type=activity_type,
                owner_id=old["activity_id"],
                title=(old["activity__title"] or "")[:200],
                awarded_on=awarded_on,
                data={"score": old["score"]},
                status="valid",
            )
        )
        if len(rows) >= BATCH:
            New.objects.bulk_create(rows)
            rows = []
    New.objects.bulk_create(rows)
    for (issuer_id, year), serial in last.items():
        NumberSequence.objects.update_or_create(
            issuer_id=issuer_id, series=SERIES, year=year, defaults={"last_number": serial}
        )
    # the block's rows keep the old issue time (auto_now_add stamped them now)
    copied = Old.objects.filter(code=OuterRef("code"))
    New.objects.filter(Exists(copied)).update(created_at=Subquery(copied.values("created_at")[:1]))


def certificates_from_block(apps, schema_editor):
    Old = apps.get_model("quizzes", "Certificate")
    New = apps.get_model("certificates", "Certificate")
    NumberSequence = apps.get_model("core", "NumberSequence")
    QuizActivity = apps.get_model("quizzes", "QuizActivity")
    Member = apps.get_model("members", "Member")
    activity_type, member_type = _content_types(apps)
    block = New.objects.filter(kind=KIND, owner_type=activity_type, holder_type=member_type)
    present = set(Old.objects.values_list("activity_id", "member_id"))
    activities = set(QuizActivity.objects.values_list("pk", flat=True))
    members = set(Member.objects.values_list("pk", flat=True))
    rows = []
    moved = []  # the block rows that became quiz certificates again
    for new in block.filter(status="valid").order_by("created_at", "serial", "pk").iterator(chunk_size=BATCH):
        pair = (new.owner_id, new.holder_id)
        if pair in present or new.owner_id not in activities or new.holder_id not in members:
            continue
        present.add(pair)
        moved.append(new.pk)
        rows.append(
            Old(
                activity_id=new.owner_id,
                member_id=new.holder_id,
                code=new.code[:16],
                score=int((new.data or {}).get("score") or 0),
            )
        )
    Old.objects.bulk_create(rows, batch_size=BATCH)
    kept = block.filter(code=OuterRef("code"))
    Old.objects.filter(Exists(kept)).update(created_at=Subquery(kept.values("created_at")[:1]))
    freed = {}  # (issuer_id, series, year) -> the serials given back
    for start in range(0, len(moved), BATCH):
        chunk = block.filter(pk__in=moved[start : start + BATCH])
        for issuer_id, series, year, serial in chunk.values_list("issuer_id", "series", "year", "serial"):
            freed.setdefault((issuer_id, series, year), set()).add(serial)
        chunk.delete()
    # a counter goes down over the numbers given back at its top only: a number still held (a revoked
    # certificate) or taken before this migration stays taken
    for (issuer_id, series, year), serials in freed.items():
        sequence = NumberSequence.objects.filter(issuer_id=issuer_id, series=series, year=year).first()
        if sequence is None:
            continue
        last_number = sequence.last_number
        while last_number in serials:
            last_number -= 1
        NumberSequence.objects.filter(pk=sequence.pk).update(last_number=last_number)


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0001_quizzes"),
        ("certificates", "0001_certificates"),
        ("core", "0002_number_sequence"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(certificates_to_block, certificates_from_block)]
