"""What can be imported and exported: the `Importer` and `Exporter` base classes and their registries. Apps
register theirs (e.g. orgs registers 组织导入 and 组织导出) from their AppConfig.ready(); the spreadsheets app's pages,
tasks, templates and error reports serve them all. They live in core, with no domain, so that an app of any layer
can register without importing the spreadsheets app (which sits above accounts and orgs)."""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from gonghui.core.excel import Column, Normalised, RowError, SheetSpec
from gonghui.core.registry import Registry

Progress = Callable[[int], None]
Record = tuple[int, dict[str, Any]]  # (Excel row number, {column key: raw value})


@dataclass
class ValidationResult:
    payloads: list[dict[str, Any]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    preview: list[list[str]] = field(default_factory=list)
    normalised: list[Normalised] = field(default_factory=list)  # cells corrected rather than rejected
    unchanged: int = 0  # valid rows already in the database exactly so (re-imports change nothing)


class Importer:
    """Subclass per import kind. `validate` checks every row (and cross-row rules) without writing;
    `commit` writes the valid payloads and is called inside one transaction."""

    key: str = ""
    label: str = ""
    action: str = ""  # needed on the target org
    columns: Sequence[Column] = ()
    example: Sequence[str] = ()
    preview_columns: Sequence[str] = ()  # column keys shown in the preview table
    sensitive_columns: Sequence[str] = ()  # column labels whose values are masked when a job stores them

    def preview_headers(self) -> list[str]:
        """Headers of the preview table (after 行号); one per value of a preview row."""
        return [c.label for c in self.columns if c.key in self.preview_columns]

    def target_orgs(self, user: Any) -> QuerySet[Any]:
        raise NotImplementedError

    def validate(self, *, records: list[Record], org: Any, user: Any, progress: Progress) -> ValidationResult:
        raise NotImplementedError

    def commit(self, *, payloads: list[dict[str, Any]], org: Any, user: Any, progress: Progress) -> int:
        """Write the payloads; returns how many rows were written (rows already present count as none)."""
        raise NotImplementedError

    def result_url(self, org: Any) -> str:
        return ""

    def reference_sheets(self) -> list[SheetSpec]:
        """Extra sheets of the downloadable template (e.g. the values each code-list column accepts)."""
        return []


SUMMARY_DISTINCT_MAX = 10  # a column with more distinct corrections than this is summarised by one example
SUMMARY_ROWS_SHOWN = 5


def normalised_summary(
    entries: Iterable[Normalised],
    *,
    masked: Callable[[str, str], str] | None = None,
    masked_columns: Sequence[str] = (),
) -> list[dict[str, Any]]:
    """Every correction of a validation, grouped so none is lost in a long list: per column, each mapping of a
    value to another (合同制 → 非在编, 汉 → 汉族) with how many cells and the first rows, most frequent first; a
    column whose corrections differ from row to row (spaces in names, date formats) or holds identity values is
    one line with an example (masked for `masked_columns`) and the count."""
    columns: dict[str, dict[tuple[str, str], list[int]]] = {}
    for entry in entries:
        columns.setdefault(entry.column, {}).setdefault((entry.before, entry.after), []).append(entry.row)
    summary: list[dict[str, Any]] = []
    for column, groups in columns.items():
        if column in masked_columns or len(groups) > SUMMARY_DISTINCT_MAX:
            rows = sorted(row for found in groups.values() for row in found)
            before, after = next(iter(groups))
            if column in masked_columns and masked is not None:
                before, after = masked(column, before), masked(column, after)
            summary.append(
                {
                    "field": column,
                    "from": before,
                    "to": after,
                    "count": len(rows),
                    "rows": rows[:SUMMARY_ROWS_SHOWN],
                    "varies": True,
                }
            )
            continue
        for (before, after), rows in sorted(groups.items(), key=lambda item: -len(item[1])):
            summary.append(
                {
                    "field": column,
                    "from": before,
                    "to": after,
                    "count": len(rows),
                    "rows": rows[:SUMMARY_ROWS_SHOWN],
                    "varies": False,
                }
            )
    return summary


class Exporter:
    """Subclass per export kind. Rows are produced lazily so large exports stream into the file."""

    key: str = ""
    label: str = ""
    action: str = ""  # holders of this action somewhere may start the export (the rows are scoped anyway)
    also_actions: Sequence[str] = ()  # …and holders of any of these (e.g. lawyers on the appeals desk)
    headers: Sequence[str] = ()
    widths: Sequence[int] = ()

    def count(self, *, user: Any, params: dict[str, str]) -> int:
        raise NotImplementedError

    def rows(self, *, user: Any, params: dict[str, str]) -> Iterable[Sequence[Any]]:
        raise NotImplementedError

    def sheets(self, *, user: Any, params: dict[str, str]) -> list[SheetSpec]:
        """The workbook written at once: one sheet of `rows` by default. A statistics export (several sheets of
        aggregates, no row per person) overrides this and `count` with 0, so it is never a background job."""
        return [SheetSpec(self.label, self.headers, self.rows(user=user, params=params), self.widths)]

    def file_name(self, params: dict[str, str]) -> str:
        return f"{self.label}.xlsx"

    def export_actions(self) -> tuple[str, ...]:
        """The actions any of which lets a user start this export (`spreadsheets.permissions.can_start_export`)."""
        return (self.action, *self.also_actions)


importers: Registry[Importer] = Registry("importer")
exporters: Registry[Exporter] = Registry("exporter")
