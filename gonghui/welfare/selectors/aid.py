"""Reads of 帮扶救助 (part `aid`): the aid of the files a user sees (scoped by the household's union, `welfare.view`),
with its filters and totals (per kind and year, per paying union, per household), the budget lines a user may pay
aid from, the payee's latest bank account in the ledger (masked, to prefill the form), the export layouts a user
may use (the built-in one, the saved ones of their subtrees and of the unions above) and the file page's card.

An aid whose ledger entry was reversed (`ledger_reverse`) is shown as 已冲销 and counts in no total."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from gonghui.accounts.scoping import above_q, action_paths, has_action, scope_q
from gonghui.ledger.models import BudgetLine, LedgerEntry
from gonghui.ledger.selectors import lines_with_spent
from gonghui.orgs.choices import OrgStatus
from gonghui.orgs.models import Org

from ..choices import AidKind, FileStatus
from ..models import AidExportLayout, AidRecord, HardshipFile
from ..permissions import MANAGE, VIEW, can_handle_file
from ..spreadsheets.aid import DEFAULT_AID_COLUMNS, DEFAULT_LAYOUT_KEY, DEFAULT_LAYOUT_NAME, ExportLayout

LEDGER_VIEW = "ledger.view"
LEDGER_MANAGE = "ledger.manage"
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class AidFilters:
    kind: str = ""
    year: int | None = None
    org: int | None = None
    fund: int | None = None
    q: str = ""

    def any(self) -> bool:
        return bool(self.kind or self.year or self.org or self.fund or self.q)


def _int(raw: Any) -> int | None:
    text = str(raw or "").strip()
    return int(text) if text.isdigit() and len(text) < 10 else None


def aid_filters(params: Any) -> AidFilters:
    """The list's filters from a query string (unknown or malformed values are ignored)."""
    kind = str(params.get("kind") or "")
    return AidFilters(
        kind=kind if kind in AidKind.values else "",
        year=_int(params.get("year")),
        org=_int(params.get("org")),
        fund=_int(params.get("fund")),
        q=str(params.get("q") or "").strip()[:50],
    )


def aids_visible_to(user: Any, action: str = VIEW) -> QuerySet[AidRecord]:
    """The aid of the files the user sees with `action` (the household's union in the user's subtrees: a county
    pays for a grassroots union's household, whose own 帮扶干事 sees it too), `is_reversed` annotated."""
    files = HardshipFile.objects.visible_to(user, action)
    return (
        AidRecord.objects.filter(file__in=files)
        .select_related(
            "file__org",
            "file__applicant",
            "org",
            "budget_line__fund__org",
            "ledger_entry",
            "recorded_by",
        )
        .annotate(is_reversed=Exists(LedgerEntry.objects.filter(reverses_id=OuterRef("ledger_entry_id"))))
    )


def aid_list_for_user(user: Any, filters: AidFilters, *, action: str = VIEW) -> QuerySet[AidRecord]:
    """The list page's (and the export's) aid: filtered by kind, year, paying union (with its subtree), fund and a
    search of the applicant's name, the file number or the occasion; newest first."""
    aids = aids_visible_to(user, action)
    if filters.kind:
        aids = aids.filter(kind=filters.kind)
    if filters.year:
        aids = aids.filter(year=filters.year)
    if filters.org:
        org = Org.objects.filter(pk=filters.org).values_list("path", flat=True).first()
        aids = aids.filter(org__path__startswith=org) if org else aids.none()
    if filters.fund:
        aids = aids.filter(budget_line__fund_id=filters.fund)
    if filters.q:
        aids = aids.filter(
            Q(file__applicant__name__contains=filters.q)
            | Q(file__number__contains=filters.q)
            | Q(occasion__contains=filters.q)
        )
    return aids.order_by("-created_at", "-pk")


def _standing(aids: QuerySet[AidRecord]) -> QuerySet[AidRecord]:
    return aids.filter(ledger_entry__reversal__isnull=True).order_by()


@dataclass(frozen=True)
class YearTotals:
    year: int
    by_kind: list[Decimal]  # in AidKind order
    total: Decimal
    count: int


def totals_by_year(aids: QuerySet[AidRecord]) -> list[YearTotals]:
    """Totals per year (newest first) and kind of the aid that stands (reversed aid left out). One query."""
    cells: dict[int, dict[str, Decimal]] = defaultdict(dict)
    counts: dict[int, int] = defaultdict(int)
    for row in _standing(aids).values("year", "kind").annotate(total=Sum("amount"), n=Count("pk")):
        cells[row["year"]][row["kind"]] = Decimal(row["total"]).quantize(ZERO)
        counts[row["year"]] += row["n"]
    return [
        YearTotals(
            year=year,
            by_kind=[cells[year].get(kind, ZERO) for kind in AidKind.values],
            total=sum(cells[year].values(), ZERO),
            count=counts[year],
        )
        for year in sorted(cells, reverse=True)
    ]


@dataclass(frozen=True)
class UnionTotal:
    org_name: str
    total: Decimal
    count: int
    households: int


def totals_by_union(aids: QuerySet[AidRecord]) -> list[UnionTotal]:
    """Totals per paying union (发放工会), in tree order, of the aid that stands. One query."""
    rows = (
        _standing(aids)
        .values("org__path", "org__name")
        .annotate(total=Sum("amount"), n=Count("pk"), households=Count("file", distinct=True))
        .order_by("org__path")
    )
    return [
        UnionTotal(
            org_name=row["org__name"],
            total=Decimal(row["total"]).quantize(ZERO),
            count=row["n"],
            households=row["households"],
        )
        for row in rows
    ]


def file_aids(file: HardshipFile) -> QuerySet[AidRecord]:
    """One file's aid, newest first (the file is already checked by the caller)."""
    return (
        AidRecord.objects.filter(file=file)
        .select_related("budget_line__fund__org", "ledger_entry", "org")
        .annotate(is_reversed=Exists(LedgerEntry.objects.filter(reverses_id=OuterRef("ledger_entry_id"))))
        .order_by("-created_at", "-pk")
    )


def aids_received(file: HardshipFile) -> QuerySet[AidRecord]:
    """The aid the household received and that stands (a reversed payment is not shown to the member), newest
    first: for the member's own file page."""
    return _standing(AidRecord.objects.filter(file=file)).order_by("-created_at", "-pk")


def household_totals(file: HardshipFile) -> list[tuple[int, Decimal, int]]:
    """(year, total, count) of the household's aid that stands, newest year first."""
    rows = (
        _standing(file_aids(file))
        .values("year")
        .annotate(total=Sum("amount"), n=Count("pk"))
        .order_by("-year")
    )
    return [(row["year"], Decimal(row["total"]).quantize(ZERO), row["n"]) for row in rows]


@dataclass(frozen=True)
class FilterChoices:
    years: list[int]
    orgs: list[tuple[int, str]]
    funds: list[tuple[int, str]]


def aid_filter_choices(user: Any) -> FilterChoices:
    """The years, paying unions and funds of the aid the user sees (three small queries)."""
    aids = AidRecord.objects.filter(file__in=HardshipFile.objects.visible_to(user, VIEW)).order_by()
    years = sorted(set(aids.values_list("year", flat=True)), reverse=True)
    orgs = sorted(set(aids.values_list("org_id", "org__name", "org__path")), key=lambda row: row[2])
    funds = sorted(
        set(
            aids.values_list(
                "budget_line__fund_id",
                "budget_line__fund__org__name",
                "budget_line__fund__year",
                "budget_line__fund__name",
            )
        ),
        key=lambda row: (-row[2], row[1], row[3]),
    )
    return FilterChoices(
        years=years,
        orgs=[(pk, name) for pk, name, _path in orgs],
        funds=[(pk, f"{org} · {year}年 {name}") for pk, org, year, name in funds],
    )


def payable_lines(user: Any, file: HardshipFile) -> QuerySet[BudgetLine]:
    """Budget lines aid to this file may be paid from: of a fund of the file's union or a union above it, which
    the user manages in the ledger (`ledger.manage`); `remaining` annotated."""
    lines = BudgetLine.objects.visible_to(user, LEDGER_MANAGE).filter(
        fund__org__path__in=file.org.ancestor_paths()
    )
    return lines_with_spent(lines.select_related("fund__org")).order_by(
        "-fund__year", "fund__org__path", "fund__name", "purpose"
    )


def line_belongs_to_file(line: BudgetLine, file: HardshipFile) -> bool:
    """Is the line's fund the file's union's or a union's above it?"""
    return bool(file.org.path.startswith(line.fund.org.path))


# --- export layouts -------------------------------------------------------------------------------------------


def default_layout() -> ExportLayout:
    return ExportLayout(
        key=DEFAULT_LAYOUT_KEY, name=DEFAULT_LAYOUT_NAME, columns=list(DEFAULT_AID_COLUMNS), verified=False
    )


def layouts_usable(user: Any) -> QuerySet[AidExportLayout]:
    """Saved layouts the user may export in: those of their subtrees and of the unions above them."""
    return (
        AidExportLayout.objects.filter(
            scope_q(user, VIEW, path_field="org__path") | above_q(user, VIEW, path_field="org__path")
        )
        .select_related("org", "updated_by")
        .order_by("org__path", "name")
    )


def export_layouts(user: Any) -> list[ExportLayout]:
    """The built-in layout, then the saved ones the user may use."""
    return [
        default_layout(),
        *(
            ExportLayout(
                key=str(layout.pk),
                name=layout.name,
                columns=list(layout.columns),
                verified=layout.verified,
                org_name=layout.org.name,
            )
            for layout in layouts_usable(user)
        ),
    ]


def export_layout(user: Any, key: str) -> ExportLayout | None:
    """The layout `key` ("default" or a saved layout's pk) if the user may use it."""
    if key == DEFAULT_LAYOUT_KEY:
        return default_layout()
    pk = _int(key)
    layout = layouts_usable(user).filter(pk=pk).first() if pk else None
    if layout is None:
        return None
    return ExportLayout(
        key=str(layout.pk),
        name=layout.name,
        columns=list(layout.columns),
        verified=layout.verified,
        org_name=layout.org.name,
    )


def layout_for(user: Any, layout_id: int, *, demand: str | None = None) -> AidExportLayout:
    """A saved layout of the user's subtrees (404 outside, 403 without `demand` on its union)."""
    return AidExportLayout.objects.select_related("org").get_visible_or_404(
        user, VIEW, demand=demand, pk=layout_id
    )


def layout_orgs(user: Any) -> QuerySet[Org]:
    """The unions a layout may be saved for: those where the user's `welfare.manage` grants sit."""
    return Org.objects.filter(path__in=action_paths(user, MANAGE), status=OrgStatus.ACTIVE).order_by("path")


def may_keep_layouts(user: Any) -> bool:
    return bool(action_paths(user, MANAGE))


def may_keep_layout(user: Any, layout: AidExportLayout) -> bool:
    return has_action(user, MANAGE, layout.org)


def may_open_entry(user: Any, aid: AidRecord) -> bool:
    """May the user open the aid's ledger entry (where a wrong payment is reversed)?"""
    return bool(aid.ledger_entry_id) and has_action(user, LEDGER_VIEW, aid.budget_line.fund.org)


# --- the file page's card -------------------------------------------------------------------------------------


def aid_panel(*, user: Any, file: HardshipFile) -> dict[str, Any]:
    """The context of this part's card on the file page (`welfare/files/_aid.html`): the file's aid (with a link
    to each ledger entry the user may open, where a wrong payment is reversed), totals by year, and 登记救助
    when the file is FILED and the user handles it."""
    aids = list(file_aids(file))
    rows = [(aid, may_open_entry(user, aid)) for aid in aids]
    return {
        "file": file,
        "rows": rows,
        "totals": household_totals(file) if aids else [],
        "may_add": file.status == FileStatus.FILED and can_handle_file(user, file),
    }
