"""Registrations of 困难职工帮扶 — part `classing`: none. The 低保标准 page is reached from the menu (apps.py) and the
file page's 困难类别 card; the class needs no counter, job or exporter of its own."""


def register() -> None:
    return None
