"""Who may start an export: the holders, somewhere, of one of the exporter's actions (`Exporter.export_actions`);
the rows are scoped for the user anyway."""

from gonghui.accounts.actors import Actor
from gonghui.accounts.scoping import has_action_anywhere
from gonghui.core.spreadsheets import Exporter


def can_start_export(user: Actor, exporter: Exporter) -> bool:
    return any(has_action_anywhere(user, action) for action in exporter.export_actions())
