"""Members: transfers (services). See ARCHITECTURE.md."""


def register() -> None:
    """Registrations of this part (menu items, portal tiles, API routers, seeders, importers), called from
    MembersConfig.ready()."""
