"""会员名册导入 (集体入会): a union uploads its roster and the valid rows become members.

One importer serves the web flow (the spreadsheets framework: upload → validate → preview → commit as a background
task, registered under the key "members") and `manage.py import_members` (`roster_import`). The rules are in
`roster_validation`. The commit writes users, members, 入会 MembershipChange rows, role grants and timeline rows with
plain bulk writes (`core.bulk`: COPY on PostgreSQL, multi-row INSERTs on SQLite) that hand back the new keys; accounts get an unusable password (nothing is hashed per row) and the member
activates them by SMS code at /accounts/activate/."""

import secrets
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.actors import Actor
from gonghui.accounts.identity import (
    encrypt_identifier,
    mask_identifier,
)
from gonghui.accounts.models import RoleGrant, User
from gonghui.accounts.roles import MEMBER
from gonghui.codelists.lists import ID_TYPE
from gonghui.codelists.lookups import code_items
from gonghui.core.audit import audit_log
from gonghui.core.bulk import rows_insert, rows_insert_keys
from gonghui.core.excel import (
    Normalised,
    RowError,
    SheetSpec,
    read_records,
)
from gonghui.core.models import AuditAction, NumberSequence, TimelineEntry
from gonghui.core.spreadsheets import Importer, Progress, Record, ValidationResult, importers
from gonghui.orgs.choices import OrgStatus
from gonghui.orgs.models import Org
from gonghui.spreadsheets.choices import ImportMode

from ..choices import (
    HouseholdType,
    JobCategory,
    MemberAction,
    MembershipChangeKind,
    MemberStatus,
    SkillLevel,
)
from ..counting import counts_recount
from ..models import Member, MembershipChange
from ..permissions import MANAGE, can_manage_members
from .registry import JOB_CATEGORY_SHORT, name_search_fields
from .roster_validation import (
    CODE_LISTS,
    COLUMNS,
    LABELS,
    CodeLookup,
    RosterRow,
    UnitLookup,
    roster_preview_row,
    roster_row_clean,
    roster_rows_check,
)

ROSTER_KIND = "members"
MEMBER_NUMBER_SERIES = "会员编号"  # the series member_number_issue counts in
BATCH_SIZE = 2000
NUMBER_BLOCKS_PER_STATEMENT = 200  # (union, year) blocks per counter upsert: 800 parameters


class MemberImporter(Importer):
    key = ROSTER_KIND
    label = "会员名册导入"
    action = MANAGE
    columns = COLUMNS
    example = tuple(c.example for c in COLUMNS)
    preview_columns = ("name", "id_number", "phone", "unit", "joined_on")
    sensitive_columns = (LABELS["id_number"], LABELS["phone"])

    def preview_headers(self) -> list[str]:
        return [LABELS[k] for k in self.preview_columns] + [_("导入结果")]

    def target_orgs(self, user: Actor) -> QuerySet[Org]:
        return Org.objects.visible_to(user, MANAGE).filter(status=OrgStatus.ACTIVE).order_by("path")

    def result_url(self, org: Any) -> str:
        return reverse("members:member_list")

    def reference_sheets(self) -> list[SheetSpec]:
        """The template's 代码表: for every coded column, each value it accepts, its code and its common forms —
        the same table the import reads, so what the sheet lists is what imports."""
        rows: list[list[str]] = []
        for key, list_key in (("id_type", ID_TYPE), *CODE_LISTS.items()):
            rows.extend(
                [LABELS[key], name, code, "、".join(aliases)] for code, name, aliases in code_items(list_key)
            )
        rows.extend([LABELS["gender"], label, "", ""] for label in ("男", "女"))
        rows.extend(
            [LABELS["job_category"], str(label), code, JOB_CATEGORY_SHORT[code]]
            for code, label in JobCategory.choices
        )
        rows.extend([LABELS["skill_level"], str(level.label), "", ""] for level in SkillLevel)
        rows.extend([LABELS["household_type"], str(kind.label), "", ""] for kind in HouseholdType)
        for key in ("is_model_worker", "is_migrant_worker"):
            rows.extend([LABELS[key], answer, "", ""] for answer in ("是", "否"))
        return [
            SheetSpec(
                name="代码表",
                headers=["列", "可填写的值", "代码", "也可写作"],
                rows=rows,
                widths=[16, 28, 12, 40],
                notes=["以下各列只能填写表中的值（也可填写代码或“也可写作”中的写法），否则该行不能导入。"],
            )
        ]

    # -- validation --

    def validate(
        self, *, records: list[Record], org: Any, user: Actor | None, progress: Progress
    ) -> ValidationResult:
        today = timezone.localdate()
        units = UnitLookup(org)
        codes = CodeLookup()
        normalised: list[Normalised] = []
        rows: list[RosterRow] = []
        for index, (row_number, raw) in enumerate(records, start=1):
            rows.append(roster_row_clean(row_number, raw, org, units, codes, today, normalised))
            if index % 1000 == 0:
                progress(index)
        roster_rows_check(rows, org, units)
        result = ValidationResult(normalised=normalised)
        for row in rows:
            if row.problems:
                result.errors.extend(
                    RowError(row.number, column, message) for column, message in row.problems
                )
            else:
                result.payloads.append(row.data)
                result.unchanged += row.data["unchanged"]
        result.preview = [roster_preview_row(p, units) for p in result.payloads[:20]]
        progress(len(records))
        return result

    # -- commit --

    def commit(
        self, *, payloads: list[dict[str, Any]], org: Any, user: Actor | None, progress: Progress
    ) -> int:
        """Create the new members in batches (unchanged rows are skipped) and recount the 会员计数 of the unions
        they joined. Call inside a transaction."""
        new = [p for p in payloads if not p["unchanged"]]
        done = len(payloads) - len(new)
        if not new:
            progress(len(payloads))
            return 0
        actor = user if getattr(user, "is_authenticated", False) else None
        orgs = Org.objects.in_bulk({p["org_id"] for p in new})
        numbers = _reserve_member_numbers(new, orgs)
        content_type = ContentType.objects.get_for_model(Member)
        actor_id = actor.pk if actor is not None else None
        pinyin: dict[str, dict[str, str]] = {}
        reason = _("集体入会（名册导入）")
        action_label = str(MemberAction.CREATE.label)
        notes = {
            pk: _("所属工会：%(org)s；%(reason)s") % {"org": union.name, "reason": reason}
            for pk, union in orgs.items()
        }
        for start in range(0, len(new), BATCH_SIZE):
            batch = new[start : start + BATCH_SIZE]
            try:
                member_ids = self._insert_batch(batch, orgs, numbers, pinyin)
            except IntegrityError:
                raise ValidationError(
                    _(
                        "导入时发现证件号码、手机号或会员编号已被占用（可能有人同时办理了入会），请重新上传校验"
                    )
                ) from None
            rows_insert(
                MembershipChange,
                (
                    {
                        "member_id": member_id,
                        "kind": MembershipChangeKind.JOIN.value,
                        "to_org_id": payload["org_id"],
                        "happened_on": payload["joined_on"],
                        "reason": reason,
                        "actor_id": actor_id,
                    }
                    for member_id, payload in zip(member_ids, batch, strict=True)
                ),
            )
            rows_insert(
                TimelineEntry,
                (
                    {
                        "content_type_id": content_type.pk,
                        "object_id": str(member_id),
                        "actor_id": actor_id,
                        "action": MemberAction.CREATE.value,
                        "action_label": action_label,
                        "to_state": MemberStatus.ACTIVE.value,
                        "note": notes[payload["org_id"]],
                    }
                    for member_id, payload in zip(member_ids, batch, strict=True)
                ),
            )
            done += len(batch)
            progress(done)
        # the unions' 会员计数, from their member rows, in this transaction (bulk writes pass no per-member hook)
        counts_recount(org_ids={p["org_id"] for p in new})
        progress(len(payloads))
        return len(new)

    @staticmethod
    def _insert_batch(
        batch: list[dict[str, Any]],
        orgs: dict[int, Org],
        numbers: dict[int, str],
        pinyin: dict[str, dict[str, str]],
    ) -> list[int]:
        """Accounts (no usable password; the member activates by SMS code), member role grants and members of
        one batch as plain bulk writes (`core.bulk`); returns the new members' keys in batch order."""
        with_phone = [p for p in batch if p["phone"]]
        new_user_ids = rows_insert_keys(
            User,
            (
                {
                    "username": f"m{p['phone']}",
                    "name": p["name"],
                    "phone": p["phone"],
                    "password": UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30),
                }
                for p in with_phone
            ),
        )
        user_ids = {p["phone"]: user_id for p, user_id in zip(with_phone, new_user_ids, strict=True)}
        rows_insert(
            RoleGrant,
            ({"user_id": user_ids[p["phone"]], "role": MEMBER, "org_id": p["org_id"]} for p in with_phone),
        )
        rows: list[dict[str, Any]] = []
        for payload in batch:
            name, phone = payload["name"], payload["phone"]
            if name not in pinyin:
                pinyin[name] = name_search_fields(name)
            rows.append(
                {
                    "org_id": payload["org_id"],
                    "user_id": user_ids[phone] if phone else None,
                    "name": name,
                    "gender": payload["gender"],
                    "birth_date": payload["birth_date"],
                    "id_type": payload["id_type"],
                    "id_number_encrypted": encrypt_identifier(payload["id_number"]),
                    "id_number_hash": payload["id_hash"],
                    "id_number_masked": mask_identifier(payload["id_number"]),
                    "phone": phone,
                    "status": MemberStatus.ACTIVE.value,
                    "ethnicity": payload["ethnicity"],
                    "education": payload["education"],
                    "political_status": payload["political_status"],
                    "employment": payload["employment"],
                    "position_title": payload["position_title"],
                    "job_category": payload["job_category"],
                    "skill_level": payload["skill_level"],
                    "household_type": payload["household_type"],
                    "joined_on": payload["joined_on"],
                    "status_changed_on": payload["joined_on"],
                    "member_number": numbers[payload["row"]],
                    "is_model_worker": payload["is_model_worker"],
                    "is_migrant_worker": payload["is_migrant_worker"],
                    **pinyin[name],
                }
            )
        return rows_insert_keys(Member, rows)


def _reserve_member_numbers(payloads: list[dict[str, Any]], orgs: dict[int, Org]) -> dict[int, str]:
    """会员编号 for every new row ({row number: number}), in file order, gap-free: one block per (union, year of
    joining), as `member_number_issue` would number them one by one (<org code>-<year>-<5 digits>). Every
    block is taken with one upsert of the counters (`INSERT … ON CONFLICT DO UPDATE … RETURNING`: a missing
    counter is created, an existing one moved by the block's size under its row lock until the transaction
    ends), not two statements per block."""
    groups: dict[tuple[int, int], list[int]] = defaultdict(list)
    for payload in payloads:
        groups[(payload["org_id"], payload["joined_on"].year)].append(payload["row"])
    table = connection.ops.quote_name(NumberSequence._meta.db_table)
    last: dict[tuple[int, int], int] = {}
    keys = sorted(groups)  # counters locked in one order by every import
    with connection.cursor() as cursor:
        for start in range(0, len(keys), NUMBER_BLOCKS_PER_STATEMENT):
            chunk = keys[start : start + NUMBER_BLOCKS_PER_STATEMENT]
            # the table name comes from the model's metadata; every value is a parameter
            cursor.execute(
                f"INSERT INTO {table} (issuer_id, series, year, last_number) VALUES "  # noqa: S608
                + ", ".join(["(%s, %s, %s, %s)"] * len(chunk))
                + " ON CONFLICT (issuer_id, series, year) DO UPDATE"
                f" SET last_number = {table}.last_number + excluded.last_number"
                " RETURNING issuer_id, year, last_number",
                [
                    v
                    for org_id, year in chunk
                    for v in (org_id, MEMBER_NUMBER_SERIES, year, len(groups[(org_id, year)]))
                ],
            )
            last.update(((org_id, year), number) for org_id, year, number in cursor.fetchall())
    numbers: dict[int, str] = {}
    for (org_id, year), row_numbers in groups.items():
        first = last[(org_id, year)] - len(row_numbers) + 1
        prefix = f"{orgs[org_id].code}-{year}"
        for offset, row_number in enumerate(row_numbers):
            numbers[row_number] = f"{prefix}-{first + offset:05d}"
    return numbers


@dataclass
class RosterImportReport:
    """What `roster_import` did: counts, every problem and every normalisation, and whether it wrote."""

    rows: int
    valid: int
    unchanged: int
    created: int
    committed: bool
    errors: list[RowError]
    normalised: list[Normalised]

    def as_json(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "valid": self.valid,
            "errors": [{"row": e.row, "field": e.column, "message": e.message} for e in self.errors],
            "normalised": [n.as_dict() for n in self.normalised],
        }


@transaction.atomic
def roster_import(
    *,
    content: bytes,
    org: Org,
    actor: Actor | None,
    mode: str = ImportMode.ALL,
    dry_run: bool = False,
    source: str = "",
    progress: Progress | None = None,
) -> RosterImportReport:
    """Validate a roster file and (unless dry_run) import it: mode ALL imports nothing when any row has a
    problem, mode VALID imports the valid rows. Raises SpreadsheetError when the file cannot be read. An actor
    of None is the system (the management command)."""
    if actor is not None and not can_manage_members(actor, org):
        raise PermissionDenied
    importer = importers.get(ROSTER_KIND)
    sheet = read_records(content, importer.columns)
    result = importer.validate(records=sheet.records, org=org, user=actor, progress=progress or _ignore)
    committed = not dry_run and not (mode == ImportMode.ALL and result.errors)
    created = 0
    if committed:
        created = importer.commit(payloads=result.payloads, org=org, user=actor, progress=progress or _ignore)
        audit_log(
            action=AuditAction.ADMIN_EDIT,
            actor=actor,
            actor_label="" if actor is not None else "manage.py import_members",
            org_id=org.pk,
            summary=f"导入{importer.label} {created} 行（文件 {source or '未命名'}）",
        )
    return RosterImportReport(
        rows=len(sheet.records),
        valid=len(result.payloads),
        unchanged=result.unchanged,
        created=created,
        committed=committed,
        errors=result.errors,
        normalised=result.normalised,
    )


def _ignore(done: int) -> None:
    return None
