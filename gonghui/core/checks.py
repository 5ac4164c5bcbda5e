"""System checks for production configuration (`manage.py check --deploy`)."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

EXAMPLE_PLACEHOLDER = "change-me"  # how the env examples mark a value every site must replace


@register(Tags.security, deploy=True)
def check_production_keys(app_configs: Any, **kwargs: Any) -> list[Error]:
    errors = []
    if settings.SECRET_KEY == settings.DEV_SECRET_KEY:
        errors.append(
            Error(
                "DJANGO_SECRET_KEY 仍是开发默认值",
                hint="生产环境请设置一个长随机字符串（见 .env.example）。",
                id="gonghui.E001",
            )
        )
    if settings.PERSONAL_DATA_KEY == settings.DEV_SECRET_KEY:
        errors.append(
            Error(
                "PERSONAL_DATA_KEY 与开发默认密钥相同，身份证号的加密形同虚设",
                hint="设置 PERSONAL_DATA_KEY（或 DJANGO_SECRET_KEY），并妥善备份。",
                id="gonghui.E002",
            )
        )
    for name, value in (
        ("DJANGO_SECRET_KEY", settings.SECRET_KEY),
        ("PERSONAL_DATA_KEY", settings.PERSONAL_DATA_KEY),
    ):
        if value != settings.DEV_SECRET_KEY and value.startswith(EXAMPLE_PLACEHOLDER):
            errors.append(
                Error(
                    f"{name} 仍是示例文件中的占位值（{EXAMPLE_PLACEHOLDER}…）",
                    hint="把 deploy/gonghui.env.example 中所有 change-me 的值换成各自的长随机字符串。",
                    id="gonghui.E003",
                )
            )
    return errors


@register(deploy=True)
def check_pdf_fonts(app_configs: Any, **kwargs: Any) -> list[Warning]:
    """A font file named in PDF_FANGSONG_FONT / PDF_TITLE_FONT that does not exist: the 公文 PDF falls back to the
    bundled faces, which a site that set the path did not intend."""
    return [
        Warning(
            f"{name}={path} 指向的字体文件不存在，公文 PDF 将改用内置字体",
            hint="检查路径和文件权限，或清空该设置。",
            id="gonghui.W001",
        )
        for name in ("PDF_FANGSONG_FONT", "PDF_TITLE_FONT")
        if (path := str(getattr(settings, name, "") or "")) and not Path(path).is_file()
    ]
