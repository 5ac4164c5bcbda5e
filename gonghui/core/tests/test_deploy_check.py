"""`manage.py check --deploy` is clean for both env examples once their placeholders are filled in, as README's
配置 section tells an operator to do (a subprocess per file, so the settings module reads that environment)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from gonghui.core.checks import check_pdf_fonts

ROOT = Path(__file__).resolve().parents[3]
# What README's 配置 section says production sets on top of .env.example.
README_PRODUCTION = ("DJANGO_SECRET_KEY", "PERSONAL_DATA_KEY", "DJANGO_ALLOWED_HOSTS", "DJANGO_HTTPS")


def _env_file(path: Path) -> dict[str, str]:
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


def _deploy_check(values: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {name: os.environ[name] for name in ("PATH", "HOME", "LANG", "TMPDIR") if name in os.environ}
    # The check needs no server: the database may be SQLite (the file is never created by `check`).
    env |= values | {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'check.sqlite3'}",
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _fill_placeholders(values: dict[str, str]) -> dict[str, str]:
    return {
        name: secrets.token_urlsafe(50) if value.startswith("change-me") else value
        for name, value in values.items()
    }


def test_the_production_env_example_passes_the_deploy_check(tmp_path):
    values = _fill_placeholders(_env_file(ROOT / "deploy" / "gonghui.env.example"))
    assert values["DJANGO_HTTPS"] == "true"
    result = _deploy_check(values, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_env_example_with_the_readme_production_settings_passes_the_deploy_check(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert all(f"`{name}" in readme for name in README_PRODUCTION)
    values = _env_file(ROOT / ".env.example") | {
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "PERSONAL_DATA_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "gonghui.example.org",
        "DJANGO_HTTPS": "true",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    result = _deploy_check(values, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("name", ["DJANGO_SECRET_KEY", "PERSONAL_DATA_KEY"])
def test_an_unfilled_placeholder_fails_the_deploy_check(tmp_path, name):
    values = _fill_placeholders(_env_file(ROOT / "deploy" / "gonghui.env.example"))
    values[name] = "change-me-" + "x" * 60
    result = _deploy_check(values, tmp_path)
    assert result.returncode != 0
    assert f"gonghui.E003) {name} 仍是示例文件中的占位值" in result.stderr + result.stdout


def test_email_switched_on_with_the_console_backend_fails_the_deploy_check(tmp_path):
    values = _fill_placeholders(_env_file(ROOT / "deploy" / "gonghui.env.example"))
    values |= {"EMAIL_ENABLED": "true", "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    result = _deploy_check(values, tmp_path)
    assert "mail.E001" in result.stderr + result.stdout


def test_a_missing_pdf_font_file_is_a_deploy_warning(tmp_path, settings):
    # given a site that names one font file that exists and one that does not
    present = tmp_path / "仿宋_GB2312.ttf"
    present.write_bytes(b"\0")
    settings.PDF_FANGSONG_FONT = str(present)
    settings.PDF_TITLE_FONT = str(tmp_path / "方正小标宋简体.ttf")

    # when the deploy checks run
    warnings = check_pdf_fonts(None)

    # then only the missing one is named
    assert [w.id for w in warnings] == ["gonghui.W001"]
    assert "PDF_TITLE_FONT" in warnings[0].msg
    settings.PDF_TITLE_FONT = ""
    assert check_pdf_fonts(None) == []
