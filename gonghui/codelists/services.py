"""The code lists have no writes of their own: they are reference data loaded by the data migration
0002_load_default_lists and edited in the admin. The lookups live in lookups.py; they are re-exported here for
the importers in members that still name this module (a selector must import them from lookups)."""

from .lookups import code_lookup, code_name, code_resolve

__all__ = ["code_lookup", "code_name", "code_resolve"]
