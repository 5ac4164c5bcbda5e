from django.test import override_settings

from gonghui.core.checks import check_production_keys


def test_the_development_keys_are_errors_in_deploy_checks(settings):
    with override_settings(SECRET_KEY=settings.DEV_SECRET_KEY, PERSONAL_DATA_KEY=settings.DEV_SECRET_KEY):
        assert [e.id for e in check_production_keys(None)] == ["gonghui.E001", "gonghui.E002"]
    with override_settings(SECRET_KEY="k" * 60, PERSONAL_DATA_KEY="p" * 60):
        assert check_production_keys(None) == []
