"""Platform warnings shown to admins at the top of every console page."""

from collections.abc import Callable

from .pdf import cjk_font_available
from .registry import HealthCheck, health_checks


def cjk_font_warning() -> str:
    if cjk_font_available():
        return ""
    return "服务器未安装中文字体，打印和导出的 PDF 会出现方框。请安装 fonts-noto-cjk（Debian：apt-get install fonts-noto-cjk）。"


def platform_warnings(allows: Callable[[str], bool]) -> list[str]:
    """The warnings for one user: `allows(action)` says whether they hold a check's action somewhere (a check
    they may not act on is not even run)."""
    return [message for item in health_checks if allows(item.action) and (message := item.check())]


def register_core_checks() -> None:
    if "cjk_font" not in health_checks:
        health_checks.register("cjk_font", HealthCheck(key="cjk_font", check=cjk_font_warning, order=10))
