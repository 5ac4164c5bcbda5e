"""Registrations of part results: results: per-question charts, cross-tabs by union, industry, age band, 岗位类别 and 用工性质 with a minimum cell of ten in every view and export (free text included), free-text answers without identity, xlsx export, the report PDF."""


def register() -> None:
    """Called once from the AppConfig's ready()."""
