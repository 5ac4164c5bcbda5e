"""What can be imported and exported: the `Importer` and `Exporter` base classes and their registries. Apps
register theirs (e.g. orgs registers 组织导入 and 组织导出) from their AppConfig.ready(); the spreadsheets app's pages,
tasks, templates and error reports serve them all. They live in core, with no domain, so that an app of any layer
can register without importing the spreadsheets app (which sits above accounts and orgs)."""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from gonghui.core.excel import Column, Normalised, RowError
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

    def file_name(self, params: dict[str, str]) -> str:
        return f"{self.label}.xlsx"

    def export_actions(self) -> tuple[str, ...]:
        """The actions any of which lets a user start this export (`spreadsheets.permissions.can_start_export`)."""
        return (self.action, *self.also_actions)


importers: Registry[Importer] = Registry("importer")
exporters: Registry[Exporter] = Registry("exporter")
