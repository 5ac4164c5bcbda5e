"""Reads of 困难职工帮扶 — part `classing`: the 低保 line that applies to a union (`line_for`), the lines a user sees,
a file's class computed without storing it (`file_classification`) and the card on the file page
(`classing_panel`: the classes and the rules that fired, never the figures — those are income data, shown only
on the audited reveal page)."""

from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from gonghui.accounts.scoping import above_q
from gonghui.orgs.models import Org

from ..choices import Exclusion, FileStatus, HardshipClass
from ..classing import ClassResult, HouseholdFacts, classify
from ..models import HardshipFile, PovertyLine
from ..permissions import MANAGE, VIEW, can_handle_file, can_manage_for
from ..sealing import unseal
from .households import people_facts

# The class is computed, decided and its rigid spending entered before 审核 (审核 checks the decided class); these are
# open statuses (`choices.OPEN_STATUSES`).
CLASSABLE_STATUSES = (
    FileStatus.APPLIED,
    FileStatus.RETURNED,
    FileStatus.UNIT_CHECKED,
    FileStatus.SURVEYED,
)


def line_for(org: Org, year: int) -> PovertyLine | None:
    """The line of `year` of the nearest union among `org` and its ancestors that keeps one."""
    paths = org.ancestor_paths()
    return (
        PovertyLine.objects.filter(org__path__in=paths, year=year)
        .select_related("org")
        .order_by("-org__depth")
        .first()
    )


def lines_visible_to(user: Any, filters: dict[str, Any] | None = None) -> QuerySet[PovertyLine]:
    """The lines of the user's subtrees (`welfare.view`) and of the unions above them (those apply there too),
    newest year first; `filters` may name a `year`."""
    lines = PovertyLine.objects.filter(
        Q(pk__in=PovertyLine.objects.visible_to(user, VIEW).values("pk"))
        | above_q(user, VIEW, path_field="org__path")
    ).select_related("org", "updated_by")
    year = (filters or {}).get("year")
    if year:
        lines = lines.filter(year=year)
    return lines.order_by("-year", "org__path")


def line_years(user: Any) -> list[int]:
    return sorted(set(lines_visible_to(user).values_list("year", flat=True)), reverse=True)


def line_for_user_or_404(user: Any, line_id: int, *, demand: str | None = None) -> PovertyLine:
    return PovertyLine.objects.select_related("org").get_visible_or_404(user, VIEW, demand=demand, pk=line_id)


def line_orgs_for(user: Any) -> QuerySet[Org]:
    """The unions the user may keep lines for (`welfare.manage`), active ones, in tree order."""
    return Org.objects.visible_to(user, MANAGE).filter(status="active").order_by("path")


def can_edit_line(user: Any, line: PovertyLine) -> bool:
    return can_manage_for(user, line.org)


def file_expenses(file: HardshipFile) -> dict[str, Decimal]:
    """The file's rigid spending per kind (internal, unsealed: for the computation and the form's merge)."""
    return {kind: Decimal(str(amount)) for kind, amount in unseal(file.sealed).get("expenses", {}).items()}


def household_facts(file: HardshipFile) -> HouseholdFacts:
    return HouseholdFacts(
        people=people_facts(file.household),
        expenses=file_expenses(file),
        accident_kind=file.accident_kind,
        accident_date=file.accident_date,
        exclusions=list(file.exclusions or []),
    )


def classification_year() -> int:
    return timezone.localdate().year


def file_classification(file: HardshipFile, *, year: int | None = None) -> ClassResult:
    """The class of the file as computed now (nothing stored), against the line of `year` (this year)."""
    year = year or classification_year()
    return classify(facts=household_facts(file), line=line_for(file.org, year), year=year)


def sealed_fields(file: HardshipFile) -> dict[str, Any]:
    """The sealed part of the file (internal: services merge into it)."""
    return unseal(file.sealed)


def classing_panel(*, user: Any, file: HardshipFile) -> dict[str, Any]:
    """The card on the file page (`welfare/files/_classing.html`): the suggested and decided class, the rules that
    fired and the flags — no amounts — and the links to 刚性支出 and 核定类别 for whoever handles the file."""
    result = file_classification(file)
    sealed = sealed_fields(file)
    open_for_class = file.status in CLASSABLE_STATUSES
    return {
        "file": file,
        "computed": result.suggested,
        "computed_label": HardshipClass(result.suggested).label if result.suggested else "",
        "rules": result.rules,
        "flags": result.flags,
        "expense_kinds": len([v for v in sealed.get("expenses", {}).values() if Decimal(str(v)) > 0]),
        "has_event": bool(file.accident_kind and file.accident_date),
        "exclusions": [label for value, label in Exclusion.choices if value in (file.exclusions or [])],
        "stale": bool(file.suggested_class) and result.suggested != file.suggested_class,
        "can_change": open_for_class and can_handle_file(user, file),
    }


def spending_recorded(file: HardshipFile) -> tuple[set[str], dict[str, bool]]:
    """Which rigid spending kinds and which notes are recorded (for the form's hints; no amounts, no text)."""
    sealed = unseal(file.sealed)
    kinds = {kind for kind, amount in sealed.get("expenses", {}).items() if Decimal(str(amount)) > 0}
    notes = {name: bool(sealed.get(name)) for name in ("accident_note", "exclusion_note")}
    return kinds, notes


def spending_merged(
    file: HardshipFile, *, amounts: dict[str, Decimal | None], accident_note: str, exclusion_note: str
) -> tuple[dict[str, Decimal], str, str]:
    """The spending and notes to store from a form where an empty field keeps what is recorded (0 clears an
    amount): the full values `services.classing.file_expenses_set` takes."""
    sealed = unseal(file.sealed)
    recorded = {kind: Decimal(str(amount)) for kind, amount in sealed.get("expenses", {}).items()}
    expenses = {
        kind: (amount if amount is not None else recorded.get(kind, Decimal(0)))
        for kind, amount in amounts.items()
    }
    return (
        expenses,
        accident_note.strip() or sealed.get("accident_note", ""),
        exclusion_note.strip() or sealed.get("exclusion_note", ""),
    )
