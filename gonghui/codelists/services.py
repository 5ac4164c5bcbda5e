"""The code lists have no writes of their own: they are reference data loaded by the data migration
0002_load_default_lists and edited in the admin. The lookups (`code_resolve`, `code_name`, `code_lookup`) are
reads and live in lookups.py."""
